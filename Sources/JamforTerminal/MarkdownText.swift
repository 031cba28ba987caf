/// GitHub-flavoured Markdown: pipe tables and escaped text.
enum MarkdownText {
    /// A pipe table of cells that are already Markdown (pass text through ``escaped(_:)``).
    static func table(headers: [String], alignments: [TextAlignment], rows: [[String]]) -> [String] {
        var lines = [row(headers)]
        lines.append("|" + alignments.map { $0 == .right ? " ---: |" : " :--- |" }.joined())
        for cells in rows { lines.append(row(cells)) }
        return lines
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.map(singleLine).joined(separator: " | ") + " |"
    }

    /// A table row is one line: line breaks in a cell become spaces.
    private static func singleLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
    }

    /// Text with the characters that would start emphasis, code, links, HTML or a table cell escaped,
    /// including `|`.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>|#".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
