import Foundation

/// An encoder and a decoder that read and write no bytes at all: each container call returns at once
/// (the decoder hands back zeros, empty strings and a fixed array length). Timing them on the same
/// values shows what Codable's own machinery costs — the boxed containers, the metadata look-ups, the
/// calls through protocol witnesses — which any Codable codec pays before it touches a byte. It is
/// the floor under the CBOR codec's times, reported next to them.
enum CodableFloor {
    static func encode<Value: Encodable>(_ value: Value) throws -> Int {
        let encoder = FloorEncoder()
        try value.encode(to: encoder)
        return encoder.calls
    }

    static func decode<Value: Decodable>(_ type: Value.Type, arrayLength: Int) throws -> Value {
        try Value(from: FloorDecoder(arrayLength: arrayLength))
    }
}

private final class FloorEncoder: Encoder {
    var calls = 0
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(FloorKeyedEncoding<Key>(encoder: self))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { FloorUnkeyedEncoding(encoder: self) }
    func singleValueContainer() -> any SingleValueEncodingContainer { FloorUnkeyedEncoding(encoder: self) }
}

private struct FloorKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: FloorEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Bool, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: String, forKey key: Key) throws { encoder.calls &+= value.utf8.count }
    mutating func encode(_ value: Double, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Float, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Int, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Int8, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Int16, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Int32, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Int64, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: UInt, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { encoder.calls &+= 1 }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try value.encode(to: encoder) }
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        encoder.container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
}

private struct FloorUnkeyedEncoding: UnkeyedEncodingContainer, SingleValueEncodingContainer {
    let encoder: FloorEncoder
    var codingPath: [any CodingKey] { [] }
    var count: Int { 0 }

    mutating func encodeNil() throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Bool) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: String) throws { encoder.calls &+= value.utf8.count }
    mutating func encode(_ value: Double) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Float) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Int) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Int8) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Int16) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Int32) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: Int64) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: UInt) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: UInt8) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: UInt16) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: UInt32) throws { encoder.calls &+= 1 }
    mutating func encode(_ value: UInt64) throws { encoder.calls &+= 1 }
    mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: encoder) }
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        encoder.container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { encoder.unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { encoder }
}

/// Every key is present and holds zero, an empty string, or an array of `arrayLength` elements; so
/// the floor decodes every optional field, a little more than the real payloads carry.
private final class FloorDecoder: Decoder {
    let arrayLength: Int
    /// Decodes array elements, whose own arrays are empty; made once, as a real decoder is.
    let elements: FloorDecoder?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(arrayLength: Int) {
        self.arrayLength = arrayLength
        self.elements = arrayLength > 0 ? FloorDecoder(arrayLength: 0) : nil
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(FloorKeyedDecoding<Key>(decoder: self))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        FloorUnkeyedDecoding(decoder: self, count: arrayLength)
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { FloorSingleDecoding(decoder: self) }
}

private struct FloorKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: FloorDecoder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { false }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { "" }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { 0 }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { 0 }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { 0 }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { 0 }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { 0 }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { 0 }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { 0 }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try T(from: decoder) }
    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder }
}

private struct FloorUnkeyedDecoding: UnkeyedDecodingContainer {
    let decoder: FloorDecoder
    let total: Int
    var currentIndex = 0

    init(decoder: FloorDecoder, count: Int) {
        self.decoder = decoder
        self.total = count
    }

    var codingPath: [any CodingKey] { [] }
    var count: Int? { total }
    var isAtEnd: Bool { currentIndex >= total }

    mutating func decodeNil() -> Bool { false }
    mutating func decode(_ type: Bool.Type) throws -> Bool { next(false) }
    mutating func decode(_ type: String.Type) throws -> String { next("") }
    mutating func decode(_ type: Double.Type) throws -> Double { next(0) }
    mutating func decode(_ type: Float.Type) throws -> Float { next(0) }
    mutating func decode(_ type: Int.Type) throws -> Int { next(0) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { next(0) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { next(0) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { next(0) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { next(0) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { next(0) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { next(0) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { next(0) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { next(0) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { next(0) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        return try T(from: decoder.elements ?? decoder)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try decoder.unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { decoder }

    private mutating func next<T>(_ value: T) -> T {
        currentIndex += 1
        return value
    }
}

private struct FloorSingleDecoding: SingleValueDecodingContainer {
    let decoder: FloorDecoder
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { false }
    func decode(_ type: String.Type) throws -> String { "" }
    func decode(_ type: Double.Type) throws -> Double { 0 }
    func decode(_ type: Float.Type) throws -> Float { 0 }
    func decode(_ type: Int.Type) throws -> Int { 0 }
    func decode(_ type: Int8.Type) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type) throws -> Int32 { 0 }
    func decode(_ type: Int64.Type) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type) throws -> UInt { 0 }
    func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
    func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }
}
