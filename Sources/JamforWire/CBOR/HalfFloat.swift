/// IEEE 754 binary16 conversions, written out so that they work on every platform whether or not
/// Swift's `Float16` is available there.
enum HalfFloat {
    /// The binary16 bits of `value` when it converts to half precision without loss; `nil` otherwise.
    /// NaN is not handled here: the encoder writes one canonical NaN.
    @inline(__always)
    static func exactBits(_ value: Float) -> UInt16? {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: bits >> 16) & 0x8000
        let exponent = Int((bits >> 23) & 0xff)
        let mantissa = bits & 0x7f_ffff
        if exponent == 0xff {
            // Infinity (NaN is excluded by the caller).
            return mantissa == 0 ? sign | 0x7c00 : nil
        }
        if exponent == 0 {
            // Zero keeps its sign; float subnormals are far below half's range.
            return mantissa == 0 ? sign : nil
        }
        let unbiased = exponent - 127
        if unbiased >= -14 && unbiased <= 15 {
            guard mantissa & 0x1fff == 0 else { return nil }
            return sign | UInt16((unbiased + 15) << 10) | UInt16(mantissa >> 13)
        }
        if unbiased >= -24 && unbiased < -14 {
            // A half subnormal: significand × 2^-24, where the significand keeps the implicit bit.
            let significand = mantissa | 0x80_0000
            let shift = UInt32(-unbiased - 1)
            guard significand & ((1 << shift) - 1) == 0 else { return nil }
            return sign | UInt16(significand >> shift)
        }
        return nil
    }

    /// The value of binary16 bits, widened exactly to `Float`.
    @inline(__always)
    static func float(fromBits half: UInt16) -> Float {
        let sign = UInt32(half & 0x8000) << 16
        let exponent = Int((half >> 10) & 0x1f)
        let mantissa = UInt32(half & 0x3ff)
        if exponent == 0x1f {
            return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13))
        }
        if exponent == 0 {
            // Zero or subnormal: mantissa × 2^-24, exact in Float.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        }
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
    }
}
