import Testing

@testable import JamforDomain

@Suite("Composite index")
struct CompositeTests {
    private static let members = ["0114", "0115", "0117", "0120"].map(Fixture.code)

    /// Four indicators over four members; 0120 lacks sick leave.
    ///
    ///            hme  nki  sick  turnover      scores: hme  nki  sick  turnover
    ///   0114      80   60   8.0      10                 100    0     0       100
    ///   0115      70   80   6.0      12                   0  100   100         0
    ///   0117      75   70   7.0      11                  50   50    50        50
    ///   0120      78   65    -       10                  80   25     -       100
    private static func slices() throws -> [IndicatorSlice] {
        [
            try Fixture.slice(Fixture.hme, [("0114", 80), ("0115", 70), ("0117", 75), ("0120", 78)]),
            try Fixture.slice(Fixture.nki, [("0114", 60), ("0115", 80), ("0117", 70), ("0120", 65)]),
            try Fixture.slice(Fixture.sickLeave, [("0114", 8), ("0115", 6), ("0117", 7), ("0120", nil)]),
            try Fixture.slice(Fixture.turnover, [("0114", 10), ("0115", 12), ("0117", 11), ("0120", 10)]),
        ]
    }

    @Test("equal weights: 0120 leads on the three it has (205 / 3), the other three tie at 50")
    func equalWeights() throws {
        let composite = try Analytics.composite(try Self.slices(), members: Self.members)
        #expect(composite.entries.map(\.municipality.rawValue) == ["0120", "0114", "0115", "0117"])
        #expect(composite.entries.map(\.rank) == [1, 2, 2, 2])
        #expect(composite.entries[0].score == Analytics.cleaned(205.0 / 3))
        #expect(composite.entries[1...].allSatisfy { $0.score == 50 })
        #expect(composite.entries[0].scores == [80, 25, nil, 100])
        #expect(composite.entries[0].covered == 3)
        #expect(composite.entries[0].coverage == 0.75)
        #expect(composite.entries[1].coverage == 1)
        #expect(composite.entries.allSatisfy { !$0.isSynthetic })
        #expect(composite.entries.allSatisfy { !$0.isIncomplete })
    }

    @Test("weights are renormalized over the indicators a member has")
    func weights() throws {
        let composite = try Analytics.composite(try Self.slices(), weights: [3, 1, 1, 1], members: Self.members)
        let byCode = Dictionary(uniqueKeysWithValues: composite.entries.map { ($0.municipality.rawValue, $0) })
        // 0114: (3·100 + 0 + 0 + 100) / 6; 0120: (3·80 + 25 + 100) / 5.
        #expect(byCode["0114"]?.score == Analytics.cleaned(400.0 / 6))
        #expect(byCode["0115"]?.score == Analytics.cleaned(200.0 / 6))
        #expect(byCode["0117"]?.score == 50)
        #expect(byCode["0120"]?.score == 73)
        #expect(composite.entries.map(\.municipality.rawValue) == ["0120", "0114", "0117", "0115"])
        #expect(composite.entries.map(\.rank) == [1, 2, 3, 4])
    }

    @Test("missing more than the allowed share makes a member incomplete, listed last and unranked")
    func coverage() throws {
        // With no indicator allowed to be missing, 0120 is incomplete.
        let strict = try Analytics.composite(try Self.slices(), members: Self.members, maximumMissingShare: 0)
        #expect(strict.entries.map(\.municipality.rawValue) == ["0114", "0115", "0117", "0120"])
        #expect(strict.entries.map(\.rank) == [1, 1, 1, nil])
        #expect(strict.entries[3].isIncomplete)
        #expect(strict.entries[3].score == nil)
        #expect(strict.entries[3].scores == [80, 25, nil, 100])

        // Two of four missing is more than a quarter.
        var slices = try Self.slices()
        slices[1] = try Fixture.slice(Fixture.nki, [("0114", 60), ("0115", 80), ("0117", 70), ("0120", nil)])
        let lenient = try Analytics.composite(slices, members: Self.members)
        let entry = try #require(lenient.entries.first { $0.municipality.rawValue == "0120" })
        #expect(entry.isIncomplete)
        #expect(entry.covered == 2)
        #expect(entry.rank == nil)
        // Half may be missing: then 0120 is ranked on hme and turnover, (80 + 100) / 2.
        let half = try Analytics.composite(slices, members: Self.members, maximumMissingShare: 0.5)
        #expect(half.entries.first?.municipality.rawValue == "0120")
        #expect(half.entries.first?.score == 90)
    }

    @Test("a member with no value at all is incomplete even when everything may be missing")
    func nothing() throws {
        let slices = try Self.slices()
        let members = Self.members + [Fixture.code("0123")]
        let composite = try Analytics.composite(slices, members: members, maximumMissingShare: 1)
        let last = try #require(composite.entries.last)
        #expect(last.municipality.rawValue == "0123")
        #expect(last.isIncomplete)
        #expect(last.covered == 0)
    }

    @Test("slices from different periods, scopes or genders are refused")
    func guards() throws {
        let hme = try Fixture.slice(Fixture.hme, [("0114", 80)])
        let nkiEarlier = try Fixture.slice(Fixture.nki, [("0114", 60)], period: "2022")
        #expect(throws: AnalyticsError.mixedPeriods(Fixture.period("2023"), Fixture.period("2022"))) {
            try Analytics.composite([hme, nkiEarlier], members: Self.members)
        }
        let nkiKS = try IndicatorSlice(
            indicator: Fixture.nki,
            period: Fixture.period("2023"),
            scope: .ks,
            observations: [Fixture.observation(Fixture.nki, "0114", 60, scope: .ks)]
        )
        #expect(throws: AnalyticsError.mixedScopes(.kommun, .ks)) {
            try Analytics.composite([hme, nkiKS], members: Self.members)
        }
        let nkiWomen = try IndicatorSlice(
            indicator: Fixture.nki,
            period: Fixture.period("2023"),
            gender: .women,
            observations: []
        )
        #expect(throws: AnalyticsError.mixedGenders(.total, .women)) {
            try Analytics.composite([hme, nkiWomen], members: Self.members)
        }
        #expect(throws: AnalyticsError.duplicateIndicator(Fixture.hme.id)) {
            try Analytics.composite([hme, hme], members: Self.members)
        }
    }

    @Test("bad arguments are refused")
    func arguments() throws {
        let slices = try Self.slices()
        #expect(throws: AnalyticsError.noIndicators) { try Analytics.composite([], members: Self.members) }
        #expect(throws: AnalyticsError.weightCount(expected: 4, found: 2)) {
            try Analytics.composite(slices, weights: [1, 1], members: Self.members)
        }
        #expect(throws: AnalyticsError.invalidWeight(Fixture.nki.id, 0)) {
            try Analytics.composite(slices, weights: [1, 0, 1, 1], members: Self.members)
        }
        #expect(throws: AnalyticsError.self) {
            try Analytics.composite(slices, weights: [1, .nan, 1, 1], members: Self.members)
        }
        #expect(throws: AnalyticsError.invalidMissingShare(1.5)) {
            try Analytics.composite(slices, members: Self.members, maximumMissingShare: 1.5)
        }
        #expect(throws: AnalyticsError.duplicateMunicipality(Fixture.code("0114"))) {
            try Analytics.composite(slices, members: Self.members + [Fixture.code("0114")])
        }
    }

    @Test("a member with a synthetic figure is labelled")
    func synthetic() throws {
        let hme = try IndicatorSlice(
            indicator: Fixture.hme,
            period: Fixture.period("2023"),
            observations: [
                Fixture.observation(Fixture.hme, "0114", 80),
                Fixture.observation(Fixture.hme, "0115", 70, synthetic: true),
            ]
        )
        let nki = try Fixture.slice(Fixture.nki, [("0114", 60), ("0115", 80)])
        let composite = try Analytics.composite([hme, nki], members: [Fixture.code("0114"), Fixture.code("0115")])
        let byCode = Dictionary(uniqueKeysWithValues: composite.entries.map { ($0.municipality.rawValue, $0) })
        #expect(byCode["0114"]?.isSynthetic == false)
        #expect(byCode["0115"]?.isSynthetic == true)
    }
}
