/// Which way a figure moved, as an arrow.
public enum Arrow: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Up by more than the dead band.
    case up = "↗"
    /// Within the dead band.
    case flat = "→"
    /// Down by more than the dead band.
    case down = "↘"

    public var description: String { rawValue }
}

/// Whether a change is for the better, given the indicator's direction.
public enum Assessment: String, Sendable, Hashable, Codable, CaseIterable {
    /// Better by more than the dead band.
    case improved
    /// Within the dead band.
    case unchanged
    /// Worse by more than the dead band.
    case worsened
}

/// A figure against the same cut one year earlier.
public struct Change: Sendable, Hashable, Codable {
    /// The figure now.
    public var current: Double
    /// The figure for the same cut one year earlier.
    public var previous: Double
    /// `current − previous`, cleared of floating-point noise below 10⁻⁹.
    public var delta: Double
    /// Which way the number moved.
    public var arrow: Arrow
    /// Whether that is better, given the indicator's direction.
    public var assessment: Assessment
}

/// How a figure stands against its target.
public enum TargetStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The target is reached.
    case met
    /// Not reached, but better than the same period a year earlier by more than the dead band.
    case improving
    /// Not reached, and within the dead band of a year earlier.
    case unchanged
    /// Not reached, and worse than a year earlier by more than the dead band.
    case movingAway = "moving-away"
    /// Not reached, and there is no figure a year earlier to tell the direction.
    case notMet = "not-met"
    /// There is no figure to hold against the target.
    case noValue = "no-value"

    public var description: String { rawValue }
}

extension Analytics {
    /// The change from `previous` to `current`. A move no larger than the indicator's dead band
    /// is flat and unchanged; beyond it, the arrow shows the direction of the number and the
    /// assessment whether that is better given the indicator's direction.
    public static func change(from previous: Double, to current: Double, indicator: Indicator) -> Change {
        let delta = cleaned(current - previous)
        let arrow: Arrow
        let assessment: Assessment
        if abs(delta) <= indicator.deadBand {
            arrow = .flat
            assessment = .unchanged
        } else {
            arrow = delta > 0 ? .up : .down
            assessment = indicator.direction.isBetter(current, than: previous) ? .improved : .worsened
        }
        return Change(current: current, previous: previous, delta: delta, arrow: arrow, assessment: assessment)
    }

    /// The change between two observations of one series, `previous` being the same cut one year
    /// before `current`; nil when either has no value.
    public static func change(
        from previous: Observation,
        to current: Observation,
        indicator: Indicator
    ) throws(AnalyticsError) -> Change? {
        try checkSameSeries(current.key, previous.key, indicator: indicator)
        guard previous.key.period == current.key.period.previousEqual else {
            guard previous.key.period.isSameCut(as: current.key.period) else {
                throw .mixedPeriods(current.key.period, previous.key.period)
            }
            throw .notPreviousEqualPeriod(current: current.key.period, previous: previous.key.period)
        }
        guard let now = current.value, let before = previous.value else { return nil }
        return change(from: before, to: now, indicator: indicator)
    }

    /// How `current` stands against `target`, using `previous` (the same cut one year earlier) for
    /// the direction when the target is not met.
    ///
    /// A part-year figure of an indicator that accumulates over the year (turnover) is not held
    /// against a whole-year target; that is an error, not a status.
    public static func targetStatus(
        _ target: Target,
        current: Observation?,
        previous: Observation?,
        indicator: Indicator
    ) throws(AnalyticsError) -> TargetStatus {
        guard target.indicator == indicator.id else { throw .mixedIndicators(indicator.id, target.indicator) }
        guard let current else { return .noValue }
        let key = current.key
        guard key.indicator == target.indicator else { throw .mixedIndicators(target.indicator, key.indicator) }
        guard key.municipality == target.municipality else {
            throw .mixedMunicipalities(target.municipality, key.municipality)
        }
        guard key.scope == target.scope else { throw .mixedScopes(target.scope, key.scope) }
        guard key.gender == target.gender else { throw .mixedGenders(target.gender, key.gender) }
        guard key.period.year == target.year else {
            throw .targetYearMismatch(targetYear: target.year, period: key.period)
        }
        if indicator.accumulates && !key.period.isWholeYear {
            throw .partYearAgainstAnnualTarget(indicator.id, key.period)
        }
        guard let value = current.value else { return .noValue }
        let gap = cleaned(value - target.value)
        let met = indicator.direction == .higher ? gap >= 0 : gap <= 0
        if met { return .met }
        guard let previous, let change = try change(from: previous, to: current, indicator: indicator) else {
            return .notMet
        }
        switch change.assessment {
        case .improved: return .improving
        case .unchanged: return .unchanged
        case .worsened: return .movingAway
        }
    }

    static func checkSameSeries(_ a: SeriesKey, _ b: SeriesKey, indicator: Indicator) throws(AnalyticsError) {
        guard a.indicator == indicator.id else { throw .mixedIndicators(indicator.id, a.indicator) }
        guard b.indicator == indicator.id else { throw .mixedIndicators(indicator.id, b.indicator) }
        guard a.municipality == b.municipality else { throw .mixedMunicipalities(a.municipality, b.municipality) }
        guard a.scope == b.scope else { throw .mixedScopes(a.scope, b.scope) }
        guard a.gender == b.gender else { throw .mixedGenders(a.gender, b.gender) }
    }

    /// `x` rounded to nine decimals, so that 7.7 − 7.5 is 0.2 and not 0.20000000000000018.
    /// Figures are reported with at most six decimals, so nothing real is lost.
    static func cleaned(_ x: Double) -> Double {
        let scaled = x * 1e9
        guard abs(scaled) < 9e15 else { return x }
        return scaled.rounded() / 1e9
    }
}
