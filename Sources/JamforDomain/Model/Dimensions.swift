/// Whose figure it is: the whole municipal organisation or the executive board's own administration.
public enum Scope: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The whole municipal organisation: the default, and Kolada's level.
    case kommun
    /// The executive board's own administration (kommunstyrelsen).
    case ks

    /// Parses `kommun` or `ks`.
    public init(parsing text: String) throws(DomainError) {
        guard let scope = Scope(rawValue: text) else { throw .unknownScope(text) }
        self = scope
    }

    public var description: String { rawValue }
}

/// Kolada's gender split of a figure.
public enum Gender: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Everyone (totalt).
    case total = "T"
    /// Women (kvinnor).
    case women = "K"
    /// Men (män).
    case men = "M"

    /// Parses `T`, `K` or `M`.
    public init(parsing text: String) throws(DomainError) {
        guard let gender = Gender(rawValue: text) else { throw .unknownGender(text) }
        self = gender
    }

    public var description: String { rawValue }
}

/// Kolada's markers for a figure that is not there.
public enum StatusMarker: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// `-`: no figure was reported.
    case missing = "-"
    /// `.`: the figure does not apply to this municipality.
    case notApplicable = "."
    /// `..`: the figure is withheld, for example because too few people answered.
    case confidential = ".."

    /// Parses `-`, `.` or `..`.
    public init(parsing text: String) throws(DomainError) {
        guard let marker = StatusMarker(rawValue: text) else { throw .unknownStatusMarker(text) }
        self = marker
    }

    public var description: String { rawValue }
}

/// Who may see a figure.
public enum Visibility: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Anyone.
    case `public`
    /// Members of the networks the municipality belongs to, until the figure is published.
    case network

    /// Parses `public` or `network`.
    public init(parsing text: String) throws(DomainError) {
        guard let visibility = Visibility(rawValue: text) else { throw .unknownVisibility(text) }
        self = visibility
    }

    public var description: String { rawValue }
}

/// Which values of an indicator are better.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Higher values are better (engagement, satisfaction).
    case higher
    /// Lower values are better (sick leave, turnover).
    case lower

    /// Parses `higher` or `lower`.
    public init(parsing text: String) throws(DomainError) {
        guard let direction = Direction(rawValue: text) else { throw .unknownDirection(text) }
        self = direction
    }

    /// Whether `a` is a better value than `b`.
    @inlinable
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        self == .higher ? a > b : a < b
    }

    /// `value` turned so that higher is better.
    @inlinable
    public func oriented(_ value: Double) -> Double {
        self == .higher ? value : -value
    }

    public var description: String { rawValue }
}

/// What an indicator's numbers measure.
public enum IndicatorUnit: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// An index, usually 0–100 (HME, NKI).
    case index
    /// A percentage, 0–100 (sick leave 7.5 means 7.5 %).
    case percent
    /// A placement in a ranking, 1 being first.
    case rank
    /// A score on a survey's own scale.
    case score
    /// A count of things or people.
    case count
    /// An amount in Swedish kronor.
    case kronor

    /// Parses a unit name.
    public init(parsing text: String) throws(DomainError) {
        guard let unit = IndicatorUnit(rawValue: text) else { throw .unknownUnit(text) }
        self = unit
    }

    /// What to write after a value: `%` for percent, `kr` for kronor, nothing otherwise.
    public var symbol: String {
        switch self {
        case .percent: return "%"
        case .kronor: return "kr"
        case .index, .rank, .score, .count: return ""
        }
    }

    public var description: String { rawValue }
}
