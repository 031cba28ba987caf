import Testing

@testable import JamforKolada

@Suite struct JSONScannerTests {
    private func number(_ text: String) -> JSONNumber? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return JSONScanner.parseNumber(base, buffer.count)
        }
    }

    @Test func integersKeepTheirExactValue() {
        #expect(number("0")?.integer == 0)
        #expect(number("-0")?.integer == 0)
        #expect(number("9223372036854775807")?.integer == .max)
        #expect(number("-9223372036854775808")?.integer == .min)
        #expect(number("9223372036854775808")?.integer == nil)
        #expect(number("12.0")?.integer == nil)
        #expect(number("12.0")?.integral == 12)
        #expect(number("1.2e1")?.integral == 12)
        #expect(number("12.5")?.integral == nil)
        #expect(number("1e30")?.integral == nil)
    }

    @Test func doublesAreCorrectlyRounded() {
        // Random decimals of up to 17 significant digits, through both the fast and the slow path.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...17, using: &generator)
            var mantissa = String(UInt64.random(in: 1...UInt64.max, using: &generator))
            mantissa = String(mantissa.prefix(digits))
            let exponent = Int.random(in: -30...30, using: &generator)
            let text = "\(mantissa)e\(exponent)"
            #expect(number(text)?.double.bitPattern == Double(text)?.bitPattern, "\(text)")
            let negative = "-" + text
            #expect(number(negative)?.double.bitPattern == Double(negative)?.bitPattern, "\(negative)")
        }
        // Any Double's shortest text reads back bit for bit.
        for _ in 0..<20_000 {
            let value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            guard value.isFinite else { continue }
            #expect(number(value.description)?.double.bitPattern == value.bitPattern, "\(value)")
        }
    }

    @Test func theGrammarIsStrict() {
        for text in ["", "-", "01", "-01", "1.", ".1", "1e", "1e+", "1E-", "+1", "1.2.3", "1e1.5", "1ee1", "0x1", " 1"]
        {
            #expect(number(text) == nil, "\(text)")
        }
        for text in ["0", "-0", "0.0", "1e0", "1E+0", "1e-0", "10", "0.5e-7", "-12.75E+3", "1e0001"] {
            #expect(number(text) != nil, "\(text)")
        }
    }

    @Test func describesBytesForMessages() {
        #expect(JSONScanner.describe(UInt8(ascii: "x")) == "'x'")
        #expect(JSONScanner.describe(0x0A) == "byte 0x0A")
        #expect(JSONScanner.describe(0xFF) == "byte 0xFF")
        #expect(JSONScanner.kind(of: UInt8(ascii: "[")) == "an array")
        #expect(JSONScanner.kind(of: UInt8(ascii: "-")) == "a number")
    }

    @Test func scansTokensAcrossTheWholeInput() throws {
        let text = " {\"a\" :\t[1, -2.5e1, \"s\\u00e5\", true, false, null, {}]\r\n} "
        let source = try InputSource(bytes: Array(text.utf8), name: "t", limits: KoladaReadLimits())
        var scanner = JSONScanner(source: source, limits: KoladaReadLimits())
        #expect(try scanner.peek() == UInt8(ascii: "{"))
        try scanner.skipValue(inside: "a test")
        #expect(try scanner.peek() == nil)
        #expect(scanner.offset == text.utf8.count)
        #expect(scanner.currentPosition == KoladaPosition(byteOffset: text.utf8.count, line: 2, column: 3))
    }
}
