/// One municipality's line in a composite.
public struct CompositeEntry: Sendable, Hashable {
    /// Whose line it is.
    public var municipality: MunicipalityCode
    /// The weighted mean of the normalized scores it has; nil when incomplete.
    public var score: Double?
    /// The competition rank on ``score``; nil when incomplete.
    public var rank: Int?
    /// The normalized score 0–100 for each indicator, in the composite's order; nil where there is no value.
    public var scores: [Double?]
    /// How many of the indicators it has a value for.
    public var covered: Int
    /// Whether it misses more indicators than the coverage rule allows, and so is not ranked.
    public var isIncomplete: Bool
    /// Whether any of its figures is synthetic.
    public var isSynthetic: Bool

    /// The share of the indicators it has a value for (0–1).
    public var coverage: Double { scores.isEmpty ? 0 : Double(covered) / Double(scores.count) }
}

/// A weighted index over several indicators for one period, scope and gender.
public struct Composite: Sendable {
    /// The indicators, in the order given.
    public var indicators: [Indicator]
    /// One weight per indicator, as given.
    public var weights: [Double]
    /// The period, scope and gender of the figures.
    public var period: Period
    public var scope: Scope
    public var gender: Gender
    /// The largest share of indicators a municipality may miss and still be ranked.
    public var maximumMissingShare: Double
    /// Ranked entries best first (equal ranks by code), then the incomplete by code.
    public var entries: [CompositeEntry]
}

extension Analytics {
    /// The composite index over `slices` for `members`.
    ///
    /// Each indicator is normalized to 0–100 over the members (higher is better), and a member's
    /// composite is the weighted mean of the scores it has, the weights renormalized over those
    /// indicators. A member missing more than `maximumMissingShare` of the indicators is incomplete:
    /// listed, with the scores it has, but not given a composite or a rank.
    ///
    /// - Parameters:
    ///   - slices: one slice per indicator, all for the same period, scope and gender.
    ///   - weights: one weight above zero per slice; nil weighs them equally.
    ///   - members: the municipalities to compare.
    ///   - maximumMissingShare: 0 requires every indicator; the default 0.25 allows one in four missing.
    public static func composite(
        _ slices: [IndicatorSlice],
        weights: [Double]? = nil,
        members: [MunicipalityCode],
        maximumMissingShare: Double = 0.25
    ) throws(AnalyticsError) -> Composite {
        guard let first = slices.first else { throw .noIndicators }
        var seen = Set<IndicatorID>()
        for slice in slices {
            guard seen.insert(slice.indicator.id).inserted else { throw .duplicateIndicator(slice.indicator.id) }
            guard slice.period == first.period else { throw .mixedPeriods(first.period, slice.period) }
            guard slice.scope == first.scope else { throw .mixedScopes(first.scope, slice.scope) }
            guard slice.gender == first.gender else { throw .mixedGenders(first.gender, slice.gender) }
        }
        let weights = weights ?? Array(repeating: 1, count: slices.count)
        guard weights.count == slices.count else { throw .weightCount(expected: slices.count, found: weights.count) }
        for (slice, weight) in zip(slices, weights) where !(weight.isFinite && weight > 0) {
            throw .invalidWeight(slice.indicator.id, weight)
        }
        guard maximumMissingShare.isFinite, (0...1).contains(maximumMissingShare) else {
            throw .invalidMissingShare(maximumMissingShare)
        }
        var memberSet = Set<MunicipalityCode>(minimumCapacity: members.count)
        for code in members where !memberSet.insert(code).inserted { throw .duplicateMunicipality(code) }

        // Each member's position in each slice, found once; then scores per indicator over the members.
        let positions = slices.map { slice in members.map { slice.position(of: $0) } }
        let perIndicator = zip(slices, positions).map { slice, positions in
            normalizedScores(
                positions.map { $0.flatMap { slice.readings[$0].value } },
                direction: slice.indicator.direction
            )
        }
        // The most indicators a member may miss; the small allowance keeps 0.25 × 4 at exactly 1.
        let allowedMissing = Int((maximumMissingShare * Double(slices.count) + 1e-9).rounded(.down))
        var entries: [CompositeEntry] = []
        entries.reserveCapacity(members.count)
        for (memberIndex, code) in members.enumerated() {
            var scores: [Double?] = []
            scores.reserveCapacity(slices.count)
            var weighted = 0.0
            var weightSum = 0.0
            var covered = 0
            var synthetic = false
            for (indicatorIndex, weight) in weights.enumerated() {
                let score = perIndicator[indicatorIndex][memberIndex]
                scores.append(score)
                if let score {
                    weighted += weight * score
                    weightSum += weight
                    covered += 1
                }
                if let position = positions[indicatorIndex][memberIndex], slices[indicatorIndex].synthetic[position] {
                    synthetic = true
                }
            }
            let incomplete = slices.count - covered > allowedMissing || covered == 0
            entries.append(
                CompositeEntry(
                    municipality: code,
                    score: incomplete ? nil : cleaned(weighted / weightSum),
                    rank: nil,
                    scores: scores,
                    covered: covered,
                    isIncomplete: incomplete,
                    isSynthetic: synthetic
                )
            )
        }
        let ranks = competitionRanks(entries.map(\.score), direction: .higher)
        for index in entries.indices { entries[index].rank = ranks[index] }
        entries.sort { a, b in
            switch (a.rank, b.rank) {
            case let (ra?, rb?): return ra != rb ? ra < rb : a.municipality < b.municipality
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.municipality < b.municipality
            }
        }
        return Composite(
            indicators: slices.map(\.indicator),
            weights: weights,
            period: first.period,
            scope: first.scope,
            gender: first.gender,
            maximumMissingShare: maximumMissingShare,
            entries: entries
        )
    }
}
