import Foundation

/// Numbers as text in the display locale: `7,5` (sv) or `7.5` (en), with a percent sign for percentages.
///
/// The display style writes a true minus sign (−, U+2212) and groups thousands (sv with a space, en with a
/// comma); the plain style, for CSV, writes an ASCII hyphen-minus and no grouping. Percent is
/// `7,5 %` in Swedish (a normal space) and `7.5%` in English.
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

    /// `value` rounded to `decimals` places, e.g. `7,5` (sv) or `7.5` (en); with `signed`, a positive
    /// value gets a `+` (zero gets no sign).
    public static func format(
        _ value: Double,
        decimals: Int,
        locale: DisplayLocale,
        style: Style = .display,
        signed: Bool = false
    ) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        let places = min(max(decimals, 0), 15)
        let digits = String(format: "%.\(places)f", abs(value))
        let parts = digits.split(separator: ".", maxSplits: 1).map(String.init)
        let integer = parts.first ?? "0"
        let fraction = parts.count > 1 ? parts[1] : ""
        // A value that rounds to zero is written without a sign: no "−0,0".
        let isZero = digits.allSatisfy { $0 == "0" || $0 == "." }
        var text = style == .display ? grouped(integer, locale: locale) : integer
        if !fraction.isEmpty { text += decimalSeparator(locale) + fraction }
        if isZero { return text }
        if value < 0 { return (style == .display ? minusSign : "-") + text }
        return signed ? "+" + text : text
    }

    /// `value` as a percentage: `7,5 %` (sv) or `7.5%` (en).
    public static func percent(
        _ value: Double,
        decimals: Int,
        locale: DisplayLocale,
        style: Style = .display,
        signed: Bool = false
    ) -> String {
        let number = format(value, decimals: decimals, locale: locale, style: style, signed: signed)
        return locale == .sv ? number + " %" : number + "%"
    }

    /// `value` in an indicator's unit: plain for `index` and `rank`, a percentage for `percent`, and the unit
    /// after the number for any other unit.
    public static func value(
        _ value: Double,
        unit: String,
        decimals: Int,
        locale: DisplayLocale,
        style: Style = .display
    ) -> String {
        switch unit {
        case "percent": return percent(value, decimals: decimals, locale: locale, style: style)
        case "index", "rank", "": return format(value, decimals: decimals, locale: locale, style: style)
        default: return format(value, decimals: decimals, locale: locale, style: style) + " " + unit
        }
    }

    /// The shortest text that reads back as exactly `value`, with the locale's decimal separator and an
    /// ASCII minus: `7,5`, `79`, `-0,25`. For CSV, where nothing should be rounded away.
    public static func raw(_ value: Double, locale: DisplayLocale) -> String {
        guard value.isFinite else { return "" }
        var text: String
        if value == value.rounded(), abs(value) < 1e15 {
            text = String(Int64(value))
        } else {
            text = "\(value)"
        }
        if locale == .sv { text = text.replacingOccurrences(of: ".", with: ",") }
        return text
    }

    static func decimalSeparator(_ locale: DisplayLocale) -> String {
        locale == .sv ? "," : "."
    }

    /// Groups of three digits from the right, when there are five digits or more (Swedish style keeps
    /// `1234` whole; English is written the same way here, for one rule).
    private static func grouped(_ digits: String, locale: DisplayLocale) -> String {
        guard digits.count >= 5 else { return digits }
        let separator: Character = locale == .sv ? " " : ","
        var result: [Character] = []
        for (offset, digit) in digits.reversed().enumerated() {
            if offset > 0, offset % 3 == 0 { result.append(separator) }
            result.append(digit)
        }
        return String(result.reversed())
    }
}
