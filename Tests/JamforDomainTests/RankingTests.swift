import Testing

@testable import JamforDomain

@Suite("Ranking")
struct RankingTests {
    /// A "country" of eight, of which the first four form the listed network.
    private static let country: [(String, Double?)] = [
        ("0114", 80), ("0115", 75), ("0117", 80), ("0120", 70),
        ("0123", 60), ("0125", 85), ("0126", 65), ("0127", 90),
    ]
    private static let network = ["0114", "0115", "0117", "0120"].map(Fixture.code)

    @Test("a network ranked with competition ranks, classes drawn against the whole country")
    func networkAgainstCountry() throws {
        let slice = try Fixture.slice(Fixture.hme, Self.country)
        let ranking = try Analytics.rank(slice, members: Self.network)
        #expect(ranking.entries.map(\.municipality.rawValue) == ["0114", "0117", "0115", "0120"])
        #expect(ranking.entries.map(\.rank) == [1, 1, 3, 4])
        // Country best first: 90, 85 (green), 80, 80, 75, 70, 65 and 60 (red).
        // Within the network 80 is first, but in the country it is only yellow.
        #expect(ranking.entries.map(\.colour) == [.yellow, .yellow, .yellow, .yellow])
        #expect(ranking.colourBase == 8)
        // Scores over the network only: 70…80.
        #expect(ranking.entries.map(\.score) == [100, 100, 50, 0])
        #expect(ranking.group.mean == 76.25)
        #expect(ranking.group.count == 4)
        #expect(ranking.group.median == 77.5)
        #expect(ranking.country.count == 8)
        #expect(ranking.country.mean == 75.625)
        #expect(ranking.country.min == 60)
        #expect(ranking.country.max == 90)
    }

    @Test("the country ranked: the best quarter green, the worst red")
    func wholeCountry() throws {
        let slice = try Fixture.slice(Fixture.hme, Self.country)
        let ranking = try Analytics.rank(slice)
        let byCode = Dictionary(uniqueKeysWithValues: ranking.entries.map { ($0.municipality.rawValue, $0) })
        #expect(byCode["0127"]?.colour == .green)
        #expect(byCode["0125"]?.colour == .green)
        #expect(byCode["0126"]?.colour == .red)
        #expect(byCode["0123"]?.colour == .red)
        #expect(byCode["0127"]?.rank == 1)
        #expect(byCode["0123"]?.rank == 8)
    }

    @Test("lower is better: the lowest sick leave ranks first and scores 100")
    func lowerIsBetter() throws {
        let slice = try Fixture.slice(
            Fixture.sickLeave,
            [("0114", 7.5), ("0115", 6.0), ("0117", 7.5), ("0120", 9.0)]
        )
        let ranking = try Analytics.rank(slice)
        #expect(ranking.entries.map(\.municipality.rawValue) == ["0115", "0114", "0117", "0120"])
        #expect(ranking.entries.map(\.rank) == [1, 2, 2, 4])
        #expect(ranking.entries.map(\.score) == [100, 50, 50, 0])
        #expect(ranking.entries.map(\.colour) == [.green, .yellow, .yellow, .red])
        #expect(ranking.entries[0].zScore.map { $0 > 0 } == true)
        #expect(ranking.entries[3].zScore.map { $0 < 0 } == true)
    }

    @Test("members without a value are listed last, unranked and grey, whether marked or absent")
    func missingLast() throws {
        var values = Self.country
        values[1] = ("0115", nil)  // a '-' marker
        let slice = try Fixture.slice(Fixture.hme, values)
        let members = Self.network + [Fixture.code("0180")]  // 0180 has no observation at all
        let ranking = try Analytics.rank(slice, members: members)
        #expect(ranking.entries.map(\.municipality.rawValue) == ["0114", "0117", "0120", "0115", "0180"])
        #expect(ranking.entries.map(\.rank) == [1, 1, 3, nil, nil])
        #expect(ranking.entries.map(\.colour) == [.yellow, .yellow, .yellow, .grey, .grey])
        #expect(ranking.entries[3].reading?.status == .missing)
        #expect(ranking.entries[4].reading == nil)
        #expect(ranking.entries[3].score == nil)
        #expect(ranking.entries[3].zScore == nil)
        #expect(ranking.group.count == 3)
        #expect(ranking.group.withoutValue == 2)
        #expect(ranking.country.withoutValue == 1)
    }

    @Test("all values missing: nobody is ranked and the group value is empty")
    func allMissing() throws {
        let slice = try Fixture.slice(Fixture.hme, [("0114", nil), ("0115", nil)])
        let ranking = try Analytics.rank(slice)
        #expect(ranking.entries.map(\.rank) == [nil, nil])
        #expect(ranking.entries.map(\.colour) == [.grey, .grey])
        #expect(ranking.group.count == 0)
        #expect(ranking.group.mean == nil)
        #expect(ranking.colourBase == 0)
    }

    @Test("a set of one ranks first with the neutral score")
    func setOfOne() throws {
        let slice = try Fixture.slice(Fixture.hme, [("0114", 78)])
        let ranking = try Analytics.rank(slice)
        #expect(ranking.entries.count == 1)
        #expect(ranking.entries[0].rank == 1)
        #expect(ranking.entries[0].score == 50)
        #expect(ranking.entries[0].zScore == 0)
        #expect(ranking.entries[0].colour == .yellow)
        #expect(ranking.group.mean == 78)
    }

    @Test("all equal values share rank 1 and score 50")
    func allEqual() throws {
        let slice = try Fixture.slice(Fixture.hme, Fixture.codes.map { ($0, 77) })
        let ranking = try Analytics.rank(slice)
        #expect(ranking.entries.allSatisfy { $0.rank == 1 && $0.score == 50 && $0.zScore == 0 && $0.colour == .yellow })
    }

    @Test("each entry carries its change against the same cut a year earlier")
    func changes() throws {
        let now = try Fixture.slice(
            Fixture.sickLeave,
            [("0114", 7.5), ("0115", 8.2), ("0117", 7.7)],
            period: "2023-08"
        )
        let before = try Fixture.slice(
            Fixture.sickLeave,
            [("0114", 8.2), ("0115", 7.5), ("0117", 7.5)],
            period: "2022-08"
        )
        let ranking = try Analytics.rank(now, previous: before)
        let byCode = Dictionary(uniqueKeysWithValues: ranking.entries.map { ($0.municipality.rawValue, $0) })
        #expect(byCode["0114"]?.change?.arrow == .down)
        #expect(byCode["0114"]?.change?.assessment == .improved)
        #expect(byCode["0115"]?.change?.arrow == .up)
        #expect(byCode["0115"]?.change?.assessment == .worsened)
        #expect(byCode["0117"]?.change?.arrow == .flat)
        #expect(byCode["0117"]?.change?.delta == 0.2)
    }

    @Test("a previous slice from another cut or year is refused")
    func wrongPrevious() throws {
        let now = try Fixture.slice(Fixture.hme, [("0114", 78)], period: "2023-08")
        let wholeYear = try Fixture.slice(Fixture.hme, [("0114", 77)], period: "2022")
        #expect(
            throws: AnalyticsError.notPreviousEqualPeriod(
                current: Fixture.period("2023-08"),
                previous: Fixture.period("2022")
            )
        ) {
            try Analytics.rank(now, previous: wholeYear)
        }
        let other = try Fixture.slice(Fixture.nki, [("0114", 77)], period: "2022-08")
        #expect(throws: AnalyticsError.mixedIndicators(Fixture.hme.id, Fixture.nki.id)) {
            try Analytics.rank(now, previous: other)
        }
    }

    @Test("a member listed twice is refused")
    func duplicateMember() throws {
        let slice = try Fixture.slice(Fixture.hme, Self.country)
        #expect(throws: AnalyticsError.duplicateMunicipality(Fixture.code("0114"))) {
            try Analytics.rank(slice, members: [Fixture.code("0114"), Fixture.code("0114")])
        }
    }

    @Test("synthetic figures are labelled on their entries and on the ranking")
    func synthetic() throws {
        let now = try IndicatorSlice(
            indicator: Fixture.hme,
            period: Fixture.period("2023"),
            observations: [
                Fixture.observation(Fixture.hme, "0114", 78),
                Fixture.observation(Fixture.hme, "0115", 77, synthetic: true),
                Fixture.observation(Fixture.hme, "0117", 76),
            ]
        )
        let before = try IndicatorSlice(
            indicator: Fixture.hme,
            period: Fixture.period("2022"),
            observations: [
                Fixture.observation(Fixture.hme, "0114", 75, period: "2022"),
                Fixture.observation(Fixture.hme, "0117", 74, period: "2022", synthetic: true),
            ]
        )
        let ranking = try Analytics.rank(now, previous: before)
        // 0115's figure is synthetic; 0117's is real, but its change is measured from a synthetic one.
        #expect(ranking.entries.map(\.isSynthetic) == [false, true, false])
        #expect(ranking.entries.map(\.changeIsSynthetic) == [false, false, true])
        #expect(ranking.containsSynthetic)
        let real = try Analytics.rank(try Fixture.slice(Fixture.hme, [("0114", 78)]))
        #expect(!real.containsSynthetic)
        #expect(real.entries.allSatisfy { !$0.isSynthetic })
    }
}
