import Testing

@testable import JamforKolada

@Suite struct JSONScannerFieldsTests {
    /// Runs `body` on a scanner positioned before `text`.
    private func scan<T>(_ text: String, _ body: (inout JSONScanner) throws(KoladaReadError) -> T)
        throws(KoladaReadError) -> T
    {
        let source = try InputSource(bytes: Array(text.utf8), name: "f.json", limits: KoladaReadLimits())
        var scanner = JSONScanner(source: source, limits: KoladaReadLimits())
        return try body(&scanner)
    }

    @Test func flagsAcceptBooleansNumbersAndNull() throws {
        for (text, expected) in [("true", true), ("false", false), ("null", false), ("1", true), ("0", false)] {
            #expect(
                try scan(" \(text)") { (scanner: inout JSONScanner) throws(KoladaReadError) in
                    try scanner.readFlag(field: "f")
                } == expected
            )
        }
        for text in ["2", "\"true\"", "[]", "0.5", "-1"] {
            #expect(throws: KoladaReadError.self, "\(text)") {
                try scan(text) { (scanner: inout JSONScanner) throws(KoladaReadError) in
                    try scanner.readFlag(field: "f")
                }
            }
        }
    }

    @Test func periodsAcceptYearsAndPartsOfYears() throws {
        let cases: [(String, Int, Int?)] = [
            ("2022", 2022, nil), ("\"2022\"", 2022, nil), ("2.022e3", 2022, nil), ("\"0\"", 0, nil), ("-1", -1, nil),
            ("\"2024-08\"", 2024, 8), ("\"2024-12\"", 2024, 12), ("\"0024-01\"", 24, 1),
        ]
        for (text, year, month) in cases {
            let period = try scan(text) { (scanner: inout JSONScanner) throws(KoladaReadError) in
                try scanner.readPeriod(field: "period")
            }
            #expect(period.year == year, "\(text)")
            #expect(period.month == month, "\(text)")
        }
        let broken = [
            "\"\"", "\"2024-13\"", "\"2024-00\"", "\"2024-8\"", "\"2024-008\"", "\"-08\"", "\"2024-\"",
            "\"1234567890\"",
            "\"20x2\"", "2022.5", "null", "true",
        ]
        for text in broken {
            #expect(throws: KoladaReadError.self, "\(text)") {
                try scan(text) { (scanner: inout JSONScanner) throws(KoladaReadError) in
                    try scanner.readPeriod(field: "period")
                }
            }
        }
    }

    @Test func optionalFieldsTakeNull() throws {
        #expect(
            try scan("null") { (scanner: inout JSONScanner) throws(KoladaReadError) in
                try scanner.readOptionalInt(field: "c")
            } == nil
        )
        #expect(
            try scan("null") { (scanner: inout JSONScanner) throws(KoladaReadError) in
                try scanner.readOptionalDouble(field: "v")
            } == nil
        )
        #expect(
            try scan("null") { (scanner: inout JSONScanner) throws(KoladaReadError) in
                try scanner.readOptionalString(field: "s")
            } == nil
        )
        #expect(
            try scan("\"å\"") { (scanner: inout JSONScanner) throws(KoladaReadError) in
                try scanner.readOptionalString(field: "s")
            } == "å"
        )
        #expect(throws: KoladaReadError.self) {
            try scan("true") { (scanner: inout JSONScanner) throws(KoladaReadError) in
                try scanner.readOptionalInt(field: "c")
            }
        }
        #expect(throws: KoladaReadError.self) {
            try scan("null") { (scanner: inout JSONScanner) throws(KoladaReadError) in
                try scanner.readString(field: "s")
            }
        }
    }

    @Test func shortWordsCompareKeysInOneStep() {
        let key = Array("gender".utf8)
        key.withUnsafeBufferPointer { bytes in
            #expect(bytes.shortWord == packed("gender"))
            #expect(bytes.shortWord != packed("status"))
            #expect(bytes.equals("gender"))
            #expect(!bytes.equals("genders"))
        }
        #expect(packed("") == 0)
        #expect(packed("a") == 0x61)
    }
}
