import JamforDomain
import JamforServer
import JamforWire
import Testing

/// The handshake, keep-alive, the catalog and request errors against the real stack (PROTOCOL.md 3,
/// 6.1–6.6, 7.2, 9.3).
@Suite(.timeLimit(.minutes(1)))
struct EndToEndCatalogTests {
    @Test(arguments: [Login.admin, .kalmar, .vaxjo, .enkoping, .reader])
    func welcomeNamesThePrincipalOfEachRole(_ login: Login) async throws {
        try await withEndToEnd(maximumSubmitObservations: 500) { stack in
            try await stack.connect(as: login) { client in
                let welcome = client.welcome
                #expect(welcome.version == 1)
                #expect(welcome.serverName == "jamfor-server/0.1")
                #expect(welcome.limits.maxSubmitObservations == 500)
                #expect(welcome.principal.name == login.user)
                #expect(welcome.principal.municipality == login.municipality)
                let expected: [String] =
                    switch login {
                    case .admin: ["kkvh", "4m", "vastra-malardalen"]
                    case .kalmar, .vaxjo: ["kkvh"]
                    case .enkoping: ["4m"]
                    case .reader, .revoked: []
                    }
                #expect(welcome.principal.networks == expected)
                try await client.ping(UInt64(login.user.utf8.count))
            }
        }
    }

    @Test func anonymousAccessIsWelcomedWithoutMunicipalityOrNetworks() async throws {
        try await withEndToEnd(allowsAnonymous: true) { stack in
            try await stack.connect(as: nil) { client in
                #expect(client.welcome.principal == Principal(name: "anonymous", municipality: nil, networks: []))
                try await client.ping(0xFFFF_FFFF_FFFF_FFFF)
                try await client.ping(0)
            }
        }
    }

    @Test func listMunicipalitiesGivesAllFiltersByCountyAndNetwork() async throws {
        try await withEndToEnd { stack in
            try await stack.connect(as: .reader) { client in
                let all = try await client.municipalities()
                #expect(all.count == 290)
                #expect(all.map(\.code) == all.map(\.code).sorted())
                #expect(Set(all.map(\.code)).count == 290)
                #expect(
                    all.first { $0.code == "0880" }
                        == MunicipalityInfo(code: "0880", name: "Kalmar", county: "Kalmar län")
                )
                #expect(all.first { $0.code == "0381" }?.name == "Enköping")
                let registry = stack.dataset.registry.municipalities
                #expect(all.map(\.name) == registry.map(\.name))

                let kalmarCounty = try await client.municipalities(county: "Kalmar län")
                #expect(kalmarCounty.count == 12)
                #expect(kalmarCounty.allSatisfy { $0.county == "Kalmar län" })
                #expect(
                    kalmarCounty.map(\.code)
                        == registry.filter { $0.county.name == "Kalmar län" }.map(\.code.rawValue)
                )
                #expect(kalmarCounty.contains { $0.code == "0880" })

                let fourM = try await client.municipalities(network: "4m")
                #expect(fourM.map(\.code) == ["0381", "0484", "0486", "1980"])
                #expect(fourM.map(\.name) == ["Enköping", "Eskilstuna", "Strängnäs", "Västerås"])

                let both = try await client.municipalities(county: "Västmanlands län", network: "4m")
                #expect(both.map(\.code) == ["1980"])
                #expect(try await client.municipalities(county: "Kalmar län", network: "4m").isEmpty)
                #expect(try await client.municipalities(county: "Atlantis län").isEmpty)

                let unknown = try await client.failure(.listMunicipalities(ListMunicipalitiesRequest(network: "5m")))
                #expect(unknown.code == .notFound)
                #expect(unknown.message.contains("5m"))
                // The request error left the connection usable.
                #expect(try await client.municipalities(network: "kkvh").count == 5)
            }
        }
    }

    @Test func listNetworksGivesTheThreeNetworksWithTheirMembers() async throws {
        try await withEndToEnd { stack in
            try await stack.connect(as: .kalmar) { client in
                let networks = try await client.networks()
                #expect(
                    networks == [
                        NetworkInfo(id: "kkvh", name: "KKVH", members: ["0880", "1080", "1290", "0780", "1380"]),
                        NetworkInfo(id: "4m", name: "4M", members: ["0381", "0484", "0486", "1980"]),
                        NetworkInfo(
                            id: "vastra-malardalen",
                            name: "Västra Mälardalen",
                            members: ["1983", "1984", "1960"]
                        ),
                    ]
                )
            }
        }
    }

    @Test func listIndicatorsGivesTheCatalogWithFieldsAndDirections() async throws {
        try await withEndToEnd { stack in
            try await stack.connect(as: .enkoping) { client in
                let indicators = try await client.indicators()
                let catalog = stack.dataset.registry.indicators
                #expect(indicators.count == 14)
                #expect(indicators.map(\.id) == catalog.map(\.id.rawValue))
                let byID = Dictionary(uniqueKeysWithValues: indicators.map { ($0.id, $0) })
                #expect(
                    byID["hme"]
                        == IndicatorInfo(
                            id: "hme",
                            titleSv: "Hållbart medarbetarengagemang (HME), totalindex",
                            titleEn: "Sustainable employee engagement (HME), total index",
                            unit: "index",
                            direction: .higherIsBetter,
                            minimum: 0,
                            maximum: 100,
                            splitsByGender: true,
                            koladaID: nil,
                            decimals: 0,
                            deadBand: 1
                        )
                )
                #expect(byID["sick-leave"]?.direction == .lowerIsBetter)
                #expect(byID["sick-leave"]?.unit == "percent")
                #expect(byID["sick-leave"]?.decimals == 1)
                #expect(byID["sick-leave"]?.deadBand == 0.2)
                #expect(byID["turnover"]?.direction == .lowerIsBetter)
                #expect(byID["turnover"]?.splitsByGender == false)
                #expect(byID["nki"]?.direction == .higherIsBetter)
                #expect(byID["nki"]?.splitsByGender == false)
                #expect(byID["nki-rank"]?.direction == .lowerIsBetter)
                #expect(byID["nki-rank"]?.minimum == 1)
                #expect(byID["nki-rank"]?.maximum == 290)
                #expect(byID["budget-consumption"]?.maximum == 200)
                #expect(byID["business-climate"]?.unit == "score")
                #expect(byID["voter-turnout"]?.koladaID == "N05401")
                #expect(indicators.filter { $0.koladaID != nil }.map(\.id) == ["voter-turnout"])
                for (info, indicator) in zip(indicators, catalog) {
                    #expect(info.titleSv == indicator.titleSV)
                    #expect(info.titleEn == indicator.titleEN)
                    #expect(info.unit == indicator.unit.rawValue)
                    #expect((info.direction == .higherIsBetter) == (indicator.direction == .higher))
                    #expect(info.minimum == indicator.bounds.lowerBound)
                    #expect(info.maximum == indicator.bounds.upperBound)
                    #expect(info.splitsByGender == indicator.splitsByGender)
                }
            }
        }
    }

    @Test func requestErrorsNameTheProblemAndKeepTheConnectionUsable() async throws {
        try await withEndToEnd { stack in
            try await stack.connect(as: .kalmar) { client in
                let kkvh = ComparisonSet.network("kkvh")
                let failures: [(WireMessage, ErrorCode, String)] = [
                    (.rank(RankRequest(indicator: "happiness", period: "2024", set: kkvh)), .notFound, "happiness"),
                    (.rank(RankRequest(indicator: "hme", period: "2023-13", set: kkvh)), .invalidArgument, "2023-13"),
                    (.rank(RankRequest(indicator: "hme", period: "2023-12", set: kkvh)), .invalidArgument, "2023"),
                    (
                        .rank(RankRequest(indicator: "hme", period: "2024", scope: "region", set: kkvh)),
                        .invalidArgument, "region"
                    ),
                    (
                        .rank(RankRequest(indicator: "hme", period: "2024", gender: "X", set: kkvh)), .invalidArgument,
                        "X"
                    ),
                    (
                        .rank(RankRequest(indicator: "nki", period: "2024", gender: "K", set: kkvh)), .invalidArgument,
                        "nki"
                    ),
                    (
                        .rank(RankRequest(indicator: "hme", period: "2024", set: ComparisonSet(kind: .network))),
                        .invalidArgument, "network"
                    ),
                    (.rank(RankRequest(indicator: "hme", period: "2024", set: .network("5m"))), .notFound, "5m"),
                    (
                        .rank(RankRequest(indicator: "hme", period: "2024", set: .list(["0880", "9999"]))), .notFound,
                        "9999"
                    ),
                    (.rank(RankRequest(indicator: "hme", period: "2024", set: .list([]))), .invalidArgument, "list"),
                    (
                        .rank(RankRequest(indicator: "hme", period: "2024", set: kkvh, focus: "88")), .invalidArgument,
                        "88"
                    ),
                    (
                        .compare(CompareRequest(indicators: [], period: "2024", set: kkvh)), .invalidArgument,
                        "indicator"
                    ),
                    (.trend(TrendRequest(indicator: "hme", municipalities: [])), .invalidArgument, "municipality"),
                    (
                        .trend(TrendRequest(indicator: "hme", municipalities: ["0880"], cut: "12")), .invalidArgument,
                        "12"
                    ),
                    (
                        .trend(TrendRequest(indicator: "hme", municipalities: ["0880"], from: "2024", to: "2020")),
                        .invalidArgument, "2020"
                    ),
                    (.export(ExportRequest(indicators: ["happiness"])), .notFound, "happiness"),
                    (.export(ExportRequest(municipalities: ["9999"])), .notFound, "9999"),
                ]
                for (request, code, mention) in failures {
                    let error = try await client.failure(request)
                    #expect(error.code == code, "\(request): \(error.message)")
                    #expect(
                        error.message.contains(mention),
                        "\(request): '\(error.message)' does not mention \(mention)"
                    )
                    try await client.ping()
                }
                #expect(try await client.networks().count == 3)
                let rank = try await client.rank(RankRequest(indicator: "hme", period: "2024", set: kkvh))
                #expect(rank.rows.count == 5)
            }
        }
    }
}
