/// Text for numbers, written straight into an output buffer.
///
/// Doubles are written as the shortest decimal that reads back as the same `Double` bit for bit — the digits
/// of Swift's `description` — except that integral values drop the `.0` (`100`, not `100.0`), which JSON and
/// CSV readers take as the same number and which is how Kolada writes whole numbers. Negative zero keeps its
/// `-0.0`, so that readers that turn `-0` into the integer 0 still see a negative zero.
enum NumberFormatting {
    /// Bytes enough for any `Double` or `Int` text.
    static let maxLength = 32

    /// Powers of ten that `Double` holds exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    /// Writes the shortest round-trip text of the finite `value` at `output` (room for ``maxLength`` bytes) with
    /// `separator` as the decimal point, and returns the bytes written.
    static func write(_ value: Double, separator: UInt8, to output: UnsafeMutablePointer<UInt8>) -> Int {
        if value == 0 {
            if value.sign == .minus {
                output[0] = UInt8(ascii: "-")
                output[1] = UInt8(ascii: "0")
                output[2] = separator
                output[3] = UInt8(ascii: "0")
                return 4
            }
            output[0] = UInt8(ascii: "0")
            return 1
        }
        let magnitude = value.magnitude
        // The fast path finds the fewest fractional digits k for which round(magnitude × 10^k) / 10^k reads back
        // as magnitude. Below 2^50 the product's rounding error stays under 1/4, so the rounded integer is the
        // true nearest one, and the check is the exact, correctly rounded division a reader performs. Over
        // [1e-4, 2^50) Swift's description uses plain (not exponential) notation with the same digits.
        if magnitude >= 1e-4, magnitude < 0x1p50 {
            for digits in 0...22 {
                let scaled = magnitude * exactPowersOfTen[digits]
                if scaled >= 0x1p50 { break }
                let rounded = scaled.rounded()
                if rounded / exactPowersOfTen[digits] == magnitude {
                    return writeFixed(
                        UInt64(rounded),
                        fractionDigits: digits,
                        negative: value.sign == .minus,
                        separator: separator,
                        to: output
                    )
                }
            }
        }
        // The rest (tiny, huge, or needing 17 digits near 2^50) takes the standard library's shortest digits.
        var text = value.description
        return text.withUTF8 { bytes in
            var count = bytes.count
            if count >= 2, bytes[count - 2] == UInt8(ascii: "."), bytes[count - 1] == UInt8(ascii: "0") {
                count -= 2
            }
            for index in 0..<count {
                let byte = bytes[index]
                output[index] = byte == UInt8(ascii: ".") ? separator : byte
            }
            return count
        }
    }

    /// Writes `mantissa` / 10^`fractionDigits` in plain notation, filling from the right.
    private static func writeFixed(
        _ mantissa: UInt64,
        fractionDigits: Int,
        negative: Bool,
        separator: UInt8,
        to output: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let signLength = negative ? 1 : 0
        if negative { output[0] = UInt8(ascii: "-") }
        let digitCount = decimalDigits(mantissa)
        let total: Int
        if fractionDigits == 0 {
            total = signLength + digitCount
        } else {
            total = signLength + max(digitCount - fractionDigits, 1) + 1 + fractionDigits
        }
        var index = total - 1
        var remaining = mantissa
        if fractionDigits > 0 {
            for _ in 0..<fractionDigits {
                output[index] = UInt8(remaining % 10) + UInt8(ascii: "0")
                remaining /= 10
                index -= 1
            }
            output[index] = separator
            index -= 1
        }
        while index >= signLength {
            output[index] = UInt8(remaining % 10) + UInt8(ascii: "0")
            remaining /= 10
            index -= 1
        }
        return total
    }

    private static func decimalDigits(_ value: UInt64) -> Int {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return count
    }

    /// Writes `value` in decimal at `output` (room for ``maxLength`` bytes) and returns the bytes written.
    static func write(_ value: Int, to output: UnsafeMutablePointer<UInt8>) -> Int {
        let signLength = value < 0 ? 1 : 0
        if value < 0 { output[0] = UInt8(ascii: "-") }
        var remaining = UInt64(value.magnitude)
        let total = signLength + decimalDigits(remaining)
        var index = total - 1
        while index >= signLength {
            output[index] = UInt8(remaining % 10) + UInt8(ascii: "0")
            remaining /= 10
            index -= 1
        }
        return total
    }
}
