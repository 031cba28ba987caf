import Foundation
import JamforTerminal

/// A one-line progress display on stderr for long imports and exports: a bar when the total is
/// known, else a running count, with the rate. Nothing is drawn when stderr is not a terminal, so
/// logs and pipes get only the final summary the command prints itself.
final class Progress {
    private let label: String
    private let unit: String
    private let total: Int?
    private let enabled: Bool
    private let width: Int
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant?
    private var drawn = false
    private let sv: Bool

    /// - Parameters:
    ///   - label: what is being done ("Exporterar", "Importing").
    ///   - unit: what is counted ("värden", "figures").
    ///   - total: how many there will be, when known.
    init(_ label: String, unit: String, total: Int? = nil, locale: DisplayLocale) {
        self.label = label
        self.unit = unit
        self.total = total
        self.sv = locale == .sv
        enabled = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        width = TerminalEnvironment.detect().width ?? 80
        started = clock.now
    }

    /// The time since the progress began.
    var elapsed: Duration { clock.now - started }

    /// Shows `count` done, at most ten times a second.
    func update(_ count: Int) {
        guard enabled else { return }
        let now = clock.now
        if let lastDrawn, now - lastDrawn < .milliseconds(100) { return }
        lastDrawn = now
        draw(count, now: now)
    }

    /// Clears the line, so that the command's summary takes its place.
    func finish() {
        guard enabled, drawn else { return }
        write("\r\u{1B}[2K")
    }

    private func draw(_ count: Int, now: ContinuousClock.Instant) {
        let seconds = Double((now - started).components.attoseconds) / 1e18 + Double((now - started).components.seconds)
        let rate = seconds > 0 ? Double(count) / seconds : 0
        var text = "\(label) \(Self.grouped(count, sv))"
        if let total { text += " / \(Self.grouped(total, sv))" }
        text += " \(unit) · \(Self.grouped(Int(rate.rounded()), sv))/s"
        if let total, total > 0 {
            let room = max(10, min(40, width - TextWidth.of(text) - 3))
            let fraction = min(1, Double(count) / Double(total))
            let filled = Int((fraction * Double(room)).rounded(.down))
            text =
                "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: room - filled) + "] " + text
        }
        write("\r\u{1B}[2K" + TextWidth.truncate(text, to: max(10, width - 1)))
        drawn = true
    }

    private func write(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    /// A count with thousands grouped: "1 234 567" (no-break spaces) or "1,234,567".
    static func grouped(_ count: Int, _ sv: Bool) -> String {
        let digits = Array(String(abs(count)))
        var text = count < 0 ? "−" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text += sv ? "\u{00A0}" : "," }
            text.append(digit)
        }
        return text
    }
}
