/// Whose figure it is: the whole municipal organisation or the executive board's own administration.
public enum Scope: String, Sendable, Hashable, Codable, DataWord {
    public static func unknown(_ text: String) -> DomainError { .unknownScope(text) }

    /// The whole municipal organisation: the default, and Kolada's level.
    case kommun
    /// The executive board's own administration (kommunstyrelsen).
    case ks
}

/// Kolada's gender split of a figure.
public enum Gender: String, Sendable, Hashable, Codable, DataWord {
    public static func unknown(_ text: String) -> DomainError { .unknownGender(text) }

    /// Everyone (totalt).
    case total = "T"
    /// Women (kvinnor).
    case women = "K"
    /// Men (män).
    case men = "M"
}

/// Kolada's markers for a figure that is not there.
public enum StatusMarker: String, Sendable, Hashable, Codable, DataWord {
    public static func unknown(_ text: String) -> DomainError { .unknownStatusMarker(text) }

    /// `-`: no figure was reported.
    case missing = "-"
    /// `.`: the figure does not apply to this municipality.
    case notApplicable = "."
    /// `..`: the figure is withheld, for example because too few people answered.
    case confidential = ".."
}

/// Who may see a figure.
public enum Visibility: String, Sendable, Hashable, Codable, DataWord {
    public static func unknown(_ text: String) -> DomainError { .unknownVisibility(text) }

    /// Anyone.
    case `public`
    /// Members of the networks the municipality belongs to, until the figure is published.
    case network
}

/// Which values of an indicator are better.
public enum Direction: String, Sendable, Hashable, Codable, DataWord {
    public static func unknown(_ text: String) -> DomainError { .unknownDirection(text) }

    /// Higher values are better (engagement, satisfaction).
    case higher
    /// Lower values are better (sick leave, turnover).
    case lower

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
}

/// What an indicator's numbers measure.
public enum IndicatorUnit: String, Sendable, Hashable, Codable, DataWord {
    public static func unknown(_ text: String) -> DomainError { .unknownUnit(text) }

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

    /// What to write after a value: `%` for percent, `kr` for kronor, nothing otherwise.
    public var symbol: String {
        switch self {
        case .percent: return "%"
        case .kronor: return "kr"
        case .index, .rank, .score, .count: return ""
        }
    }
}

/// A word of the data files and the protocol, one of a fixed set (`kommun`, `T`, `..`, `higher`, …).
public protocol DataWord: RawRepresentable<String>, CaseIterable, CustomStringConvertible {
    /// The error for text that is none of the words.
    static func unknown(_ text: String) -> DomainError
}

extension DataWord {
    /// Parses one of the words, or fails with the type's own error.
    public init(parsing text: String) throws(DomainError) {
        guard let word = Self(rawValue: text) else { throw Self.unknown(text) }
        self = word
    }

    public var description: String { rawValue }
}
