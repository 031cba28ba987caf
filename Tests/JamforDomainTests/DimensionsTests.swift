import Testing

@testable import JamforDomain

@Suite("Scope, gender, status markers, visibility, direction and units")
struct DimensionsTests {
    @Test("direction orients values so that higher is better")
    func direction() {
        #expect(Direction.higher.isBetter(80, than: 75))
        #expect(!Direction.higher.isBetter(75, than: 75))
        #expect(Direction.lower.isBetter(6.0, than: 7.5))
        #expect(Direction.lower.oriented(7.5) == -7.5)
        #expect(Direction.higher.oriented(7.5) == 7.5)
    }

    @Test("parsing the catalog's words", arguments: ["higher", "lower"])
    func parsesDirection(text: String) throws {
        #expect(try Direction(parsing: text).rawValue == text)
    }

    @Test("unknown words are refused with the specific error")
    func unknownWords() {
        #expect(throws: DomainError.unknownDirection("better")) { try Direction(parsing: "better") }
        #expect(throws: DomainError.unknownUnit("procent")) { try IndicatorUnit(parsing: "procent") }
        #expect(throws: DomainError.unknownScope("KS")) { try Scope(parsing: "KS") }
        #expect(throws: DomainError.unknownGender("W")) { try Gender(parsing: "W") }
        #expect(throws: DomainError.unknownStatusMarker("...")) { try StatusMarker(parsing: "...") }
        #expect(throws: DomainError.unknownVisibility("private")) { try Visibility(parsing: "private") }
    }

    @Test("units know their symbol")
    func symbols() {
        #expect(IndicatorUnit.percent.symbol == "%")
        #expect(IndicatorUnit.kronor.symbol == "kr")
        #expect(IndicatorUnit.index.symbol == "")
    }

    @Test("the words of the data files parse to the cases")
    func parses() throws {
        #expect(try Scope(parsing: "ks") == .ks)
        #expect(try Gender(parsing: "K") == .women)
        #expect(try Gender(parsing: "M") == .men)
        #expect(try StatusMarker(parsing: "..") == .confidential)
        #expect(try StatusMarker(parsing: ".") == .notApplicable)
        #expect(try Visibility(parsing: "network") == .network)
        #expect(try IndicatorUnit(parsing: "percent") == .percent)
    }
}

@Suite("Who sees network-only figures")
struct ViewerTests {
    @Test("public figures are seen by all; network-only ones by the networks' members and admins")
    func visibility() throws {
        let registry = try DatasetTests.dataset.get().registry
        let kalmar = try MunicipalityCode("0880")
        let vaxjo = try MunicipalityCode("0780")
        let enkoping = try MunicipalityCode("0381")
        let member = Viewer.member(of: kalmar, in: registry)
        #expect(member.maySee(.network, of: vaxjo))  // both in KKVH
        #expect(member.maySee(.network, of: kalmar))
        #expect(!member.maySee(.network, of: enkoping))  // 4M, not Kalmar's network
        #expect(member.maySee(.public, of: enkoping))
        #expect(!Viewer.publicOnly.maySee(.network, of: kalmar))
        #expect(Viewer.publicOnly.maySee(.public, of: kalmar))
        #expect(Viewer.everything.maySee(.network, of: enkoping))
        // A municipality in no network sees only its own unpublished figures.
        let solo = Viewer.member(of: try MunicipalityCode("0114"), in: registry)
        #expect(solo.maySee(.network, of: try MunicipalityCode("0114")))
        #expect(!solo.maySee(.network, of: kalmar))
    }
}
