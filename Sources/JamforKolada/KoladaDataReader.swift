/// Reads Kolada API data files — v2 (`{"count", "values": [{"kpi", "municipality", "period", "values": [{"gender",
/// "count", "status", "value"}]}], "next_page"}`) and v3 (with `isdeleted`, `next_url`, `previous_url`) — as users
/// save them: plain or gzip-compressed (detected by content), one or several pages per file (concatenated
/// objects or one array of them). Streams: memory stays flat whatever the file size.
///
/// Pull values with ``next()``, or hand a closure to ``read(path:limits:_:)`` (the faster way). Unknown fields are
/// skipped anywhere; keys may come in any order. The reader is strict about JSON itself (invalid UTF-8,
/// truncation and trailing garbage are errors with their position; ``KoladaReadLimits`` bounds depth, string
/// length and sizes) and lenient about Kolada's variations: `period` as a number or a digit string, `status` as
/// `""` or null, flags as booleans or 0/1, a leading byte order mark. A page whose `count` differs from the
/// entries it holds gets a warning in ``summary``, not an error. Withdrawn values (`isdeleted`) are reported
/// with ``KoladaValue/isDeleted`` set.
///
/// A class because it owns a file and its buffers; not `Sendable` (use it from one task).
public final class KoladaDataReader {
    private var parser: KoladaDataParser
    private var index = 0
    private var ended = false
    private var failure: KoladaReadError?

    /// Opens `path` for reading.
    /// - Throws: ``KoladaReadError`` when the file cannot be opened, is too large, or its gzip header is bad.
    public init(path: String, limits: KoladaReadLimits = KoladaReadLimits()) throws(KoladaReadError) {
        parser = try KoladaDataParser(path: path, limits: limits)
    }

    /// Reads `bytes` (plain or gzip), naming them `name` in errors and the summary.
    public init(
        bytes: [UInt8],
        name: String = "(memory)",
        limits: KoladaReadLimits = KoladaReadLimits()
    ) throws(KoladaReadError) {
        parser = try KoladaDataParser(bytes: bytes, name: name, limits: limits)
    }

    /// The next value, or nil after the last. An error ends the reading: later calls throw it again.
    public func next() throws(KoladaReadError) -> KoladaValue? {
        if index < parser.batchCount {
            defer { index += 1 }
            return parser.value(at: index)
        }
        if let failure { throw failure }
        if ended { return nil }
        do {
            guard try parser.nextBatch() else {
                ended = true
                return nil
            }
        } catch {
            failure = error
            throw error
        }
        index = 1
        return parser.value(at: 0)
    }

    /// What has been read so far; complete once ``next()`` has returned nil.
    public var summary: KoladaFileSummary { parser.summary }

    /// Reads the file at `path`, calling `body` with each value in order, and returns its summary.
    /// - Throws: ``KoladaReadError`` for a file that cannot be read, or whatever `body` throws.
    public static func read(
        path: String,
        limits: KoladaReadLimits = KoladaReadLimits(),
        _ body: (KoladaValue) throws -> Void
    ) throws -> KoladaFileSummary {
        var parser = try KoladaDataParser(path: path, limits: limits)
        try parser.forEach(body)
        return parser.summary
    }

    /// Reads `bytes` (plain or gzip), calling `body` with each value in order, and returns the summary.
    public static func read(
        bytes: [UInt8],
        name: String = "(memory)",
        limits: KoladaReadLimits = KoladaReadLimits(),
        _ body: (KoladaValue) throws -> Void
    ) throws -> KoladaFileSummary {
        var parser = try KoladaDataParser(bytes: bytes, name: name, limits: limits)
        try parser.forEach(body)
        return parser.summary
    }

    /// Every value of the file at `path` with its summary, for files known to be small.
    public static func readAll(
        path: String,
        limits: KoladaReadLimits = KoladaReadLimits()
    ) throws(KoladaReadError) -> (values: [KoladaValue], summary: KoladaFileSummary) {
        var parser = try KoladaDataParser(path: path, limits: limits)
        return (try parser.collect(), parser.summary)
    }

    /// Every value of `bytes` (plain or gzip) with the summary.
    public static func readAll(
        bytes: [UInt8],
        name: String = "(memory)",
        limits: KoladaReadLimits = KoladaReadLimits()
    ) throws(KoladaReadError) -> (values: [KoladaValue], summary: KoladaFileSummary) {
        var parser = try KoladaDataParser(bytes: bytes, name: name, limits: limits)
        return (try parser.collect(), parser.summary)
    }
}

/// The Kolada layer over the page walker: parses each entry's values into a reusable batch of plain-data
/// records, turned into ``KoladaValue``s only as they are handed out (so the batch itself never retains or
/// releases strings).
struct KoladaDataParser: ~Copyable {
    private enum EntryKey {
        case kpi, municipality, period, values, isGroup, other
    }

    @inline(__always)
    private static func classifyEntryKey(_ bytes: UnsafeBufferPointer<UInt8>) -> EntryKey {
        let word = bytes.shortWord
        switch bytes.count {
        case 3: return word == packed("kpi") ? .kpi : .other
        case 6: return word == packed("values") ? .values : word == packed("period") ? .period : .other
        case 8: return word == packed("is_group") ? .isGroup : .other
        case 12: return bytes.equals("municipality") ? .municipality : .other
        default: return .other
        }
    }

    private enum ValueKey {
        case gender, count, status, value, isDeleted, visibility, other
    }

    @inline(__always)
    private static func classifyValueKey(_ bytes: UnsafeBufferPointer<UInt8>) -> ValueKey {
        let word = bytes.shortWord
        switch bytes.count {
        case 5: return word == packed("value") ? .value : word == packed("count") ? .count : .other
        case 6: return word == packed("gender") ? .gender : word == packed("status") ? .status : .other
        case 9: return bytes.equals("isdeleted") ? .isDeleted : .other
        case 10: return bytes.equals("visibility") ? .visibility : .other
        default: return .other
        }
    }

    /// One parsed value without its entry's fields. Gender, status and visibility are codes: the common ones map
    /// to string literals, the rest index `unusualStrings`.
    private struct Pending {
        static let total: UInt32 = 0
        static let women: UInt32 = 1
        static let men: UInt32 = 2
        static let noStatus: UInt32 = 0
        static let missing: UInt32 = 1  // ".."
        static let dash: UInt32 = 2  // "-"
        static let noVisibility: UInt32 = 0
        static let network: UInt32 = 1
        static let publicVisibility: UInt32 = 2
        static let firstUnusual: UInt32 = 3

        var gender: UInt32
        var status: UInt32
        var visibility: UInt32
        var isDeleted: Bool
        var count: Int?
        var value: Double?
        var position: KoladaPosition
    }

    private var scanner: JSONScanner
    private var walker = PageWalker()
    private var batch: [Pending] = []
    private var unusualStrings: [String] = []
    private var interned = ShortStringTable()
    /// The current entry's fields.
    private var kpi = ""
    private var municipality = ""
    private var year = 0
    private var month: Int?
    private var isGroup = false
    private var page = 0
    private var entries = 0
    private var values = 0
    private var deleted = 0

    init(path: String, limits: KoladaReadLimits) throws(KoladaReadError) {
        let source = try InputSource(path: path, limits: limits)
        scanner = JSONScanner(source: source, limits: limits)
        batch.reserveCapacity(8)
    }

    init(bytes: [UInt8], name: String, limits: KoladaReadLimits) throws(KoladaReadError) {
        let source = try InputSource(bytes: bytes, name: name, limits: limits)
        scanner = JSONScanner(source: source, limits: limits)
        batch.reserveCapacity(8)
    }

    var summary: KoladaFileSummary {
        KoladaFileSummary(
            file: scanner.file,
            isCompressed: scanner.source.isCompressed,
            pages: walker.pages,
            entries: entries,
            values: values,
            deletedValues: deleted,
            textBytes: scanner.offset,
            warnings: walker.warnings
        )
    }

    /// Values in the current batch (one entry's).
    var batchCount: Int { batch.count }

    /// The value at `index` of the current batch.
    @inline(__always)
    func value(at index: Int) -> KoladaValue {
        let pending = batch[index]
        return KoladaValue(
            kpi: kpi,
            municipality: municipality,
            year: year,
            month: month,
            gender: string(gender: pending.gender),
            count: pending.count,
            status: string(status: pending.status),
            value: pending.value,
            isDeleted: pending.isDeleted,
            isGroup: isGroup,
            visibility: string(visibility: pending.visibility),
            page: page,
            position: pending.position
        )
    }

    @inline(__always)
    private func string(gender code: UInt32) -> String {
        switch code {
        case Pending.total: return "T"
        case Pending.women: return "K"
        case Pending.men: return "M"
        default: return unusualStrings[Int(code - Pending.firstUnusual)]
        }
    }

    @inline(__always)
    private func string(visibility code: UInt32) -> String? {
        switch code {
        case Pending.noVisibility: return nil
        case Pending.network: return "network"
        case Pending.publicVisibility: return "public"
        default: return unusualStrings[Int(code - Pending.firstUnusual)]
        }
    }

    @inline(__always)
    private func string(status code: UInt32) -> String? {
        switch code {
        case Pending.noStatus: return nil
        case Pending.missing: return ".."
        case Pending.dash: return "-"
        default: return unusualStrings[Int(code - Pending.firstUnusual)]
        }
    }

    mutating func forEach(_ body: (KoladaValue) throws -> Void) throws {
        while try nextBatch() {
            for index in 0..<batch.count { try body(value(at: index)) }
        }
    }

    mutating func collect() throws(KoladaReadError) -> [KoladaValue] {
        var values: [KoladaValue] = []
        while try nextBatch() {
            for index in 0..<batch.count { values.append(value(at: index)) }
        }
        return values
    }

    /// Parses entries until one holds values; false at the end of the input.
    mutating func nextBatch() throws(KoladaReadError) -> Bool {
        while try walker.nextEntry(&scanner) {
            batch.removeAll(keepingCapacity: true)
            if !unusualStrings.isEmpty { unusualStrings.removeAll(keepingCapacity: true) }
            page = walker.currentPage
            try parseEntry()
            entries += 1
            values += batch.count
            walker.addValues(batch.count)
            if !batch.isEmpty { return true }
        }
        batch.removeAll(keepingCapacity: true)
        return false
    }

    private mutating func parseEntry() throws(KoladaReadError) {
        let byte = try scanner.require("the page's values")
        guard byte == UInt8(ascii: "{") else {
            throw .wrongType(
                scanner.currentLocation,
                field: "values",
                expected: "an array of entry objects",
                found: JSONScanner.kind(of: byte)
            )
        }
        let position = scanner.currentPosition
        try scanner.enter()
        var kpi: String?
        var municipality: String?
        var period: (year: Int, month: Int?)?
        var isGroup = false
        var sawValues = false
        if try scanner.require("an entry") == UInt8(ascii: "}") {
            scanner.leave()
        } else {
            repeat {
                let key = try Self.classifyEntryKey(scanner.readKey(inside: "an entry"))
                switch key {
                case .kpi: kpi = try readInterned(field: "kpi")
                case .municipality: municipality = try readInterned(field: "municipality")
                case .period: period = try scanner.readPeriod(field: "period")
                case .isGroup: isGroup = try scanner.readFlag(field: "is_group")
                case .values:
                    sawValues = true
                    try parseValues()
                case .other: try scanner.skipValue(inside: "an entry")
                }
            } while try scanner.nextMember(closer: UInt8(ascii: "}"), inside: "an entry")
        }
        func missing(_ field: String) -> KoladaReadError {
            .missingField(
                KoladaLocation(file: scanner.file, page: scanner.page, position: position),
                field: field,
                object: "the entry"
            )
        }
        guard let kpi else { throw missing("kpi") }
        guard let municipality else { throw missing("municipality") }
        guard let period else { throw missing("period") }
        guard sawValues else { throw missing("values") }
        self.kpi = kpi
        self.municipality = municipality
        year = period.year
        month = period.month
        self.isGroup = isGroup
    }

    private mutating func parseValues() throws(KoladaReadError) {
        let byte = try scanner.require("an entry")
        guard byte == UInt8(ascii: "[") else {
            throw .wrongType(
                scanner.currentLocation,
                field: "values",
                expected: "an array of value objects",
                found: JSONScanner.kind(of: byte)
            )
        }
        try scanner.enter()
        if try scanner.require("an entry's values") == UInt8(ascii: "]") {
            scanner.leave()
            return
        }
        repeat {
            if batch.count >= scanner.limits.maxValuesPerEntry {
                throw .tooManyValuesInEntry(scanner.currentLocation, limit: scanner.limits.maxValuesPerEntry)
            }
            try parseValue()
        } while try scanner.nextMember(closer: UInt8(ascii: "]"), inside: "an entry's values")
    }

    private mutating func parseValue() throws(KoladaReadError) {
        let byte = try scanner.require("an entry's values")
        guard byte == UInt8(ascii: "{") else {
            throw .wrongType(
                scanner.currentLocation,
                field: "values",
                expected: "value objects",
                found: JSONScanner.kind(of: byte)
            )
        }
        let position = scanner.currentPosition
        try scanner.enter()
        var gender: UInt32?
        var count: Int?
        var status = Pending.noStatus
        var visibility = Pending.noVisibility
        var value: Double?
        var isDeleted = false
        if try scanner.require("a value") == UInt8(ascii: "}") {
            scanner.leave()
        } else {
            repeat {
                let key = try Self.classifyValueKey(scanner.readKey(inside: "a value"))
                switch key {
                case .gender: gender = try readGender()
                case .count: count = try scanner.readOptionalInt(field: "count")
                case .status: status = try readStatus()
                case .value: value = try scanner.readOptionalDouble(field: "value")
                case .isDeleted: isDeleted = try scanner.readFlag(field: "isdeleted")
                case .visibility: visibility = try readVisibility()
                case .other: try scanner.skipValue(inside: "a value")
                }
            } while try scanner.nextMember(closer: UInt8(ascii: "}"), inside: "a value")
        }
        guard let gender else {
            throw .missingField(
                KoladaLocation(file: scanner.file, page: scanner.page, position: position),
                field: "gender",
                object: "the value"
            )
        }
        if isDeleted { deleted += 1 }
        batch.append(
            Pending(
                gender: gender,
                status: status,
                visibility: visibility,
                isDeleted: isDeleted,
                count: count,
                value: value,
                position: position
            )
        )
    }

    /// A string field whose values repeat through the file (KPI ids, municipality codes).
    private mutating func readInterned(field: StaticString) throws(KoladaReadError) -> String {
        let byte = try scanner.require("a field's value")
        guard byte == UInt8(ascii: "\"") else {
            throw .wrongType(
                scanner.currentLocation,
                field: "\(field)",
                expected: "a string",
                found: JSONScanner.kind(of: byte)
            )
        }
        return interned.string(try scanner.readString())
    }

    /// Keeps an unusual gender or status string and returns its code.
    private mutating func unusual(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        unusualStrings.append(String(decoding: bytes, as: UTF8.self))
        return Pending.firstUnusual + UInt32(unusualStrings.count - 1)
    }

    private mutating func readGender() throws(KoladaReadError) -> UInt32 {
        let byte = try scanner.require("a field's value")
        guard byte == UInt8(ascii: "\"") else {
            throw .wrongType(
                scanner.currentLocation,
                field: "gender",
                expected: "a string",
                found: JSONScanner.kind(of: byte)
            )
        }
        let bytes = try scanner.readString()
        if bytes.count == 1 {
            switch bytes[0] {
            case UInt8(ascii: "T"): return Pending.total
            case UInt8(ascii: "K"): return Pending.women
            case UInt8(ascii: "M"): return Pending.men
            default: break
            }
        }
        return unusual(bytes)
    }

    /// The visibility: none for null.
    private mutating func readVisibility() throws(KoladaReadError) -> UInt32 {
        guard let text = try scanner.readOptionalString(field: "visibility") else { return Pending.noVisibility }
        switch text {
        case "network": return Pending.network
        case "public": return Pending.publicVisibility
        default:
            unusualStrings.append(text)
            return Pending.firstUnusual + UInt32(unusualStrings.count - 1)
        }
    }

    /// The status: no status for `""` or null.
    private mutating func readStatus() throws(KoladaReadError) -> UInt32 {
        let byte = try scanner.require("a field's value")
        guard byte == UInt8(ascii: "\"") else {
            guard let text = try scanner.readOptionalString(field: "status") else { return Pending.noStatus }
            unusualStrings.append(text)
            return Pending.firstUnusual + UInt32(unusualStrings.count - 1)
        }
        let bytes = try scanner.readString()
        if bytes.isEmpty { return Pending.noStatus }
        if bytes.count == 2, bytes[0] == UInt8(ascii: "."), bytes[1] == UInt8(ascii: ".") { return Pending.missing }
        if bytes.count == 1, bytes[0] == UInt8(ascii: "-") { return Pending.dash }
        return unusual(bytes)
    }
}
