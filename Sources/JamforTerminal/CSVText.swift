/// RFC 4180 quoting: fields quoted when they hold the separator, a quote or a line break, quotes doubled.
///
/// Records end in LF rather than RFC 4180's CRLF: every render ends in "\n" (in Swift, "\r\n" is one
/// character and no string ending in it ends in "\n"), and spreadsheets read both.
///
/// Swedish CSV starts with a byte order mark (U+FEFF): without it, Excel set to Swedish reads the file as
/// Windows-1252 and garbles every "ä". English CSV has none, for the tools that would take it as data.
struct CSVText: Sendable {
    static let byteOrderMark = "\u{FEFF}"

    var locale: DisplayLocale
    var separator: Character
    /// Whether ``text`` starts with ``byteOrderMark``.
    var startsWithByteOrderMark: Bool
    private(set) var lines: [String] = []

    /// Semicolons for Swedish spreadsheets (whose decimal separator is the comma) and a byte order mark,
    /// commas and no mark for English.
    init(locale: DisplayLocale) {
        self.locale = locale
        separator = locale == .sv ? ";" : ","
        startsWithByteOrderMark = locale == .sv
    }

    /// A field for a number, with the locale's decimal separator: a figure exactly as it is, or with
    /// `statistic`, a derived statistic (mean, score, composite …) rounded to
    /// ``NumberText/statisticDecimals`` places; empty when there is none.
    func number(_ value: Double?, statistic: Bool = false) -> String {
        guard let value, value.isFinite else { return "" }
        return NumberText.raw(statistic ? NumberText.statistic(value) : value, locale: locale)
    }

    mutating func append(_ fields: [String]) {
        lines.append(fields.map(quoted).joined(separator: String(separator)))
    }

    /// The records, each ended by a line feed, after the byte order mark when there is one.
    var text: String {
        (startsWithByteOrderMark ? Self.byteOrderMark : "") + lines.map { $0 + "\n" }.joined()
    }

    func quoted(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
