/// UTF-8 validation (RFC 3629) of text strings read from the wire.
///
/// The standard library's `String(validating:as:)` is generic and went through per-call metadata
/// lookups that cost more than the rest of decoding a string; this checks eight ASCII bytes at a time
/// and walks multi-byte sequences by the table in RFC 3629 section 4.
enum UTF8Validation {
    static func isValid(_ start: UnsafeRawPointer, count: Int) -> Bool {
        var index = 0
        while index < count {
            // Fast path: eight bytes with no high bit are all ASCII.
            if count - index >= 8 {
                let word = start.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index &+= 8
                    continue
                }
            }
            let lead = start.load(fromByteOffset: index, as: UInt8.self)
            if lead < 0x80 {
                index &+= 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xbf
            switch lead {
            case 0xc2...0xdf: length = 2
            case 0xe0:
                length = 3
                lower = 0xa0
            case 0xe1...0xec, 0xee...0xef: length = 3
            case 0xed:
                length = 3
                upper = 0x9f
            case 0xf0:
                length = 4
                lower = 0x90
            case 0xf1...0xf3: length = 4
            case 0xf4:
                length = 4
                upper = 0x8f
            default: return false
            }
            guard count - index >= length else { return false }
            let second = start.load(fromByteOffset: index + 1, as: UInt8.self)
            guard second >= lower && second <= upper else { return false }
            for offset in 2..<length {
                let byte = start.load(fromByteOffset: index + offset, as: UInt8.self)
                guard byte & 0xc0 == 0x80 else { return false }
            }
            index &+= length
        }
        return true
    }

    /// A `String` from bytes that must be valid UTF-8, or `nil`.
    @inline(__always)
    static func string(_ start: UnsafeRawPointer, count: Int) -> String? {
        guard isValid(start, count: count) else { return nil }
        return String(unsafeUninitializedCapacity: count) { buffer in
            guard let target = buffer.baseAddress, count > 0 else { return 0 }
            UnsafeMutableRawPointer(target).copyMemory(from: start, byteCount: count)
            return count
        }
    }
}
