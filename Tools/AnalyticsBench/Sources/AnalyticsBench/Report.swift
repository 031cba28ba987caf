import Foundation

/// A table of text cells with the first row as header: text columns left-aligned, the rest
/// right-aligned, two spaces between columns.
struct Table {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned left; the others are aligned right.
    var leftAligned: Set<Int>

    func render() -> String {
        let lines = [header] + rows
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for (index, line) in lines.enumerated() {
            let cells = line.enumerated().map { column, cell in
                pad(cell, widths[column], left: leftAligned.contains(column))
            }
            // The last column is free text: no trailing padding.
            text += cells.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
            if index == 0 {
                text += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            }
        }
        return text
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

private func pad(_ text: String, _ width: Int, left: Bool) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + padding : padding + text
}

/// A number with two decimals, as the RESULT line wants it.
func two(_ value: Double) -> String {
    String(format: "%.2f", value)
}

/// An integer with thousands separators, e.g. 1,234,567, for a table that is read by people.
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(digit)
    }
    return value < 0 ? "-" + result : result
}

/// A byte count in MB (10⁶ bytes).
func megabytes(_ bytes: Int) -> String {
    "\(grouped(Int((Double(bytes) / 1e6).rounded()))) MB"
}

/// Writes a progress line to stderr, keeping stdout for the table and the RESULT line.
func progress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Reports a fatal problem and exits non-zero so `Tools/bench.sh` notices.
func fail(_ message: String) -> Never {
    progress(message)
    exit(1)
}
