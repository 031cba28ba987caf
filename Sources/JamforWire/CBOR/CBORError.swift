/// Why bytes could not be read as CBOR, or broke one of the decoder's limits.
///
/// Schema mismatches (a string where a number was expected, a missing required key) are reported as
/// Swift's `DecodingError` with the coding path instead; these cases are about the bytes themselves.
public enum CBORError: Error, Sendable, Hashable {
    /// The input ended inside an item: `needed` more bytes were expected at `offset`.
    case truncated(offset: Int, needed: Int)
    /// An initial byte uses additional information 28–30, which RFC 8949 reserves.
    case reservedAdditionalInformation(byte: UInt8, offset: Int)
    /// An indefinite length, a break or a chunk appears where it is not allowed.
    case invalidIndefiniteLength(offset: Int)
    /// A simple value that CBOR says must not be encoded in two bytes (below 32).
    case invalidSimpleValue(UInt8, offset: Int)
    /// Arrays, maps and tags are nested deeper than the configured limit.
    case nestingTooDeep(limit: Int, offset: Int)
    /// An array, map, string or typed array declares more elements than the bytes left could hold.
    case countExceedsInput(count: UInt64, remaining: Int, offset: Int)
    /// A text string is not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// A typed array's byte length is not a multiple of its element size.
    case invalidTypedArrayLength(tag: UInt64, byteCount: Int, offset: Int)
    /// Bytes follow the single top-level item.
    case trailingBytes(count: Int, offset: Int)
    /// A value could not be encoded (for example, a container was used after its value was finished).
    case invalidEncoderUse(String)
}

extension CBORError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncated(let offset, let needed):
            "CBOR input ends early: \(needed) more byte(s) expected at offset \(offset)"
        case .reservedAdditionalInformation(let byte, let offset):
            "CBOR initial byte 0x\(String(byte, radix: 16)) at offset \(offset) uses reserved additional information"
        case .invalidIndefiniteLength(let offset):
            "CBOR indefinite length or break not allowed at offset \(offset)"
        case .invalidSimpleValue(let value, let offset):
            "CBOR simple value \(value) at offset \(offset) must not use the two-byte form"
        case .nestingTooDeep(let limit, let offset):
            "CBOR nesting deeper than the limit of \(limit) at offset \(offset); raise maxNestingDepth if this is intended"
        case .countExceedsInput(let count, let remaining, let offset):
            "CBOR item at offset \(offset) declares \(count) element(s) or bytes but only \(remaining) byte(s) remain"
        case .invalidUTF8(let offset):
            "CBOR text string at offset \(offset) is not valid UTF-8"
        case .invalidTypedArrayLength(let tag, let byteCount, let offset):
            "CBOR typed array (tag \(tag)) at offset \(offset) has \(byteCount) bytes, not a multiple of its element size"
        case .trailingBytes(let count, let offset):
            "CBOR input has \(count) byte(s) after the value, starting at offset \(offset)"
        case .invalidEncoderUse(let what):
            "CBOR encoder misuse: \(what)"
        }
    }
}
