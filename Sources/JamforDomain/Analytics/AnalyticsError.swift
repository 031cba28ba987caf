/// A comparison that would mix figures that cannot be compared, or that is asked for with
/// arguments that make no sense.
public enum AnalyticsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Figures of two indicators in one comparison.
    case mixedIndicators(IndicatorID, IndicatorID)
    /// Figures in two units in one comparison.
    case mixedUnits(IndicatorUnit, IndicatorUnit)
    /// Figures of two periods (or two different cuts) in one comparison.
    case mixedPeriods(Period, Period)
    /// Figures of two scopes in one comparison.
    case mixedScopes(Scope, Scope)
    /// Figures of two genders in one comparison.
    case mixedGenders(Gender, Gender)
    /// Figures of two municipalities where one municipality's series was expected.
    case mixedMunicipalities(MunicipalityCode, MunicipalityCode)
    /// Two figures for one municipality in one comparison.
    case duplicateMunicipality(MunicipalityCode)
    /// One indicator twice in a composite.
    case duplicateIndicator(IndicatorID)
    /// A "previous" figure that is not from the same cut one year earlier.
    case notPreviousEqualPeriod(current: Period, previous: Period)
    /// A target for another year than the figure's.
    case targetYearMismatch(targetYear: Int, period: Period)
    /// A part-year figure of an accumulating indicator held against a whole-year target.
    case partYearAgainstAnnualTarget(IndicatorID, Period)
    /// A composite over no indicators.
    case noIndicators
    /// A number of weights that differs from the number of indicators.
    case weightCount(expected: Int, found: Int)
    /// A weight that is not a finite number above zero.
    case invalidWeight(IndicatorID, Double)
    /// A coverage rule outside 0–1.
    case invalidMissingShare(Double)
    /// An indicator id the catalog does not have.
    case unknownIndicator(IndicatorID)

    public var description: String {
        switch self {
        case .mixedIndicators(let a, let b):
            return "cannot compare \(a) with \(b): a comparison is over one indicator; use a composite for several"
        case .mixedUnits(let a, let b):
            return "cannot compare figures in \(a) with figures in \(b): convert them to one unit first"
        case .mixedPeriods(let a, let b):
            return "cannot compare \(a) with \(b): only equal periods are compared; ask for one period"
        case .mixedScopes(let a, let b):
            return
                "cannot compare scope \(a) with scope \(b): the whole organisation and the executive board are compared separately"
        case .mixedGenders(let a, let b):
            return "cannot compare gender \(a) with gender \(b): ask for one of T, K or M"
        case .mixedMunicipalities(let a, let b):
            return
                "expected figures of one municipality, found \(a) and \(b); compare one municipality's series at a time"
        case .duplicateMunicipality(let code):
            return "\(code) has two figures in one comparison; keep one per municipality"
        case .duplicateIndicator(let id):
            return "\(id) is listed twice in the composite; list each indicator once"
        case .notPreviousEqualPeriod(let current, let previous):
            let expected = current.previousEqual.map { "\($0)" } ?? "none"
            return "\(previous) is not the period before \(current): a change is measured against \(expected)"
        case .targetYearMismatch(let year, let period):
            return "the target is for \(year), the figure for \(period): hold a figure against its own year's target"
        case .partYearAgainstAnnualTarget(let id, let period):
            return
                "\(id) accumulates over the year, so the part-year figure \(period) cannot be held against a whole-year target; wait for the whole year"
        case .noIndicators:
            return "a composite needs at least one indicator"
        case .weightCount(let expected, let found):
            return "\(found) weights for \(expected) indicators: give one weight per indicator"
        case .invalidWeight(let id, let weight):
            return "the weight \(weight) for \(id) is not a number above zero"
        case .unknownIndicator(let id):
            return "no indicator has the id \(id); list the catalog's indicators and use one of their ids"
        case .invalidMissingShare(let share):
            return "the coverage rule \(share) is outside 0–1: give the share of indicators a municipality may miss"
        }
    }
}
