import JamforWire
import Testing

@testable import jamfor

@Suite("Finding municipalities, indicators and networks by what people type")
struct LookupTests {
    static let lookup = Lookup(
        municipalities: [
            MunicipalityInfo(code: "0880", name: "Kalmar", county: "Kalmar län"),
            MunicipalityInfo(code: "0780", name: "Växjö", county: "Kronobergs län"),
            MunicipalityInfo(code: "0381", name: "Enköping", county: "Uppsala län"),
            MunicipalityInfo(code: "0114", name: "Upplands Väsby", county: "Stockholms län"),
            MunicipalityInfo(code: "2023", name: "Malung-Sälen", county: "Dalarnas län"),
            MunicipalityInfo(code: "1380", name: "Halmstad", county: "Hallands län"),
        ],
        indicators: [
            IndicatorInfo(
                id: "hme",
                titleSv: "Hållbart medarbetarengagemang",
                titleEn: "Employee engagement",
                unit: "index",
                direction: .higherIsBetter
            ),
            IndicatorInfo(
                id: "sick-leave",
                titleSv: "Sjukfrånvaro",
                titleEn: "Sick leave",
                unit: "percent",
                direction: .lowerIsBetter
            ),
            IndicatorInfo(
                id: "nki",
                titleSv: "Nöjd kund-index",
                titleEn: "Customer satisfaction",
                unit: "index",
                direction: .higherIsBetter
            ),
            IndicatorInfo(
                id: "turnover",
                titleSv: "Personalomsättning",
                titleEn: "Staff turnover",
                unit: "percent",
                direction: .lowerIsBetter
            ),
            IndicatorInfo(
                id: "voter-turnout",
                titleSv: "Valdeltagande",
                titleEn: "Voter turnout",
                unit: "percent",
                direction: .higherIsBetter,
                koladaID: "N05401"
            ),
        ],
        networks: [
            NetworkInfo(id: "kkvh", name: "KKVH", members: ["0880", "0780", "1380"]),
            NetworkInfo(id: "vastra-malardalen", name: "Västra Mälardalen", members: []),
        ]
    )

    @Test("a municipality by code, by name in any case, with or without å, ä and ö")
    func municipalities() throws {
        for text in ["0780", "Växjö", "växjö", "VÄXJÖ", "Vaxjo", "vaxjo", " Vaxjo "] {
            #expect(try Self.lookup.municipality(text).code == "0780", "\(text)")
        }
        #expect(try Self.lookup.municipality("upplands-vasby").code == "0114")
        #expect(try Self.lookup.municipality("Malung Salen").code == "2023")
        #expect(try Self.lookup.municipality("Enko\u{0308}ping").code == "0381")
    }

    @Test("a near miss is answered with the nearest names and their codes")
    func didYouMean() {
        #expect(throws: LookupError.unknownMunicipality("Vaxsjo", suggestions: ["Växjö (0780)"])) {
            try Self.lookup.municipality("Vaxsjo")
        }
        #expect(throws: LookupError.unknownMunicipality("Kalamr", suggestions: ["Kalmar (0880)"])) {
            try Self.lookup.municipality("Kalamr")
        }
        #expect(throws: LookupError.unknownMunicipality("Hal", suggestions: ["Halmstad (1380)"])) {
            try Self.lookup.municipality("Hal")
        }
        #expect(throws: LookupError.unknownMunicipality("Göteborg", suggestions: [])) {
            try Self.lookup.municipality("Göteborg")
        }
        let message = LookupError.unknownMunicipality("Vaxsjo", suggestions: ["Växjö (0780)"]).description
        #expect(message.contains("Did you mean Växjö (0780)?"))
        #expect(message.contains("jamfor municipalities"))
    }

    @Test("a comma-separated list keeps order and drops repeats")
    func list() throws {
        let found = try Self.lookup.municipalities(list: "Kalmar, vaxjo,0880,,1380")
        #expect(found.map(\.code) == ["0880", "0780", "1380"])
    }

    @Test("indicators by id or Kolada id, with suggestions from ids and titles")
    func indicators() throws {
        #expect(try Self.lookup.indicator("HME").id == "hme")
        #expect(try Self.lookup.indicator("n05401").id == "voter-turnout")
        #expect(throws: LookupError.unknownIndicator("sickleave", suggestions: ["sick-leave"])) {
            try Self.lookup.indicator("sickleave")
        }
        #expect(throws: LookupError.unknownIndicator("sjukfranvaro", suggestions: ["sick-leave"])) {
            try Self.lookup.indicator("sjukfranvaro")
        }
        #expect(throws: LookupError.unknownIndicator("xyz", suggestions: [])) { try Self.lookup.indicator("xyz") }
    }

    @Test("networks by id or name")
    func networks() throws {
        #expect(try Self.lookup.network("KKVH").id == "kkvh")
        #expect(try Self.lookup.network("Västra Mälardalen").id == "vastra-malardalen")
        #expect(try Self.lookup.network("vastra malardalen").id == "vastra-malardalen")
        #expect(throws: LookupError.unknownNetwork("kkv", suggestions: ["kkvh"])) { try Self.lookup.network("kkv") }
    }

    @Test("counties with or without län")
    func counties() throws {
        #expect(try Self.lookup.county("Kalmar län") == "Kalmar län")
        #expect(try Self.lookup.county("kalmar") == "Kalmar län")
        #expect(try Self.lookup.county("Kronoberg") == "Kronobergs län")
        #expect(throws: LookupError.self) { try Self.lookup.county("Gotland") }
    }

    @Test("edit distance counts a swap of neighbours as one edit")
    func editDistance() {
        #expect(Lookup.editDistance("kalmar", "kalmar") == 0)
        #expect(Lookup.editDistance("kalamr", "kalmar") == 1)
        #expect(Lookup.editDistance("", "abc") == 3)
        #expect(Lookup.editDistance("vaxsjo", "vaxjo") == 1)
    }
}
