import Foundation
import Testing

/// Compares a page with `__Snapshots__/<name>` beside this file.
///
/// A missing snapshot, or any snapshot when `JAMFOR_RECORD_SNAPSHOTS=1`, is written and the test fails with an
/// issue saying so: a snapshot is never silently accepted.
func assertSnapshot(
    _ rendered: String,
    named name: String,
    filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = directory.appendingPathComponent(name)
    let recording = ProcessInfo.processInfo.environment["JAMFOR_RECORD_SNAPSHOTS"] == "1"
    guard !recording, let data = FileManager.default.contents(atPath: file.path) else {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(rendered.utf8).write(to: file)
            Issue.record(
                "Recorded snapshot \(name); check it, then run the tests again",
                sourceLocation: sourceLocation
            )
        } catch {
            Issue.record("Could not record snapshot \(name): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    guard expected != rendered else { return }
    Issue.record(
        Comment(rawValue: "Snapshot \(name) differs:\n" + lineDiff(expected: expected, actual: rendered)),
        sourceLocation: sourceLocation
    )
}

/// The first differing lines of two texts, with their line numbers.
func lineDiff(expected: String, actual: String, limit: Int = 5) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var report: [String] = []
    for index in 0..<max(old.count, new.count) where report.count < limit * 2 {
        let before = index < old.count ? String(old[index]) : "<no line>"
        let after = index < new.count ? String(new[index]) : "<no line>"
        guard before != after else { continue }
        report.append("line \(index + 1) expected: \(before)")
        report.append("line \(index + 1) actual:   \(after)")
    }
    return report.joined(separator: "\n")
}

/// A small well-formedness check of the pages' HTML: every element that is not void is closed in order,
/// every `<` starts a tag, a comment or the doctype, attribute values are quoted, and the `<style>` element's
/// text is skipped. Returns the problems found, empty when the page is well formed.
func wellFormednessProblems(_ html: String) -> [String] {
    let void: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]
    var problems: [String] = []
    var stack: [String] = []
    let scalars = Array(html.unicodeScalars)
    var index = 0
    func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
    }
    while index < scalars.count {
        guard scalars[index] == "<" else {
            if scalars[index] == ">" { problems.append("stray '>' at \(index)") }
            index += 1
            continue
        }
        let rest = String(String.UnicodeScalarView(scalars[index..<min(index + 9, scalars.count)]))
        if rest.hasPrefix("<!--") || rest.uppercased().hasPrefix("<!DOCTYPE") {
            while index < scalars.count, scalars[index] != ">" { index += 1 }
            index += 1
            continue
        }
        var cursor = index + 1
        let closing = cursor < scalars.count && scalars[cursor] == "/"
        if closing { cursor += 1 }
        var name = ""
        while cursor < scalars.count, isNameScalar(scalars[cursor]) {
            name.unicodeScalars.append(scalars[cursor])
            cursor += 1
        }
        guard !name.isEmpty else {
            problems.append("stray '<' at \(index)")
            index += 1
            continue
        }
        // Attributes: name="value" pairs up to > or />.
        var selfClosing = false
        var quote: Unicode.Scalar?
        while cursor < scalars.count {
            let scalar = scalars[cursor]
            if let open = quote {
                if scalar == open {
                    quote = nil
                } else if scalar == "<" {
                    problems.append("'<' in an attribute of <\(name)>")
                }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == "=" {
                let next = cursor + 1 < scalars.count ? scalars[cursor + 1] : " "
                if next != "\"" && next != "'" { problems.append("unquoted attribute value in <\(name)>") }
            } else if scalar == ">" {
                selfClosing = cursor > 0 && scalars[cursor - 1] == "/"
                break
            }
            cursor += 1
        }
        index = cursor + 1
        let lower = name.lowercased()
        if closing {
            if stack.last == lower {
                stack.removeLast()
            } else {
                problems.append("</\(lower)> closes <\(stack.last ?? "nothing")>")
                if let found = stack.lastIndex(of: lower) { stack.removeSubrange(found...) }
            }
        } else if !selfClosing && !void.contains(lower) {
            if lower == "style" {
                // Raw text up to </style>.
                let text = String(String.UnicodeScalarView(scalars[index...]))
                guard let end = text.range(of: "</style>") else {
                    problems.append("<style> is not closed")
                    break
                }
                index += text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: end.lowerBound)
                stack.append(lower)
                continue
            }
            stack.append(lower)
        }
    }
    if !stack.isEmpty { problems.append("unclosed: " + stack.joined(separator: ", ")) }
    return problems
}

/// The parts of `text` between `start` and the next `end` (both included).
func fragments(of text: String, from start: String, to end: String) -> [String] {
    var result: [String] = []
    var searchRange = text.startIndex..<text.endIndex
    while let open = text.range(of: start, range: searchRange),
        let close = text.range(of: end, range: open.upperBound..<text.endIndex)
    {
        result.append(String(text[open.lowerBound..<close.upperBound]))
        searchRange = close.upperBound..<text.endIndex
    }
    return result
}

/// The value of an attribute in one tag: `attribute(in: "<rect width=\"12\"/>", "width")` is `"12"`.
func attribute(in tag: String, _ name: String) -> String? {
    guard let start = tag.range(of: " \(name)=\"") else { return nil }
    guard let end = tag[start.upperBound...].firstIndex(of: "\"") else { return nil }
    return String(tag[start.upperBound..<end])
}

/// How often `needle` occurs in `text`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}
