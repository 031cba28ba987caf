import Foundation

/// Numbers as text in the display locale: `7,5` (sv) or `7.5` (en), with a percent sign for percentages.
///
/// The display style writes a true minus sign (−, U+2212) and groups thousands (sv with a no-break space,
/// en with a comma); the plain style, for CSV, writes an ASCII hyphen-minus and no grouping. Percent is
/// `7,5 %` in Swedish (with a no-break space, so that a line never breaks inside it) and `7.5%` in English.
///
/// Rounding is half away from zero on the decimal the value reads as: 78.5 is 79, 0.25 at one decimal is
/// 0,3 and −0.25 is −0,3 (where `String(format:)` would round half to even, on the binary value).
public enum NumberText {
    /// How a number is written.
    public enum Style: Sendable, Hashable {
        /// For people: true minus sign, thousands grouped.
        case display
        /// For machines: ASCII minus, no grouping.
        case plain
    }

    /// The true minus sign used by the display style.
    public static let minusSign = "\u{2212}"

    /// The no-break space between a number and its unit, and between groups of thousands in Swedish.
    public static let noBreakSpace = "\u{A0}"

    /// Differences smaller than this are floating-point noise, not a change (as the server's analytics
    /// take them).
    static let noise = 1e-9

    /// The decimals that derived statistics (means, medians, scores, z-scores, composites, changes) keep in
    /// CSV and JSON: enough for any use, few enough to hide noise such as 39.99999999999998.
    static let statisticDecimals = 4

    /// `value` rounded half away from zero to `decimals` places, e.g. `7,5` (sv) or `7.5` (en); with
    /// `signed`, a positive value gets a `+` (zero gets no sign).
    public static func format(
        _ value: Double,
        decimals: Int,
        locale: DisplayLocale,
        style: Style = .display,
        signed: Bool = false
    ) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        let (integer, fraction) = roundedDigits(abs(value), places: min(max(decimals, 0), 15))
        // A value that rounds to zero is written without a sign: no "−0,0".
        let isZero = (integer + fraction).allSatisfy { $0 == "0" }
        var text = style == .display ? grouped(integer, locale: locale) : integer
        if !fraction.isEmpty { text += decimalSeparator(locale) + fraction }
        if isZero { return text }
        if value < 0 { return (style == .display ? minusSign : "-") + text }
        return signed ? "+" + text : text
    }

    /// `value` as a percentage: `7,5 %` (sv, a no-break space) or `7.5%` (en).
    public static func percent(
        _ value: Double,
        decimals: Int,
        locale: DisplayLocale,
        style: Style = .display,
        signed: Bool = false
    ) -> String {
        let number = format(value, decimals: decimals, locale: locale, style: style, signed: signed)
        return locale == .sv ? number + noBreakSpace + "%" : number + "%"
    }

    /// `value` in an indicator's unit: plain for `index`, `rank`, `score` and `count`, a percentage for
    /// `percent`, `kr` after kronor, and any other unit after the number (joined by a no-break space).
    public static func value(
        _ value: Double,
        unit: String,
        decimals: Int,
        locale: DisplayLocale,
        style: Style = .display
    ) -> String {
        let number = format(value, decimals: decimals, locale: locale, style: style)
        switch unit {
        case "percent": return percent(value, decimals: decimals, locale: locale, style: style)
        case "index", "rank", "score", "count", "": return number
        case "kronor": return number + noBreakSpace + "kr"
        default: return number + noBreakSpace + unit
        }
    }

    /// The shortest text that reads back as exactly `value`, with the locale's decimal separator and an
    /// ASCII minus: `7,5`, `79`, `-0,25`; empty for NaN and infinities. For CSV, where nothing should be
    /// rounded away.
    public static func raw(_ value: Double, locale: DisplayLocale) -> String {
        guard value.isFinite else { return "" }
        let text = shortest(value)
        return locale == .sv ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// The shortest text with a decimal point that reads back as exactly `value` (finite): integers
    /// without a fraction (`79`), others as Swift prints them (`7.5`, `1e+20`). Shared by CSV and JSON.
    static func shortest(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A derived statistic rounded half away from zero to ``statisticDecimals`` places; NaN and infinities
    /// pass through.
    static func statistic(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        let (integer, fraction) = roundedDigits(abs(value), places: statisticDecimals)
        let magnitude = Double(integer + "." + fraction) ?? abs(value)
        return value < 0 ? -magnitude : magnitude
    }

    /// `value` with floating-point noise (below ``noise``) cleared to zero, so that 7.7 − 7.5 reads 0.2
    /// and a zero has no sign.
    static func clearingNoise(_ value: Double) -> Double {
        abs(value) < noise ? 0 : value
    }

    static func decimalSeparator(_ locale: DisplayLocale) -> String {
        locale == .sv ? "," : "."
    }

    /// The integer and fraction digits of `magnitude` (finite, not negative) rounded half up to `places`
    /// decimals, working on the shortest decimal that reads back as the value: 0.25 is "0.25", so at one
    /// decimal it rounds up to 0.3 (the binary value 0.25 is exact; 7.225, a little below 7.225 in binary,
    /// also reads "7.225" and rounds to 7.23, as a reader of the decimal expects).
    static func roundedDigits(_ magnitude: Double, places: Int) -> (integer: String, fraction: String) {
        // "7.225", "1e-05", "1.5e+20": a mantissa and a decimal exponent.
        let text = "\(magnitude)"
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts.first.map(String.init) ?? "0"
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let halves = mantissa.split(separator: ".", maxSplits: 1).map(String.init)
        let whole = halves.first ?? "0"
        var digits = Array(whole + (halves.count > 1 ? halves[1] : "")).map { Int($0.asciiValue ?? 48) - 48 }
        // The decimal point sits after `point` digits.
        var point = whole.count + exponent
        if point < 1 {
            digits = Array(repeating: 0, count: 1 - point) + digits
            point = 1
        }
        let kept = point + places
        if digits.count < kept + 1 { digits += Array(repeating: 0, count: kept + 1 - digits.count) }
        let roundUp = digits[kept] >= 5
        digits = Array(digits[..<kept])
        if roundUp {
            var index = kept - 1
            while index >= 0 {
                if digits[index] == 9 {
                    digits[index] = 0
                    index -= 1
                } else {
                    digits[index] += 1
                    break
                }
            }
            if index < 0 {
                digits.insert(1, at: 0)
                point += 1
            }
        }
        var integer = String(digits[..<point].map { Character(String($0)) })
        while integer.count > 1, integer.first == "0" { integer.removeFirst() }
        let fraction = String(digits[point...].map { Character(String($0)) })
        return (integer, fraction)
    }

    /// Groups of three digits from the right, when there are five digits or more (Swedish style keeps
    /// `1234` whole; English is written the same way here, for one rule). Swedish groups are joined by
    /// no-break spaces, so that a number is never split over two lines.
    private static func grouped(_ digits: String, locale: DisplayLocale) -> String {
        guard digits.count >= 5 else { return digits }
        let separator: Character = locale == .sv ? "\u{A0}" : ","
        var result: [Character] = []
        for (offset, digit) in digits.reversed().enumerated() {
            if offset > 0, offset % 3 == 0 { result.append(separator) }
            result.append(digit)
        }
        return String(result.reversed())
    }
}
