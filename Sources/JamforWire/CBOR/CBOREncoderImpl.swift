import Foundation

/// The state of one value being encoded: which container it opened and how many items it holds.
struct EncoderFrame {
    enum Kind: UInt8 { case empty, keyed, unkeyed, single }

    var kind: Kind = .empty
    /// Offset of the one-byte head placeholder of a keyed or unkeyed container.
    var head: Int = 0
    /// Entries (map) or elements (array) written so far.
    var count: Int = 0
    /// Identifies the frame, so that a container kept past its value's end is detected.
    var id: UInt32 = 0
    /// Where this frame's nested containers start in `splices`.
    var spliceBase: Int = 0
}

/// A nested container or super encoder, written into its own encoder and spliced in when its parent
/// value ends. That keeps the bytes right even when a caller interleaves writes to both containers.
struct Splice {
    var offset: Int
    var child: CBOREncoderImpl
}

/// The encoder that `Encodable` types see. One instance encodes one top-level value (nested
/// containers get their own).
final class CBOREncoderImpl: Encoder {
    /// The mutable state, behind a pointer. Stored properties of a class are checked for exclusive
    /// access at run time on every write, which cost more than the encoding itself; memory reached
    /// through an unsafe pointer is not. The pointer is owned by this instance alone.
    struct State {
        var writer = ByteWriter()
        var frame = EncoderFrame()
        var nextFrameID: UInt32 = 1
        var splices: [Splice] = []
        var path: CodingPathStack
        var depth = 0
        /// The first misuse of a container; reported when the top-level value ends.
        var misuse: String?
        var specialTypes = SpecialTypeCache()
    }

    private let state: UnsafeMutablePointer<State>
    private let maxDepth: Int

    var writer: ByteWriter {
        _read { yield state.pointee.writer }
        _modify { yield &state.pointee.writer }
    }
    var frame: EncoderFrame {
        _read { yield state.pointee.frame }
        _modify { yield &state.pointee.frame }
    }
    private var nextFrameID: UInt32 {
        _read { yield state.pointee.nextFrameID }
        _modify { yield &state.pointee.nextFrameID }
    }
    var splices: [Splice] {
        _read { yield state.pointee.splices }
        _modify { yield &state.pointee.splices }
    }
    var path: [any CodingKey] { state.pointee.path.keys }
    private var depth: Int {
        _read { yield state.pointee.depth }
        _modify { yield &state.pointee.depth }
    }
    private var misuse: String? {
        _read { yield state.pointee.misuse }
        _modify { yield &state.pointee.misuse }
    }

    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(maxDepth: Int, path: [any CodingKey] = []) {
        self.maxDepth = maxDepth
        state = .allocate(capacity: 1)
        state.initialize(to: State(path: CodingPathStack(path)))
    }

    deinit {
        state.pointee.writer.deallocate()
        state.pointee.path.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    // MARK: Top level

    func encodeRoot<T: Encodable>(_ value: T) throws {
        try encodeValue(value)
        if let misuse { throw CBORError.invalidEncoderUse(misuse) }
    }

    func takeBytes() -> [UInt8] {
        [UInt8](UnsafeBufferPointer(start: writer.base, count: writer.count))
    }

    func appendBytes(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: writer.base, count: writer.count))
    }

    func noteMisuse(_ what: String) {
        if misuse == nil { misuse = what }
    }

    // MARK: Values

    @inline(__always)
    func special<T>(_ type: T.Type) -> SpecialType {
        state.pointee.specialTypes.kind(of: type)
    }

    /// Encodes one value of any type at the current position.
    func encodeValue<T: Encodable>(_ value: T) throws {
        switch special(T.self) {
        case .none: break
        case .string: return writer.appendString(reinterpret(value, as: String.self))
        case .int: return writer.appendInt64(Int64(reinterpret(value, as: Int.self)))
        case .double: return writer.appendDouble(reinterpret(value, as: Double.self))
        case .bool: return writer.append(reinterpret(value, as: Bool.self) ? CBOR.trueByte : CBOR.falseByte)
        case .float: return writer.appendFloat(reinterpret(value, as: Float.self))
        case .int8: return writer.appendInt64(Int64(reinterpret(value, as: Int8.self)))
        case .int16: return writer.appendInt64(Int64(reinterpret(value, as: Int16.self)))
        case .int32: return writer.appendInt64(Int64(reinterpret(value, as: Int32.self)))
        case .int64: return writer.appendInt64(reinterpret(value, as: Int64.self))
        case .uint: return writer.appendHead(CBOR.majorUnsigned, UInt64(reinterpret(value, as: UInt.self)))
        case .uint8: return writer.appendHead(CBOR.majorUnsigned, UInt64(reinterpret(value, as: UInt8.self)))
        case .uint16: return writer.appendHead(CBOR.majorUnsigned, UInt64(reinterpret(value, as: UInt16.self)))
        case .uint32: return writer.appendHead(CBOR.majorUnsigned, UInt64(reinterpret(value, as: UInt32.self)))
        case .uint64: return writer.appendHead(CBOR.majorUnsigned, reinterpret(value, as: UInt64.self))
        case .date: return encodeDate(reinterpret(value, as: Date.self))
        case .data: return encodeData(reinterpret(value, as: Data.self))
        case .decimal: return try encodeDecimal(reinterpret(value, as: Decimal.self))
        case .doubleArray: return encodeTypedArray(reinterpret(value, as: [Double].self), tag: CBOR.tagFloat64LE)
        case .floatArray: return encodeTypedArray(reinterpret(value, as: [Float].self), tag: CBOR.tagFloat32LE)
        case .intArray:
            return encodeTypedArray(reinterpret(value, as: [Int].self).map(Int64.init), tag: CBOR.tagInt64LE)
        case .int8Array: return encodeTypedArray(reinterpret(value, as: [Int8].self), tag: CBOR.tagInt8Array)
        case .int16Array: return encodeTypedArray(reinterpret(value, as: [Int16].self), tag: CBOR.tagInt16LE)
        case .int32Array: return encodeTypedArray(reinterpret(value, as: [Int32].self), tag: CBOR.tagInt32LE)
        case .int64Array: return encodeTypedArray(reinterpret(value, as: [Int64].self), tag: CBOR.tagInt64LE)
        case .uintArray:
            return encodeTypedArray(reinterpret(value, as: [UInt].self).map(UInt64.init), tag: CBOR.tagUInt64LE)
        case .uint8Array: return encodeTypedArray(reinterpret(value, as: [UInt8].self), tag: CBOR.tagUInt8Array)
        case .uint16Array: return encodeTypedArray(reinterpret(value, as: [UInt16].self), tag: CBOR.tagUInt16LE)
        case .uint32Array: return encodeTypedArray(reinterpret(value, as: [UInt32].self), tag: CBOR.tagUInt32LE)
        case .uint64Array: return encodeTypedArray(reinterpret(value, as: [UInt64].self), tag: CBOR.tagUInt64LE)
        case .observationRecords:
            return try oneLevelDeeper(value) {
                try encodeObservationRecords(reinterpret(value, as: [ObservationRecord].self))
            }
        case .array:
            if let array = value as? any CBORArrayEncodable {
                return try oneLevelDeeper(value) { try array.encodeElements(into: self) }
            }
        case .set:
            if let set = value as? any CBORSetEncodable {
                return try oneLevelDeeper(value) { try set.encodeSortedElements(into: self) }
            }
        case .dictionary:
            if let dictionary = value as? any CBORDictionaryEncodable {
                return try oneLevelDeeper(value) { try dictionary.encodeEntries(into: self) }
            }
        }
        try encodeComposite(value)
    }

    /// Runs `body` one nesting level deeper, within the depth limit.
    @inline(__always)
    private func oneLevelDeeper<T>(_ value: T, _ body: () throws -> Void) throws {
        guard depth < maxDepth else { throw tooDeep(value) }
        depth += 1
        defer { depth -= 1 }
        try body()
    }

    /// Whether values `levels` containers deeper than the current one are within the depth limit:
    /// the check `encodeComposite` makes at each of those levels.
    @inline(__always)
    func depthLimitAllows(levels: Int) -> Bool { depth + levels <= maxDepth }

    private func tooDeep(_ value: Any) -> EncodingError {
        EncodingError.invalidValue(
            value,
            EncodingError.Context(codingPath: path, debugDescription: "nesting deeper than \(maxDepth) levels")
        )
    }

    /// Lets `value` encode itself into a fresh frame, then closes the container it opened.
    private func encodeComposite<T: Encodable>(_ value: T) throws {
        guard depth < maxDepth else { throw tooDeep(value) }
        depth += 1
        let saved = frame
        frame = EncoderFrame(
            kind: .empty,
            head: writer.count,
            count: 0,
            id: nextFrameID,
            spliceBase: splices.count
        )
        nextFrameID &+= 1
        defer {
            frame = saved
            depth -= 1
        }
        try value.encode(to: self)
        try finishFrame()
    }

    /// Completes the current frame: splices nested containers in, sorts dictionary keys and writes the
    /// container's definite length over its placeholder.
    func finishFrame() throws {
        switch frame.kind {
        case .empty:
            // A value that encoded nothing is an empty map, as JSONEncoder writes `{}`.
            writer.append(0xa0)
        case .single:
            if frame.count == 0 {
                throw EncodingError.invalidValue(
                    "",
                    EncodingError.Context(
                        codingPath: path,
                        debugDescription: "a single-value container was requested but nothing was encoded into it"
                    )
                )
            }
        case .keyed, .unkeyed:
            try applySplices()
            let major = frame.kind == .keyed ? CBOR.majorMap : CBOR.majorArray
            writer.patchHead(at: frame.head, major: major, argument: UInt64(frame.count))
        }
    }

    private func applySplices() throws {
        guard splices.count > frame.spliceBase else { return }
        // Later splices sit at higher offsets, so inserting from the last keeps earlier offsets valid.
        for splice in splices[frame.spliceBase...].reversed() {
            try splice.child.finishFrame()
            if let childMisuse = splice.child.misuse { noteMisuse(childMisuse) }
            let length = splice.child.writer.count
            writer.insertGap(at: splice.offset, length: length)
            (writer.base + splice.offset).update(from: splice.child.writer.base, count: length)
        }
        splices.removeSubrange(frame.spliceBase...)
    }

    // MARK: Special types

    func encodeDate(_ date: Date) {
        writer.appendEpochDate(date)
    }

    func encodeData(_ data: Data) {
        writer.appendHead(CBOR.majorBytes, UInt64(data.count))
        data.withUnsafeBytes { writer.append($0) }
    }

    func encodeTypedArray<E: FixedWidthInteger>(_ values: [E], tag: UInt64) {
        writer.appendHead(CBOR.majorTag, tag)
        writer.appendHead(CBOR.majorBytes, UInt64(values.count * MemoryLayout<E>.size))
        #if _endian(little)
            values.withUnsafeBytes { writer.append($0) }
        #else
            for value in values { withUnsafeBytes(of: value.littleEndian) { writer.append($0) } }
        #endif
    }

    /// Writes doubles as a little-endian float64 typed array. Every NaN is written as the quiet NaN
    /// 0x7ff8000000000000, so that equal arrays give equal bytes whatever NaN payloads they carried.
    func encodeTypedArray(_ values: [Double], tag: UInt64) {
        writer.appendHead(CBOR.majorTag, tag)
        writer.appendHead(CBOR.majorBytes, UInt64(values.count * 8))
        let start = writer.count
        #if _endian(little)
            values.withUnsafeBytes { writer.append($0) }
        #else
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { writer.append($0) } }
        #endif
        // A separate pass over what was just copied: the copy stays a memcpy, and the check is a
        // branch-free scan that the compiler vectorizes.
        let words = UnsafeMutableRawPointer(writer.base + start)
        // The top bit of infinity's bits minus a magnitude is set exactly when the magnitude is NaN's.
        var nanBits: UInt64 = 0
        for index in 0..<values.count {
            let bits = UInt64(littleEndian: words.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
            nanBits |= 0x7ff0_0000_0000_0000 &- (bits & 0x7fff_ffff_ffff_ffff)
        }
        guard nanBits >> 63 != 0 else { return }
        for index in 0..<values.count where values[index].isNaN {
            words.storeBytes(of: UInt64(0x7ff8_0000_0000_0000).littleEndian, toByteOffset: index * 8, as: UInt64.self)
        }
    }

    /// Writes floats as a little-endian float32 typed array, with every NaN as 0x7fc00000.
    func encodeTypedArray(_ values: [Float], tag: UInt64) {
        writer.appendHead(CBOR.majorTag, tag)
        writer.appendHead(CBOR.majorBytes, UInt64(values.count * 4))
        let start = writer.count
        #if _endian(little)
            values.withUnsafeBytes { writer.append($0) }
        #else
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { writer.append($0) } }
        #endif
        let words = UnsafeMutableRawPointer(writer.base + start)
        for index in 0..<values.count where values[index].isNaN {
            words.storeBytes(of: UInt32(0x7fc0_0000).littleEndian, toByteOffset: index * 4, as: UInt32.self)
        }
    }

    func encodeDecimal(_ value: Decimal) throws {
        if value.isNaN {
            writer.appendCanonicalNaN()
            return
        }
        let fraction = DecimalFraction(value)
        writer.appendHead(CBOR.majorTag, CBOR.tagDecimalFraction)
        writer.appendHead(CBOR.majorArray, 2)
        writer.appendInt64(Int64(fraction.exponent))
        fraction.writeMantissa(into: &writer)
    }

    // MARK: Keys

    @inline(__always)
    func writeKey<Key: CodingKey>(_ key: Key) {
        if let int = key.intValue {
            writer.appendInt64(Int64(int))
        } else {
            writer.appendString(key.stringValue)
        }
    }

    // MARK: Frames used by containers

    /// Counts one more entry or element in the frame `id`, or notes a misuse when `id` is not current.
    @inline(__always)
    func beginItem(frameID id: UInt32) {
        if id != frame.id {
            noteMisuse("a container was used after the value that created it was finished")
        }
        frame.count &+= 1
    }

    @inline(__always)
    func pushPath<Key: CodingKey>(_ key: Key) { state.pointee.path.push(key) }
    @inline(__always)
    func popPath() { state.pointee.path.pop() }

    func makeChild(key: any CodingKey) -> CBOREncoderImpl {
        CBOREncoderImpl(maxDepth: maxDepth - depth, path: path + [key])
    }

    /// Reserves the current position for a nested container or super encoder written by `child`.
    func addSplice(_ child: CBOREncoderImpl) {
        splices.append(Splice(offset: writer.count, child: child))
    }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        switch frame.kind {
        case .empty:
            frame.kind = .keyed
            frame.head = writer.count
            writer.append(0xa0)
        case .keyed:
            break
        case .unkeyed, .single:
            noteMisuse("a keyed container was requested after another kind of container for the same value")
        }
        return KeyedEncodingContainer(CBORKeyedEncodingContainer<Key>(impl: self, frameID: frame.id))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        switch frame.kind {
        case .empty:
            frame.kind = .unkeyed
            frame.head = writer.count
            writer.append(0x80)
        case .unkeyed:
            break
        case .keyed, .single:
            noteMisuse("an unkeyed container was requested after another kind of container for the same value")
        }
        return CBORUnkeyedEncodingContainer(impl: self, frameID: frame.id)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        switch frame.kind {
        case .empty:
            frame.kind = .single
        case .single:
            break
        case .keyed, .unkeyed:
            noteMisuse("a single-value container was requested after another kind of container for the same value")
        }
        return CBORSingleValueEncodingContainer(impl: self, frameID: frame.id)
    }
}

/// Arrays whose elements the encoder walks itself: the count is known up front, so the head is
/// written once in its final form, and each element is encoded without going through the standard
/// library's loop over an existential container.
protocol CBORArrayEncodable {
    func encodeElements(into impl: CBOREncoderImpl) throws
}

extension Array: CBORArrayEncodable where Element: Encodable {
    func encodeElements(into impl: CBOREncoderImpl) throws {
        impl.writer.appendHead(CBOR.majorArray, UInt64(count))
        for index in indices {
            impl.pushPath(CBORIndexKey(index))
            defer { impl.popPath() }
            try impl.encodeValue(self[index])
        }
    }
}

/// Dictionaries, which the encoder writes itself as CBOR maps: keys of any `Encodable` type are
/// written as what they are (text, integers, or anything else), and the entries are sorted by the
/// bytes of their encoded keys (RFC 8949 section 4.2.1), since a dictionary's own order is random.
protocol CBORDictionaryEncodable {
    func encodeEntries(into impl: CBOREncoderImpl) throws
}

extension Dictionary: CBORDictionaryEncodable where Key: Encodable, Value: Encodable {
    func encodeEntries(into impl: CBOREncoderImpl) throws {
        impl.writer.appendHead(CBOR.majorMap, UInt64(count))
        let regionStart = impl.writer.count
        var entries: [MapEntrySpan] = []
        entries.reserveCapacity(count)
        for (key, value) in self {
            let start = impl.writer.count
            try impl.encodeValue(key)
            let keyEnd = impl.writer.count
            impl.pushPath(CBORKey(stringValue: String(describing: key)))
            defer { impl.popPath() }
            try impl.encodeValue(value)
            entries.append(MapEntrySpan(start: start, keyEnd: keyEnd, end: impl.writer.count))
        }
        impl.writer.sortMapEntries(entries, regionStart: regionStart)
    }
}

/// Where one written map entry lies: its key from `start` to `keyEnd`, its value up to `end`.
struct MapEntrySpan {
    var start: Int
    var keyEnd: Int
    var end: Int
}

extension ByteWriter {
    /// Reorders the entries written since `regionStart` by the bytes of their keys.
    mutating func sortMapEntries(_ entries: [MapEntrySpan], regionStart: Int) {
        guard entries.count > 1 else { return }
        let region = [UInt8](UnsafeBufferPointer(start: base + regionStart, count: count - regionStart))
        let sorted = entries.sorted { a, b in
            region[(a.start - regionStart)..<(a.keyEnd - regionStart)].lexicographicallyPrecedes(
                region[(b.start - regionStart)..<(b.keyEnd - regionStart)]
            )
        }
        var offset = regionStart
        for entry in sorted {
            for byte in region[(entry.start - regionStart)..<(entry.end - regionStart)] {
                base[offset] = byte
                offset += 1
            }
        }
    }
}

/// Sets, which the encoder writes as arrays sorted by the bytes of their encoded elements: a set's
/// own order changes from process to process, and equal values must give equal bytes.
protocol CBORSetEncodable {
    func encodeSortedElements(into impl: CBOREncoderImpl) throws
}

extension Set: CBORSetEncodable where Element: Encodable {
    func encodeSortedElements(into impl: CBOREncoderImpl) throws {
        impl.writer.appendHead(CBOR.majorArray, UInt64(count))
        let regionStart = impl.writer.count
        var elements: [MapEntrySpan] = []
        elements.reserveCapacity(count)
        for (index, element) in enumerated() {
            let start = impl.writer.count
            impl.pushPath(CBORIndexKey(index))
            defer { impl.popPath() }
            try impl.encodeValue(element)
            // The whole element is the sort key.
            elements.append(MapEntrySpan(start: start, keyEnd: impl.writer.count, end: impl.writer.count))
        }
        impl.writer.sortMapEntries(elements, regionStart: regionStart)
    }
}
