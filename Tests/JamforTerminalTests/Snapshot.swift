import Foundation
import Testing

@testable import JamforTerminal

/// Compares a render with `__Snapshots__/<name>.txt` beside this file.
///
/// A missing snapshot, or any snapshot when `JAMFOR_RECORD_SNAPSHOTS=1`, is written and the test fails
/// with an issue saying so: a snapshot is never silently accepted. Escape bytes are stored as "␛" and
/// carriage returns as "␍", so that snapshot files are plain text that shows what the terminal gets.
func assertSnapshot(
    _ rendered: String,
    named name: String,
    filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        !rendered.contains("␛") && !rendered.contains("␍"),
        "render holds a snapshot marker",
        sourceLocation: sourceLocation
    )
    let visible = rendered.replacingOccurrences(of: "\u{1B}", with: "␛").replacingOccurrences(of: "\r", with: "␍")
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = directory.appendingPathComponent(name + ".txt")
    let recording = ProcessInfo.processInfo.environment["JAMFOR_RECORD_SNAPSHOTS"] == "1"
    guard !recording, let data = FileManager.default.contents(atPath: file.path) else {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(visible.utf8).write(to: file)
            Issue.record(
                "Recorded snapshot \(name).txt; check it, then run the tests again",
                sourceLocation: sourceLocation
            )
        } catch {
            Issue.record("Could not record snapshot \(name).txt: \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    guard expected != visible else { return }
    let report = "Snapshot \(name).txt differs:\n" + lineDiff(expected: expected, actual: visible)
    Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
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

/// A named way to render a view, for snapshots.
struct Variant: Sendable, CustomTestStringConvertible {
    var name: String
    var options: RenderOptions

    var testDescription: String { name }

    /// Table with and without colour, Swedish and English, Markdown, CSV in both locales, JSON.
    static let standard: [Variant] = [
        Variant(name: "table-colour", options: RenderOptions(format: .table, locale: .sv, colour: true)),
        Variant(name: "table", options: RenderOptions(format: .table, locale: .sv)),
        Variant(name: "table-en", options: RenderOptions(format: .table, locale: .en)),
        Variant(name: "markdown", options: RenderOptions(format: .markdown, locale: .sv)),
        Variant(name: "csv-sv", options: RenderOptions(format: .csv, locale: .sv)),
        Variant(name: "csv-en", options: RenderOptions(format: .csv, locale: .en)),
        Variant(name: "json", options: RenderOptions(format: .json, locale: .sv)),
    ]

    /// The standard variants and a 60-column table.
    static let withNarrow = standard + [Variant(name: "table-60", options: RenderOptions(format: .table, width: 60))]
}
