#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Typed field values on top of the tokenizer: each reads the value at the next non-whitespace byte and throws
/// ``KoladaReadError/wrongType(_:field:expected:found:)`` naming the field when it has the wrong kind.
extension JSONScanner {
    private mutating func wrongType(
        _ field: StaticString,
        expected: String,
        found byte: UInt8
    ) -> KoladaReadError {
        .wrongType(currentLocation, field: "\(field)", expected: expected, found: Self.kind(of: byte))
    }

    /// A string (not null).
    mutating func readString(field: StaticString) throws(KoladaReadError) -> String {
        let byte = try require("a field's value")
        guard byte == UInt8(ascii: "\"") else { throw wrongType(field, expected: "a string", found: byte) }
        return String(decoding: try readString(), as: UTF8.self)
    }

    /// A string or null.
    mutating func readOptionalString(field: StaticString) throws(KoladaReadError) -> String? {
        let byte = try require("a field's value")
        if byte == UInt8(ascii: "n") {
            return try nullOrWrongType(field, expected: "a string or null")
        }
        guard byte == UInt8(ascii: "\"") else { throw wrongType(field, expected: "a string or null", found: byte) }
        return String(decoding: try readString(), as: UTF8.self)
    }

    /// An integral number or null.
    mutating func readOptionalInt(field: StaticString) throws(KoladaReadError) -> Int? {
        let byte = try require("a field's value")
        if byte == UInt8(ascii: "n") {
            return try nullOrWrongType(field, expected: "an integer or null")
        }
        guard byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10 else {
            throw wrongType(field, expected: "an integer or null", found: byte)
        }
        let start = pos
        let number = try readNumber()
        guard let integer = number.integral else {
            throw .numberOutOfRange(location(at: start), field: "\(field)", text: "\(number.double)")
        }
        return integer
    }

    /// A number or null.
    mutating func readOptionalDouble(field: StaticString) throws(KoladaReadError) -> Double? {
        let byte = try require("a field's value")
        if byte == UInt8(ascii: "n") {
            return try nullOrWrongType(field, expected: "a number or null")
        }
        guard byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10 else {
            throw wrongType(field, expected: "a number or null", found: byte)
        }
        return try readNumber().double
    }

    /// A flag: `true`/`false`, `1`/`0` (Kolada writes both), or null for false.
    mutating func readFlag(field: StaticString) throws(KoladaReadError) -> Bool {
        let byte = try require("a field's value")
        switch byte {
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return try readLiteral() == .true
        case UInt8(ascii: "0"), UInt8(ascii: "1"):
            let start = pos
            let number = try readNumber()
            guard let integer = number.integer, integer == 0 || integer == 1 else {
                throw .wrongType(
                    location(at: start),
                    field: "\(field)",
                    expected: "true, false, 0 or 1",
                    found: "\(number.double)"
                )
            }
            return integer == 1
        default:
            throw wrongType(field, expected: "true, false, 0 or 1", found: byte)
        }
    }

    /// A period: a year as an integral number or a string of digits (`2022`, `"2022"`), or a part of a year as
    /// `"2024-08"` (year and last month, a Jamfor addition).
    mutating func readPeriod(field: StaticString) throws(KoladaReadError) -> (year: Int, month: Int?) {
        let byte = try require("a field's value")
        if byte == UInt8(ascii: "\"") {
            let start = pos
            let text = try readString()
            guard let period = Self.period(text) else {
                throw .wrongType(
                    location(at: start),
                    field: "\(field)",
                    expected: "a year such as 2022 (or a part of one such as \"2024-08\")",
                    found: "the string \"\(String(decoding: text, as: UTF8.self))\""
                )
            }
            return period
        }
        guard byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10 else {
            throw wrongType(field, expected: "a year such as 2022", found: byte)
        }
        let start = pos
        let number = try readNumber()
        guard let year = number.integral else {
            throw .wrongType(
                location(at: start),
                field: "\(field)",
                expected: "a year such as 2022",
                found: "\(number.double)"
            )
        }
        return (year, nil)
    }

    /// `2022` or `2024-08` (months 01–12) as written in a string.
    static func period(_ text: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int?)? {
        func digits(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
            guard !bytes.isEmpty, bytes.count <= 9, bytes.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
                return nil
            }
            return bytes.reduce(0) { $0 * 10 + Int($1 &- UInt8(ascii: "0")) }
        }
        guard let dash = text.firstIndex(of: UInt8(ascii: "-")) else {
            return digits(text[...]).map { ($0, nil) }
        }
        guard let year = digits(text[..<dash]), text.count - dash - 1 == 2, let month = digits(text[(dash + 1)...]),
            month >= 1, month <= 12
        else { return nil }
        return (year, month)
    }

    /// Consumes `null`; any other literal is the wrong type.
    private mutating func nullOrWrongType<T>(_ field: StaticString, expected: String) throws(KoladaReadError) -> T? {
        let start = pos
        let literal = try readLiteral()
        guard literal == .null else {
            throw .wrongType(location(at: start), field: "\(field)", expected: expected, found: "true or false")
        }
        return nil
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The first (up to) 8 bytes as a little-endian word: with ``packed(_:)``, short keys compare in one step
    /// instead of a `memcmp` call.
    @inline(__always)
    var shortWord: UInt64 {
        var word: UInt64 = 0
        for index in 0..<Swift.min(count, 8) { word |= UInt64(self[index]) << (8 * UInt64(index)) }
        return word
    }

    /// Whether these bytes spell `text`.
    @inline(__always)
    func equals(_ text: StaticString) -> Bool {
        guard count == text.utf8CodeUnitCount, let base = baseAddress else {
            return count == 0 && text.utf8CodeUnitCount == 0
        }
        return memcmp(base, text.utf8Start, count) == 0
    }
}

/// The first (up to) 8 bytes of `text` as a little-endian word; see ``UnsafeBufferPointer/shortWord``.
@inline(__always)
func packed(_ text: StaticString) -> UInt64 {
    var word: UInt64 = 0
    for index in 0..<min(text.utf8CodeUnitCount, 8) { word |= UInt64(text.utf8Start[index]) << (8 * UInt64(index)) }
    return word
}
