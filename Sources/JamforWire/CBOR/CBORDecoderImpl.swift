import Foundation

/// An initial byte and its argument.
struct Head {
    var major: UInt8
    /// The additional information (low five bits); 31 marks an indefinite length or a break.
    var info: UInt8
    var argument: UInt64

    var isIndefinite: Bool { info == CBOR.indefiniteInfo }
}

/// Where a map entry's key and value are, recorded as a keyed container walks its map.
struct MapEntry {
    /// The key's offset (its head).
    var keyOffset: Int
    /// The value's offset.
    var valueOffset: Int
}

/// The state of one keyed container: its map, a cursor for reading entries in order, and an index
/// of the entries seen, so that keys asked for out of order or absent cost one walk of the map.
struct KeyedFrame {
    var id: UInt32
    /// Offset of the map's head.
    var start: Int
    /// Number of entries, or -1 for an indefinite-length map.
    var count: Int
    /// Offset of the next entry not yet indexed, and its position among the entries.
    var cursor: Int
    var cursorIndex: Int
    /// This frame's entries in `MapEntry` storage.
    var indexBase: Int
    var indexCount: Int
    /// True once every entry is indexed; `end` is then the offset just past the map.
    var complete: Bool
    var end: Int
    /// Where in the index the next search starts: just after the last entry found.
    var searchHint: Int = 0
    /// Offset of the first entry, and how many entries the cursor had passed when the index began;
    /// entries before that are not in the index.
    var firstEntry: Int
    var indexedFrom: Int = 0
    /// Whether every key the cursor passed was an integer, and the largest of them: a larger integer
    /// key cannot be among those entries, so looking it up needs no walk over them.
    var prefixIntegersOnly = true
    var prefixMaxInteger = Int.min
    /// Keys 0–63 seen so far, as bits, while every key seen is such a small integer; once a scan
    /// reached the end of the map it is the map's exact key set, and an absent key costs a bit test.
    var smallKeys: UInt64 = 0
    var onlySmallKeys = true
    var scannedToEnd = false
}

/// The decoder's keyed frames, in memory it owns, so that a frame is read and updated in place.
/// `KeyedFrame` holds only integers and flags, so no element needs deinitializing.
struct FrameStack {
    private(set) var base: UnsafeMutablePointer<KeyedFrame>
    private(set) var count = 0
    private var capacity: Int

    init() {
        capacity = 16
        base = .allocate(capacity: capacity)
    }

    mutating func append(_ frame: KeyedFrame) {
        if count == capacity {
            let grown = UnsafeMutablePointer<KeyedFrame>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: frame)
        count += 1
    }

    mutating func truncate(to newCount: Int) {
        count = min(count, newCount)
    }

    func deallocate() { base.deallocate() }
}

/// The decoder that `Decodable` types see.
final class CBORDecoderImpl: Decoder {
    /// The mutable state, behind a pointer: stored properties of a class are checked for exclusive
    /// access at run time on every write, which cost more than the decoding itself; memory reached
    /// through an unsafe pointer is not. The pointer is owned by this instance alone.
    struct State {
        var pos = 0
        var depth = 0
        var path = CodingPathStack()
        var frames = FrameStack()
        var strings = StringCache()
        var entries: [MapEntry] = []
        var nextFrameID: UInt32 = 1
        /// A memo of the last item whose end became known: the item at `knownStart` ends at `knownEnd`.
        /// Containers that read to their end record it so the value's end is not searched for again.
        var knownStart = -1
        var knownEnd = 0
        var specialTypes = SpecialTypeCache()
    }

    let base: UnsafeRawPointer
    let end: Int
    let maxDepth: Int
    private let state: UnsafeMutablePointer<State>
    /// Keeps the input alive for decoders made for `superDecoder()`, which share its memory.
    private let owner: CBORDecoderImpl?

    var pos: Int {
        get { state.pointee.pos }
        set { state.pointee.pos = newValue }
    }
    private var depth: Int {
        get { state.pointee.depth }
        set { state.pointee.depth = newValue }
    }
    var path: [any CodingKey] { state.pointee.path.keys }
    /// The keyed frame at `index`, addressed in place: no copy, no uniqueness check.
    @inline(__always)
    func keyedFrame(_ index: Int) -> UnsafeMutablePointer<KeyedFrame> {
        state.pointee.frames.base + index
    }
    var entries: [MapEntry] {
        _read { yield state.pointee.entries }
        _modify { yield &state.pointee.entries }
    }
    private var nextFrameID: UInt32 {
        get { state.pointee.nextFrameID }
        set { state.pointee.nextFrameID = newValue }
    }
    var knownStart: Int {
        get { state.pointee.knownStart }
        set { state.pointee.knownStart = newValue }
    }
    var knownEnd: Int {
        get { state.pointee.knownEnd }
        set { state.pointee.knownEnd = newValue }
    }

    deinit {
        state.pointee.frames.deallocate()
        state.pointee.path.deallocate()
        state.pointee.strings.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// An empty input still needs a valid pointer. Safe to share unsynchronized: nothing ever writes
    /// it, and every read is bounded by `end`, which is 0 for an empty input, so it is never read either.
    nonisolated(unsafe) private static let emptyInput = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.base = bytes.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(Self.emptyInput)
        self.end = bytes.count
        self.maxDepth = maxDepth
        self.owner = nil
        self.state = .allocate(capacity: 1)
        self.state.initialize(to: State())
    }

    private init(parent: CBORDecoderImpl, at offset: Int, path: [any CodingKey]) {
        self.base = parent.base
        self.end = parent.end
        self.maxDepth = parent.maxDepth - parent.depth
        self.owner = parent
        self.state = .allocate(capacity: 1)
        self.state.initialize(to: State(pos: offset, path: CodingPathStack(path)))
    }

    func makeChild(at offset: Int, key: any CodingKey) -> CBORDecoderImpl {
        CBORDecoderImpl(parent: self, at: offset, path: path + [key])
    }

    // MARK: Reading heads

    @inline(__always)
    func peekByte(at offset: Int) throws -> UInt8 {
        guard offset < end else { throw CBORError.truncated(offset: offset, needed: 1) }
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// Reads the head at `offset` and moves `offset` past it.
    @inline(__always)
    func readHead(at offset: inout Int) throws -> Head {
        guard offset < end else { throw CBORError.truncated(offset: offset, needed: 1) }
        let initial = base.load(fromByteOffset: offset, as: UInt8.self)
        let major = initial >> 5
        let info = initial & 0x1f
        if info < 24 {
            offset &+= 1
            return Head(major: major, info: info, argument: UInt64(info))
        }
        let argument: UInt64
        let length: Int
        switch info {
        case 24:
            length = 1
            guard end - offset > length else { throw CBORError.truncated(offset: offset + 1, needed: length) }
            argument = UInt64(base.load(fromByteOffset: offset + 1, as: UInt8.self))
        case 25:
            length = 2
            guard end - offset > length else { throw CBORError.truncated(offset: offset + 1, needed: length) }
            argument = UInt64(UInt16(bigEndian: base.loadUnaligned(fromByteOffset: offset + 1, as: UInt16.self)))
        case 26:
            length = 4
            guard end - offset > length else { throw CBORError.truncated(offset: offset + 1, needed: length) }
            argument = UInt64(UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset + 1, as: UInt32.self)))
        case 27:
            length = 8
            guard end - offset > length else { throw CBORError.truncated(offset: offset + 1, needed: length) }
            argument = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: offset + 1, as: UInt64.self))
        case 31:
            guard major >= CBOR.majorBytes, major != CBOR.majorTag else {
                throw CBORError.invalidIndefiniteLength(offset: offset)
            }
            offset &+= 1
            return Head(major: major, info: info, argument: 0)
        default:
            throw CBORError.reservedAdditionalInformation(byte: initial, offset: offset)
        }
        if major == CBOR.majorSimple && info == 24 && argument < 32 {
            throw CBORError.invalidSimpleValue(UInt8(argument), offset: offset)
        }
        offset &+= 1 &+ length
        return Head(major: major, info: info, argument: argument)
    }

    /// Checks that `count` items of at least `unit` bytes each could fit in what is left after `offset`.
    @inline(__always)
    func checkCount(_ count: UInt64, unit: Int, at offset: Int, headOffset: Int) throws -> Int {
        let remaining = end - offset
        guard count <= UInt64(remaining / unit) else {
            throw CBORError.countExceedsInput(count: count, remaining: remaining, offset: headOffset)
        }
        return Int(count)
    }

    // MARK: Skipping

    /// Returns the offset just past the item at `offset`, checking its structure but not decoding it.
    func skipItem(at offset: Int, depth: Int = 0) throws -> Int {
        guard depth < maxDepth else { throw CBORError.nestingTooDeep(limit: maxDepth, offset: offset) }
        var offset = offset
        let headOffset = offset
        let head = try readHead(at: &offset)
        switch head.major {
        case CBOR.majorUnsigned, CBOR.majorNegative:
            return offset
        case CBOR.majorBytes, CBOR.majorText:
            if head.isIndefinite {
                while try peekByte(at: offset) != CBOR.breakByte {
                    let chunkOffset = offset
                    let chunk = try readHead(at: &offset)
                    guard chunk.major == head.major, !chunk.isIndefinite else {
                        throw CBORError.invalidIndefiniteLength(offset: chunkOffset)
                    }
                    offset += try checkCount(chunk.argument, unit: 1, at: offset, headOffset: chunkOffset)
                }
                return offset + 1
            }
            return offset + (try checkCount(head.argument, unit: 1, at: offset, headOffset: headOffset))
        case CBOR.majorArray, CBOR.majorMap:
            let perEntry = head.major == CBOR.majorMap ? 2 : 1
            if head.isIndefinite {
                while try peekByte(at: offset) != CBOR.breakByte {
                    for _ in 0..<perEntry { offset = try skipItem(at: offset, depth: depth + 1) }
                }
                return offset + 1
            }
            let count = try checkCount(head.argument, unit: perEntry, at: offset, headOffset: headOffset)
            for _ in 0..<(count * perEntry) { offset = try skipItem(at: offset, depth: depth + 1) }
            return offset
        case CBOR.majorTag:
            return try skipItem(at: offset, depth: depth + 1)
        default:
            if head.isIndefinite { throw CBORError.invalidIndefiniteLength(offset: headOffset) }
            return offset
        }
    }

    /// Reads the head at `pos`, stepping over tags that leave a value's meaning unchanged: 55799
    /// ("self-described CBOR") and the encoding hints 21–23. Any other tag is returned, so that a
    /// caller that does not understand it reports a mismatch instead of misreading the value.
    @inline(__always)
    func readValueHead(keepingTags keep: (UInt64) -> Bool = { _ in false }) throws -> Head {
        var head = try readHead(at: &pos)
        var tags = 0
        while head.major == CBOR.majorTag && !keep(head.argument) && CBOR.isTransparentTag(head.argument) {
            tags += 1
            if tags > maxDepth { throw CBORError.nestingTooDeep(limit: maxDepth, offset: pos) }
            head = try readHead(at: &pos)
        }
        return head
    }

    // MARK: Errors

    func mismatch(_ type: Any.Type, _ head: Head, at offset: Int) -> DecodingError {
        .typeMismatch(
            type,
            DecodingError.Context(
                codingPath: path,
                debugDescription: "expected \(type), found \(Self.describe(head)) at offset \(offset)"
            )
        )
    }

    func corrupted(_ message: String) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: path, debugDescription: message))
    }

    static func describe(_ head: Head) -> String {
        switch head.major {
        case CBOR.majorUnsigned: "an unsigned integer"
        case CBOR.majorNegative: "a negative integer"
        case CBOR.majorBytes: "a byte string"
        case CBOR.majorText: "a text string"
        case CBOR.majorArray: "an array"
        case CBOR.majorMap: "a map"
        case CBOR.majorTag: "tag \(head.argument)"
        default:
            switch head.info {
            case 20, 21: "a boolean"
            case 22: "null"
            case 23: "undefined"
            case 25, 26, 27: "a float"
            case 31: "a break"
            default: "simple value \(head.argument)"
            }
        }
    }

    /// Adds `key` to the coding path of an error raised while decoding a primitive under it.
    func annotate(_ error: any Error, with key: any CodingKey) -> any Error {
        guard let decodingError = error as? DecodingError else { return error }
        func extend(_ context: DecodingError.Context) -> DecodingError.Context {
            guard context.codingPath.count == path.count else { return context }
            return DecodingError.Context(
                codingPath: path + [key],
                debugDescription: context.debugDescription,
                underlyingError: context.underlyingError
            )
        }
        switch decodingError {
        case .typeMismatch(let type, let context): return DecodingError.typeMismatch(type, extend(context))
        case .valueNotFound(let type, let context): return DecodingError.valueNotFound(type, extend(context))
        case .keyNotFound(let missing, let context): return DecodingError.keyNotFound(missing, extend(context))
        case .dataCorrupted(let context): return DecodingError.dataCorrupted(extend(context))
        @unknown default: return error
        }
    }

    // MARK: Values

    @inline(__always)
    func special<T>(_ type: T.Type) -> SpecialType {
        state.pointee.specialTypes.kind(of: type)
    }

    /// Decodes one value of any type at `pos` and moves `pos` past it.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        let kind = special(type)
        if kind != .none {
            return try decodeSpecial(kind, as: type)
        }
        return try decodeComposite(type)
    }

    private func decodeComposite<T: Decodable>(_ type: T.Type) throws -> T {
        let start = pos
        guard depth < maxDepth else { throw CBORError.nestingTooDeep(limit: maxDepth, offset: start) }
        depth += 1
        let frameMark = state.pointee.frames.count
        let entryMark = entries.count
        defer {
            depth -= 1
            if state.pointee.frames.count > frameMark { state.pointee.frames.truncate(to: frameMark) }
            if entries.count > entryMark { entries.removeSubrange(entryMark...) }
        }
        let value = try T(from: self)
        pos = try endOfItem(at: start, frameMark: frameMark)
        return value
    }

    /// The end of the item at `start`, from what its containers learned, or by walking it.
    private func endOfItem(at start: Int, frameMark: Int) throws -> Int {
        if knownStart == start { return knownEnd }
        if state.pointee.frames.count > frameMark && keyedFrame(frameMark).pointee.start == start {
            try completeIndex(frameMark)
            return keyedFrame(frameMark).pointee.end
        }
        let itemEnd = try skipItem(at: start, depth: depth)
        knownStart = start
        knownEnd = itemEnd
        return itemEnd
    }

    /// Whether values `levels` containers deeper than the current one are within the depth limit:
    /// the check `decodeComposite` makes at each of those levels.
    @inline(__always)
    func depthLimitAllows(levels: Int) -> Bool { depth + levels <= maxDepth }

    func remember(start: Int, end itemEnd: Int) {
        knownStart = start
        knownEnd = itemEnd
    }

    private func decodeSpecial<T: Decodable>(_ kind: SpecialType, as type: T.Type) throws -> T {
        // `kind` was derived from `T`, so each case reads a value of exactly type `T`.
        switch kind {
        case .none: throw corrupted("internal error: no special decoding for \(type)")
        case .string: return reinterpret(try decodeString(), as: T.self)
        case .int: return reinterpret(try decodeInteger(Int.self), as: T.self)
        case .double: return reinterpret(try decodeDouble(), as: T.self)
        case .bool: return reinterpret(try decodeBool(), as: T.self)
        case .float: return reinterpret(try decodeFloat(), as: T.self)
        case .int8: return reinterpret(try decodeInteger(Int8.self), as: T.self)
        case .int16: return reinterpret(try decodeInteger(Int16.self), as: T.self)
        case .int32: return reinterpret(try decodeInteger(Int32.self), as: T.self)
        case .int64: return reinterpret(try decodeInteger(Int64.self), as: T.self)
        case .uint: return reinterpret(try decodeInteger(UInt.self), as: T.self)
        case .uint8: return reinterpret(try decodeInteger(UInt8.self), as: T.self)
        case .uint16: return reinterpret(try decodeInteger(UInt16.self), as: T.self)
        case .uint32: return reinterpret(try decodeInteger(UInt32.self), as: T.self)
        case .uint64: return reinterpret(try decodeInteger(UInt64.self), as: T.self)
        case .date: return reinterpret(try decodeDate(), as: T.self)
        case .data: return reinterpret(try decodeData(), as: T.self)
        case .decimal: return reinterpret(try decodeDecimal(), as: T.self)
        case .doubleArray: return reinterpret(try decodeFloatArray(Double.self), as: T.self)
        case .floatArray: return reinterpret(try decodeFloatArray(Float.self), as: T.self)
        case .intArray: return reinterpret(try decodeIntegerArray(Int.self), as: T.self)
        case .int8Array: return reinterpret(try decodeIntegerArray(Int8.self), as: T.self)
        case .int16Array: return reinterpret(try decodeIntegerArray(Int16.self), as: T.self)
        case .int32Array: return reinterpret(try decodeIntegerArray(Int32.self), as: T.self)
        case .int64Array: return reinterpret(try decodeIntegerArray(Int64.self), as: T.self)
        case .uintArray: return reinterpret(try decodeIntegerArray(UInt.self), as: T.self)
        case .uint8Array: return reinterpret(try decodeIntegerArray(UInt8.self), as: T.self)
        case .uint16Array: return reinterpret(try decodeIntegerArray(UInt16.self), as: T.self)
        case .uint32Array: return reinterpret(try decodeIntegerArray(UInt32.self), as: T.self)
        case .uint64Array: return reinterpret(try decodeIntegerArray(UInt64.self), as: T.self)
        case .set:
            // Sets decode through their own `init(from:)`; only their encoding needs sorting.
            return try decodeComposite(type)
        case .dictionary:
            guard let dictionaryType = type as? any CBORDictionaryDecodable.Type else {
                return try decodeComposite(type)
            }
            guard depth < maxDepth else { throw CBORError.nestingTooDeep(limit: maxDepth, offset: pos) }
            depth += 1
            defer { depth -= 1 }
            return try Self.cast(dictionaryType.decodeDictionary(from: self), to: type)
        case .observationRecords:
            guard depth < maxDepth else { throw CBORError.nestingTooDeep(limit: maxDepth, offset: pos) }
            depth += 1
            defer { depth -= 1 }
            return reinterpret(try decodeObservationRecords(), as: T.self)
        case .array:
            guard let arrayType = type as? any CBORArrayDecodable.Type else { return try decodeComposite(type) }
            guard depth < maxDepth else { throw CBORError.nestingTooDeep(limit: maxDepth, offset: pos) }
            depth += 1
            defer { depth -= 1 }
            return try Self.cast(arrayType.decodeArray(from: self), to: type)
        }
    }

    /// Opens the existential the array decoder returns; its type is `T` by construction.
    private static func cast<A, T>(_ value: A, to type: T.Type) -> T {
        reinterpret(value, as: T.self)
    }

    // MARK: Primitives

    /// Consumes a null or undefined at `pos` and returns true, or leaves `pos` and returns false.
    func decodeNilIfPresent() throws -> Bool {
        let byte = try peekByte(at: pos)
        if byte == CBOR.nullByte || byte == CBOR.undefinedByte {
            pos += 1
            return true
        }
        return false
    }

    func decodeBool() throws -> Bool {
        let offset = pos
        let head = try readValueHead()
        if head.major == CBOR.majorSimple {
            if head.info == 20 { return false }
            if head.info == 21 { return true }
        }
        throw mismatch(Bool.self, head, at: offset)
    }

    func decodeString() throws -> String {
        let offset = pos
        // Fast path: a short text string, whose length is in its initial byte.
        if offset < end {
            let initial = base.load(fromByteOffset: offset, as: UInt8.self)
            let length = Int(initial) &- 0x60
            if length >= 0 && length < 16 && end - offset > length {
                guard let string = state.pointee.strings.string(base + offset + 1, length: length) else {
                    throw CBORError.invalidUTF8(offset: offset)
                }
                pos = offset + 1 + length
                return string
            }
        }
        let head = try readValueHead()
        guard head.major == CBOR.majorText else { throw mismatch(String.self, head, at: offset) }
        if head.isIndefinite {
            var bytes: [UInt8] = []
            while try peekByte(at: pos) != CBOR.breakByte {
                let chunkOffset = pos
                let chunk = try readHead(at: &pos)
                guard chunk.major == CBOR.majorText, !chunk.isIndefinite else {
                    throw CBORError.invalidIndefiniteLength(offset: chunkOffset)
                }
                let length = try checkCount(chunk.argument, unit: 1, at: pos, headOffset: chunkOffset)
                guard UTF8Validation.isValid(base + pos, count: length) else {
                    throw CBORError.invalidUTF8(offset: chunkOffset)
                }
                bytes.append(contentsOf: UnsafeRawBufferPointer(start: base + pos, count: length))
                pos += length
            }
            pos += 1
            return String(decoding: bytes, as: UTF8.self)
        }
        let length = try checkCount(head.argument, unit: 1, at: pos, headOffset: offset)
        guard let string = UTF8Validation.string(base + pos, count: length) else {
            throw CBORError.invalidUTF8(offset: offset)
        }
        pos += length
        return string
    }

    /// The bytes of a byte string at `pos` (definite or chunked), or of an RFC 8746 uint8 typed array.
    func decodeByteString(for type: Any.Type) throws -> [UInt8] {
        let offset = pos
        var head = try readValueHead(keepingTags: { $0 == CBOR.tagUInt8Array || $0 == 68 })
        if head.major == CBOR.majorTag && (head.argument == CBOR.tagUInt8Array || head.argument == 68) {
            head = try readHead(at: &pos)
        }
        guard head.major == CBOR.majorBytes else { throw mismatch(type, head, at: offset) }
        if head.isIndefinite {
            var bytes: [UInt8] = []
            while try peekByte(at: pos) != CBOR.breakByte {
                let chunkOffset = pos
                let chunk = try readHead(at: &pos)
                guard chunk.major == CBOR.majorBytes, !chunk.isIndefinite else {
                    throw CBORError.invalidIndefiniteLength(offset: chunkOffset)
                }
                let length = try checkCount(chunk.argument, unit: 1, at: pos, headOffset: chunkOffset)
                bytes.append(contentsOf: UnsafeRawBufferPointer(start: base + pos, count: length))
                pos += length
            }
            pos += 1
            return bytes
        }
        let length = try checkCount(head.argument, unit: 1, at: pos, headOffset: offset)
        let bytes = [UInt8](UnsafeRawBufferPointer(start: base + pos, count: length))
        pos += length
        return bytes
    }

    func decodeData() throws -> Data {
        let offset = pos
        let head = try readValueHead(keepingTags: { $0 == CBOR.tagUInt8Array })
        pos = offset
        if head.major == CBOR.majorArray {
            return Data(try decodeIntegerArray(UInt8.self))
        }
        return Data(try decodeByteString(for: Data.self))
    }

    /// Reads an integer item (major 0 or 1, or a bignum tag) as a sign and magnitude.
    private func readIntegerParts(_ head: Head, for type: Any.Type, at offset: Int) throws -> (
        negative: Bool, magnitude: UInt64
    )? {
        switch head.major {
        case CBOR.majorUnsigned:
            return (false, head.argument)
        case CBOR.majorNegative:
            // The value is -1 - argument; its magnitude may be 2^64, which no Swift integer holds.
            return head.argument == .max ? nil : (true, head.argument + 1)
        case CBOR.majorTag where head.argument == CBOR.tagPositiveBignum || head.argument == CBOR.tagNegativeBignum:
            let bytes = try decodeByteString(for: type)
            let significant = bytes.drop { $0 == 0 }
            guard significant.count <= 8 else { return nil }
            var magnitude: UInt64 = 0
            for byte in significant { magnitude = magnitude << 8 | UInt64(byte) }
            if head.argument == CBOR.tagNegativeBignum {
                return magnitude == .max ? nil : (true, magnitude + 1)
            }
            return (false, magnitude)
        default:
            return nil
        }
    }

    func decodeInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let offset = pos
        let head = try readValueHead(keepingTags: { $0 == CBOR.tagPositiveBignum || $0 == CBOR.tagNegativeBignum })
        // The common case first: a small unsigned integer.
        if head.major == CBOR.majorUnsigned, let value = I(exactly: head.argument) { return value }
        if head.major == CBOR.majorSimple && head.info >= 25 && head.info <= 27 {
            let double = floatValue(head)
            guard let value = I(exactly: double) else {
                throw corrupted("number \(double) at offset \(offset) is not an integer that fits \(I.self)")
            }
            return value
        }
        let isBignum =
            head.major == CBOR.majorTag
            && (head.argument == CBOR.tagPositiveBignum || head.argument == CBOR.tagNegativeBignum)
        guard head.major <= CBOR.majorNegative || isBignum else {
            throw mismatch(I.self, head, at: offset)
        }
        if let (negative, magnitude) = try readIntegerParts(head, for: I.self, at: offset) {
            if !negative, let value = I(exactly: magnitude) { return value }
            if negative, I.isSigned, magnitude <= UInt64(Int64.max) + 1 {
                let signed = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
                if let value = I(exactly: signed) { return value }
            }
            throw corrupted("number \(negative ? "-" : "")\(magnitude) at offset \(offset) does not fit \(I.self)")
        }
        throw corrupted("integer at offset \(offset) does not fit \(I.self)")
    }

    @inline(__always)
    private func floatValue(_ head: Head) -> Double {
        switch head.info {
        case 25: Double(HalfFloat.float(fromBits: UInt16(truncatingIfNeeded: head.argument)))
        case 26: Double(Float(bitPattern: UInt32(truncatingIfNeeded: head.argument)))
        default: Double(bitPattern: head.argument)
        }
    }

    func decodeDouble() throws -> Double {
        let offset = pos
        let head = try readValueHead()
        if head.major == CBOR.majorSimple && head.info >= 25 && head.info <= 27 {
            return floatValue(head)
        }
        if head.major <= CBOR.majorNegative {
            pos = offset
            let integer = try decodeInteger(Int64.self)
            guard let value = Double(exactly: integer) else {
                throw corrupted("integer \(integer) at offset \(offset) has no exact Double")
            }
            return value
        }
        throw mismatch(Double.self, head, at: offset)
    }

    func decodeFloat() throws -> Float {
        let offset = pos
        let head = try readValueHead()
        if head.major == CBOR.majorSimple {
            switch head.info {
            case 25: return HalfFloat.float(fromBits: UInt16(truncatingIfNeeded: head.argument))
            case 26: return Float(bitPattern: UInt32(truncatingIfNeeded: head.argument))
            case 27:
                let double = Double(bitPattern: head.argument)
                let single = Float(double)
                guard double.isNaN || Double(single) == double else {
                    throw corrupted("number \(double) at offset \(offset) does not fit Float exactly")
                }
                return single
            default: break
            }
        }
        if head.major <= CBOR.majorNegative {
            pos = offset
            let integer = try decodeInteger(Int64.self)
            guard let value = Float(exactly: integer) else {
                throw corrupted("integer \(integer) at offset \(offset) has no exact Float")
            }
            return value
        }
        throw mismatch(Float.self, head, at: offset)
    }

    // MARK: Special types

    func decodeDate() throws -> Date {
        let offset = pos
        let head = try readValueHead(keepingTags: { $0 == CBOR.tagEpochDate || $0 == CBOR.tagDateString })
        if head.major == CBOR.majorTag && head.argument == CBOR.tagDateString {
            let text = try decodeString()
            guard let date = RFC3339.parse(text) else {
                throw corrupted("date string \"\(text)\" at offset \(offset) is not RFC 3339")
            }
            return date
        }
        if head.major != CBOR.majorTag { pos = offset }
        let seconds = try decodeDouble()
        guard seconds.isFinite else { throw corrupted("date at offset \(offset) is not a finite number") }
        return Date(timeIntervalSince1970: seconds)
    }

    func decodeDecimal() throws -> Decimal {
        let offset = pos
        let head = try readValueHead(keepingTags: { $0 == CBOR.tagDecimalFraction })
        guard head.major == CBOR.majorTag else {
            pos = offset
            if head.major <= CBOR.majorNegative {
                return Decimal(try decodeInteger(Int64.self))
            }
            let double = try decodeDouble()
            if double.isNaN { return Decimal.nan }
            // Decimal has no infinity, and turns magnitudes beyond its range (about 1e165 from a
            // Double) into NaN; both are refused rather than read as something else.
            let decimal = double.isFinite ? Decimal(double) : Decimal.nan
            guard !decimal.isNaN else {
                throw corrupted("number \(double) at offset \(offset) has no Decimal value")
            }
            return decimal
        }
        let arrayOffset = pos
        let array = try readValueHead()
        guard array.major == CBOR.majorArray, array.argument == 2, !array.isIndefinite else {
            throw mismatch(Decimal.self, array, at: arrayOffset)
        }
        let exponent = try decodeInteger(Int.self)
        let mantissaOffset = pos
        let mantissaHead = try readValueHead(keepingTags: {
            $0 == CBOR.tagPositiveBignum || $0 == CBOR.tagNegativeBignum
        })
        var negative = false
        var magnitude: [UInt8]
        switch mantissaHead.major {
        case CBOR.majorUnsigned, CBOR.majorNegative:
            negative = mantissaHead.major == CBOR.majorNegative
            var value = mantissaHead.argument
            magnitude = []
            if negative {
                // -1 - argument, as a 65-bit magnitude.
                if value == .max {
                    magnitude = [1, 0, 0, 0, 0, 0, 0, 0, 0]
                    value = 0
                } else {
                    value += 1
                }
            }
            if magnitude.isEmpty {
                magnitude = withUnsafeBytes(of: value.bigEndian) { Array($0) }
            }
        case CBOR.majorTag:
            negative = mantissaHead.argument == CBOR.tagNegativeBignum
            magnitude = Array(try decodeByteString(for: Decimal.self).drop { $0 == 0 })
            if negative {
                // The bignum holds n where the value is -1 - n: add one to get the magnitude.
                var index = magnitude.count - 1
                while index >= 0 && magnitude[index] == 0xff {
                    magnitude[index] = 0
                    index -= 1
                }
                if index >= 0 { magnitude[index] += 1 } else { magnitude.insert(1, at: 0) }
            }
        default:
            throw mismatch(Decimal.self, mantissaHead, at: mantissaOffset)
        }
        let significant = Array(magnitude.drop { $0 == 0 })
        guard significant.count <= 16,
            let value = DecimalFraction.decimal(negative: negative, magnitude: significant, exponent: exponent)
        else {
            throw corrupted("decimal fraction at offset \(offset) is outside the range of Decimal")
        }
        return value
    }

    /// If a typed array starts at `pos`, consumes it and returns its layout and bytes' range.
    private func typedArray(for type: Any.Type) throws -> (layout: CBOR.TypedArrayLayout, start: Int, byteCount: Int)? {
        let offset = pos
        var probe = pos
        let head = try readHead(at: &probe)
        guard head.major == CBOR.majorTag, CBOR.typedArrayTags.contains(head.argument) else { return nil }
        guard let layout = CBOR.typedArrayLayout(tag: head.argument) else {
            throw corrupted("typed array tag \(head.argument) at offset \(offset) is not supported for \(type)")
        }
        let bytesOffset = probe
        let bytes = try readHead(at: &probe)
        guard bytes.major == CBOR.majorBytes, !bytes.isIndefinite else {
            throw mismatch(type, bytes, at: bytesOffset)
        }
        let byteCount = try checkCount(bytes.argument, unit: 1, at: probe, headOffset: bytesOffset)
        guard byteCount % layout.size == 0 else {
            throw CBORError.invalidTypedArrayLength(tag: head.argument, byteCount: byteCount, offset: offset)
        }
        pos = probe + byteCount
        return (layout, probe, byteCount)
    }

    /// Loads element `index` of a typed array as a signed or unsigned 64-bit magnitude, or a double.
    @inline(__always)
    private func loadBits(_ layout: CBOR.TypedArrayLayout, _ start: Int, _ index: Int) -> UInt64 {
        let offset = start + index * layout.size
        switch layout.size {
        case 1: return UInt64(base.load(fromByteOffset: offset, as: UInt8.self))
        case 2:
            let raw = base.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
            return UInt64(layout.bigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw))
        case 4:
            let raw = base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            return UInt64(layout.bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw))
        default:
            let raw = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            return layout.bigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw)
        }
    }

    func decodeIntegerArray<I: FixedWidthInteger>(_ type: I.Type) throws -> [I] {
        if I.self == UInt8.self, try peekByte(at: pos) >> 5 == CBOR.majorBytes {
            return try decodeByteString(for: [I].self).map { I(truncatingIfNeeded: $0) }
        }
        if let (layout, start, byteCount) = try typedArray(for: [I].self) {
            let count = byteCount / layout.size
            let native =
                layout.kind != .float && layout.size == MemoryLayout<I>.size && (layout.kind == .signed) == I.isSigned
            #if _endian(little)
                if native && (!layout.bigEndian || layout.size == 1) {
                    return [I](unsafeUninitializedCapacity: count) { buffer, initialized in
                        if let target = buffer.baseAddress, count > 0 {
                            UnsafeMutableRawPointer(target).copyMemory(from: base + start, byteCount: byteCount)
                        }
                        initialized = count
                    }
                }
            #endif
            var result: [I] = []
            result.reserveCapacity(count)
            for index in 0..<count {
                let bits = loadBits(layout, start, index)
                let converted: I?
                switch layout.kind {
                case .unsigned: converted = I(exactly: bits)
                case .signed:
                    let shift = UInt64(64 - layout.size * 8)
                    converted = I(exactly: Int64(bitPattern: bits << shift) >> Int64(shift))
                case .float:
                    converted = I(exactly: Self.floatElement(layout, bits))
                }
                guard let value = converted else {
                    throw corrupted("typed array element \(index) at offset \(start) does not fit \(I.self)")
                }
                result.append(value)
            }
            return result
        }
        return try decodePlainArray { try $0.decodeInteger(I.self) }
    }

    private static func floatElement(_ layout: CBOR.TypedArrayLayout, _ bits: UInt64) -> Double {
        switch layout.size {
        case 2: Double(HalfFloat.float(fromBits: UInt16(truncatingIfNeeded: bits)))
        case 4: Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        default: Double(bitPattern: bits)
        }
    }

    func decodeFloatArray<F: BinaryFloatingPoint>(_ type: F.Type) throws -> [F] {
        if let (layout, start, byteCount) = try typedArray(for: [F].self) {
            let count = byteCount / layout.size
            #if _endian(little)
                if layout.kind == .float && layout.size == MemoryLayout<F>.size && !layout.bigEndian {
                    return [F](unsafeUninitializedCapacity: count) { buffer, initialized in
                        if let target = buffer.baseAddress, count > 0 {
                            UnsafeMutableRawPointer(target).copyMemory(from: base + start, byteCount: byteCount)
                        }
                        initialized = count
                    }
                }
            #endif
            var result: [F] = []
            result.reserveCapacity(count)
            for index in 0..<count {
                let bits = loadBits(layout, start, index)
                let element: Double
                switch layout.kind {
                case .float: element = Self.floatElement(layout, bits)
                case .unsigned: element = Double(bits)
                case .signed:
                    let shift = UInt64(64 - layout.size * 8)
                    element = Double(Int64(bitPattern: bits << shift) >> Int64(shift))
                }
                let converted = F(element)
                guard element.isNaN || Double(converted) == element else {
                    throw corrupted("typed array element \(index) at offset \(start) does not fit \(F.self) exactly")
                }
                result.append(converted)
            }
            return result
        }
        if F.self == Double.self {
            return try decodePlainArray { F(try $0.decodeDouble()) }
        }
        return try decodePlainArray { F(try $0.decodeFloat()) }
    }

    /// Decodes a plain CBOR array whose elements `element` reads.
    private func decodePlainArray<E>(_ element: (CBORDecoderImpl) throws -> E) throws -> [E] {
        let offset = pos
        let head = try readValueHead()
        guard head.major == CBOR.majorArray else { throw mismatch([E].self, head, at: offset) }
        guard depth < maxDepth else { throw CBORError.nestingTooDeep(limit: maxDepth, offset: offset) }
        var result: [E] = []
        if head.isIndefinite {
            while try peekByte(at: pos) != CBOR.breakByte { result.append(try element(self)) }
            pos += 1
            return result
        }
        let count = try checkCount(head.argument, unit: 1, at: pos, headOffset: offset)
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(self)) }
        return result
    }

    // MARK: Keyed frames

    /// Opens a keyed container on the map at `pos`.
    func openKeyedFrame() throws -> Int {
        let start = pos
        var offset = pos
        var head = try readHead(at: &offset)
        while head.major == CBOR.majorTag && CBOR.isTransparentTag(head.argument) { head = try readHead(at: &offset) }
        guard head.major == CBOR.majorMap else {
            throw mismatch([String: Any].self, head, at: start)
        }
        let count = head.isIndefinite ? -1 : try checkCount(head.argument, unit: 2, at: offset, headOffset: start)
        let frame = KeyedFrame(
            id: nextFrameID,
            start: start,
            count: count,
            cursor: offset,
            cursorIndex: 0,
            indexBase: entries.count,
            indexCount: 0,
            complete: false,
            end: 0,
            firstEntry: offset
        )
        nextFrameID &+= 1
        state.pointee.frames.append(frame)
        if count == 0 { markComplete(state.pointee.frames.count - 1, end: offset) }
        return state.pointee.frames.count - 1
    }

    /// Whether the frame's cursor has reached the end of its map (consuming a break if indefinite).
    @inline(__always)
    private func cursorAtEnd(_ index: Int) throws -> Bool {
        let frame = keyedFrame(index).pointee
        if frame.count >= 0 { return frame.cursorIndex >= frame.count }
        return try peekByte(at: frame.cursor) == CBOR.breakByte
    }

    private func markComplete(_ index: Int, end mapEnd: Int) {
        keyedFrame(index).pointee.complete = true
        keyedFrame(index).pointee.end = mapEnd
        remember(start: keyedFrame(index).pointee.start, end: mapEnd)
    }

    /// Records the entry at the cursor, whose value ends at `valueEnd`, and moves the cursor on.
    func advanceCursor(_ index: Int, keyOffset: Int, valueEnd: Int) throws {
        let initial = base.load(fromByteOffset: keyOffset, as: UInt8.self)
        if initial < 24 {
            keyedFrame(index).pointee.prefixMaxInteger = max(keyedFrame(index).pointee.prefixMaxInteger, Int(initial))
            keyedFrame(index).pointee.smallKeys |= 1 << UInt64(initial)
        } else {
            keyedFrame(index).pointee.onlySmallKeys = false
            var probe = keyOffset
            let head = try readHead(at: &probe)
            if head.major == CBOR.majorUnsigned, let int = Int(exactly: head.argument) {
                keyedFrame(index).pointee.prefixMaxInteger = max(keyedFrame(index).pointee.prefixMaxInteger, int)
            } else if head.major != CBOR.majorNegative {
                keyedFrame(index).pointee.prefixIntegersOnly = false
            }
        }
        keyedFrame(index).pointee.cursor = valueEnd
        keyedFrame(index).pointee.cursorIndex += 1
        if try cursorAtEnd(index) {
            // Every entry was passed by the cursor: none is in the index, all are before it.
            keyedFrame(index).pointee.indexedFrom = keyedFrame(index).pointee.cursorIndex
            markComplete(index, end: keyedFrame(index).pointee.count >= 0 ? valueEnd : valueEnd + 1)
        }
    }

    private func appendEntry(_ index: Int, _ entry: MapEntry) {
        let frame = keyedFrame(index).pointee
        if frame.indexBase + frame.indexCount != entries.count {
            // Another container of the same value indexed entries after ours; move ours to the top.
            let own = Array(entries[frame.indexBase..<(frame.indexBase + frame.indexCount)])
            keyedFrame(index).pointee.indexBase = entries.count
            entries.append(contentsOf: own)
        }
        entries.append(entry)
        keyedFrame(index).pointee.indexCount += 1
    }

    /// Indexes every entry after the cursor, so that any key can be looked up.
    func completeIndex(_ index: Int) throws {
        guard !keyedFrame(index).pointee.complete else { return }
        keyedFrame(index).pointee.indexedFrom = keyedFrame(index).pointee.cursorIndex
        var offset = keyedFrame(index).pointee.cursor
        while !(try cursorAtEnd(index)) {
            let keyOffset = offset
            let valueOffset = try skipItem(at: keyOffset, depth: depth)
            offset = try skipItem(at: valueOffset, depth: depth)
            appendEntry(index, MapEntry(keyOffset: keyOffset, valueOffset: valueOffset))
            keyedFrame(index).pointee.cursor = offset
            keyedFrame(index).pointee.cursorIndex += 1
        }
        markComplete(index, end: keyedFrame(index).pointee.count >= 0 ? offset : offset + 1)
    }

    /// Whether the key encoded at `offset` is `key`: an integer equal to its `intValue`, or a text
    /// string equal to its `stringValue`. Returns the offset just past the key when it matches.
    @inline(__always)
    func keyMatches<Key: CodingKey>(at offset: Int, int: Int?, _ key: Key) throws -> Int? {
        // Fast path: the small unsigned integer keys the encoder writes for schema fields.
        let initial = try peekByte(at: offset)
        if initial < 24 {
            return int == Int(initial) ? offset + 1 : nil
        }
        var probe = offset
        let head = try readHead(at: &probe)
        switch head.major {
        case CBOR.majorUnsigned:
            guard let int, int >= 0, UInt64(int) == head.argument else { return nil }
            return probe
        case CBOR.majorNegative:
            guard let int, int < 0, UInt64(bitPattern: Int64(~int)) == head.argument else { return nil }
            return probe
        case CBOR.majorText where !head.isIndefinite:
            let length = try checkCount(head.argument, unit: 1, at: probe, headOffset: offset)
            var name = key.stringValue
            let equal = name.withUTF8 { utf8 in
                guard utf8.count == length else { return false }
                guard let address = utf8.baseAddress, length > 0 else { return true }
                return memcmp(address, base + probe, length) == 0
            }
            return equal ? probe + length : nil
        default:
            return nil
        }
    }

    /// The key at `offset` as a coding key, or `nil` for keys that are neither integers nor text.
    func codingKey<Key: CodingKey>(at offset: Int, as type: Key.Type) throws -> Key? {
        var probe = offset
        let head = try readHead(at: &probe)
        switch head.major {
        case CBOR.majorUnsigned:
            return Int(exactly: head.argument).flatMap { Key(intValue: $0) }
        case CBOR.majorNegative:
            return Int64(exactly: head.argument).flatMap { Key(intValue: Int(-1 - $0)) }
        case CBOR.majorText:
            let saved = pos
            pos = offset
            defer { pos = saved }
            return Key(stringValue: try decodeString())
        default:
            return nil
        }
    }

    enum Location {
        /// The key is at the cursor: decode at `valueOffset`, then advance the cursor.
        case cursor(keyOffset: Int, valueOffset: Int)
        /// The key was found in the index.
        case indexed(valueOffset: Int)
        case absent
    }

    /// Finds `key` in frame `index`: first at the cursor (keys read in the order they were written
    /// cost nothing extra), then in the index after completing it, searching from where the last
    /// search ended so that keys asked for in order are found at once.
    func locate<Key: CodingKey>(_ key: Key, int: Int?, in index: Int) throws -> Location {
        let frame = keyedFrame(index).pointee
        if !frame.complete {
            if try !cursorAtEnd(index), let valueOffset = try keyMatches(at: frame.cursor, int: int, key) {
                return .cursor(keyOffset: frame.cursor, valueOffset: valueOffset)
            }
            // Not at the cursor. For maps keyed by small integers, one walk to the end tells which
            // keys exist, so absent optional fields do not need an index.
            if frame.onlySmallKeys, let int {
                if !frame.scannedToEnd { try scanAhead(index) }
                let scanned = keyedFrame(index).pointee
                if scanned.onlySmallKeys && (int < 0 || int > 63 || scanned.smallKeys & (1 << UInt64(int)) == 0) {
                    return .absent
                }
            }
            try completeIndex(index)
        }
        let completed = keyedFrame(index).pointee
        let count = completed.indexCount
        var position = completed.searchHint < count ? completed.searchHint : 0
        for _ in 0..<count {
            let entry = entries[completed.indexBase + position]
            position = position + 1 == count ? 0 : position + 1
            if try keyMatches(at: entry.keyOffset, int: int, key) != nil {
                keyedFrame(index).pointee.searchHint = position
                return .indexed(valueOffset: entry.valueOffset)
            }
        }
        if let int, completed.prefixIntegersOnly, int > completed.prefixMaxInteger {
            return .absent
        }
        // The entries the cursor passed before the index began: walk them.
        var offset = completed.firstEntry
        for _ in 0..<completed.indexedFrom {
            let valueOffset = try skipItem(at: offset, depth: depth)
            if try keyMatches(at: offset, int: int, key) != nil { return .indexed(valueOffset: valueOffset) }
            offset = try skipItem(at: valueOffset, depth: depth)
        }
        return .absent
    }

    /// The key at the frame's cursor when it is a small unsigned integer (0–23), as the encoder
    /// writes schema fields; `nil` otherwise.
    @inline(__always)
    func smallKeyAtCursor(_ index: Int) -> Int? {
        let frame = keyedFrame(index)
        guard !frame.pointee.complete, frame.pointee.cursor < end else { return nil }
        if frame.pointee.count >= 0 && frame.pointee.cursorIndex >= frame.pointee.count { return nil }
        let initial = base.load(fromByteOffset: frame.pointee.cursor, as: UInt8.self)
        return initial < 24 ? Int(initial) : nil
    }

    /// Moves the cursor past the entry with small key `key`, whose value ends at `valueEnd`.
    @inline(__always)
    func advanceCursor(_ index: Int, smallKey key: Int, valueEnd: Int) {
        // Fetched again: decoding the value may have grown the frame stack and moved it.
        let frame = keyedFrame(index)
        frame.pointee.prefixMaxInteger = max(frame.pointee.prefixMaxInteger, key)
        frame.pointee.smallKeys |= 1 << UInt64(key)
        frame.pointee.cursor = valueEnd
        frame.pointee.cursorIndex += 1
        let atEnd =
            frame.pointee.count >= 0
            ? frame.pointee.cursorIndex == frame.pointee.count
            : valueEnd < end && base.load(fromByteOffset: valueEnd, as: UInt8.self) == CBOR.breakByte
        if atEnd {
            frame.pointee.indexedFrom = frame.pointee.cursorIndex
            markComplete(index, end: frame.pointee.count >= 0 ? valueEnd : valueEnd + 1)
        }
    }

    /// Walks from the cursor to the end of the map, noting which small integer keys are there,
    /// without moving the cursor.
    private func scanAhead(_ index: Int) throws {
        let frame = keyedFrame(index).pointee
        var offset = frame.cursor
        var seen = frame.smallKeys
        var onlySmall = true
        var remaining = frame.count >= 0 ? frame.count - frame.cursorIndex : Int.max
        while remaining > 0 {
            let initial = try peekByte(at: offset)
            if frame.count < 0 && initial == CBOR.breakByte { break }
            if initial < 24 {
                seen |= 1 << UInt64(initial)
                offset += 1
            } else {
                onlySmall = false
                offset = try skipItem(at: offset, depth: depth)
            }
            offset = try skipItem(at: offset, depth: depth)
            remaining -= 1
        }
        keyedFrame(index).pointee.smallKeys = seen
        keyedFrame(index).pointee.onlySmallKeys = frame.onlySmallKeys && onlySmall
        keyedFrame(index).pointee.scannedToEnd = true
    }

    /// Every entry's key offset, in map order.
    func allKeyOffsets(_ index: Int) throws -> [Int] {
        try completeIndex(index)
        let frame = keyedFrame(index).pointee
        var offsets: [Int] = []
        var offset = frame.firstEntry
        for _ in 0..<frame.indexedFrom {
            offsets.append(offset)
            offset = try skipItem(at: try skipItem(at: offset, depth: depth), depth: depth)
        }
        for entryIndex in frame.indexBase..<(frame.indexBase + frame.indexCount) {
            offsets.append(entries[entryIndex].keyOffset)
        }
        return offsets
    }

    /// Checks that the container for frame `index` with identity `id` is still valid.
    @inline(__always)
    func checkFrame(_ index: Int, id: UInt32) throws {
        guard index < state.pointee.frames.count, keyedFrame(index).pointee.id == id else {
            throw corrupted("a keyed decoding container was used after the value that created it was decoded")
        }
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let index = try openKeyedFrame()
        return KeyedDecodingContainer(
            CBORKeyedDecodingContainer<Key>(impl: self, frameIndex: index, frameID: keyedFrame(index).pointee.id)
        )
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try CBORUnkeyedDecodingContainer(impl: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        CBORSingleValueDecodingContainer(impl: self, start: pos)
    }

    @inline(__always)
    func pushPath<Key: CodingKey>(_ key: Key) { state.pointee.path.push(key) }
    @inline(__always)
    func popPath() { state.pointee.path.pop() }
}

/// Arrays whose elements the decoder reads itself, reserving the array's length up front instead of
/// growing it element by element through the standard library's loop over an existential container.
protocol CBORArrayDecodable {
    static func decodeArray(from impl: CBORDecoderImpl) throws -> Self
}

extension Array: CBORArrayDecodable where Element: Decodable {
    static func decodeArray(from impl: CBORDecoderImpl) throws -> [Element] {
        var container = try CBORUnkeyedDecodingContainer(impl: impl)
        var result: [Element] = []
        result.reserveCapacity(container.count ?? 0)
        while !container.isAtEnd { result.append(try container.decode(Element.self)) }
        impl.pos = container.endOffset
        return result
    }
}

/// Dictionaries, which the decoder reads itself from a CBOR map with keys of any `Decodable` type.
/// An array of alternating keys and values, which is how Swift's own `Dictionary` encodes keys that
/// are neither strings nor integers, is read as well. A key that appears twice is an error.
protocol CBORDictionaryDecodable {
    static func decodeDictionary(from impl: CBORDecoderImpl) throws -> Self
}

extension Dictionary: CBORDictionaryDecodable where Key: Decodable, Value: Decodable {
    static func decodeDictionary(from impl: CBORDecoderImpl) throws -> [Key: Value] {
        let start = impl.pos
        let head = try impl.readValueHead()
        let pairs: Int
        switch head.major {
        case CBOR.majorMap:
            pairs =
                head.isIndefinite ? -1 : try impl.checkCount(head.argument, unit: 2, at: impl.pos, headOffset: start)
        case CBOR.majorArray:
            guard head.isIndefinite || head.argument % 2 == 0 else {
                throw impl.corrupted(
                    "array at offset \(start) has an odd number of items, so it is no list of key-value pairs"
                )
            }
            pairs =
                head.isIndefinite
                ? -1 : try impl.checkCount(head.argument, unit: 1, at: impl.pos, headOffset: start) / 2
        default:
            throw impl.mismatch([Key: Value].self, head, at: start)
        }
        var result: [Key: Value] = [:]
        result.reserveCapacity(Swift.max(pairs, 0))
        var index = 0
        while pairs >= 0 ? index < pairs : try impl.peekByte(at: impl.pos) != CBOR.breakByte {
            let keyOffset = impl.pos
            let key = try impl.decodeValue(Key.self)
            impl.pushPath(CBORKey(stringValue: String(describing: key)))
            let value = try impl.decodeValue(Value.self)
            impl.popPath()
            if result.updateValue(value, forKey: key) != nil {
                throw impl.corrupted("map at offset \(start) has the key \(key) twice (again at offset \(keyOffset))")
            }
            index += 1
        }
        if pairs < 0 { impl.pos += 1 }
        impl.remember(start: start, end: impl.pos)
        return result
    }
}
