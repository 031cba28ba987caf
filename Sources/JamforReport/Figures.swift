import Foundation
import JamforTerminal
import JamforWire

/// Numbers in the report's language, through the terminal's ``NumberText`` so that a page and a table agree:
/// `7,5 %` and `−0,3` in Swedish, `7.5%` and `−0.3` in English.
struct Figures: Sendable {
    var locale: ReportLocale

    private var display: DisplayLocale { locale == .sv ? .sv : .en }

    static func decimals(_ indicator: IndicatorInfo) -> Int { Int(indicator.decimals ?? 1) }

    /// A value in the indicator's unit and decimals.
    func value(_ value: Double, _ indicator: IndicatorInfo) -> String {
        NumberText.value(value, unit: indicator.unit, decimals: Self.decimals(indicator), locale: display)
    }

    /// A plain number.
    func number(_ value: Double, decimals: Int, signed: Bool = false) -> String {
        NumberText.format(value, decimals: decimals, locale: display, signed: signed)
    }

    /// A share 0–1 as a whole percentage: `75 %` or `75%`.
    func share(_ value: Double) -> String {
        NumberText.percent(value * 100, decimals: 0, locale: display)
    }

    /// An axis label: the unit's sign where it has one, with the decimals the step needs.
    func tick(_ value: Double, unit: String, decimals: Int) -> String {
        unit == "percent"
            ? NumberText.percent(value, decimals: decimals, locale: display)
            : NumberText.format(value, decimals: decimals, locale: display)
    }
}

/// A change against the previous period, judged with the dead band and direction (Docs/analytics.md).
struct ChangeJudgement: Sendable, Hashable {
    enum Movement: Sendable { case up, down, flat }

    var movement: Movement
    var outcome: ReportWords.Outcome

    init(delta: Double, deadBand: Double, direction: Direction) {
        // The server clears noise below 10⁻⁹ from its deltas; the same tolerance keeps a change of exactly the
        // dead band unchanged.
        if abs(delta) <= deadBand + 1e-9 {
            movement = .flat
            outcome = .unchanged
        } else {
            movement = delta > 0 ? .up : .down
            outcome = (delta > 0) == (direction == .higherIsBetter) ? .improved : .worsened
        }
    }

    var arrow: String {
        switch movement {
        case .up: "↗"
        case .down: "↘"
        case .flat: "→"
        }
    }

    var cssClass: String {
        switch outcome {
        case .improved: "better"
        case .worsened: "worse"
        case .unchanged: "same"
        }
    }
}

/// Round tick steps for an axis.
enum Ticks {
    /// A step of 1, 2, 2.5 or 5 times a power of ten near `span / count`.
    static func step(span: Double, count: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(count, 1))
        let power = pow(10, (log10(raw)).rounded(.down))
        for factor in [1.0, 2, 2.5, 5, 10] where factor * power >= raw - 1e-12 {
            return factor * power
        }
        return 10 * power
    }

    /// The decimals a step's multiples need: 0 for 5, 1 for 0.5, 2 for 0.25.
    static func decimals(for step: Double) -> Int {
        var decimals = 0
        var scaled = step
        while decimals < 6, abs(scaled - scaled.rounded()) > 1e-9 {
            scaled *= 10
            decimals += 1
        }
        return decimals
    }

    /// Multiples of `step` from `low` to `high` (both already on the grid).
    static func values(low: Double, high: Double, step: Double) -> [Double] {
        guard step > 0 else { return [low] }
        let count = Int(((high - low) / step).rounded())
        return (0...max(count, 0)).map { low + Double($0) * step }
    }
}
