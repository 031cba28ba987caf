import Testing

@testable import JamforDomain

@Suite("Comparability guards")
struct IndicatorSliceTests {
    private func make(_ observations: [Observation], registry: Registry? = nil) throws -> IndicatorSlice {
        try IndicatorSlice(
            indicator: Fixture.hme,
            period: Fixture.period("2023"),
            observations: observations,
            registry: registry
        )
    }

    @Test("mixing periods, including two cuts of one year, is an error")
    func periods() {
        let a = Fixture.observation(Fixture.hme, "0114", 78)
        let cut = Fixture.observation(Fixture.hme, "0115", 77, period: "2023-08")
        #expect(throws: AnalyticsError.mixedPeriods(Fixture.period("2023"), Fixture.period("2023-08"))) {
            try make([a, cut])
        }
        let earlier = Fixture.observation(Fixture.hme, "0115", 77, period: "2022")
        #expect(throws: AnalyticsError.mixedPeriods(Fixture.period("2023"), Fixture.period("2022"))) {
            try make([a, earlier])
        }
    }

    @Test("mixing scopes or genders is an error")
    func scopesAndGenders() {
        let a = Fixture.observation(Fixture.hme, "0114", 78)
        let ks = Fixture.observation(Fixture.hme, "0115", 77, scope: .ks)
        #expect(throws: AnalyticsError.mixedScopes(.kommun, .ks)) { try make([a, ks]) }
        let women = Fixture.observation(Fixture.hme, "0115", 77, gender: .women)
        #expect(throws: AnalyticsError.mixedGenders(.total, .women)) { try make([a, women]) }
    }

    @Test("mixing indicators is an error, reported as a unit mismatch when the units differ")
    func indicatorsAndUnits() throws {
        let a = Fixture.observation(Fixture.hme, "0114", 78)
        let nki = Fixture.observation(Fixture.nki, "0115", 70)
        let sick = Fixture.observation(Fixture.sickLeave, "0115", 7.5)
        #expect(throws: AnalyticsError.mixedIndicators(Fixture.hme.id, Fixture.nki.id)) { try make([a, nki]) }
        #expect(throws: AnalyticsError.mixedIndicators(Fixture.hme.id, Fixture.sickLeave.id)) { try make([a, sick]) }
        let registry = try Registry(
            municipalities: [],
            networks: [],
            indicators: [Fixture.hme, Fixture.nki, Fixture.sickLeave]
        )
        #expect(throws: AnalyticsError.mixedUnits(.index, .percent)) { try make([a, sick], registry: registry) }
        #expect(throws: AnalyticsError.mixedIndicators(Fixture.hme.id, Fixture.nki.id)) {
            try make([a, nki], registry: registry)
        }
    }

    @Test("two figures for one municipality is an error")
    func duplicates() {
        let a = Fixture.observation(Fixture.hme, "0114", 78)
        let b = Fixture.observation(Fixture.hme, "0114", 79)
        #expect(throws: AnalyticsError.duplicateMunicipality(Fixture.code("0114"))) { try make([a, b]) }
    }

    @Test("a clean slice keeps its readings in order")
    func clean() throws {
        let slice = try make([
            Fixture.observation(Fixture.hme, "0115", 77),
            Fixture.observation(Fixture.hme, "0114", nil, status: .confidential),
        ])
        #expect(slice.municipalities.map(\.rawValue) == ["0115", "0114"])
        #expect(slice.values == [77])
        #expect(slice.reading(for: Fixture.code("0114"))?.status == .confidential)
        #expect(slice.reading(for: Fixture.code("0117")) == nil)
    }

    @Test("every guard's message names both sides and the fix")
    func messages() {
        let message = AnalyticsError.mixedPeriods(Fixture.period("2023"), Fixture.period("2023-08")).description
        #expect(message.contains("2023-08") && message.contains("only equal periods"))
        #expect(AnalyticsError.mixedUnits(.index, .percent).description.contains("percent"))
    }
}
