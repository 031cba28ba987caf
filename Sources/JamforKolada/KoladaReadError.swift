#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a read error happened: the file (its path, or the name given for in-memory bytes), the 1-based page
/// when inside one, and the position in the (decompressed) text.
public struct KoladaLocation: Sendable, Hashable, CustomStringConvertible {
    /// The path, or the name given for in-memory bytes.
    public var file: String
    /// The 1-based page, or nil between pages.
    public var page: Int?
    public var position: KoladaPosition

    public init(file: String, page: Int?, position: KoladaPosition) {
        self.file = file
        self.page = page
        self.position = position
    }

    public var description: String {
        if let page { return "\(file), page \(page), \(position)" }
        return "\(file), \(position)"
    }
}

/// Why a Kolada data or KPI metadata file could not be read.
public enum KoladaReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `open` failed with `errno`.
    case cannotOpen(file: String, errno: Int32)
    /// `read` failed with `errno` after `byteOffset` bytes of the file.
    case readFailed(file: String, byteOffset: Int, errno: Int32)
    /// The file on disk is larger than ``KoladaReadLimits/maxFileBytes``.
    case fileTooLarge(file: String, size: Int, limit: Int)
    /// The gzip file inflates to more than ``KoladaReadLimits/maxDecompressedBytes``.
    case decompressedTooLarge(file: String, limit: Int)
    /// zlib refused the compressed data `compressedOffset` bytes into the file.
    case corruptGzip(file: String, compressedOffset: Int, reason: String)
    /// The gzip stream ends before its end marker.
    case truncatedGzip(file: String, compressedOffset: Int)
    /// The input holds nothing but whitespace.
    case emptyInput(file: String)
    /// The text ends in the middle of `context` (a JSON value, string or page).
    case unexpectedEnd(KoladaLocation, context: String)
    /// A byte that the JSON grammar does not allow here.
    case syntax(KoladaLocation, expected: String, found: String)
    /// Something other than whitespace follows the last page.
    case trailingGarbage(KoladaLocation, found: String)
    /// A string holds bytes that are not UTF-8.
    case invalidUTF8(KoladaLocation, bytes: [UInt8])
    /// A string holds a raw control character (U+0000–U+001F), which JSON requires to be escaped.
    case controlCharacterInString(KoladaLocation, byte: UInt8)
    /// A backslash escape that JSON does not define, or an unpaired UTF-16 surrogate.
    case invalidEscape(KoladaLocation, escape: String)
    /// A number that does not follow JSON's number grammar.
    case invalidNumber(KoladaLocation, text: String)
    /// A number too large for `field` (an `Int` field, or beyond `Double`'s range).
    case numberOutOfRange(KoladaLocation, field: String, text: String)
    /// `field` holds a JSON value of the wrong kind.
    case wrongType(KoladaLocation, field: String, expected: String, found: String)
    /// An object lacks `field`.
    case missingField(KoladaLocation, field: String, object: String)
    /// Objects and arrays nest deeper than ``KoladaReadLimits/maxNestingDepth``.
    case nestingTooDeep(KoladaLocation, limit: Int)
    /// A string is longer than ``KoladaReadLimits/maxStringBytes`` as written.
    case stringTooLong(KoladaLocation, limit: Int)
    /// One entry holds more than ``KoladaReadLimits/maxValuesPerEntry`` values.
    case tooManyValuesInEntry(KoladaLocation, limit: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let file, let code):
            return "\(file): cannot open: \(Self.errnoText(code)); check the path and its permissions"
        case .readFailed(let file, let offset, let code):
            return "\(file): reading failed after \(offset) bytes: \(Self.errnoText(code)); check the disk and retry"
        case .fileTooLarge(let file, let size, let limit):
            return "\(file): the file is \(size) bytes, over the limit of \(limit) bytes; split it into pages or "
                + "raise the limit"
        case .decompressedTooLarge(let file, let limit):
            return "\(file): the gzip file inflates to more than \(limit) bytes; split it into smaller files or raise "
                + "the limit"
        case .corruptGzip(let file, let offset, let reason):
            return "\(file): the gzip data is damaged near compressed byte \(offset) (\(reason)); download the file "
                + "again"
        case .truncatedGzip(let file, let offset):
            return "\(file): the gzip data ends early, after \(offset) compressed bytes; the file is truncated — "
                + "download it again"
        case .emptyInput(let file):
            return "\(file): the file is empty; save a Kolada API response (a JSON object with \"values\") into it"
        case .unexpectedEnd(let location, let context):
            return "\(location): the file ends inside \(context); it is truncated — download or save the page again"
        case .syntax(let location, let expected, let found):
            return "\(location): expected \(expected) but found \(found); the file is not valid Kolada JSON"
        case .trailingGarbage(let location, let found):
            return "\(location): \(found) follows the last page; remove it, or keep one JSON object (or one array "
                + "of objects) per page"
        case .invalidUTF8(let location, let bytes):
            let hex = bytes.map { byte in
                let digits = String(byte, radix: 16, uppercase: true)
                return digits.count == 1 ? "0" + digits : digits
            }
            return "\(location): a string holds bytes that are not UTF-8 (\(hex.joined(separator: " "))); save the "
                + "file as UTF-8"
        case .controlCharacterInString(let location, let byte):
            return "\(location): a string holds the raw control character \(byte); JSON requires it escaped "
                + "(\\n, \\t or \\u00XX)"
        case .invalidEscape(let location, let escape):
            return "\(location): \(escape) is not a valid JSON escape; use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t "
                + "or \\uXXXX with paired surrogates"
        case .invalidNumber(let location, let text):
            return "\(location): \(text) is not a JSON number; write numbers like 82.46, -3, 1e-5 (a decimal point, "
                + "not a comma)"
        case .numberOutOfRange(let location, let field, let text):
            return "\(location): \(text) is out of range for \"\(field)\"; check the value"
        case .wrongType(let location, let field, let expected, let found):
            return "\(location): \"\(field)\" should be \(expected) but is \(found); the file does not have Kolada's "
                + "data shape"
        case .missingField(let location, let field, let object):
            return "\(location): \(object) has no \"\(field)\"; Kolada's shape requires it"
        case .nestingTooDeep(let location, let limit):
            return "\(location): objects and arrays nest deeper than \(limit) levels; this is not a Kolada file "
                + "(or raise the limit)"
        case .stringTooLong(let location, let limit):
            return "\(location): a string is longer than \(limit) bytes; this is not a Kolada file (or raise the "
                + "limit)"
        case .tooManyValuesInEntry(let location, let limit):
            return "\(location): an entry holds more than \(limit) values; this is not a Kolada file (or raise the "
                + "limit)"
        }
    }

    static func errnoText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text) + " (errno \(code))"
    }
}

/// Something odd but readable in a data file.
public enum KoladaReadWarning: Sendable, Hashable, CustomStringConvertible {
    /// A page's declared `count` differs from the entries it holds. Kolada v3 may declare the total over all
    /// pages, so this is only a warning.
    case countMismatch(KoladaLocation, declared: Int, seen: Int)

    public var description: String {
        switch self {
        case .countMismatch(let location, let declared, let seen):
            return "\(location): the page declares \"count\": \(declared) but holds \(seen) entries; the page may "
                + "be incomplete — compare with Kolada"
        }
    }
}
