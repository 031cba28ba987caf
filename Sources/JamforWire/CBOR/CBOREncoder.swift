import Foundation

/// Encodes `Encodable` values as deterministic CBOR (RFC 8949).
///
/// Struct fields are keyed by their coding key's integer value when it has one, else by its string.
/// Integers, lengths and floats take their shortest exact form, lengths are definite, dictionary keys
/// are sorted by their encoded bytes, so equal values give equal bytes. `Date` is written as tag 1,
/// `Data` as a byte string, `Decimal` as tag 4, and arrays of fixed-width numbers as RFC 8746 typed
/// arrays (little-endian).
public struct CBOREncoder: Sendable {
    /// The deepest nesting of containers the encoder follows before it gives up.
    public var maxNestingDepth: Int

    public init(maxNestingDepth: Int = 512) {
        self.maxNestingDepth = maxNestingDepth
    }

    /// Encodes `value` into a new byte array.
    /// - Throws: `EncodingError` for values CBOR cannot hold, ``CBORError/invalidEncoderUse(_:)`` for
    ///   containers used against Codable's rules.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let impl = CBOREncoderImpl(maxDepth: maxNestingDepth)
        try impl.encodeRoot(value)
        return impl.takeBytes()
    }

    /// Encodes `value` and appends its bytes to `bytes`.
    public func encode<T: Encodable>(_ value: T, appendingTo bytes: inout [UInt8]) throws {
        let impl = CBOREncoderImpl(maxDepth: maxNestingDepth)
        try impl.encodeRoot(value)
        impl.appendBytes(to: &bytes)
    }
}
