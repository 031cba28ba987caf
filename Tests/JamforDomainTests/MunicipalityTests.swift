import Foundation
import Testing

@testable import JamforDomain

@Suite("Municipality codes, counties and networks")
struct MunicipalityTests {
    @Test("a code is four ASCII digits, and its first two are the county")
    func codes() throws {
        let kalmar = try MunicipalityCode("0880")
        #expect(kalmar.rawValue == "0880")
        #expect(kalmar.countyCode.rawValue == "08")
        #expect(try MunicipalityCode("0114") < MunicipalityCode("0880"))
    }

    @Test("malformed codes are refused", arguments: ["880", "08800", "08a0", " 0880", "", "٠٨٨٠", "0880\n"])
    func badCodes(text: String) {
        #expect(throws: DomainError.invalidMunicipalityCode(text)) { try MunicipalityCode(text) }
    }

    @Test("county codes are two digits", arguments: ["8", "008", "0a"])
    func badCounty(text: String) {
        #expect(throws: DomainError.invalidCountyCode(text)) { try CountyCode(text) }
    }

    @Test(
        "ids are lowercase slugs",
        arguments: ["KKVH", "-a", "", "a b", "å", String(repeating: "a", count: 65)]
    )
    func badIDs(text: String) {
        #expect(throws: DomainError.invalidNetworkID(text)) { try NetworkID(text) }
        #expect(throws: DomainError.invalidIndicatorID(text)) { try IndicatorID(text) }
    }

    @Test("good ids")
    func goodIDs() throws {
        #expect(try IndicatorID("sick-leave").rawValue == "sick-leave")
        #expect(try NetworkID("vastra-malardalen").rawValue == "vastra-malardalen")
        #expect(try NetworkID("4m").rawValue == "4m")
    }

    @Test("a code decodes only when valid")
    func decoding() throws {
        let decoded = try JSONDecoder().decode([MunicipalityCode].self, from: Data(#"["0880"]"#.utf8))
        #expect(decoded == [try MunicipalityCode("0880")])
        #expect(throws: DomainError.invalidMunicipalityCode("880")) {
            try JSONDecoder().decode([MunicipalityCode].self, from: Data(#"["880"]"#.utf8))
        }
    }

    @Test("a network knows its members")
    func network() throws {
        let network = Network(
            id: try NetworkID("vastra-malardalen"),
            name: "Västra Mälardalen",
            members: try ["1983", "1984", "1960"].map(MunicipalityCode.init)
        )
        #expect(network.contains(try MunicipalityCode("1984")))
        #expect(!network.contains(try MunicipalityCode("0880")))
    }
}
