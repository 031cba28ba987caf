#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A JSON number as read: its `Double` value (correctly rounded) and, when written as an integer literal that
/// fits, its exact `Int`.
struct JSONNumber {
    var double: Double
    var integer: Int?

    /// The value as an `Int` when it is integral and fits: `2022`, but also `2022.0` or `2.022e3`.
    var integral: Int? {
        if let integer { return integer }
        guard double.rounded(.towardZero) == double, double >= -0x1p63, double < 0x1p63 else { return nil }
        return Int(double)
    }
}

/// A byte-level streaming JSON tokenizer over an ``InputSource``.
///
/// It keeps one window of the text (256 KiB, grown only for a token longer than that, which the string limit
/// bounds) and refills it as it goes; tokens that straddle a refill are moved to the start of the window.
/// Strings come back as byte views into the window (or into a scratch buffer when they hold escapes), valid
/// until the next call, so that keys are matched and values converted without allocating.
///
/// Noncopyable because it owns its buffers. Indices below are into `buffer`; absolute offsets are
/// `bufferOffset + index`.
struct JSONScanner: ~Copyable {
    /// The longest number accepted, in bytes; longer ones are refused as invalid rather than parsed slowly.
    static let maxNumberLength = 1100

    let source: InputSource
    let limits: KoladaReadLimits
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The next byte to look at.
    var pos = 0
    /// One past the last valid byte.
    private(set) var end = 0
    /// The absolute offset of `buffer[0]`.
    private var bufferOffset = 0
    /// The current line and the absolute offset where it starts. Newlines occur only in whitespace (JSON
    /// strings cannot hold raw ones), so only whitespace skipping counts them.
    private var line = 1
    private var lineStart = 0
    private var atEnd = false
    /// Objects and arrays currently open, checked against the depth limit.
    private var depth = 0
    /// The page being read, for error locations.
    var page: Int?
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    /// Where a key waits while the colon after it is looked for across a refill.
    private var keyScratch: UnsafeMutablePointer<UInt8>
    private var keyScratchCapacity = 64
    /// Open containers while skipping a value: `{` or `[`.
    private var skipStack: [UInt8] = []

    init(source: InputSource, limits: KoladaReadLimits) {
        self.source = source
        self.limits = limits
        capacity = InputSource.chunkSize
        buffer = .allocate(capacity: capacity)
        scratchCapacity = 256
        scratch = .allocate(capacity: scratchCapacity)
        keyScratch = .allocate(capacity: keyScratchCapacity)
    }

    deinit {
        buffer.deallocate()
        scratch.deallocate()
        keyScratch.deallocate()
    }

    var file: String { source.file }

    // MARK: - Positions

    func position(at index: Int) -> KoladaPosition {
        let offset = bufferOffset + index
        return KoladaPosition(byteOffset: offset, line: line, column: offset - lineStart + 1)
    }

    func location(at index: Int) -> KoladaLocation {
        KoladaLocation(file: source.file, page: page, position: position(at: index))
    }

    var currentPosition: KoladaPosition { position(at: pos) }
    var currentLocation: KoladaLocation { location(at: pos) }
    /// Bytes of text consumed so far.
    var offset: Int { bufferOffset + pos }

    // MARK: - Refilling

    /// Keeps the bytes from index `keep` on, moving them to the start of the buffer, reads more input after
    /// them and returns how far the kept bytes moved (subtract it from every index the caller holds). When the
    /// input has ended no bytes arrive: callers compare `end` before and after.
    private mutating func refill(keeping keep: Int) throws(KoladaReadError) -> Int {
        if atEnd { return 0 }
        var shift = 0
        if keep > 0 {
            let remaining = end - keep
            if remaining > 0 { memmove(buffer, buffer + keep, remaining) }
            shift = keep
            end = remaining
            bufferOffset += keep
        } else if end == capacity {
            // One token fills the whole window; the callers' length limits bound this growth.
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
        let count = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end))
        if count == 0 {
            atEnd = true
        }
        end += count
        return shift
    }

    /// Makes `count` bytes from index `index` available, keeping bytes from `keep` on; false at the end of input.
    private mutating func ensure(
        _ count: Int,
        at index: inout Int,
        keeping keep: inout Int
    ) throws(KoladaReadError) -> Bool {
        while end - index < count {
            if atEnd { return false }
            let shift = try refill(keeping: keep)
            index -= shift
            keep -= shift
        }
        return true
    }

    // MARK: - Whitespace and punctuation

    /// Skips whitespace and returns the next byte without consuming it, or nil at the end of the input.
    @inline(__always)
    mutating func peek() throws(KoladaReadError) -> UInt8? {
        // Inlined: the next byte, or the one after a single space (Kolada writes `": "` and `", "`).
        if pos + 1 < end {
            let byte = buffer[pos]
            if byte > 0x20 { return byte }
            let next = buffer[pos + 1]
            if byte == 0x20, next > 0x20 {
                pos += 1
                return next
            }
        }
        return try peekSlowly()
    }

    @inline(never)
    private mutating func peekSlowly() throws(KoladaReadError) -> UInt8? {
        while true {
            while pos < end {
                let byte = buffer[pos]
                if byte > 0x20 { return byte }
                switch byte {
                case 0x20, 0x09, 0x0D:
                    pos += 1
                case 0x0A:
                    pos += 1
                    line += 1
                    lineStart = bufferOffset + pos
                default:
                    return byte
                }
            }
            if atEnd { return nil }
            pos -= try refill(keeping: pos)
        }
    }

    /// Like ``peek()``, but the end of the input is an error: the file is truncated inside `context`.
    @inline(__always)
    mutating func require(_ context: StaticString) throws(KoladaReadError) -> UInt8 {
        guard let byte = try peek() else { throw .unexpectedEnd(currentLocation, context: "\(context)") }
        return byte
    }

    /// Consumes `byte` after optional whitespace, or throws a syntax error naming `expected`.
    @inline(__always)
    mutating func expect(
        _ byte: UInt8,
        _ expected: StaticString,
        inside context: StaticString
    ) throws(KoladaReadError) {
        let found = try require(context)
        guard found == byte else {
            throw .syntax(currentLocation, expected: "\(expected)", found: Self.describe(found))
        }
        pos += 1
    }

    /// Skips a leading UTF-8 byte order mark, which some editors write.
    mutating func skipByteOrderMark() throws(KoladaReadError) {
        var index = pos
        var keep = pos
        guard try ensure(3, at: &index, keeping: &keep) else { return }
        pos = index
        if buffer[pos] == 0xEF, buffer[pos + 1] == 0xBB, buffer[pos + 2] == 0xBF {
            pos += 3
            lineStart = bufferOffset + pos
        }
    }

    // MARK: - Containers

    /// Consumes an opening `{` or `[` at `pos`, counting it against the depth limit.
    @inline(__always)
    mutating func enter() throws(KoladaReadError) {
        depth += 1
        if depth > limits.maxNestingDepth { throw .nestingTooDeep(currentLocation, limit: limits.maxNestingDepth) }
        pos += 1
    }

    /// Consumes a closing `}` or `]` at `pos`.
    @inline(__always)
    mutating func leave() {
        depth -= 1
        pos += 1
    }

    /// After an object member or array element: consumes `,` and returns true, or consumes `closer` and returns
    /// false.
    @inline(__always)
    mutating func nextMember(closer: UInt8, inside context: StaticString) throws(KoladaReadError) -> Bool {
        if pos < end {
            let byte = buffer[pos]
            if byte == UInt8(ascii: ",") {
                pos += 1
                return true
            }
            if byte == closer {
                leave()
                return false
            }
        }
        return try nextMemberSlowly(closer: closer, inside: context)
    }

    @inline(never)
    private mutating func nextMemberSlowly(closer: UInt8, inside context: StaticString) throws(KoladaReadError) -> Bool
    {
        let byte = try require(context)
        if byte == UInt8(ascii: ",") {
            pos += 1
            return true
        }
        if byte == closer {
            leave()
            return false
        }
        let expected = closer == UInt8(ascii: "}") ? "',' or '}'" : "',' or ']'"
        throw .syntax(currentLocation, expected: expected, found: Self.describe(byte))
    }

    /// Reads an object key and the `:` after it. The key's bytes stay valid until the next call.
    @inline(__always)
    mutating func readKey(inside context: StaticString) throws(KoladaReadError) -> UnsafeBufferPointer<UInt8> {
        let byte = try require(context)
        guard byte == UInt8(ascii: "\"") else {
            throw .syntax(currentLocation, expected: "a field name in double quotes", found: Self.describe(byte))
        }
        let key = try readString()
        // Kolada writes the colon right after the key.
        if pos < end, buffer[pos] == UInt8(ascii: ":") {
            pos += 1
            return key
        }
        return try finishKeySlowly(key, inside: context)
    }

    /// Moves the key out of the window, since finding the colon may refill it, then consumes the colon.
    @inline(never)
    private mutating func finishKeySlowly(
        _ key: UnsafeBufferPointer<UInt8>,
        inside context: StaticString
    ) throws(KoladaReadError) -> UnsafeBufferPointer<UInt8> {
        if key.count > keyScratchCapacity {
            keyScratch.deallocate()
            keyScratchCapacity = key.count
            keyScratch = .allocate(capacity: keyScratchCapacity)
        }
        if let base = key.baseAddress { keyScratch.update(from: base, count: key.count) }
        try expect(UInt8(ascii: ":"), "':' after the field name", inside: context)
        return UnsafeBufferPointer(start: keyScratch, count: key.count)
    }

    // MARK: - Strings

    /// Reads the string whose opening quote is at `pos`, validating UTF-8, and returns its unescaped bytes —
    /// a view valid until the next call on the scanner.
    @inline(__always)
    mutating func readString() throws(KoladaReadError) -> UnsafeBufferPointer<UInt8> {
        // The common case, inlined: printable ASCII without escapes, all in the window.
        let start = pos + 1
        var index = start
        while index < end {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                guard index - start <= limits.maxStringBytes else { break }
                pos = index + 1
                return UnsafeBufferPointer(start: buffer + start, count: index - start)
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { break }
            index += 1
        }
        return try readStringSlowly()
    }

    /// ``readString()`` for strings that cross a refill, hold escapes or non-ASCII, or are too long.
    @inline(never)
    private mutating func readStringSlowly() throws(KoladaReadError) -> UnsafeBufferPointer<UInt8> {
        var start = pos + 1
        var index = start
        while true {
            // The common case: printable ASCII without escapes, read in place.
            while index < end {
                let byte = buffer[index]
                guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { break }
                index += 1
            }
            if index == end {
                if index - start > limits.maxStringBytes {
                    throw .stringTooLong(location(at: start - 1), limit: limits.maxStringBytes)
                }
                if atEnd { throw .unexpectedEnd(location(at: start - 1), context: "a string") }
                let shift = try refill(keeping: start)
                start -= shift
                index -= shift
                continue
            }
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                if index - start > limits.maxStringBytes {
                    throw .stringTooLong(location(at: start - 1), limit: limits.maxStringBytes)
                }
                pos = index + 1
                return UnsafeBufferPointer(start: buffer + start, count: index - start)
            }
            if byte == UInt8(ascii: "\\") {
                return try readEscapedString(start: start, at: index)
            }
            if byte < 0x20 { throw .controlCharacterInString(location(at: index), byte: byte) }
            let length = try validateUTF8(at: &index, keeping: &start)
            index += length
        }
    }

    /// Checks the multi-byte UTF-8 sequence at `index` and returns its length.
    private mutating func validateUTF8(at index: inout Int, keeping keep: inout Int) throws(KoladaReadError) -> Int {
        let lead = buffer[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF:
            length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF:
            length = 3
        case 0xED:
            length = 3
            high = 0x9F  // U+D800–U+DFFF are surrogates, not characters
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3:
            length = 4
        case 0xF4:
            length = 4
            high = 0x8F  // beyond U+10FFFF
        default:
            throw .invalidUTF8(location(at: index), bytes: [lead])
        }
        guard try ensure(length, at: &index, keeping: &keep) else {
            throw .unexpectedEnd(location(at: index), context: "a string")
        }
        let second = buffer[index + 1]
        guard second >= low, second <= high else {
            throw .invalidUTF8(location(at: index), bytes: [lead, second])
        }
        for extra in 2..<length where buffer[index + extra] & 0xC0 != 0x80 {
            throw .invalidUTF8(
                location(at: index),
                bytes: Array(UnsafeBufferPointer(start: buffer + index, count: extra + 1))
            )
        }
        return length
    }

    private mutating func reserveScratch(_ count: Int) {
        guard count > scratchCapacity else { return }
        var grown = scratchCapacity
        while grown < count { grown *= 2 }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        buffer.update(from: scratch, count: scratchCapacity)
        scratch.deallocate()
        scratch = buffer
        scratchCapacity = grown
    }

    /// The slow path of ``readString()`` once a backslash turns up: decodes into the scratch buffer.
    private mutating func readEscapedString(start: Int, at firstEscape: Int) throws(KoladaReadError)
        -> UnsafeBufferPointer<UInt8>
    {
        // Absolute, since refills move the window.
        let quote = bufferOffset + start - 1
        var written = firstEscape - start
        reserveScratch(written + 16)
        scratch.update(from: buffer + start, count: written)
        // Escapes only shrink, so the length as written bounds the decoded length.
        var encoded = written
        var index = firstEscape
        var keep = firstEscape
        while true {
            if encoded > limits.maxStringBytes {
                throw .stringTooLong(location(at: quote - bufferOffset), limit: limits.maxStringBytes)
            }
            keep = index
            guard try ensure(1, at: &index, keeping: &keep) else {
                throw .unexpectedEnd(location(at: quote - bufferOffset), context: "a string")
            }
            reserveScratch(written + 8)
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                pos = index + 1
                return UnsafeBufferPointer(start: scratch, count: written)
            }
            if byte == UInt8(ascii: "\\") {
                guard try ensure(2, at: &index, keeping: &keep) else {
                    throw .unexpectedEnd(location(at: quote - bufferOffset), context: "a string")
                }
                let escaped = buffer[index + 1]
                var consumed = 2
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                    scratch[written] = escaped
                    written += 1
                case UInt8(ascii: "b"):
                    scratch[written] = 0x08
                    written += 1
                case UInt8(ascii: "f"):
                    scratch[written] = 0x0C
                    written += 1
                case UInt8(ascii: "n"):
                    scratch[written] = 0x0A
                    written += 1
                case UInt8(ascii: "r"):
                    scratch[written] = 0x0D
                    written += 1
                case UInt8(ascii: "t"):
                    scratch[written] = 0x09
                    written += 1
                case UInt8(ascii: "u"):
                    consumed = try decodeUnicodeEscape(at: &index, keeping: &keep, written: &written)
                default:
                    throw .invalidEscape(location(at: index), escape: "\\" + Self.printable(escaped))
                }
                index += consumed
                encoded += consumed
            } else if byte < 0x20 {
                throw .controlCharacterInString(location(at: index), byte: byte)
            } else if byte < 0x80 {
                scratch[written] = byte
                written += 1
                index += 1
                encoded += 1
            } else {
                let length = try validateUTF8(at: &index, keeping: &keep)
                scratch.advanced(by: written).update(from: buffer + index, count: length)
                written += length
                index += length
                encoded += length
            }
        }
    }

    /// Decodes `\uXXXX` (and the low half of a surrogate pair after it) at `index` into the scratch buffer and
    /// returns the bytes consumed.
    private mutating func decodeUnicodeEscape(
        at index: inout Int,
        keeping keep: inout Int,
        written: inout Int
    ) throws(KoladaReadError) -> Int {
        guard try ensure(6, at: &index, keeping: &keep) else {
            throw .unexpectedEnd(location(at: index), context: "a \\u escape")
        }
        guard let unit = hex4(at: index + 2) else {
            throw .invalidEscape(location(at: index), escape: escapeText(at: index, count: 6))
        }
        var scalar = UInt32(unit)
        var consumed = 6
        if unit >= 0xDC00, unit <= 0xDFFF {
            throw .invalidEscape(
                location(at: index),
                escape: escapeText(at: index, count: 6) + " (a lone low surrogate)"
            )
        }
        if unit >= 0xD800, unit <= 0xDBFF {
            guard try ensure(12, at: &index, keeping: &keep), buffer[index + 6] == UInt8(ascii: "\\"),
                buffer[index + 7] == UInt8(ascii: "u"), let low = hex4(at: index + 8), low >= 0xDC00, low <= 0xDFFF
            else {
                throw .invalidEscape(
                    location(at: index),
                    escape: escapeText(at: index, count: 6) + " (a high surrogate without its low half)"
                )
            }
            scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            consumed = 12
        }
        // UTF-8 encoding of the scalar.
        switch scalar {
        case 0..<0x80:
            scratch[written] = UInt8(scalar)
            written += 1
        case 0x80..<0x800:
            scratch[written] = 0xC0 | UInt8(scalar >> 6)
            scratch[written + 1] = 0x80 | UInt8(scalar & 0x3F)
            written += 2
        case 0x800..<0x10000:
            scratch[written] = 0xE0 | UInt8(scalar >> 12)
            scratch[written + 1] = 0x80 | UInt8((scalar >> 6) & 0x3F)
            scratch[written + 2] = 0x80 | UInt8(scalar & 0x3F)
            written += 3
        default:
            scratch[written] = 0xF0 | UInt8(scalar >> 18)
            scratch[written + 1] = 0x80 | UInt8((scalar >> 12) & 0x3F)
            scratch[written + 2] = 0x80 | UInt8((scalar >> 6) & 0x3F)
            scratch[written + 3] = 0x80 | UInt8(scalar & 0x3F)
            written += 4
        }
        return consumed
    }

    private func hex4(at index: Int) -> UInt16? {
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = buffer[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private func escapeText(at index: Int, count: Int) -> String {
        let available = min(count, end - index)
        return String(decoding: UnsafeBufferPointer(start: buffer + index, count: available), as: UTF8.self)
    }

    // MARK: - Numbers

    /// Reads the number starting at `pos` (a `-` or a digit), strictly by JSON's grammar.
    @inline(__always)
    mutating func readNumber() throws(KoladaReadError) -> JSONNumber {
        var start = pos
        var index = pos
        while true {
            while index < end {
                let byte = buffer[index]
                guard
                    byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e")
                        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                else { break }
                index += 1
            }
            if index < end || atEnd { break }
            if index - start > Self.maxNumberLength { break }
            let shift = try refill(keeping: start)
            start -= shift
            index -= shift
        }
        let length = index - start
        if length > Self.maxNumberLength {
            throw .invalidNumber(location(at: start), text: "a number of more than \(Self.maxNumberLength) characters")
        }
        guard let number = Self.parseNumber(buffer + start, length) else {
            throw .invalidNumber(location(at: start), text: escapeText(at: start, count: length))
        }
        guard number.double.isFinite else {
            throw .numberOutOfRange(location(at: start), field: "number", text: escapeText(at: start, count: length))
        }
        pos = index
        return number
    }

    /// Powers of ten that `Double` holds exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    /// Parses a complete JSON number; nil when the text breaks the grammar.
    static func parseNumber(_ text: UnsafePointer<UInt8>, _ length: Int) -> JSONNumber? {
        var index = 0
        var negative = false
        if length > 0, text[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        guard index < length, text[index] &- UInt8(ascii: "0") < 10 else { return nil }
        var mantissa: UInt64 = 0
        var exponent = 0
        // Set when digits beyond what UInt64 holds were dropped: then only the slow path is exact.
        var truncated = false
        let mantissaLimit: UInt64 = (UInt64.max - 9) / 10
        if text[index] == UInt8(ascii: "0") {
            index += 1
            if index < length, text[index] &- UInt8(ascii: "0") < 10 { return nil }  // no leading zeros
        } else {
            while index < length {
                let digit = text[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if mantissa <= mantissaLimit {
                    mantissa = mantissa * 10 + UInt64(digit)
                } else {
                    truncated = true
                    exponent += 1
                }
                index += 1
            }
        }
        var isInteger = true
        if index < length, text[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let first = index
            while index < length {
                let digit = text[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if mantissa <= mantissaLimit {
                    mantissa = mantissa * 10 + UInt64(digit)
                    exponent -= 1
                } else if digit != 0 {
                    truncated = true
                }
                index += 1
            }
            if index == first { return nil }
        }
        if index < length, text[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            var exponentNegative = false
            if index < length, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
                exponentNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            let first = index
            var written = 0
            while index < length {
                let digit = text[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                // Clamped: anything this large is zero or infinite anyway.
                if written < 100_000 { written = written * 10 + Int(digit) }
                index += 1
            }
            if index == first { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == length else { return nil }

        var integer: Int?
        if isInteger, !truncated {
            if !negative, mantissa <= UInt64(Int.max) {
                integer = Int(mantissa)
            } else if negative, mantissa <= UInt64(Int.max) + 1 {
                integer = mantissa == UInt64(Int.max) + 1 ? Int.min : -Int(mantissa)
            }
        }
        let double: Double
        if mantissa == 0 {
            double = negative ? -0.0 : 0.0
        } else if !truncated, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            // Clinger's fast path: both operands are exact, so one IEEE operation rounds correctly.
            let exact = Double(mantissa)
            let scaled = exponent < 0 ? exact / exactPowersOfTen[-exponent] : exact * exactPowersOfTen[exponent]
            double = negative ? -scaled : scaled
        } else {
            // Rare (more than 15–16 significant digits or extreme exponents): the standard library's correctly
            // rounded parser.
            guard let parsed = Double(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
            else { return nil }
            double = parsed
        }
        return JSONNumber(double: double, integer: integer)
    }

    // MARK: - Literals and skipping

    /// Consumes `true`, `false` or `null` at `pos` and returns its kind.
    mutating func readLiteral() throws(KoladaReadError) -> Literal {
        let first = buffer[pos]
        let literal: Literal
        let word: StaticString
        switch first {
        case UInt8(ascii: "t"):
            literal = .true
            word = "true"
        case UInt8(ascii: "f"):
            literal = .false
            word = "false"
        case UInt8(ascii: "n"):
            literal = .null
            word = "null"
        default:
            throw .syntax(currentLocation, expected: "a JSON value", found: Self.describe(first))
        }
        var index = pos
        var keep = pos
        let length = word.utf8CodeUnitCount
        guard try ensure(length, at: &index, keeping: &keep) else {
            pos = index
            throw .unexpectedEnd(currentLocation, context: "the literal \(word)")
        }
        pos = index
        if memcmp(buffer + pos, word.utf8Start, length) != 0 {
            throw .syntax(currentLocation, expected: "\(word)", found: escapeText(at: pos, count: length))
        }
        pos += length
        return literal
    }

    enum Literal {
        case `true`, `false`, null
    }

    /// Skips one complete value of any kind starting at the next non-whitespace byte, validating it. Iterative,
    /// so only the depth limit bounds how deep it goes.
    mutating func skipValue(inside context: StaticString) throws(KoladaReadError) {
        skipStack.removeAll(keepingCapacity: true)
        var needValue = true
        while true {
            if needValue {
                let byte = try require(context)
                switch byte {
                case UInt8(ascii: "{"):
                    try enter()
                    skipStack.append(byte)
                    if try require(context) == UInt8(ascii: "}") {
                        leave()
                        skipStack.removeLast()
                        needValue = false
                    } else {
                        _ = try readKey(inside: context)
                    }
                case UInt8(ascii: "["):
                    try enter()
                    skipStack.append(byte)
                    if try require(context) == UInt8(ascii: "]") {
                        leave()
                        skipStack.removeLast()
                        needValue = false
                    }
                case UInt8(ascii: "\""):
                    _ = try readString()
                    needValue = false
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    _ = try readNumber()
                    needValue = false
                default:
                    _ = try readLiteral()
                    needValue = false
                }
                continue
            }
            guard let container = skipStack.last else { return }
            let closer = container == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            if try nextMember(closer: closer, inside: context) {
                if container == UInt8(ascii: "{") { _ = try readKey(inside: context) }
                needValue = true
            } else {
                skipStack.removeLast()
            }
        }
    }

    // MARK: - Describing bytes

    /// What kind of JSON value starts with `byte`, for type errors.
    static func kind(of byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "true or false"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        default: return describe(byte)
        }
    }

    /// A byte for error messages: `'x'` when printable ASCII, else its hex value.
    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'" + String(UnicodeScalar(byte)) + "'" }
        let digits = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (digits.count == 1 ? "0" + digits : digits)
    }

    static func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : describe(byte)
    }
}
