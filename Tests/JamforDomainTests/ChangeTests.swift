import Testing

@testable import JamforDomain

@Suite("Change and target status")
struct ChangeTests {
    @Test(
        "arrow and assessment with a dead band, higher is better (HME, band 1)",
        arguments: [
            (78.0, 80.0, Arrow.up, Assessment.improved),
            (78, 78.5, .flat, .unchanged),
            (79, 78, .flat, .unchanged),  // exactly the band is no change
            (79, 77.5, .down, .worsened),
        ]
    )
    func higher(previous: Double, current: Double, arrow: Arrow, assessment: Assessment) {
        let change = Analytics.change(from: previous, to: current, indicator: Fixture.hme)
        #expect(change.arrow == arrow)
        #expect(change.assessment == assessment)
    }

    @Test(
        "lower is better (sick leave, band 0.2): down is an improvement",
        arguments: [
            (8.2, 7.5, Arrow.down, Assessment.improved),
            (7.5, 8.2, .up, .worsened),
            (7.5, 7.7, .flat, .unchanged),  // 0.2 despite 7.7 − 7.5 being 0.20000000000000018 in floating point
            (7.5, 7.3, .flat, .unchanged),
            (7.5, 7.2, .down, .improved),
        ]
    )
    func lower(previous: Double, current: Double, arrow: Arrow, assessment: Assessment) {
        let change = Analytics.change(from: previous, to: current, indicator: Fixture.sickLeave)
        #expect(change.arrow == arrow)
        #expect(change.assessment == assessment)
    }

    @Test("the delta is clean of floating-point noise")
    func delta() {
        #expect(Analytics.change(from: 7.5, to: 7.7, indicator: Fixture.sickLeave).delta == 0.2)
        #expect(Analytics.change(from: 8.2, to: 7.5, indicator: Fixture.sickLeave).delta == -0.7)
    }

    @Test("observations: the previous must be the same cut one year earlier of the same series")
    func observations() throws {
        let now = Fixture.observation(Fixture.hme, "0381", 78, period: "2023-08")
        let before = Fixture.observation(Fixture.hme, "0381", 76, period: "2022-08")
        let change = try #require(try Analytics.change(from: before, to: now, indicator: Fixture.hme))
        #expect(change.delta == 2)
        #expect(change.arrow == .up)

        let wholeYear = Fixture.observation(Fixture.hme, "0381", 77, period: "2022")
        #expect(throws: AnalyticsError.mixedPeriods(Fixture.period("2023-08"), Fixture.period("2022"))) {
            try Analytics.change(from: wholeYear, to: now, indicator: Fixture.hme)
        }
        let twoYears = Fixture.observation(Fixture.hme, "0381", 77, period: "2021-08")
        #expect(
            throws: AnalyticsError.notPreviousEqualPeriod(
                current: Fixture.period("2023-08"),
                previous: Fixture.period("2021-08")
            )
        ) {
            try Analytics.change(from: twoYears, to: now, indicator: Fixture.hme)
        }
        let elsewhere = Fixture.observation(Fixture.hme, "0484", 76, period: "2022-08")
        #expect(throws: AnalyticsError.mixedMunicipalities(Fixture.code("0381"), Fixture.code("0484"))) {
            try Analytics.change(from: elsewhere, to: now, indicator: Fixture.hme)
        }
        let ks = Fixture.observation(Fixture.hme, "0381", 76, period: "2022-08", scope: .ks)
        #expect(throws: AnalyticsError.mixedScopes(.kommun, .ks)) {
            try Analytics.change(from: ks, to: now, indicator: Fixture.hme)
        }
        let marker = Fixture.observation(Fixture.hme, "0381", nil, period: "2022-08")
        #expect(try Analytics.change(from: marker, to: now, indicator: Fixture.hme) == nil)
    }

    private func target(_ indicator: Indicator, _ value: Double, year: Int = 2023) throws -> Target {
        try Target(
            indicator: indicator.id,
            municipality: Fixture.code("0381"),
            year: year,
            value: value,
            source: Source(kind: .report, reference: "001_034fdc850437dc3c.txt")
        )
    }

    @Test("HME, higher is better: Enköping's 78 in August 2023 against the target 84")
    func hmeTarget() throws {
        let goal = try target(Fixture.hme, 84)
        let now = Fixture.observation(Fixture.hme, "0381", 78, period: "2023-08")
        func status(_ previous: Double?) throws -> TargetStatus {
            let before = previous.map { Fixture.observation(Fixture.hme, "0381", $0, period: "2022-08") }
            return try Analytics.targetStatus(goal, current: now, previous: before, indicator: Fixture.hme)
        }
        #expect(try status(nil) == .notMet)
        #expect(try status(76) == .improving)
        #expect(try status(78) == .unchanged)
        #expect(try status(77) == .unchanged)
        #expect(try status(80) == .movingAway)
        let reached = Fixture.observation(Fixture.hme, "0381", 84, period: "2023")
        #expect(try Analytics.targetStatus(goal, current: reached, previous: nil, indicator: Fixture.hme) == .met)
    }

    @Test(
        "sick leave, lower is better, against the target 5.6",
        arguments: [
            (5.5, nil, TargetStatus.met),
            (5.6, nil, .met),
            (7.5, 8.2, .improving),
            (7.5, 7.4, .unchanged),
            (7.5, 7.0, .movingAway),
            (7.5, nil, .notMet),
        ] as [(Double, Double?, TargetStatus)]
    )
    func sickLeaveTarget(current: Double, previous: Double?, expected: TargetStatus) throws {
        let goal = try target(Fixture.sickLeave, 5.6)
        let now = Fixture.observation(Fixture.sickLeave, "0381", current, period: "2023")
        let before = previous.map { Fixture.observation(Fixture.sickLeave, "0381", $0, period: "2022") }
        #expect(
            try Analytics.targetStatus(goal, current: now, previous: before, indicator: Fixture.sickLeave) == expected
        )
    }

    @Test("no figure to hold against the target")
    func noValue() throws {
        let goal = try target(Fixture.hme, 84)
        #expect(try Analytics.targetStatus(goal, current: nil, previous: nil, indicator: Fixture.hme) == .noValue)
        let marker = Fixture.observation(Fixture.hme, "0381", nil, period: "2023", status: .confidential)
        #expect(try Analytics.targetStatus(goal, current: marker, previous: nil, indicator: Fixture.hme) == .noValue)
    }

    @Test("a part-year turnover figure is not held against the whole-year target")
    func accumulating() throws {
        let goal = try target(Fixture.turnover, 8)
        let august = Fixture.observation(Fixture.turnover, "0381", 5.3, period: "2023-08")
        #expect(throws: AnalyticsError.partYearAgainstAnnualTarget(Fixture.turnover.id, Fixture.period("2023-08"))) {
            try Analytics.targetStatus(goal, current: august, previous: nil, indicator: Fixture.turnover)
        }
        let year = Fixture.observation(Fixture.turnover, "0381", 10.3, period: "2023")
        #expect(try Analytics.targetStatus(goal, current: year, previous: nil, indicator: Fixture.turnover) == .notMet)
    }

    @Test("a target for another year, municipality, scope or indicator is refused")
    func guards() throws {
        let goal = try target(Fixture.hme, 84)
        let lastYear = Fixture.observation(Fixture.hme, "0381", 77, period: "2022")
        #expect(throws: AnalyticsError.targetYearMismatch(targetYear: 2023, period: Fixture.period("2022"))) {
            try Analytics.targetStatus(goal, current: lastYear, previous: nil, indicator: Fixture.hme)
        }
        let elsewhere = Fixture.observation(Fixture.hme, "0484", 77, period: "2023")
        #expect(throws: AnalyticsError.mixedMunicipalities(Fixture.code("0381"), Fixture.code("0484"))) {
            try Analytics.targetStatus(goal, current: elsewhere, previous: nil, indicator: Fixture.hme)
        }
        let ks = Fixture.observation(Fixture.hme, "0381", 77, period: "2023", scope: .ks)
        #expect(throws: AnalyticsError.mixedScopes(.kommun, .ks)) {
            try Analytics.targetStatus(goal, current: ks, previous: nil, indicator: Fixture.hme)
        }
        #expect(throws: AnalyticsError.mixedIndicators(Fixture.nki.id, Fixture.hme.id)) {
            try Analytics.targetStatus(goal, current: nil, previous: nil, indicator: Fixture.nki)
        }
    }
}
