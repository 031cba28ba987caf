import Foundation

/// A `Decimal` as CBOR's decimal fraction (tag 4): mantissa × 10^exponent, normalized so that equal
/// values always give the same bytes.
struct DecimalFraction {
    var negative: Bool
    /// Decimal digits of the mantissa's magnitude, most significant first; empty for zero.
    var digits: [UInt8]
    var exponent: Int

    init(_ value: Decimal) {
        // The description is exact, in plain positional notation, and the same for equal values.
        var negative = false
        var digits: [UInt8] = []
        var fractionDigits = 0
        var afterPoint = false
        for scalar in value.description.utf8 {
            switch scalar {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): afterPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if !(digits.isEmpty && scalar == UInt8(ascii: "0")) { digits.append(scalar - UInt8(ascii: "0")) }
                if afterPoint { fractionDigits += 1 }
            default: break
            }
        }
        var exponent = -fractionDigits
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty {
            negative = false
            exponent = 0
        }
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
    }

    /// The magnitude as big-endian bytes without leading zeros.
    var magnitudeBytes: [UInt8] {
        var bytes: [UInt8] = []
        for digit in digits {
            var carry = UInt16(digit)
            for index in bytes.indices.reversed() {
                let product = UInt16(bytes[index]) * 10 + carry
                bytes[index] = UInt8(truncatingIfNeeded: product)
                carry = product >> 8
            }
            if carry > 0 { bytes.insert(UInt8(carry), at: 0) }
        }
        return bytes
    }

    /// Writes the mantissa as an integer, or as a bignum (tag 2 or 3) when it needs more than 64 bits.
    func writeMantissa(into writer: inout ByteWriter) {
        var magnitude = magnitudeBytes
        if magnitude.count <= 8 {
            var value: UInt64 = 0
            for byte in magnitude { value = value << 8 | UInt64(byte) }
            if negative {
                writer.appendHead(CBOR.majorNegative, value - 1)
            } else {
                writer.appendHead(CBOR.majorUnsigned, value)
            }
            return
        }
        if negative {
            // A negative bignum holds -1 - n, so subtract one from the magnitude.
            var index = magnitude.count - 1
            while magnitude[index] == 0 {
                magnitude[index] = 0xff
                index -= 1
            }
            magnitude[index] -= 1
            if magnitude.first == 0 { magnitude.removeFirst() }
        }
        writer.appendHead(CBOR.majorTag, negative ? CBOR.tagNegativeBignum : CBOR.tagPositiveBignum)
        writer.appendHead(CBOR.majorBytes, UInt64(magnitude.count))
        magnitude.withUnsafeBytes { writer.append($0) }
    }

    /// Builds a `Decimal` from a mantissa's big-endian magnitude and an exponent; `nil` when the value
    /// is outside what `Decimal` holds.
    static func decimal(negative: Bool, magnitude: [UInt8], exponent: Int) -> Decimal? {
        var significand = Decimal(0)
        for byte in magnitude {
            significand = significand * 256 + Decimal(Int(byte))
        }
        guard exponent >= Int(Int8.min), exponent <= Int(Int8.max) else { return nil }
        let result = Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: significand)
        return result.isNaN ? nil : result
    }
}
