/// Which municipalities a comparison covers.
public struct ComparisonSet: Codable, Sendable, Hashable {
    /// The kind of set.
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        /// The members of one network (``ComparisonSet/network``).
        case network
        /// All municipalities of the country.
        case country
        /// An explicit list (``ComparisonSet/codes``).
        case list
    }

    public var kind: Kind
    /// The network id, when ``kind`` is ``Kind/network``.
    public var network: String?
    /// SCB codes, when ``kind`` is ``Kind/list``.
    public var codes: [String]?

    public init(kind: Kind, network: String? = nil, codes: [String]? = nil) {
        self.kind = kind
        self.network = network
        self.codes = codes
    }

    /// The members of a network.
    public static func network(_ id: String) -> ComparisonSet { ComparisonSet(kind: .network, network: id) }
    /// The whole country.
    public static let country = ComparisonSet(kind: .country)
    /// An explicit list of SCB codes.
    public static func list(_ codes: [String]) -> ComparisonSet { ComparisonSet(kind: .list, codes: codes) }

    enum CodingKeys: Int, CodingKey {
        case kind = 1
        case network = 2
        case codes = 3
    }
}

/// Kolada's colour classes: best quarter green, worst quarter red, the rest yellow, no value grey.
public enum ColourClass: UInt8, Codable, Sendable, Hashable, CaseIterable {
    case grey = 0
    case red = 1
    case yellow = 2
    case green = 3
}

/// Asks for one indicator ranked over a set of municipalities.
public struct RankRequest: Codable, Sendable, Hashable {
    /// The indicator id.
    public var indicator: String
    /// The period: `"2023"` or a year-to-date cut such as `"2023-08"`.
    public var period: String
    /// `"kommun"` (the whole organisation) or `"ks"` (the executive board's administration).
    public var scope: String
    /// `"T"` (total), `"K"` (women) or `"M"` (men).
    public var gender: String
    /// The municipalities to rank.
    public var set: ComparisonSet
    /// The municipality to highlight, an SCB code.
    public var focus: String?

    public init(
        indicator: String,
        period: String,
        scope: String = "kommun",
        gender: String = "T",
        set: ComparisonSet,
        focus: String? = nil
    ) {
        self.indicator = indicator
        self.period = period
        self.scope = scope
        self.gender = gender
        self.set = set
        self.focus = focus
    }

    enum CodingKeys: Int, CodingKey {
        case indicator = 1
        case period = 2
        case scope = 3
        case gender = 4
        case set = 5
        case focus = 6
    }
}

/// One municipality's line in a ranking.
public struct RankRow: Codable, Sendable, Hashable {
    /// SCB code.
    public var municipality: String
    /// Display name.
    public var name: String
    /// Competition rank, 1 is best; `nil` when there is no value.
    public var rank: UInt16?
    /// The figure, when there is one.
    public var value: Double?
    /// Kolada's status marker instead of a value: `"-"` missing, `"."` not applicable, `".."` confidential.
    public var status: String?
    /// Min–max normalized score 0–100 over the set, higher is better.
    public var score: Double?
    /// Direction-adjusted z-score over the set.
    public var zScore: Double?
    /// Colour class over all municipalities with a value.
    public var colour: ColourClass
    /// Change since the previous equal period, in the indicator's unit.
    public var change: Double?
    /// `true` when the figure is synthetic (made up for demos and tests), absent for real figures.
    public var synthetic: Bool?
    /// `true` when ``change`` is measured against a synthetic earlier figure, absent otherwise.
    public var syntheticChange: Bool?

    public init(
        municipality: String,
        name: String,
        rank: UInt16? = nil,
        value: Double? = nil,
        status: String? = nil,
        score: Double? = nil,
        zScore: Double? = nil,
        colour: ColourClass = .grey,
        change: Double? = nil,
        synthetic: Bool? = nil,
        syntheticChange: Bool? = nil
    ) {
        self.municipality = municipality
        self.name = name
        self.rank = rank
        self.value = value
        self.status = status
        self.score = score
        self.zScore = zScore
        self.colour = colour
        self.change = change
        self.synthetic = synthetic
        self.syntheticChange = syntheticChange
    }

    enum CodingKeys: Int, CodingKey {
        case municipality = 1
        case name = 2
        case rank = 3
        case value = 4
        case status = 5
        case score = 6
        case zScore = 7
        case colour = 8
        case change = 9
        case synthetic = 10
        case syntheticChange = 11
    }
}

/// Unweighted group statistics over the members that have a value.
public struct GroupStatistics: Codable, Sendable, Hashable {
    public var mean: Double?
    public var median: Double?
    public var minimum: Double?
    public var maximum: Double?
    /// How many members contributed a value.
    public var count: UInt32
    /// How many members the group has.
    public var members: UInt32

    public init(
        mean: Double? = nil,
        median: Double? = nil,
        minimum: Double? = nil,
        maximum: Double? = nil,
        count: UInt32,
        members: UInt32
    ) {
        self.mean = mean
        self.median = median
        self.minimum = minimum
        self.maximum = maximum
        self.count = count
        self.members = members
    }

    enum CodingKeys: Int, CodingKey {
        case mean = 1
        case median = 2
        case minimum = 3
        case maximum = 4
        case count = 5
        case members = 6
    }
}

/// The answer to ``RankRequest``: ranked rows and group values.
public struct RankResponse: Codable, Sendable, Hashable {
    public var indicator: String
    public var period: String
    public var scope: String
    public var gender: String
    /// Ranked rows, best first, municipalities without a value last.
    public var rows: [RankRow]
    /// Statistics over the requested set.
    public var group: GroupStatistics
    /// Statistics over the whole country.
    public var country: GroupStatistics?
    /// The period that ``RankRow/change`` is measured against.
    public var previousPeriod: String?

    public init(
        indicator: String,
        period: String,
        scope: String,
        gender: String,
        rows: [RankRow],
        group: GroupStatistics,
        country: GroupStatistics? = nil,
        previousPeriod: String? = nil
    ) {
        self.indicator = indicator
        self.period = period
        self.scope = scope
        self.gender = gender
        self.rows = rows
        self.group = group
        self.country = country
        self.previousPeriod = previousPeriod
    }

    enum CodingKeys: Int, CodingKey {
        case indicator = 1
        case period = 2
        case scope = 3
        case gender = 4
        case rows = 5
        case group = 6
        case country = 7
        case previousPeriod = 8
    }
}

/// An indicator and its weight in a composite.
public struct WeightedIndicator: Codable, Sendable, Hashable {
    public var indicator: String
    public var weight: Double

    public init(indicator: String, weight: Double = 1) {
        self.indicator = indicator
        self.weight = weight
    }

    enum CodingKeys: Int, CodingKey {
        case indicator = 1
        case weight = 2
    }
}

/// Asks for several indicators side by side and a weighted composite ranking.
public struct CompareRequest: Codable, Sendable, Hashable {
    public var indicators: [WeightedIndicator]
    public var period: String
    public var scope: String
    public var gender: String
    public var set: ComparisonSet
    public var focus: String?
    /// The share of the total weight a municipality must have values for to get a composite (0–1).
    public var minimumCoverage: Double?

    public init(
        indicators: [WeightedIndicator],
        period: String,
        scope: String = "kommun",
        gender: String = "T",
        set: ComparisonSet,
        focus: String? = nil,
        minimumCoverage: Double? = nil
    ) {
        self.indicators = indicators
        self.period = period
        self.scope = scope
        self.gender = gender
        self.set = set
        self.focus = focus
        self.minimumCoverage = minimumCoverage
    }

    enum CodingKeys: Int, CodingKey {
        case indicators = 1
        case period = 2
        case scope = 3
        case gender = 4
        case set = 5
        case focus = 6
        case minimumCoverage = 7
    }
}

/// One municipality's line of a comparison matrix.
public struct CompareRow: Codable, Sendable, Hashable {
    public var municipality: String
    public var name: String
    /// Raw values, one per requested indicator, in request order; NaN where there is none.
    public var values: [Double]
    /// Normalized scores 0–100, one per indicator; NaN where there is no value.
    public var scores: [Double]
    /// Weighted mean of the scores, or `nil` when coverage is too low.
    public var composite: Double?
    /// Competition rank on the composite; `nil` when incomplete.
    public var rank: UInt16?
    /// The share of the indicators this municipality has values for (0–1).
    public var coverage: Double
    /// `true` when any of the values is synthetic, absent when all are real.
    public var synthetic: Bool?
    /// Which of ``values`` are synthetic, one flag per indicator; absent when none is.
    public var syntheticValues: [Bool]?

    public init(
        municipality: String,
        name: String,
        values: [Double],
        scores: [Double],
        composite: Double? = nil,
        rank: UInt16? = nil,
        coverage: Double,
        synthetic: Bool? = nil,
        syntheticValues: [Bool]? = nil
    ) {
        self.municipality = municipality
        self.name = name
        self.values = values
        self.scores = scores
        self.composite = composite
        self.rank = rank
        self.coverage = coverage
        self.synthetic = synthetic
        self.syntheticValues = syntheticValues
    }

    enum CodingKeys: Int, CodingKey {
        case municipality = 1
        case name = 2
        case values = 3
        case scores = 4
        case composite = 5
        case rank = 6
        case coverage = 7
        case synthetic = 8
        case syntheticValues = 9
    }
}

/// The answer to ``CompareRequest``: the matrix and the composite ranking, best first.
public struct CompareResponse: Codable, Sendable, Hashable {
    public var indicators: [String]
    public var period: String
    public var rows: [CompareRow]

    public init(indicators: [String], period: String, rows: [CompareRow]) {
        self.indicators = indicators
        self.period = period
        self.rows = rows
    }

    enum CodingKeys: Int, CodingKey {
        case indicators = 1
        case period = 2
        case rows = 3
    }
}

/// Asks for time series of one indicator for some municipalities and group means.
public struct TrendRequest: Codable, Sendable, Hashable {
    public var indicator: String
    public var scope: String
    public var gender: String
    public var municipalities: [String]
    /// First period to include, if bounded.
    public var from: String?
    /// Last period to include, if bounded.
    public var to: String?
    /// Which cut: `""` for whole years, `"04"` or `"08"` for year-to-date cuts.
    public var cut: String
    /// Also return the group mean of these sets.
    public var groups: [ComparisonSet]

    public init(
        indicator: String,
        scope: String = "kommun",
        gender: String = "T",
        municipalities: [String],
        from: String? = nil,
        to: String? = nil,
        cut: String = "",
        groups: [ComparisonSet] = []
    ) {
        self.indicator = indicator
        self.scope = scope
        self.gender = gender
        self.municipalities = municipalities
        self.from = from
        self.to = to
        self.cut = cut
        self.groups = groups
    }

    enum CodingKeys: Int, CodingKey {
        case indicator = 1
        case scope = 2
        case gender = 3
        case municipalities = 4
        case from = 5
        case to = 6
        case cut = 7
        case groups = 8
    }
}

/// One line of a trend: a municipality's values, or a group's means, per period.
public struct TrendSeries: Codable, Sendable, Hashable {
    /// What the series is.
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        case municipality
        case groupMean = "group-mean"
    }

    public var kind: Kind
    /// An SCB code, a network id, or `"country"`.
    public var label: String
    /// One value per period of the response; NaN where there is none.
    public var values: [Double]
    /// For group means, how many members contributed, per period.
    public var counts: [UInt32]?
    /// `true` when any value of the series is synthetic or computed from synthetic figures.
    public var synthetic: Bool?
    /// Which of ``values`` are synthetic or computed from synthetic figures, one flag per period;
    /// absent when none is.
    public var syntheticValues: [Bool]?

    public init(
        kind: Kind,
        label: String,
        values: [Double],
        counts: [UInt32]? = nil,
        synthetic: Bool? = nil,
        syntheticValues: [Bool]? = nil
    ) {
        self.kind = kind
        self.label = label
        self.values = values
        self.counts = counts
        self.synthetic = synthetic
        self.syntheticValues = syntheticValues
    }

    enum CodingKeys: Int, CodingKey {
        case kind = 1
        case label = 2
        case values = 3
        case counts = 4
        case synthetic = 5
        case syntheticValues = 6
    }
}

/// The answer to ``TrendRequest``.
public struct TrendResponse: Codable, Sendable, Hashable {
    public var indicator: String
    /// The periods, oldest first; every series has one value per period.
    public var periods: [String]
    public var series: [TrendSeries]
    /// The requested municipalities' targets for the years of ``periods``, with how each stands.
    public var targets: [TrendTarget]?

    public init(indicator: String, periods: [String], series: [TrendSeries], targets: [TrendTarget]? = nil) {
        self.indicator = indicator
        self.periods = periods
        self.series = series
        self.targets = targets
    }

    enum CodingKeys: Int, CodingKey {
        case indicator = 1
        case periods = 2
        case series = 3
        case targets = 4
    }
}

/// A municipality's target for one year of a trend, and how its figure stands against it.
public struct TrendTarget: Codable, Sendable, Hashable {
    /// Municipality code.
    public var municipality: String
    /// The year the target is for.
    public var year: UInt16
    /// The target value, in the indicator's unit.
    public var value: Double
    /// `"met"`, `"improving"`, `"unchanged"`, `"moving-away"`, `"not-met"` (no earlier figure to tell
    /// the direction), `"no-value"`, or `"not-comparable"` (a part-year figure of an indicator that
    /// accumulates over the year).
    public var status: String

    public init(municipality: String, year: UInt16, value: Double, status: String) {
        self.municipality = municipality
        self.year = year
        self.value = value
        self.status = status
    }

    enum CodingKeys: Int, CodingKey {
        case municipality = 1
        case year = 2
        case value = 3
        case status = 4
    }
}
