/// A value that breaks a rule of the domain: a malformed code or period, an unknown marker, a value
/// an indicator cannot take.
public enum DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An SCB municipality code that is not four ASCII digits.
    case invalidMunicipalityCode(String)
    /// A county code that is not two ASCII digits.
    case invalidCountyCode(String)
    /// An indicator id that is not 1–64 lowercase letters, digits and hyphens, not starting with a hyphen.
    case invalidIndicatorID(String)
    /// A network id that is not 1–64 lowercase letters, digits and hyphens, not starting with a hyphen.
    case invalidNetworkID(String)
    /// A period that is neither `YYYY` nor `YYYY-MM`.
    case invalidPeriod(String)
    /// A period whose year lies outside ``Period/years``.
    case periodYearOutOfRange(String, year: Int)
    /// A year-to-date cut whose month is not 01–11.
    case periodMonthOutOfRange(String, month: Int)
    /// A scope other than `kommun` or `ks`.
    case unknownScope(String)
    /// A gender other than `T`, `K` or `M`.
    case unknownGender(String)
    /// A status marker other than Kolada's `-`, `.` and `..`.
    case unknownStatusMarker(String)
    /// A visibility other than `public` or `network`.
    case unknownVisibility(String)
    /// A unit this catalog does not know.
    case unknownUnit(String)
    /// A direction other than `higher` or `lower`.
    case unknownDirection(String)
    /// A source that is not `kind:reference` with a known kind.
    case invalidSource(String)
    /// Text where a number was expected.
    case invalidNumber(String)
    /// NaN or an infinity where a figure was expected.
    case nonFiniteValue(Double)
    /// A value outside the indicator's bounds.
    case valueOutOfBounds(indicator: String, value: Double, bounds: ClosedRange<Double>)
    /// A figure by gender for an indicator that is only reported in total.
    case genderNotSplit(indicator: String, gender: Gender)
    /// Indicator bounds that are empty or not finite.
    case invalidBounds(indicator: String, min: Double, max: Double)
    /// A dead band that is negative or not finite.
    case invalidDeadBand(indicator: String, Double)
    /// A number of decimals outside 0…6.
    case invalidDecimals(indicator: String, Int)
    /// A Kolada KPI id that is not a capital letter followed by five digits.
    case invalidKoladaID(String)
    /// A yes/no field with another value.
    case invalidFlag(String)

    public var description: String {
        switch self {
        case .invalidMunicipalityCode(let text):
            return "'\(text)' is not a municipality code: use the four-digit SCB code, such as 0880 for Kalmar"
        case .invalidCountyCode(let text):
            return "'\(text)' is not a county code: use the two-digit SCB county code, such as 08"
        case .invalidIndicatorID(let text):
            return
                "'\(text)' is not an indicator id: use 1–64 lowercase letters, digits and hyphens, not starting with a hyphen, such as sick-leave"
        case .invalidNetworkID(let text):
            return
                "'\(text)' is not a network id: use 1–64 lowercase letters, digits and hyphens, not starting with a hyphen, such as kkvh or 4m"
        case .invalidPeriod(let text):
            return "'\(text)' is not a period: write a year (2023) or a year-to-date cut (2023-08 for January–August)"
        case .periodYearOutOfRange(let text, let year):
            return "period '\(text)': the year \(year) is outside \(Period.years.lowerBound)–\(Period.years.upperBound)"
        case .periodMonthOutOfRange(let text, let month):
            if month == 12 {
                return "period '\(text)': January–December is the whole year, write \(text.prefix(4))"
            }
            return "period '\(text)': the month \(month) is outside 01–11; a cut runs from January to that month"
        case .unknownScope(let text):
            return "'\(text)' is not a scope: use kommun (the whole organisation) or ks (the executive board)"
        case .unknownGender(let text):
            return "'\(text)' is not a gender: use T (total), K (women) or M (men)"
        case .unknownStatusMarker(let text):
            return "'\(text)' is not a status marker: use - (missing), . (not applicable) or .. (confidential)"
        case .unknownVisibility(let text):
            return "'\(text)' is not a visibility: use public or network"
        case .unknownUnit(let text):
            let known = IndicatorUnit.allCases.map(\.rawValue).joined(separator: ", ")
            return "'\(text)' is not a known unit: use one of \(known)"
        case .unknownDirection(let text):
            return "'\(text)' is not a direction: use higher or lower (which values are better)"
        case .invalidSource(let text):
            let kinds = SourceKind.allCases.map(\.rawValue).joined(separator: ", ")
            return "'\(text)' is not a source: write kind:reference with kind one of \(kinds)"
        case .invalidNumber(let text):
            return "'\(text)' is not a number: write digits with a decimal point, such as 7.5"
        case .nonFiniteValue(let value):
            return "\(value) is not a figure: values must be finite numbers"
        case .valueOutOfBounds(let indicator, let value, let bounds):
            return
                "\(value) is outside the bounds of \(indicator) (\(bounds.lowerBound)–\(bounds.upperBound)): check the figure and its unit"
        case .genderNotSplit(let indicator, let gender):
            return "\(indicator) is reported in total only, not by gender: use T instead of \(gender.rawValue)"
        case .invalidBounds(let indicator, let min, let max):
            return "\(indicator): the bounds \(min)–\(max) are not a finite range with min ≤ max"
        case .invalidDeadBand(let indicator, let band):
            return "\(indicator): the dead band \(band) must be a finite number ≥ 0"
        case .invalidDecimals(let indicator, let decimals):
            return "\(indicator): \(decimals) decimals is outside 0–6"
        case .invalidKoladaID(let text):
            return "'\(text)' is not a Kolada KPI id: those are a capital letter and five digits, such as N05401"
        case .invalidFlag(let text):
            return "'\(text)' is not yes or no; write yes or no in lowercase"
        }
    }
}

/// Whether `text` is 1–64 lowercase ASCII letters, digits and hyphens, starting with a letter or
/// digit (`4m` is a network).
func isSlug(_ text: String) -> Bool {
    let bytes = text.utf8
    guard let first = bytes.first, first != UInt8(ascii: "-"), bytes.count <= 64 else {
        return false
    }
    return bytes.allSatisfy { byte in
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-")
    }
}

/// Whether `text` is exactly `count` ASCII digits.
func isDigits(_ text: String, count: Int) -> Bool {
    text.utf8.count == count && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
}
