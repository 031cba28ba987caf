import Foundation
import Testing

@testable import JamforDomain

@Suite("Registry")
struct RegistryTests {
    let code = DatasetFixtures.code
    let networkID = DatasetFixtures.networkID
    let indicatorID = DatasetFixtures.indicatorID

    /// The fixture municipalities out of order, plus Umeå, which is in no network.
    private func municipalities() throws -> [Municipality] {
        try [DatasetFixtures.municipality("2480", "Umeå", county: "24", "Västerbottens län")]
            + DatasetFixtures.municipalityList().reversed()
    }

    private func networks() throws -> [Network] {
        [
            Network(id: try networkID("south"), name: "Syd", members: try ["1290", "1080"].map(code)),
            Network(
                id: try networkID("kkvh"),
                name: "KKVH",
                members: try ["0880", "1080", "1290", "0780"].map(code),
                description: "Kalmar med flera"
            ),
        ]
    }

    private func registry() throws -> Registry {
        try Registry(
            municipalities: municipalities(),
            networks: networks(),
            indicators: DatasetFixtures.indicatorList()
        )
    }

    @Test func municipalitiesAreSortedByCodeAndFoundByCode() throws {
        let registry = try registry()
        #expect(registry.allCodes.map(\.rawValue) == ["0780", "0880", "1080", "1290", "2480"])
        #expect(registry.municipalities.map(\.name) == ["Växjö", "Kalmar", "Karlskrona", "Kristianstad", "Umeå"])
        #expect(registry.municipality(try code("0880"))?.name == "Kalmar")
        #expect(
            registry.municipality(try code("0880"))?.county == County(code: try CountyCode("08"), name: "Kalmar län")
        )
        #expect(registry.municipality(try code("2480"))?.name == "Umeå")
        #expect(registry.municipality(try code("0881")) == nil)
    }

    @Test func networksKeepTheirOrderAndAreFoundById() throws {
        let registry = try registry()
        #expect(registry.networks.map(\.id.rawValue) == ["south", "kkvh"])
        let kkvh = registry.network(try networkID("kkvh"))
        #expect(kkvh?.name == "KKVH")
        #expect(kkvh?.members.map(\.rawValue) == ["0880", "1080", "1290", "0780"])
        #expect(kkvh?.description == "Kalmar med flera")
        #expect(registry.network(try networkID("south"))?.name == "Syd")
        #expect(registry.network(try networkID("north")) == nil)
    }

    @Test func indicatorsKeepTheirOrderAndAreFoundById() throws {
        let registry = try registry()
        #expect(registry.indicators.map(\.id.rawValue) == ["hme", "nki", "sick-leave"])
        #expect(registry.indicator(try indicatorID("sick-leave"))?.unit == .percent)
        #expect(registry.indicator(try indicatorID("nki"))?.splitsByGender == false)
        #expect(registry.indicator(try indicatorID("turnover")) == nil)
    }

    @Test(arguments: [
        ("1080", ["south", "kkvh"]),
        ("1290", ["south", "kkvh"]),
        ("0880", ["kkvh"]),
        ("0780", ["kkvh"]),
        ("2480", []),
        ("9999", []),
    ])
    func networksContainingAMunicipality(member: String, expected: [String]) throws {
        let registry = try registry()
        #expect(registry.networks(containing: try code(member)).map(\.id.rawValue) == expected)
    }

    @Test func duplicateMunicipalityIsRefused() throws {
        let twice =
            try municipalities() + [DatasetFixtures.municipality("0880", "Kalmar 2", county: "08", "Kalmar län")]
        let error = #expect(throws: RegistryError.duplicateMunicipality(try code("0880"))) {
            try Registry(municipalities: twice, networks: [], indicators: [])
        }
        #expect(error?.description.contains("0880") == true)
    }

    @Test func duplicateNetworkIsRefused() throws {
        let twice = try networks() + [Network(id: try networkID("south"), name: "Söder", members: [try code("2480")])]
        let error = #expect(throws: RegistryError.duplicateNetwork(try networkID("south"))) {
            try Registry(municipalities: municipalities(), networks: twice, indicators: [])
        }
        #expect(error?.description.contains("south") == true)
    }

    @Test func duplicateIndicatorIsRefused() throws {
        let twice = try DatasetFixtures.indicatorList() + [DatasetFixtures.indicator("nki", bounds: 0...50)]
        let error = #expect(throws: RegistryError.duplicateIndicator(try indicatorID("nki"))) {
            try Registry(municipalities: municipalities(), networks: networks(), indicators: twice)
        }
        #expect(error?.description.contains("nki") == true)
    }

    @Test func unknownNetworkMemberIsRefused() throws {
        let north = Network(id: try networkID("north"), name: "Norr", members: try ["2480", "2281"].map(code))
        let error = #expect(throws: RegistryError.unknownMember(network: try networkID("north"), try code("2281"))) {
            try Registry(municipalities: municipalities(), networks: networks() + [north], indicators: [])
        }
        #expect(error?.description.contains("north") == true)
        #expect(error?.description.contains("2281") == true)
    }

    @Test func repeatedNetworkMemberIsRefused() throws {
        let north = Network(id: try networkID("north"), name: "Norr", members: try ["2480", "0880", "2480"].map(code))
        let error = #expect(throws: RegistryError.repeatedMember(network: try networkID("north"), try code("2480"))) {
            try Registry(municipalities: municipalities(), networks: [north], indicators: [])
        }
        #expect(error?.description.contains("north") == true)
        #expect(error?.description.contains("2480") == true)
    }

    @Test func replacingIndicatorsKeepsMunicipalitiesAndNetworks() throws {
        let registry = try registry()
        let replaced = try registry.replacingIndicators([DatasetFixtures.indicator("turnover", unit: .percent)])
        #expect(replaced.indicators.map(\.id.rawValue) == ["turnover"])
        #expect(replaced.indicator(try indicatorID("hme")) == nil)
        #expect(replaced.indicator(try indicatorID("turnover"))?.unit == .percent)
        #expect(replaced.allCodes == registry.allCodes)
        #expect(replaced.networks == registry.networks)
        #expect(throws: RegistryError.duplicateIndicator(try indicatorID("hme"))) {
            try registry.replacingIndicators(
                [DatasetFixtures.indicator("hme"), DatasetFixtures.indicator("hme", splitsByGender: false)]
            )
        }
    }

    @Test func registryFromFilesMatchesTheFiles() throws {
        let directory = try TemporaryDatasetDirectory()
        let municipalities = try DatasetFiles.municipalities(
            try directory.write("municipalities.tsv", DatasetFixtures.municipalities)
        )
        let registry = try Registry(
            municipalities: municipalities,
            networks: DatasetFiles.networks(
                try directory.write("networks.tsv", DatasetFixtures.networks),
                municipalities: Set(municipalities.map(\.code))
            ),
            indicators: DatasetFiles.indicators(try directory.write("indicators.tsv", DatasetFixtures.indicators))
        )
        #expect(registry.municipalities == (try DatasetFixtures.municipalityList()))
        #expect(registry.indicators.map(\.id.rawValue) == ["hme", "nki", "sick-leave"])
        #expect(registry.indicators.map(\.unit) == [.index, .index, .percent])
        #expect(registry.indicators.map(\.direction) == [.higher, .higher, .lower])
        #expect(registry.indicators.map(\.splitsByGender) == [true, false, true])
        #expect(registry.indicators.map(\.decimals) == [0, 0, 1])
        #expect(registry.indicator(try indicatorID("sick-leave"))?.deadBand == 0.2)
        #expect(registry.networks(containing: try code("1080")).map(\.id.rawValue) == ["kkvh", "south"])
        #expect(registry.network(try networkID("south"))?.description == "")
    }
}
