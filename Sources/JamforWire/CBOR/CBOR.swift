/// Constants of RFC 8949 and RFC 8746 that the coder uses.
enum CBOR {
    static let majorUnsigned: UInt8 = 0
    static let majorNegative: UInt8 = 1
    static let majorBytes: UInt8 = 2
    static let majorText: UInt8 = 3
    static let majorArray: UInt8 = 4
    static let majorMap: UInt8 = 5
    static let majorTag: UInt8 = 6
    static let majorSimple: UInt8 = 7

    static let falseByte: UInt8 = 0xf4
    static let trueByte: UInt8 = 0xf5
    static let nullByte: UInt8 = 0xf6
    static let undefinedByte: UInt8 = 0xf7
    static let breakByte: UInt8 = 0xff
    static let indefiniteInfo: UInt8 = 31

    static let tagDateString: UInt64 = 0
    static let tagEpochDate: UInt64 = 1
    static let tagPositiveBignum: UInt64 = 2
    static let tagNegativeBignum: UInt64 = 3
    static let tagDecimalFraction: UInt64 = 4
    static let tagSelfDescribed: UInt64 = 55799

    /// Tags a decoder may step over without changing what the tagged value means: self-described
    /// CBOR (55799, RFC 8949 section 3.4.6) and the expected-conversion hints 21–23 (section 3.4.5.2).
    @inline(__always)
    static func isTransparentTag(_ tag: UInt64) -> Bool {
        tag == tagSelfDescribed || (tag >= 21 && tag <= 23)
    }

    /// RFC 8746 typed-array tags the encoder writes (little-endian, as x86 and ARM store them).
    static let tagUInt8Array: UInt64 = 64
    static let tagUInt16LE: UInt64 = 69
    static let tagUInt32LE: UInt64 = 70
    static let tagUInt64LE: UInt64 = 71
    static let tagInt8Array: UInt64 = 72
    static let tagInt16LE: UInt64 = 77
    static let tagInt32LE: UInt64 = 78
    static let tagInt64LE: UInt64 = 79
    static let tagFloat32LE: UInt64 = 85
    static let tagFloat64LE: UInt64 = 86

    /// The RFC 8746 typed-array tag range: 64–87.
    static let typedArrayTags: ClosedRange<UInt64> = 64...87

    /// What an RFC 8746 typed-array tag says about its elements.
    struct TypedArrayLayout: Equatable {
        enum Kind: Equatable { case unsigned, signed, float }
        var kind: Kind
        var size: Int
        var bigEndian: Bool
    }

    /// Decodes the tag number's bit fields (RFC 8746 section 2.1); `nil` for tag 76 (reserved) and
    /// the float128 tags, which no Swift type here holds.
    static func typedArrayLayout(tag: UInt64) -> TypedArrayLayout? {
        guard typedArrayTags.contains(tag) else { return nil }
        let bits = UInt8(tag - 64)
        let isFloat = bits & 0b10000 != 0
        let isSigned = bits & 0b01000 != 0
        let littleEndian = bits & 0b00100 != 0
        let ll = Int(bits & 0b11)
        if isFloat {
            // f=1: s selects float16/32/64/128 together with ll; s is part of the size here.
            let sizeIndex = (isSigned ? 4 : 0) + ll
            let sizes = [2, 4, 8, 16]
            guard !isSigned, sizeIndex < 4 else {
                // Tags 88+ are outside the range; with f=1, s=1 is not allocated.
                return nil
            }
            let size = sizes[sizeIndex]
            guard size <= 8 else { return nil }
            return TypedArrayLayout(kind: .float, size: size, bigEndian: !littleEndian)
        }
        if isSigned && ll == 0 && littleEndian {
            // Tag 76 (sint8, "little endian") is reserved.
            return nil
        }
        return TypedArrayLayout(kind: isSigned ? .signed : .unsigned, size: 1 << ll, bigEndian: !littleEndian)
    }
}
