import Foundation
import JamforDomain
import JamforWire

/// Why a submission file cannot be read at all.
enum SubmitFileError: Error, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case tooLarge(path: String, bytes: Int, limit: Int)
    case notUTF8(path: String)
    case empty(path: String)
    case missingColumns(path: String, missing: [String])
    case unknownColumn(path: String, column: String)
    case duplicateColumn(path: String, column: String)
    case unterminatedQuote(path: String, line: Int)
    case lineTooLong(path: String, line: Int, limit: Int)
    case tooManyRows(path: String, limit: Int)
    case noRows(path: String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read '\(path)': \(reason)"
        case .tooLarge(let path, let bytes, let limit):
            "'\(path)' is \(bytes) bytes, more than the \(limit) a submission file may be; split it into smaller files"
        case .notUTF8(let path): "'\(path)' is not UTF-8 text; save it as CSV UTF-8"
        case .empty(let path):
            "'\(path)' has no header line; the first line names the columns, see `jamfor submit --help`"
        case .missingColumns(let path, let missing):
            "'\(path)' has no \(missing.joined(separator: ", ")) column; the header needs at least "
                + "indicator, municipality, period and value (see `jamfor submit --help`)"
        case .unknownColumn(let path, let column):
            "'\(path)': the column '\(column)' is not one Jamfor reads; the columns are "
                + SubmitFile.columnHelp
        case .duplicateColumn(let path, let column): "'\(path)': the column '\(column)' appears twice in the header"
        case .unterminatedQuote(let path, let line):
            "\(path):\(line): a quoted field is never closed; close it with \" or remove the quote"
        case .lineTooLong(let path, let line, let limit):
            "\(path):\(line): the line is longer than \(limit) bytes; is this a CSV file?"
        case .tooManyRows(let path, let limit): "'\(path)' has more than \(limit) rows; split it into smaller files"
        case .noRows(let path): "'\(path)' has a header but no rows of figures below it"
        }
    }
}

/// A member's own figures, read from a CSV file: one row per figure, columns named in a header.
///
/// The separator is `;` (the Swedish spreadsheet default, with decimal commas), `,` or a tab, taken
/// from the header line. Rows that cannot be read are not sent; they are reported with their line.
struct SubmitFile: Sendable {
    /// A row ready to send, with the line it came from.
    struct Row: Sendable, Hashable {
        var line: Int
        var record: ObservationRecord
    }

    /// A row that was not sent, and why.
    struct Problem: Error, Sendable, Hashable {
        var line: Int
        var reason: String
    }

    static let maximumBytes = 64 << 20
    static let maximumLineBytes = 64 << 10
    static let maximumRows = 1_000_000

    static let columnHelp =
        "indicator, municipality, period, value, status, scope, gender, visibility and source "
        + "(or in Swedish: indikator, kommun, period, värde, status, omfattning, kön, synlighet, källa)"

    private static let aliases: [String: String] = [
        "indicator": "indicator", "indikator": "indicator", "kpi": "indicator",
        "municipality": "municipality", "kommun": "municipality", "municipality code": "municipality",
        "kommunkod": "municipality",
        "period": "period", "ar": "period", "year": "period",
        "value": "value", "varde": "value",
        "status": "status",
        "scope": "scope", "omfattning": "scope",
        "gender": "gender", "kon": "gender",
        "visibility": "visibility", "synlighet": "visibility",
        "source": "source", "kalla": "source",
        // Columns of `jamfor export csv` that say nothing a submission needs.
        "kolada id": "ignored", "municipality name": "ignored", "kommunnamn": "ignored",
    ]

    var rows: [Row] = []
    var problems: [Problem] = []
    /// The columns, once the header is read.
    private var columns: Columns?
    /// Rows read so far (blank lines not counted), sent or not.
    private(set) var rowCount = 0

    /// An empty file, to be filled record by record with ``take(_:path:lookup:resolving:)``.
    init() {}

    /// Reads and checks `path`, at most ``maximumBytes`` of it; `lookup` resolves indicators, names
    /// and codes. Without `resolving` only the file and its header are checked (before connecting),
    /// and no rows are kept.
    init(path: String, lookup: Lookup, resolving: Bool = true) throws(SubmitFileError) {
        var reader = try CSVFileReader(path: path, maximumBytes: Self.maximumBytes)
        try takeAll(path: path, lookup: lookup, resolving: resolving) { () throws(SubmitFileError) in
            try reader.next()
        }
    }

    /// Reads CSV `text` as if it came from `path`.
    init(text: String, path: String, lookup: Lookup, resolving: Bool = true) throws(SubmitFileError) {
        var records = try Self.records(text, path: path).makeIterator()
        try takeAll(path: path, lookup: lookup, resolving: resolving) { records.next() }
    }

    /// Takes every record `next` gives, at most ``maximumRows`` rows, and checks the whole.
    private mutating func takeAll(
        path: String,
        lookup: Lookup,
        resolving: Bool,
        _ next: () throws(SubmitFileError) -> Record?
    ) throws(SubmitFileError) {
        while let record = try next() {
            try take(record, path: path, lookup: lookup, resolving: resolving)
            if rowCount > Self.maximumRows { throw .tooManyRows(path: path, limit: Self.maximumRows) }
        }
        try finish(path: path)
    }

    /// Reads `path` whole, however large, handing the rows to `send` in groups of `batchSize` as they
    /// are read, so that memory holds one group, not the file. Rows that cannot be read are kept in
    /// the returned file's ``problems``; its ``rows`` are empty.
    static func stream(
        path: String,
        lookup: Lookup,
        batchSize: Int,
        _ send: ([Row]) async throws -> Void
    ) async throws -> SubmitFile {
        var reader = try CSVFileReader(path: path, maximumBytes: nil)
        var file = SubmitFile()
        while let record = try reader.next() {
            try file.take(record, path: path, lookup: lookup, resolving: true)
            if file.rows.count >= batchSize {
                try await send(file.rows)
                file.rows.removeAll(keepingCapacity: true)
            }
        }
        try file.finish(path: path)
        if !file.rows.isEmpty {
            try await send(file.rows)
            file.rows.removeAll()
        }
        return file
    }

    /// Takes the next record of the file: the header first, then rows (blank ones skipped).
    mutating func take(
        _ record: Record,
        path: String,
        lookup: Lookup,
        resolving: Bool
    ) throws(SubmitFileError) {
        guard let columns else {
            columns = try Columns(header: record, path: path)
            return
        }
        guard !record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return }
        rowCount += 1
        guard resolving else { return }
        switch columns.row(record, lookup: lookup) {
        case .success(let row): rows.append(row)
        case .failure(let problem): problems.append(problem)
        }
    }

    /// Checks that the file had a header and rows, once every record is taken.
    func finish(path: String) throws(SubmitFileError) {
        guard columns != nil else { throw .empty(path: path) }
        guard rowCount > 0 else { throw .noRows(path: path) }
    }

    /// Which column holds what, from the header.
    struct Columns {
        private let index: [String: Int]
        /// Fields beyond the last named column are extra; empty ones (trailing separators) are not.
        private let width: Int
        private let decimalComma: Bool

        init(header: Record, path: String) throws(SubmitFileError) {
            guard !header.fields.allSatisfy({ $0.isEmpty }) else { throw .empty(path: path) }
            var index: [String: Int] = [:]
            for (position, name) in header.fields.enumerated() {
                let folded = Lookup.fold(name)
                // Spreadsheets often save empty columns after the last one.
                if folded.isEmpty && header.fields[position...].allSatisfy({ Lookup.fold($0).isEmpty }) { break }
                guard var column = SubmitFile.aliases[folded] else {
                    throw .unknownColumn(path: path, column: name)
                }
                // `jamfor export csv` (sv) writes both kommunkod and kommun (the name): the code is the key.
                if folded == "kommun" && header.fields.contains(where: { Lookup.fold($0) == "kommunkod" }) {
                    column = "ignored"
                }
                if column == "ignored" { continue }
                guard index[column] == nil else { throw .duplicateColumn(path: path, column: name) }
                index[column] = position
            }
            let missing =
                ["indicator", "municipality", "period"].filter { index[$0] == nil }
                + (index["value"] == nil && index["status"] == nil ? ["value"] : [])
            guard missing.isEmpty else { throw .missingColumns(path: path, missing: missing) }
            self.index = index
            width = (header.fields.lastIndex { !Lookup.fold($0).isEmpty } ?? 0) + 1
            decimalComma = header.separator != ","
        }

        /// The figure of a (non-blank) row, or why it cannot be read.
        func row(_ record: Record, lookup: Lookup) -> Result<Row, Problem> {
            let extra = record.fields[min(width, record.fields.count)...]
            guard extra.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                return .failure(
                    Problem(
                        line: record.line,
                        reason: "the line has \(record.fields.count) fields but the header names \(width) columns; "
                            + "remove the extra fields or name their columns"
                    )
                )
            }
            func field(_ name: String) -> String? {
                guard let position = index[name], position < record.fields.count else { return nil }
                let value = record.fields[position].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            do {
                let figure = try SubmitFile.observation(field: field, decimalComma: decimalComma, lookup: lookup)
                return .success(Row(line: record.line, record: figure))
            } catch {
                return .failure(Problem(line: record.line, reason: error.description))
            }
        }
    }

    /// Checks, before anything is sent, that `path` is a readable UTF-8 CSV file with a usable header
    /// and at least one row.
    /// With `whole`, the whole file is read (split into records, not looked up), so that a file
    /// that cannot be read to its end is refused before any of it is sent; without, the header and
    /// the first row.
    static func precheck(path: String, whole: Bool = false) throws(SubmitFileError) {
        var reader = try CSVFileReader(path: path, maximumBytes: nil)
        var file = SubmitFile()
        while whole || file.rowCount == 0, let record = try reader.next() {
            try file.take(record, path: path, lookup: Lookup(), resolving: false)
        }
        try file.finish(path: path)
    }

    /// A row's error, named for the person who wrote the file.
    private struct RowError: Error {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private static func observation(
        field: (String) -> String?,
        decimalComma: Bool,
        lookup: Lookup
    ) throws(RowError) -> ObservationRecord {
        guard let indicatorText = field("indicator") else { throw RowError("the indicator is empty") }
        let indicator: String
        do { indicator = try lookup.indicator(indicatorText).id } catch { throw RowError(error.description) }
        guard let place = field("municipality") else { throw RowError("the municipality is empty") }
        guard let periodText = field("period") else { throw RowError("the period is empty") }
        let code: String
        do { code = try lookup.municipality(place).code } catch { throw RowError(error.description) }
        let period: Period
        do { period = try Period(periodText) } catch { throw RowError(error.description) }
        let scope = field("scope")?.lowercased() ?? Scope.kommun.rawValue
        do { _ = try Scope(parsing: scope) } catch { throw RowError(error.description) }
        let gender = field("gender")?.uppercased() ?? Gender.total.rawValue
        do { _ = try Gender(parsing: gender) } catch { throw RowError(error.description) }
        let visibilityText = field("visibility")?.lowercased() ?? JamforDomain.Visibility.network.rawValue
        let visibility: JamforWire.Visibility
        do {
            visibility = try JamforDomain.Visibility(parsing: visibilityText) == .public ? .public : .network
        } catch { throw RowError(error.description) }
        var value: Double?
        if let text = field("value") {
            var normalized = text.replacingOccurrences(of: "\u{2212}", with: "-")
                .replacingOccurrences(of: "\u{00A0}", with: "")
                .replacingOccurrences(of: " ", with: "")
            if decimalComma { normalized = normalized.replacingOccurrences(of: ",", with: ".") }
            guard let number = Double(normalized), number.isFinite else {
                throw RowError("'\(text)' is not a number; write it like \(decimalComma ? "7,5" : "7.5")")
            }
            value = number
        }
        let status = field("status")
        if let status {
            do { _ = try StatusMarker(parsing: status) } catch { throw RowError(error.description) }
        }
        switch (value, status) {
        case (nil, nil): throw RowError("there is neither a value nor a status marker (-, . or ..)")
        case (_?, _?): throw RowError("there is both a value and a status marker; give one of them")
        default: break
        }
        return ObservationRecord(
            indicator: indicator,
            municipality: code,
            period: period.description,
            scope: scope,
            gender: gender,
            value: value,
            status: status,
            // Without a source the server records the submitting municipality, so the same figure sent
            // again from another file is unchanged, not a new revision.
            source: field("source"),
            visibility: visibility
        )
    }

    // MARK: - CSV

    struct Record {
        var line: Int
        var fields: [String]
        var separator: Character
    }

    /// Splits `text` into records (RFC 4180 quoting, CRLF, LF or CR), with the separator of the header.
    static func records(_ text: String, path: String) throws(SubmitFileError) -> [Record] {
        var splitter = CSVSplitter(path: path, maximumLineBytes: maximumLineBytes)
        var records: [Record] = []
        var failure: SubmitFileError?
        Array(text.utf8).withUnsafeBytes { buffer in
            do throws(SubmitFileError) {
                try splitter.feed(buffer, into: &records)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        try splitter.finish(into: &records)
        return records
    }
}
