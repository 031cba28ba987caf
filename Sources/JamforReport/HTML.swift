import Foundation

/// Building blocks for HTML and SVG text.
enum HTML {
    /// `text` safe in element content and in double- or single-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and line feed have no place in a page.
                if scalar.value < 0x20, scalar != "\t", scalar != "\n" {
                    out += " "
                } else if (0x7F...0x9F).contains(scalar.value) {
                    out += " "
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// An element with escaped text content: `<td class="num">7,5 %</td>`.
    static func element(_ tag: String, _ text: String, attributes: [(String, String)] = []) -> String {
        "<\(tag)\(attributeText(attributes))>\(escape(text))</\(tag)>"
    }

    /// An element around content that is already HTML.
    static func wrap(_ tag: String, _ content: String, attributes: [(String, String)] = []) -> String {
        "<\(tag)\(attributeText(attributes))>\(content)</\(tag)>"
    }

    static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    /// A coordinate or length for SVG: at most one decimal, a point, no exponent, no `-0`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = (value * 10).rounded()
        if tenths == 0 { return "0" }
        let integer = Int64(tenths) / 10
        let fraction = abs(Int64(tenths) % 10)
        let sign = tenths < 0 && integer == 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(integer)" : "\(sign)\(integer).\(fraction)"
    }

    /// A safe id fragment: lower-case ASCII letters, digits and hyphens.
    static func id(_ text: String) -> String {
        let slug = Report.slug(text)
        return slug.isEmpty ? "x" : slug
    }
}

/// A time as Swedish wall-clock time: CET, or CEST from the last Sunday of March to the last Sunday of October
/// (01:00 UTC both), computed here so that the text does not depend on the machine's time-zone data.
enum SwedishTime {
    static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let utc = civil(seconds)
        let offset = isSummerTime(seconds, year: utc.year) ? 7200 : 3600
        let local = civil(seconds + Int64(offset))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(local.year)-\(two(local.month))-\(two(local.day)) \(two(local.hour)):\(two(local.minute))"
    }

    private static func isSummerTime(_ seconds: Int64, year: Int) -> Bool {
        let start = lastSunday(year: year, month: 3) * 86_400 + 3600
        let end = lastSunday(year: year, month: 10) * 86_400 + 3600
        return seconds >= start && seconds < end
    }

    /// Days since 1970-01-01 of the last Sunday of a month.
    private static func lastSunday(year: Int, month: Int) -> Int64 {
        let last = daysFromCivil(year: year, month: month, day: 31)
        // 1970-01-01 was a Thursday: weekday 0 = Sunday is (days + 4) mod 7.
        let weekday = ((last + 4) % 7 + 7) % 7
        return last - weekday
    }

    private static func civil(_ seconds: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day), Int(rest / 3600), Int(rest % 3600 / 60))
    }

    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
