/// The analytics: pure functions from observations to ranked, normalized comparisons.
public enum Analytics {}

/// One municipality's line in a ranking.
public struct RankedEntry: Sendable, Hashable {
    public var municipality: MunicipalityCode
    /// The figure or status marker, or nil when the municipality has no observation at all.
    public var reading: Reading?
    /// The competition rank within the listed set; nil without a value.
    public var rank: Int?
    /// The colour class against every municipality with a value.
    public var colour: ColourClass
    /// The min–max score 0–100 within the listed set, higher is better.
    public var score: Double?
    /// The z-score within the listed set, above zero is better than the mean.
    public var zScore: Double?
    /// The change against the same cut one year earlier, when both figures exist.
    public var change: Change?
    /// Whether the figure, or the one the change is measured from, is synthetic: made up, not real.
    public var isSynthetic: Bool

    /// The figure, when there is one.
    public var value: Double? { reading?.value }
}

/// One indicator ranked over a set of municipalities.
public struct Ranking: Sendable {
    public var indicator: Indicator
    public var period: Period
    public var scope: Scope
    public var gender: Gender
    /// Ranked entries best first (equal ranks by code), then the unranked by code.
    public var entries: [RankedEntry]
    /// Group values over the listed set.
    public var group: GroupStatistics
    /// Group values over every municipality in the slice: the country, when the slice is national.
    public var country: GroupStatistics
    /// How many values the colour classes were drawn against.
    public var colourBase: Int
    /// Whether any figure behind the ranking, including the country's group values, is synthetic.
    public var containsSynthetic: Bool
}

extension Analytics {
    /// Ranks `members` on the figures in `slice`.
    ///
    /// - Parameters:
    ///   - slice: the figures for the indicator, period, scope and gender, for as many municipalities
    ///     as are known: colour classes and the country's group values are computed over all of them.
    ///   - members: the set to list and rank, such as a network; nil lists every municipality in the slice.
    ///     Members without an observation are listed unranked.
    ///   - previous: the same cut one year earlier, for each entry's change.
    public static func rank(
        _ slice: IndicatorSlice,
        members: [MunicipalityCode]? = nil,
        previous: IndicatorSlice? = nil
    ) throws(AnalyticsError) -> Ranking {
        if let previous { try slice.checkPrevious(previous) }
        let codes = members ?? slice.municipalities
        if members != nil {
            var seen = Set<MunicipalityCode>(minimumCapacity: codes.count)
            for code in codes where !seen.insert(code).inserted { throw .duplicateMunicipality(code) }
        }
        let indicator = slice.indicator
        let direction = indicator.direction
        let readings = codes.map { slice.reading(for: $0) }
        let values = readings.map { $0?.value }
        let ranks = competitionRanks(values, direction: direction)
        let scores = normalizedScores(values, direction: direction)
        let zScores = zScores(values, direction: direction)
        let countryValues = slice.values
        let scale = ColourScale(values: countryValues, direction: direction)

        var ranked: [RankedEntry] = []
        var unranked: [RankedEntry] = []
        var memberValues: [Double] = []
        memberValues.reserveCapacity(codes.count)
        ranked.reserveCapacity(codes.count)
        for (index, code) in codes.enumerated() {
            var change: Change?
            var synthetic = slice.isSynthetic(code)
            if let value = values[index], let previous, let before = previous.reading(for: code)?.value {
                change = Self.change(from: before, to: value, indicator: indicator)
                synthetic = synthetic || previous.isSynthetic(code)
            }
            let entry = RankedEntry(
                municipality: code,
                reading: readings[index],
                rank: ranks[index],
                colour: scale.colour(of: values[index]),
                score: scores[index],
                zScore: zScores[index],
                change: change,
                isSynthetic: synthetic
            )
            if let value = values[index] {
                memberValues.append(value)
                ranked.append(entry)
            } else {
                unranked.append(entry)
            }
        }
        ranked.sort { a, b in
            // Every ranked entry has a rank; the fallback only keeps the comparison total.
            let (ra, rb) = (a.rank ?? .max, b.rank ?? .max)
            return ra != rb ? ra < rb : a.municipality < b.municipality
        }
        unranked.sort { $0.municipality < $1.municipality }
        return Ranking(
            indicator: indicator,
            period: slice.period,
            scope: slice.scope,
            gender: slice.gender,
            entries: ranked + unranked,
            group: GroupStatistics(values: memberValues, withoutValue: unranked.count),
            country: GroupStatistics(values: countryValues, withoutValue: slice.readings.count - countryValues.count),
            colourBase: scale.count,
            containsSynthetic: slice.containsSynthetic || previous?.containsSynthetic == true
        )
    }
}
