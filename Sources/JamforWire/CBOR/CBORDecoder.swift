public import Foundation

/// Decodes `Decodable` values from CBOR (RFC 8949).
///
/// It reads everything ``CBOREncoder`` writes and any well-formed CBOR of the expected shape:
/// indefinite lengths, integer or string map keys, unknown keys (skipped), numbers of any width that
/// fit the target type, RFC 8746 typed arrays or plain arrays for numeric arrays, and tags 0 and 1
/// for dates. Every read is bounded by the input: a declared length longer than the bytes left is an
/// error before anything is allocated, and nesting is limited by ``maxNestingDepth``.
public struct CBORDecoder: Sendable {
    /// The deepest nesting of arrays, maps and tags accepted.
    public var maxNestingDepth: Int

    public init(maxNestingDepth: Int = 64) {
        self.maxNestingDepth = maxNestingDepth
    }

    /// Decodes a `T` from `bytes`, which must hold exactly one CBOR item.
    /// - Throws: ``CBORError`` for malformed bytes or a broken limit, `DecodingError` for bytes of
    ///   the wrong shape (with the coding path).
    public func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        let impl = CBORDecoderImpl(bytes: bytes, maxDepth: maxNestingDepth)
        let value = try impl.decodeValue(T.self)
        if impl.pos != impl.end {
            throw CBORError.trailingBytes(count: impl.end - impl.pos, offset: impl.pos)
        }
        return value
    }

    /// Decodes a `T` from `bytes`, which must hold exactly one CBOR item.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBytes { try decode(type, from: $0) }
    }

    /// Decodes a `T` from `data`, which must hold exactly one CBOR item.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { try decode(type, from: $0) }
    }
}
