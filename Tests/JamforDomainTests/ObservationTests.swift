import Foundation
import Testing

@testable import JamforDomain

@Suite("Observations, readings and sources")
struct ObservationTests {
    @Test("NaN and infinities are refused at the domain boundary", arguments: [Double.nan, .infinity, -.infinity])
    func nonFinite(value: Double) {
        #expect(throws: DomainError.self) { try Reading(value: value) }
        #expect(throws: DomainError.self) {
            try Target(
                indicator: Fixture.hme.id,
                municipality: Fixture.code("0381"),
                year: 2023,
                value: value,
                source: Source(kind: .report, reference: "r")
            )
        }
        #expect(throws: DomainError.self) {
            try Baseline(
                indicator: Fixture.hme.id,
                municipality: Fixture.code("0381"),
                scope: .kommun,
                gender: .total,
                value: value,
                source: Source(kind: .report, reference: "r")
            )
        }
        #expect(throws: DomainError.self) { try parseDecimal(String(value)) }
    }

    @Test("a reading is a value or a status marker, never both")
    func readings() throws {
        let value = try Reading(value: 7.5)
        #expect(value.value == 7.5)
        #expect(value.status == nil)
        let marker = Reading(status: .confidential)
        #expect(marker.value == nil)
        #expect(marker.status == .confidential)
        #expect(marker.description == "..")
    }

    @Test("a reading decoded from JSON is checked like one made in code")
    func readingDecoding() throws {
        let decoded = try JSONDecoder().decode(Reading.self, from: Data(#"{"value":7.5}"#.utf8))
        #expect(decoded.value == 7.5)
        let status = try JSONDecoder().decode(Reading.self, from: Data(#"{"status":"-"}"#.utf8))
        #expect(status.status == .missing)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Reading.self, from: Data(#"{}"#.utf8)) }
    }

    @Test("sources are kind:reference, and synthetic ones say so")
    func sources() throws {
        let report = try Source("report:001_034fdc850437dc3c.txt")
        #expect(report.kind == .report)
        #expect(report.reference == "001_034fdc850437dc3c.txt")
        #expect(!report.isSynthetic)
        let synthetic = try Source("synthetic:jamfor-datagen/1 seed=2026")
        #expect(synthetic.isSynthetic)
        #expect(synthetic.reference == "jamfor-datagen/1 seed=2026")
        #expect(synthetic.description == "synthetic:jamfor-datagen/1 seed=2026")
        for bad in ["001_034fdc850437dc3c.txt", "guess:x", "report:", ":x"] {
            #expect(throws: DomainError.invalidSource(bad)) { try Source(bad) }
        }
    }

    @Test(
        "plain decimals only",
        arguments: [("7.5", 7.5), ("-0.5", -0.5), ("78", 78), ("0", 0), ("82.75", 82.75)]
    )
    func decimals(text: String, value: Double) throws {
        #expect(try parseDecimal(text) == value)
    }

    @Test(
        "other number spellings are refused",
        arguments: ["7,5", "1e3", "0x10", "nan", "inf", "", "-", ".5", "5.", "+5", " 5"]
    )
    func badDecimals(text: String) {
        #expect(throws: DomainError.invalidNumber(text)) { try parseDecimal(text) }
    }

    @Test("targets are for years within range")
    func targetYears() {
        #expect(throws: DomainError.periodYearOutOfRange("2200", year: 2200)) {
            try Target(
                indicator: Fixture.hme.id,
                municipality: Fixture.code("0381"),
                year: 2200,
                value: 84,
                source: Source(kind: .report, reference: "r")
            )
        }
    }
}
