import JamforWire

/// Horizontal bars with eighth-cell resolution.
public enum BarText {
    /// The partial blocks, one eighth to seven eighths of a cell.
    static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    static let full: Character = "█"

    /// A bar of `fraction` (clamped to 0…1) of `width` cells, padded with spaces to `width`. Any value
    /// gets at least one eighth, so that the smallest of a set still shows.
    public static func bar(fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let clamped = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let eighths = max(1, Int((clamped * Double(width) * 8).rounded()))
        var text = String(repeating: full, count: eighths / 8)
        if eighths % 8 > 0 { text.append(partials[eighths % 8 - 1]) }
        return TextWidth.pad(text, to: width)
    }

    /// Where `value` lies between `low` and `high`, 0…1; 1 when the range is empty (all values equal).
    static func fraction(of value: Double, low: Double, high: Double) -> Double {
        guard high > low else { return 1 }
        return (value - low) / (high - low)
    }
}

/// One-line charts of a series.
public enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// What stands for a missing value: visible, so that a gap at the end is not lost.
    public static let missing: Character = "·"

    /// One glyph per value, scaled from the range's (or the values') minimum (▁) to maximum (█); ``missing``
    /// where a value is missing (NaN); the middle level when all values are equal.
    public static func of(_ values: [Double], range: ClosedRange<Double>? = nil) -> String {
        let finite = values.filter(\.isFinite)
        guard let low = range?.lowerBound ?? finite.min(), let high = range?.upperBound ?? finite.max() else {
            return String(repeating: missing, count: values.count)
        }
        return String(
            values.map { value -> Character in
                guard value.isFinite else { return missing }
                let position = (min(max(value, low), high) - low) / (high - low)
                // Equal values, or a range too wide for a Double (position NaN), draw the middle level.
                guard high > low, position.isFinite else { return levels[3] }
                return levels[Int((min(max(position, 0), 1) * Double(levels.count - 1)).rounded())]
            }
        )
    }
}

/// Five bands of a 0–100 score (higher is better), drawn as a background colour or, without colour, as a
/// block whose height grows with the score.
enum ScoreBand: Int, CaseIterable, Sendable {
    case worst = 0
    case low
    case middle
    case high
    case best

    /// The band of a score: 0–20, 20–40, 40–60, 60–80, 80–100 (each lower bound included).
    init?(score: Double) {
        guard score.isFinite else { return nil }
        // Clamped before the conversion, which would trap on a score far out of range.
        let index = Int(min(max(score, 0), 100) / 20)
        self = ScoreBand(rawValue: min(index, 4)) ?? .middle
    }

    var glyph: Character {
        switch self {
        case .worst: "▁"
        case .low: "▂"
        case .middle: "▄"
        case .high: "▆"
        case .best: "█"
        }
    }

    /// Red through yellow to green, on the 256-colour palette, light enough for black text.
    var style: ANSIStyle {
        switch self {
        case .worst: .background(203)
        case .low: .background(215)
        case .middle: .background(228)
        case .high: .background(156)
        case .best: .background(114)
        }
    }

    /// The score range, for legends.
    var rangeText: String {
        switch self {
        case .worst: "0–20"
        case .low: "20–40"
        case .middle: "40–60"
        case .high: "60–80"
        case .best: "80–100"
        }
    }
}

extension ColourClass {
    /// The marker that makes the class legible without colour: full, half and empty circles for the best
    /// quarter, the middle half and the worst quarter; nothing for no value.
    var marker: String {
        switch self {
        case .green: "●"
        case .yellow: "◐"
        case .red: "○"
        case .grey: " "
        }
    }

    var style: ANSIStyle {
        switch self {
        case .green: .green
        case .yellow: .yellow
        case .red: .red
        case .grey: .dim
        }
    }
}

/// A change against the previous period, judged with the indicator's dead band and direction.
struct ChangeJudgement: Sendable, Hashable {
    enum Movement: String, Sendable {
        case up
        case down
        case flat
    }

    enum Outcome: String, Sendable {
        case improved
        case worsened
        case unchanged
    }

    var movement: Movement
    var outcome: Outcome

    /// `|delta| ≤ deadBand` is flat and unchanged; otherwise up or down by the sign, improved or worsened by
    /// the direction (Docs/analytics.md, "Change").
    init(delta: Double, deadBand: Double, direction: Direction) {
        // The server clears noise below 10⁻⁹ from its deltas; the same tolerance here keeps a change of exactly
        // the dead band on the unchanged side.
        if abs(delta) <= deadBand + NumberText.noise {
            movement = .flat
            outcome = .unchanged
        } else {
            movement = delta > 0 ? .up : .down
            let better = (delta > 0) == (direction == .higherIsBetter)
            outcome = better ? .improved : .worsened
        }
    }

    var arrow: String {
        switch movement {
        case .up: "↗"
        case .down: "↘"
        case .flat: "→"
        }
    }

    var style: ANSIStyle {
        switch outcome {
        case .improved: .green
        case .worsened: .red
        case .unchanged: .plain
        }
    }
}
