/// An indicator's id: a short lowercase slug such as `hme` or `sick-leave`.
public struct IndicatorID: ValidatedText {
    public let rawValue: String

    /// Validates `text` as 1–64 lowercase letters, digits and hyphens, not starting with a hyphen.
    public init(_ text: String) throws(DomainError) {
        guard isSlug(text) else { throw .invalidIndicatorID(text) }
        rawValue = text
    }
}

/// A key figure that municipalities report and compare, such as HME or sick leave.
public struct Indicator: Sendable, Hashable, Codable, Identifiable {
    public var id: IndicatorID
    /// The Swedish title.
    public var titleSV: String
    /// The English title.
    public var titleEN: String
    public var unit: IndicatorUnit
    /// Which values are better.
    public var direction: Direction
    /// The values the indicator can take; anything outside is a mistake.
    public var bounds: ClosedRange<Double>
    /// Whether figures are reported for women and men as well as in total.
    public var splitsByGender: Bool
    /// Whether a year-to-date figure accumulates over the year (turnover), so that a cut is not
    /// comparable with a whole-year target; rates and indices (sick leave, HME) do not accumulate.
    public var accumulates: Bool
    /// A change no larger than this counts as no change.
    public var deadBand: Double
    /// How many decimals the figures are reported with.
    public var decimals: Int
    /// The Kolada KPI id, only where it is known to be that indicator.
    public var koladaID: String?
    /// What the indicator measures and how.
    public var about: String

    /// Validates the bounds, dead band, decimals and Kolada id.
    public init(
        id: IndicatorID,
        titleSV: String,
        titleEN: String,
        unit: IndicatorUnit,
        direction: Direction,
        bounds: ClosedRange<Double>,
        splitsByGender: Bool,
        accumulates: Bool = false,
        deadBand: Double,
        decimals: Int,
        koladaID: String? = nil,
        about: String = ""
    ) throws(DomainError) {
        guard bounds.lowerBound.isFinite, bounds.upperBound.isFinite else {
            throw .invalidBounds(indicator: id.rawValue, min: bounds.lowerBound, max: bounds.upperBound)
        }
        guard deadBand.isFinite, deadBand >= 0 else { throw .invalidDeadBand(indicator: id.rawValue, deadBand) }
        guard (0...6).contains(decimals) else { throw .invalidDecimals(indicator: id.rawValue, decimals) }
        if let koladaID, !Self.isKoladaID(koladaID) { throw .invalidKoladaID(koladaID) }
        self.id = id
        self.titleSV = titleSV
        self.titleEN = titleEN
        self.unit = unit
        self.direction = direction
        self.bounds = bounds
        self.splitsByGender = splitsByGender
        self.accumulates = accumulates
        self.deadBand = deadBand
        self.decimals = decimals
        self.koladaID = koladaID
        self.about = about
    }

    /// Whether `text` is a Kolada KPI id: an upper-case letter and five digits, such as `N00945`.
    public static func isKoladaID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 6 && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[0])
            && isDigits(String(text.dropFirst()), count: 5)
    }

    /// Checks that `value` is a figure this indicator can take: finite and within its bounds.
    public func validate(_ value: Double) throws(DomainError) {
        guard value.isFinite else { throw .nonFiniteValue(value) }
        guard bounds.contains(value) else {
            throw .valueOutOfBounds(indicator: id.rawValue, value: value, bounds: bounds)
        }
    }

    /// Checks that the indicator is reported for `gender`.
    public func validate(_ gender: Gender) throws(DomainError) {
        if gender != .total && !splitsByGender { throw .genderNotSplit(indicator: id.rawValue, gender: gender) }
    }
}
