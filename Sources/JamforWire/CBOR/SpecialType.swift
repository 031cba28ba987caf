import Foundation

/// What the generic encode and decode paths know about a type without calling its `encode(to:)` or
/// `init(from:)`: the types they read and write directly.
enum SpecialType: UInt8 {
    case none, string, int, double, bool, float, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64
    case date, data, decimal
    case doubleArray, floatArray, intArray, int8Array, int16Array, int32Array, int64Array
    case uintArray, uint8Array, uint16Array, uint32Array, uint64Array
    /// `[ObservationRecord]`, which the coder writes and reads itself (`ObservationRecordCBOR.swift`).
    case observationRecords
    /// Any other array, whose elements the coder walks itself.
    case array
    /// A dictionary: written as a CBOR map whatever its key type, entries sorted by encoded key.
    case dictionary
    /// A set: written as an array whose elements are sorted by their encoded bytes.
    case set

    static func classify<T>(_ type: T.Type) -> SpecialType {
        if type == String.self { return .string }
        if type == Int.self { return .int }
        if type == Double.self { return .double }
        if type == Bool.self { return .bool }
        if type == Float.self { return .float }
        if type == Int8.self { return .int8 }
        if type == Int16.self { return .int16 }
        if type == Int32.self { return .int32 }
        if type == Int64.self { return .int64 }
        if type == UInt.self { return .uint }
        if type == UInt8.self { return .uint8 }
        if type == UInt16.self { return .uint16 }
        if type == UInt32.self { return .uint32 }
        if type == UInt64.self { return .uint64 }
        if type == Date.self { return .date }
        if type == Data.self { return .data }
        if type == Decimal.self { return .decimal }
        if type == [Double].self { return .doubleArray }
        if type == [Float].self { return .floatArray }
        if type == [Int].self { return .intArray }
        if type == [Int8].self { return .int8Array }
        if type == [Int16].self { return .int16Array }
        if type == [Int32].self { return .int32Array }
        if type == [Int64].self { return .int64Array }
        if type == [UInt].self { return .uintArray }
        if type == [UInt8].self { return .uint8Array }
        if type == [UInt16].self { return .uint16Array }
        if type == [UInt32].self { return .uint32Array }
        if type == [UInt64].self { return .uint64Array }
        if type == [ObservationRecord].self { return .observationRecords }
        if type is any CBORArrayEncodable.Type || type is any CBORArrayDecodable.Type { return .array }
        if type is any CBORDictionaryEncodable.Type || type is any CBORDictionaryDecodable.Type { return .dictionary }
        if type is any CBORSetEncodable.Type { return .set }
        return .none
    }
}

/// Reads a `T` as a `U` after the caller has checked that `T` is `U`.
@inline(__always)
func reinterpret<T, U>(_ value: T, as type: U.Type) -> U {
    withUnsafePointer(to: value) { UnsafeRawPointer($0).load(as: U.self) }
}

/// Remembers how the last few types seen by the generic paths were classified. A struct's fields
/// and an array's elements bring the same handful of types again and again, and a hit costs one
/// comparison where classifying costs a chain of them.
struct SpecialTypeCache {
    private var id0: ObjectIdentifier?
    private var id1: ObjectIdentifier?
    private var id2: ObjectIdentifier?
    private var id3: ObjectIdentifier?
    private var kind0: SpecialType = .none
    private var kind1: SpecialType = .none
    private var kind2: SpecialType = .none
    private var kind3: SpecialType = .none
    private var victim = 0

    @inline(__always)
    mutating func kind<T>(of type: T.Type) -> SpecialType {
        let id = ObjectIdentifier(type)
        if id == id0 { return kind0 }
        if id == id1 { return kind1 }
        if id == id2 { return kind2 }
        if id == id3 { return kind3 }
        return classifyAndRemember(type, id)
    }

    @inline(never)
    private mutating func classifyAndRemember<T>(_ type: T.Type, _ id: ObjectIdentifier) -> SpecialType {
        let kind = SpecialType.classify(type)
        switch victim {
        case 0: (id0, kind0) = (id, kind)
        case 1: (id1, kind1) = (id, kind)
        case 2: (id2, kind2) = (id, kind)
        default: (id3, kind3) = (id, kind)
        }
        victim = (victim + 1) & 3
        return kind
    }
}
