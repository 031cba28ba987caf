/// RFC 4180 quoting: fields quoted when they hold the separator, a quote or a line break, quotes doubled.
///
/// Records end in LF rather than RFC 4180's CRLF: every render ends in "\n" (in Swift, "\r\n" is one
/// character and no string ending in it ends in "\n"), and spreadsheets read both.
struct CSVText: Sendable {
    var separator: Character
    private(set) var lines: [String] = []

    /// Semicolons for Swedish spreadsheets (whose decimal separator is the comma), commas for English.
    init(locale: DisplayLocale) {
        separator = locale == .sv ? ";" : ","
    }

    mutating func append(_ fields: [String]) {
        lines.append(fields.map(quoted).joined(separator: String(separator)))
    }

    /// The records, each ended by a line feed.
    var text: String {
        lines.map { $0 + "\n" }.joined()
    }

    func quoted(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
