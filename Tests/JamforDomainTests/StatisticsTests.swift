import Testing

@testable import JamforDomain

@Suite("Ranks, scores and group values")
struct StatisticsTests {
    @Test("standard competition ranks, higher is better: 80, 75, 80, 70 rank 1, 3, 1, 4")
    func competitionHigher() {
        #expect(Analytics.competitionRanks([80, 75, 80, 70], direction: .higher) == [1, 3, 1, 4])
    }

    @Test("lower is better: sick leave 7.5, 6.0, 7.5, 9.1 rank 2, 1, 2, 4")
    func competitionLower() {
        #expect(Analytics.competitionRanks([7.5, 6.0, 7.5, 9.1], direction: .lower) == [2, 1, 2, 4])
    }

    @Test("a three-way tie for first skips to 4; missing values have no rank")
    func competitionTiesAndGaps() {
        #expect(Analytics.competitionRanks([5, nil, 5, 5, 3, nil], direction: .higher) == [1, nil, 1, 1, 4, nil])
        #expect(Analytics.competitionRanks([nil, nil], direction: .higher) == [nil, nil])
        #expect(Analytics.competitionRanks([], direction: .lower) == [])
        #expect(Analytics.competitionRanks([42], direction: .lower) == [1])
    }

    @Test("min–max scores: 60, 70, 80, 100 score 0, 25, 50, 100")
    func normalizedHigher() {
        #expect(Analytics.normalizedScores([60, 70, nil, 80, 100], direction: .higher) == [0, 25, nil, 50, 100])
    }

    @Test("min–max scores turned for lower is better: 6, 7, 8, 10 score 100, 75, 50, 0")
    func normalizedLower() {
        #expect(Analytics.normalizedScores([6, 7, 8, 10], direction: .lower) == [100, 75, 50, 0])
    }

    @Test("no spread: all equal values, or a set of one, score 50")
    func normalizedFlat() {
        #expect(Analytics.normalizedScores([7, 7, nil, 7], direction: .lower) == [50, 50, nil, 50])
        #expect(Analytics.normalizedScores([3], direction: .higher) == [50])
        #expect(Analytics.normalizedScores([nil], direction: .higher) == [nil])
    }

    @Test("z-scores with the population deviation: 2 4 4 4 5 5 7 9 has mean 5 and deviation 2")
    func zScores() {
        let values: [Double?] = [2, 4, 4, 4, 5, 5, 7, 9, nil]
        #expect(Analytics.zScores(values, direction: .higher) == [-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2, nil])
        #expect(Analytics.zScores(values, direction: .lower) == [1.5, 0.5, 0.5, 0.5, 0, 0, -1, -2, nil])
    }

    @Test("z-scores with no spread are 0, and with no values nil")
    func zScoresFlat() {
        // 7.1 × 3 / 3 is 7.099999999999999 in floating point: equal values must still score 0.
        #expect(Analytics.zScores([7.1, 7.1, 7.1], direction: .lower) == [0, 0, 0])
        #expect(Analytics.zScores([0.3, nil, 0.3], direction: .higher) == [0, nil, 0])
        #expect(Analytics.zScores([4, 4], direction: .higher) == [0, 0])
        #expect(Analytics.zScores([4], direction: .higher) == [0])
        #expect(Analytics.zScores([nil, nil], direction: .higher) == [nil, nil])
    }

    @Test("group values: unweighted mean with the count of contributors, median, min, max")
    func group() {
        let even = GroupStatistics(values: [80, 75, 80, 70], withoutValue: 2)
        #expect(even.count == 4)
        #expect(even.withoutValue == 2)
        #expect(even.members == 6)
        #expect(even.mean == 76.25)
        #expect(even.median == 77.5)
        #expect(even.min == 70)
        #expect(even.max == 80)

        let odd = GroupStatistics(values: [3, 1, 2])
        #expect(odd.median == 2)
        #expect(odd.mean == 2)

        let equal = GroupStatistics(values: [7.1, 7.1, 7.1])
        #expect(equal.mean == 7.1)
        #expect(GroupStatistics(values: [7.1, 7.2]).median == 7.15)

        let one = GroupStatistics(values: [7.5])
        #expect(one.mean == 7.5)
        #expect(one.median == 7.5)
        #expect(one.count == 1)

        let none = GroupStatistics(values: [], withoutValue: 3)
        #expect(none.count == 0)
        #expect(none.withoutValue == 3)
        #expect(none.mean == nil)
        #expect(none.median == nil)
        #expect(none.min == nil)
        #expect(none.max == nil)
    }
}
