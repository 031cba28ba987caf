struct CBORKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let impl: CBORDecoderImpl
    let frameIndex: Int
    let frameID: UInt32

    var codingPath: [any CodingKey] { impl.codingPath }

    var allKeys: [Key] {
        guard (try? impl.checkFrame(frameIndex, id: frameID)) != nil,
            let offsets = try? impl.allKeyOffsets(frameIndex)
        else { return [] }
        return offsets.compactMap { offset in (try? impl.codingKey(at: offset, as: Key.self)) ?? nil }
    }

    func contains(_ key: Key) -> Bool {
        guard (try? impl.checkFrame(frameIndex, id: frameID)) != nil,
            let location = try? impl.locate(key, int: key.intValue, in: frameIndex)
        else { return false }
        if case .absent = location { return false }
        return true
    }

    private func keyNotFound(_ key: Key) -> DecodingError {
        .keyNotFound(
            key,
            DecodingError.Context(codingPath: impl.codingPath, debugDescription: "no value for key \(describe(key))")
        )
    }

    private func describe(_ key: Key) -> String {
        if let int = key.intValue { return "\(int) (\(key.stringValue))" }
        return "\"\(key.stringValue)\""
    }

    /// Where a key's value was found, and how to move the cursor once it is read.
    private struct Seek {
        enum Outcome { case absent, null, value }
        var outcome: Outcome
        /// The entry was at the cursor: its small integer key, or -1 for another kind of key.
        var cursorSmallKey = -1
        var cursorKeyOffset = -1
    }

    /// Positions the decoder at the value under `key`. Kept free of the value's type, so that the
    /// generic callers below need no run-time metadata for `T?`.
    @inline(__always)
    private func seek(_ key: Key, optional: Bool) throws -> Seek {
        try impl.checkFrame(frameIndex, id: frameID)
        let int = key.intValue
        // Fast path: the entry at the cursor has this key, a small integer.
        if let small = impl.smallKeyAtCursor(frameIndex), small == int {
            impl.pos = impl.keyedFrame(frameIndex).pointee.cursor + 1
            if optional, try impl.decodeNilIfPresent() {
                impl.advanceCursor(frameIndex, smallKey: small, valueEnd: impl.pos)
                return Seek(outcome: .null)
            }
            return Seek(outcome: .value, cursorSmallKey: small)
        }
        switch try impl.locate(key, int: int, in: frameIndex) {
        case .absent:
            if optional { return Seek(outcome: .absent) }
            throw keyNotFound(key)
        case .cursor(let keyOffset, let valueOffset):
            impl.pos = valueOffset
            if optional, try impl.decodeNilIfPresent() {
                try impl.advanceCursor(frameIndex, keyOffset: keyOffset, valueEnd: impl.pos)
                return Seek(outcome: .null)
            }
            return Seek(outcome: .value, cursorKeyOffset: keyOffset)
        case .indexed(let valueOffset):
            impl.pos = valueOffset
            if optional, try impl.decodeNilIfPresent() { return Seek(outcome: .null) }
            return Seek(outcome: .value)
        }
    }

    /// Moves the cursor past an entry read at the cursor.
    @inline(__always)
    private func finish(_ seek: Seek) throws {
        if seek.cursorSmallKey >= 0 {
            impl.advanceCursor(frameIndex, smallKey: seek.cursorSmallKey, valueEnd: impl.pos)
        } else if seek.cursorKeyOffset >= 0 {
            try impl.advanceCursor(frameIndex, keyOffset: seek.cursorKeyOffset, valueEnd: impl.pos)
        }
    }

    @inline(__always)
    private func required<T>(_ key: Key, _ read: (CBORDecoderImpl) throws -> T) throws -> T {
        let found = try seek(key, optional: false)
        let value: T
        do { value = try read(impl) } catch { throw impl.annotate(error, with: key) }
        try finish(found)
        return value
    }

    @inline(__always)
    private func decodeEntry<T>(_ key: Key, optional: Bool, _ read: (CBORDecoderImpl) throws -> T) throws -> T? {
        let found = try seek(key, optional: true)
        guard found.outcome == .value else { return nil }
        let value: T
        do { value = try read(impl) } catch { throw impl.annotate(error, with: key) }
        try finish(found)
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try impl.checkFrame(frameIndex, id: frameID)
        switch try impl.locate(key, int: key.intValue, in: frameIndex) {
        case .absent:
            throw keyNotFound(key)
        case .cursor(let keyOffset, let valueOffset):
            impl.pos = valueOffset
            guard try impl.decodeNilIfPresent() else { return false }
            try impl.advanceCursor(frameIndex, keyOffset: keyOffset, valueEnd: impl.pos)
            return true
        case .indexed(let valueOffset):
            impl.pos = valueOffset
            return try impl.decodeNilIfPresent()
        }
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try required(key) { try $0.decodeBool() } }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try required(key) { try $0.decodeString() } }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try required(key) { try $0.decodeDouble() } }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try required(key) { try $0.decodeFloat() } }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try required(key) { try $0.decodeInteger(Int.self) }
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try required(key) { try $0.decodeInteger(Int8.self) }
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try required(key) { try $0.decodeInteger(Int16.self) }
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try required(key) { try $0.decodeInteger(Int32.self) }
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try required(key) { try $0.decodeInteger(Int64.self) }
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try required(key) { try $0.decodeInteger(UInt.self) }
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try required(key) { try $0.decodeInteger(UInt8.self) }
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try required(key) { try $0.decodeInteger(UInt16.self) }
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try required(key) { try $0.decodeInteger(UInt32.self) }
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try required(key) { try $0.decodeInteger(UInt64.self) }
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeNested(T.self, at: try seek(key, optional: false), key: key)
    }

    /// Decodes a value of any type where `seek` left the decoder, with `key` on the coding path.
    private func decodeNested<T: Decodable>(_ type: T.Type, at found: Seek, key: Key) throws -> T {
        impl.pushPath(key)
        let value: T
        do { value = try impl.decodeValue(T.self) } catch {
            impl.popPath()
            throw error
        }
        impl.popPath()
        try finish(found)
        return value
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try decodeEntry(key, optional: true) { try $0.decodeBool() }
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try decodeEntry(key, optional: true) { try $0.decodeString() }
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try decodeEntry(key, optional: true) { try $0.decodeDouble() }
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try decodeEntry(key, optional: true) { try $0.decodeFloat() }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try decodeEntry(key, optional: true) { try $0.decodeInteger(Int.self) }
    }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        try decodeEntry(key, optional: true) { try $0.decodeInteger(Int8.self) }
    }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        try decodeEntry(key, optional: true) { try $0.decodeInteger(Int16.self) }
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try decodeEntry(key, optional: true) { try $0.decodeInteger(Int32.self) }
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try decodeEntry(key, optional: true) { try $0.decodeInteger(Int64.self) }
    }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        try decodeEntry(key, optional: true) { try $0.decodeInteger(UInt.self) }
    }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        try decodeEntry(key, optional: true) { try $0.decodeInteger(UInt8.self) }
    }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try decodeEntry(key, optional: true) { try $0.decodeInteger(UInt16.self) }
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try decodeEntry(key, optional: true) { try $0.decodeInteger(UInt32.self) }
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try decodeEntry(key, optional: true) { try $0.decodeInteger(UInt64.self) }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let found = try seek(key, optional: true)
        guard found.outcome == .value else { return nil }
        return try decodeNested(T.self, at: found, key: key)
    }

    /// Moves the decoder to the value under `key`, for a nested container or decoder.
    private func valueOffset(_ key: Key) throws -> Int {
        try impl.checkFrame(frameIndex, id: frameID)
        switch try impl.locate(key, int: key.intValue, in: frameIndex) {
        case .absent: throw keyNotFound(key)
        case .cursor(_, let valueOffset), .indexed(let valueOffset): return valueOffset
        }
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        impl.pos = try valueOffset(key)
        do { return try impl.container(keyedBy: type) } catch { throw impl.annotate(error, with: key) }
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        impl.pos = try valueOffset(key)
        do { return try impl.unkeyedContainer() } catch { throw impl.annotate(error, with: key) }
    }

    func superDecoder() throws -> any Decoder {
        try impl.checkFrame(frameIndex, id: frameID)
        let key = CBORKey.super
        switch try impl.locate(key, int: key.intValue, in: frameIndex) {
        case .absent:
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(codingPath: impl.codingPath, debugDescription: "no value for key \"super\"")
            )
        case .cursor(_, let valueOffset), .indexed(let valueOffset):
            return impl.makeChild(at: valueOffset, key: key)
        }
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        impl.makeChild(at: try valueOffset(key), key: key)
    }
}

/// Reads an array's elements in order. Its own position is kept here, not in the decoder, so that
/// it stays right when a caller interleaves it with other containers.
struct CBORUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let impl: CBORDecoderImpl
    /// Offset of the array's head, for the decoder's memo of where items end.
    let start: Int
    var position: Int
    /// Number of elements, or -1 for an indefinite-length array.
    let elementCount: Int
    private(set) var currentIndex: Int = 0

    init(impl: CBORDecoderImpl) throws {
        self.impl = impl
        let start = impl.pos
        self.start = start
        let head = try impl.readValueHead()
        guard head.major == CBOR.majorArray else { throw impl.mismatch([Any].self, head, at: start) }
        elementCount =
            head.isIndefinite ? -1 : try impl.checkCount(head.argument, unit: 1, at: impl.pos, headOffset: start)
        position = impl.pos
        if elementCount == 0 { impl.remember(start: start, end: position) }
    }

    var codingPath: [any CodingKey] { impl.codingPath }
    var count: Int? { elementCount >= 0 ? elementCount : nil }

    /// The offset just past the array, once every element was read.
    var endOffset: Int { elementCount >= 0 ? position : position + 1 }

    var isAtEnd: Bool {
        if elementCount >= 0 { return currentIndex >= elementCount }
        guard let byte = try? impl.peekByte(at: position) else { return false }
        if byte == CBOR.breakByte {
            impl.remember(start: start, end: position + 1)
            return true
        }
        return false
    }

    private func endError(_ type: Any.Type) -> DecodingError {
        .valueNotFound(
            type,
            DecodingError.Context(
                codingPath: impl.codingPath + [CBORIndexKey(currentIndex)],
                debugDescription: "the array has no element \(currentIndex)"
            )
        )
    }

    @inline(__always)
    private mutating func next<T>(_ type: T.Type, _ read: (CBORDecoderImpl) throws -> T) throws -> T {
        if isAtEnd { throw endError(type) }
        impl.pos = position
        let value: T
        do { value = try read(impl) } catch { throw impl.annotate(error, with: CBORIndexKey(currentIndex)) }
        position = impl.pos
        currentIndex += 1
        if elementCount >= 0 && currentIndex == elementCount { impl.remember(start: start, end: position) }
        return value
    }

    mutating func decodeNil() throws -> Bool {
        if isAtEnd { throw endError(Never?.self) }
        impl.pos = position
        guard try impl.decodeNilIfPresent() else { return false }
        position = impl.pos
        currentIndex += 1
        if elementCount >= 0 && currentIndex == elementCount { impl.remember(start: start, end: position) }
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { try $0.decodeBool() } }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) { try $0.decodeString() } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) { try $0.decodeDouble() } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) { try $0.decodeFloat() } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) { try $0.decodeInteger(Int.self) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) { try $0.decodeInteger(Int8.self) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) { try $0.decodeInteger(Int16.self) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) { try $0.decodeInteger(Int32.self) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) { try $0.decodeInteger(Int64.self) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) { try $0.decodeInteger(UInt.self) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) { try $0.decodeInteger(UInt8.self) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        try next(type) { try $0.decodeInteger(UInt16.self) }
    }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        try next(type) { try $0.decodeInteger(UInt32.self) }
    }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        try next(type) { try $0.decodeInteger(UInt64.self) }
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let index = currentIndex
        return try next(type) { impl in
            impl.pushPath(CBORIndexKey(index))
            defer { impl.popPath() }
            return try impl.decodeValue(T.self)
        }
    }

    /// Decodes the next element with `read` when it can (a direct path for a canonical form, which
    /// returns `nil` for anything else), and otherwise as ``decode(_:)`` does, from the element's start:
    /// what is accepted, and every error, are then the generic path's.
    @inline(__always)
    mutating func decodeDirect<T: Decodable>(_ type: T.Type, _ read: (CBORDecoderImpl) -> T?) throws -> T {
        if !isAtEnd {
            impl.pos = position
            if let value = read(impl) {
                position = impl.pos
                currentIndex += 1
                if elementCount >= 0 && currentIndex == elementCount { impl.remember(start: start, end: position) }
                return value
            }
        }
        return try decode(type)
    }

    /// Steps over the element at the current position, for containers and decoders that read it.
    private mutating func skipElement() throws -> Int {
        if isAtEnd { throw endError(Any.self) }
        let elementStart = position
        position = try impl.skipItem(at: elementStart)
        currentIndex += 1
        if elementCount >= 0 && currentIndex == elementCount { impl.remember(start: start, end: position) }
        return elementStart
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        impl.pos = try skipElement()
        return try impl.container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        impl.pos = try skipElement()
        return try impl.unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let index = currentIndex
        return impl.makeChild(at: try skipElement(), key: CBORIndexKey(index))
    }
}

struct CBORSingleValueDecodingContainer: SingleValueDecodingContainer {
    let impl: CBORDecoderImpl
    /// Where the value starts; every decode reads from here, as a single value can be read again.
    let start: Int

    var codingPath: [any CodingKey] { impl.codingPath }

    @inline(__always)
    private func read<T>(_ body: (CBORDecoderImpl) throws -> T) throws -> T {
        impl.pos = start
        let value = try body(impl)
        impl.remember(start: start, end: impl.pos)
        return value
    }

    func decodeNil() -> Bool {
        impl.pos = start
        guard (try? impl.decodeNilIfPresent()) == true else { return false }
        impl.remember(start: start, end: impl.pos)
        return true
    }

    func decode(_ type: Bool.Type) throws -> Bool { try read { try $0.decodeBool() } }
    func decode(_ type: String.Type) throws -> String { try read { try $0.decodeString() } }
    func decode(_ type: Double.Type) throws -> Double { try read { try $0.decodeDouble() } }
    func decode(_ type: Float.Type) throws -> Float { try read { try $0.decodeFloat() } }
    func decode(_ type: Int.Type) throws -> Int { try read { try $0.decodeInteger(Int.self) } }
    func decode(_ type: Int8.Type) throws -> Int8 { try read { try $0.decodeInteger(Int8.self) } }
    func decode(_ type: Int16.Type) throws -> Int16 { try read { try $0.decodeInteger(Int16.self) } }
    func decode(_ type: Int32.Type) throws -> Int32 { try read { try $0.decodeInteger(Int32.self) } }
    func decode(_ type: Int64.Type) throws -> Int64 { try read { try $0.decodeInteger(Int64.self) } }
    func decode(_ type: UInt.Type) throws -> UInt { try read { try $0.decodeInteger(UInt.self) } }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try read { try $0.decodeInteger(UInt8.self) } }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try read { try $0.decodeInteger(UInt16.self) } }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try read { try $0.decodeInteger(UInt32.self) } }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try read { try $0.decodeInteger(UInt64.self) } }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try read { try $0.decodeValue(T.self) } }
}
