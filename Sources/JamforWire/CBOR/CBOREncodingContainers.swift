/// A coding key made from a string or an integer; used for `super` and array indices.
struct CBORKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }

    static let `super` = CBORKey(stringValue: "super")
}

/// An array element's position, for coding paths; carries no string so that it costs nothing to make.
struct CBORIndexKey: CodingKey {
    var index: Int
    var intValue: Int? { index }
    var stringValue: String { "Index \(index)" }

    init(_ index: Int) { self.index = index }
    init?(intValue: Int) { self.index = intValue }
    init?(stringValue: String) { return nil }
}

struct CBORKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let impl: CBOREncoderImpl
    let frameID: UInt32

    var codingPath: [any CodingKey] { impl.codingPath }

    @inline(__always)
    private func begin(_ key: Key) {
        impl.beginItem(frameID: frameID)
        impl.writeKey(key)
    }

    mutating func encodeNil(forKey key: Key) throws {
        begin(key)
        impl.writer.append(CBOR.nullByte)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        begin(key)
        impl.writer.append(value ? CBOR.trueByte : CBOR.falseByte)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        begin(key)
        impl.writer.appendString(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        begin(key)
        impl.writer.appendDouble(value)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        begin(key)
        impl.writer.appendFloat(value)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        begin(key)
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws {
        begin(key)
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int16, forKey key: Key) throws {
        begin(key)
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int32, forKey key: Key) throws {
        begin(key)
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int64, forKey key: Key) throws {
        begin(key)
        impl.writer.appendInt64(value)
    }

    mutating func encode(_ value: UInt, forKey key: Key) throws {
        begin(key)
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        begin(key)
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        begin(key)
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        begin(key)
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        begin(key)
        impl.writer.appendHead(CBOR.majorUnsigned, value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        begin(key)
        impl.pushPath(key)
        defer { impl.popPath() }
        try impl.encodeValue(value)
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        begin(key)
        let child = impl.makeChild(key: key)
        impl.addSplice(child)
        return child.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        begin(key)
        let child = impl.makeChild(key: key)
        impl.addSplice(child)
        return child.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        impl.beginItem(frameID: frameID)
        impl.writer.appendString(CBORKey.super.stringValue)
        let child = impl.makeChild(key: CBORKey.super)
        impl.addSplice(child)
        return child
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        begin(key)
        let child = impl.makeChild(key: key)
        impl.addSplice(child)
        return child
    }
}

struct CBORUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let impl: CBOREncoderImpl
    let frameID: UInt32

    var codingPath: [any CodingKey] { impl.codingPath }
    var count: Int { impl.frame.id == frameID ? impl.frame.count : 0 }

    @inline(__always)
    private func begin() { impl.beginItem(frameID: frameID) }

    mutating func encodeNil() throws {
        begin()
        impl.writer.append(CBOR.nullByte)
    }

    mutating func encode(_ value: Bool) throws {
        begin()
        impl.writer.append(value ? CBOR.trueByte : CBOR.falseByte)
    }

    mutating func encode(_ value: String) throws {
        begin()
        impl.writer.appendString(value)
    }

    mutating func encode(_ value: Double) throws {
        begin()
        impl.writer.appendDouble(value)
    }

    mutating func encode(_ value: Float) throws {
        begin()
        impl.writer.appendFloat(value)
    }

    mutating func encode(_ value: Int) throws {
        begin()
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int8) throws {
        begin()
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int16) throws {
        begin()
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int32) throws {
        begin()
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int64) throws {
        begin()
        impl.writer.appendInt64(value)
    }

    mutating func encode(_ value: UInt) throws {
        begin()
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt8) throws {
        begin()
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt16) throws {
        begin()
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt32) throws {
        begin()
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt64) throws {
        begin()
        impl.writer.appendHead(CBOR.majorUnsigned, value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = impl.frame.count
        begin()
        impl.pushPath(CBORIndexKey(index))
        defer { impl.popPath() }
        try impl.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let index = impl.frame.count
        begin()
        let child = impl.makeChild(key: CBORIndexKey(index))
        impl.addSplice(child)
        return child.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let index = impl.frame.count
        begin()
        let child = impl.makeChild(key: CBORIndexKey(index))
        impl.addSplice(child)
        return child.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let index = impl.frame.count
        begin()
        let child = impl.makeChild(key: CBORIndexKey(index))
        impl.addSplice(child)
        return child
    }
}

struct CBORSingleValueEncodingContainer: SingleValueEncodingContainer {
    let impl: CBOREncoderImpl
    let frameID: UInt32

    var codingPath: [any CodingKey] { impl.codingPath }

    @inline(__always)
    private func begin() {
        if impl.frame.count > 0 && impl.frame.id == frameID {
            impl.noteMisuse("a single-value container was asked to encode more than one value")
        }
        impl.beginItem(frameID: frameID)
    }

    mutating func encodeNil() throws {
        begin()
        impl.writer.append(CBOR.nullByte)
    }

    mutating func encode(_ value: Bool) throws {
        begin()
        impl.writer.append(value ? CBOR.trueByte : CBOR.falseByte)
    }

    mutating func encode(_ value: String) throws {
        begin()
        impl.writer.appendString(value)
    }

    mutating func encode(_ value: Double) throws {
        begin()
        impl.writer.appendDouble(value)
    }

    mutating func encode(_ value: Float) throws {
        begin()
        impl.writer.appendFloat(value)
    }

    mutating func encode(_ value: Int) throws {
        begin()
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int8) throws {
        begin()
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int16) throws {
        begin()
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int32) throws {
        begin()
        impl.writer.appendInt64(Int64(value))
    }

    mutating func encode(_ value: Int64) throws {
        begin()
        impl.writer.appendInt64(value)
    }

    mutating func encode(_ value: UInt) throws {
        begin()
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt8) throws {
        begin()
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt16) throws {
        begin()
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt32) throws {
        begin()
        impl.writer.appendHead(CBOR.majorUnsigned, UInt64(value))
    }

    mutating func encode(_ value: UInt64) throws {
        begin()
        impl.writer.appendHead(CBOR.majorUnsigned, value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        begin()
        try impl.encodeValue(value)
    }
}
