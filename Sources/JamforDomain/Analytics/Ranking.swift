/// The analytics: pure functions from observations to ranked, normalized comparisons.
public enum Analytics {}

/// One municipality's line in a ranking.
public struct RankedEntry: Sendable, Hashable {
    /// Whose line it is.
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
    /// Whether the figure is synthetic: made up, not real.
    public var isSynthetic: Bool
    /// Whether the earlier figure the change is measured from is synthetic.
    public var changeIsSynthetic: Bool = false

    /// The figure, when there is one.
    public var value: Double? { reading?.value }
}

/// One indicator ranked over a set of municipalities.
public struct Ranking: Sendable {
    /// The indicator ranked on.
    public var indicator: Indicator
    /// The period, scope and gender of the figures.
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
        // Each member's position in the slice, found once: the readings and flags are parallel arrays.
        let positions: [Int?]
        if members == nil {
            positions = Array(slice.municipalities.indices)
        } else {
            var seen = Set<MunicipalityCode>(minimumCapacity: codes.count)
            for code in codes where !seen.insert(code).inserted { throw .duplicateMunicipality(code) }
            positions = codes.map { slice.position(of: $0) }
        }
        let indicator = slice.indicator
        let direction = indicator.direction
        let values = positions.map { $0.flatMap { slice.readings[$0].value } }
        let ranks = competitionRanks(values, direction: direction)
        let scores = normalizedScores(values, direction: direction)
        let zScores = zScores(values, direction: direction)
        let countryValues = slice.values
        let scale = ColourScale(values: countryValues, direction: direction)

        // The listed order: ranked best first with equal ranks by code, then the unranked by code.
        let order = codes.indices.sorted { a, b in
            switch (ranks[a], ranks[b]) {
            case let (ra?, rb?): return ra != rb ? ra < rb : codes[a] < codes[b]
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return codes[a] < codes[b]
            }
        }
        var entries: [RankedEntry] = []
        entries.reserveCapacity(codes.count)
        var memberValues: [Double] = []
        memberValues.reserveCapacity(codes.count)
        for index in order {
            let code = codes[index]
            let position = positions[index]
            var change: Change?
            let synthetic = position.map { slice.synthetic[$0] } ?? false
            var changeIsSynthetic = false
            if let value = values[index] {
                memberValues.append(value)
                if let previous, let earlier = previous.position(of: code),
                    let before = previous.readings[earlier].value
                {
                    change = Self.change(from: before, to: value, indicator: indicator)
                    changeIsSynthetic = previous.synthetic[earlier]
                }
            }
            entries.append(
                RankedEntry(
                    municipality: code,
                    reading: position.map { slice.readings[$0] },
                    rank: ranks[index],
                    colour: scale.colour(of: values[index]),
                    score: scores[index],
                    zScore: zScores[index],
                    change: change,
                    isSynthetic: synthetic,
                    changeIsSynthetic: changeIsSynthetic
                )
            )
        }
        return Ranking(
            indicator: indicator,
            period: slice.period,
            scope: slice.scope,
            gender: slice.gender,
            entries: entries,
            group: GroupStatistics(values: memberValues, withoutValue: codes.count - memberValues.count),
            country: GroupStatistics(values: countryValues, withoutValue: slice.readings.count - countryValues.count),
            colourBase: scale.count,
            containsSynthetic: slice.containsSynthetic || previous?.containsSynthetic == true
        )
    }
}
