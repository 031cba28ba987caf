import Testing

@testable import JamforKolada

@Suite struct NumberFormattingTests {
    private func text(_ value: Double, separator: UInt8 = UInt8(ascii: ".")) -> String {
        var buffer = [UInt8](repeating: 0, count: NumberFormatting.maxLength)
        let count = buffer.withUnsafeMutableBufferPointer { buffer in
            NumberFormatting.write(value, separator: separator, to: buffer.baseAddress.unsafelyUnwrapped)
        }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }

    private func text(_ value: Int) -> String {
        var buffer = [UInt8](repeating: 0, count: NumberFormatting.maxLength)
        let count = buffer.withUnsafeMutableBufferPointer { buffer in
            NumberFormatting.write(value, to: buffer.baseAddress.unsafelyUnwrapped)
        }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }

    /// Swift's shortest round-trip text, with the documented difference: no `.0` on integral values.
    private func expected(_ value: Double) -> String {
        let description = value.description
        if description.hasSuffix(".0"), value != 0 || value.sign == .plus { return String(description.dropLast(2)) }
        return description
    }

    @Test func writesTheShortestRoundTripText() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "-0.0"), (1, "1"), (-1, "-1"), (100, "100"), (82.46, "82.46"), (0.1, "0.1"),
            (0.1 + 0.2, "0.30000000000000004"), (1.0 / 3, "0.3333333333333333"), (-2.0 / 3, "-0.6666666666666666"),
            (0.0001, "0.0001"), (0.00012, "0.00012"), (0.00001, "1e-05"), (1e15, "1000000000000000"),
            (1e16, "1e+16"), (9_007_199_254_740_992, "9007199254740992"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (.leastNonzeroMagnitude, "5e-324"), (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (123456.789, "123456.789"),
            (0.5, "0.5"), (1e-4 * 3, "0.00030000000000000003"), (4503599627370495.5, "4503599627370495.5"),
        ]
        for (value, written) in cases {
            #expect(text(value) == written, "\(value)")
            #expect(text(value) == expected(value), "\(value) against description")
        }
    }

    @Test func agreesWithSwiftsDescriptionEverywhere() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50_000 {
            // Decimals with few digits (the fast path), then arbitrary bit patterns (mostly the slow path).
            let decimals = Int.random(in: 0...8, using: &generator)
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            let short = Double(Int.random(in: -10_000_000...10_000_000, using: &generator)) / scale
            #expect(text(short) == expected(short), "\(short)")
            let any = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            if any.isFinite { #expect(text(any) == expected(any), "\(any)") }
            let magnitude = Double.random(in: 1e-4...0x1p51, using: &generator)
            #expect(text(magnitude) == expected(magnitude), "\(magnitude)")
        }
    }

    @Test func usesTheGivenDecimalSeparator() {
        #expect(text(82.46, separator: UInt8(ascii: ",")) == "82,46")
        #expect(text(-0.5, separator: UInt8(ascii: ",")) == "-0,5")
        #expect(text(100, separator: UInt8(ascii: ",")) == "100")
        #expect(text(-0.0, separator: UInt8(ascii: ",")) == "-0,0")
        #expect(text(1.5e-7, separator: UInt8(ascii: ",")) == "1,5e-07")
        #expect(text(1.0 / 3, separator: UInt8(ascii: ",")) == "0,3333333333333333")
    }

    @Test func writesIntegers() {
        #expect(text(0) == "0")
        #expect(text(7) == "7")
        #expect(text(-42) == "-42")
        #expect(text(2022) == "2022")
        #expect(text(Int.max) == "9223372036854775807")
        #expect(text(Int.min) == "-9223372036854775808")
    }
}
