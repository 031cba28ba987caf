import Foundation
import JamforWire

/// Rough text widths for laying out SVG labels (DejaVu Sans and most system sans fonts average a little over
/// half an em per character).
enum TextMetrics {
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        Double(text.count) * size * (bold ? 0.64 : 0.58)
    }
}

/// The opening tag of an accessible inline chart, and its title.
private func svgOpen(width: Double, height: Double, title: String, cssClass: String) -> String {
    let box = "0 0 \(HTML.number(width)) \(HTML.number(height))"
    return "<svg class=\"chart \(cssClass)\" viewBox=\"\(box)\" width=\"\(HTML.number(width))\""
        + " height=\"\(HTML.number(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\n"
        + "<title>\(HTML.escape(title))</title>\n"
}

private func text(
    _ content: String,
    x: Double,
    y: Double,
    anchor: String = "start",
    cssClass: String? = nil
) -> String {
    var attributes = "x=\"\(HTML.number(x))\" y=\"\(HTML.number(y))\""
    if anchor != "start" { attributes += " text-anchor=\"\(anchor)\"" }
    if let cssClass { attributes += " class=\"\(cssClass)\"" }
    return "<text \(attributes)>\(HTML.escape(content))</text>\n"
}

private func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cssClass: String) -> String {
    "<line x1=\"\(HTML.number(x1))\" y1=\"\(HTML.number(y1))\" x2=\"\(HTML.number(x2))\" y2=\"\(HTML.number(y2))\""
        + " class=\"\(cssClass)\"/>\n"
}

// MARK: - Ranking

/// A horizontal bar chart of the network ranked on one indicator: one bar per member from zero, the value at
/// the end of each bar, the focus member highlighted, members without a value listed last with their status,
/// and the network mean as a dashed line.
struct RankingChart {
    struct Bar: Sendable, Hashable {
        var rank: UInt16?
        var name: String
        var value: Double?
        var status: String?
        var focus: Bool
        var synthetic: Bool
    }

    var bars: [Bar]
    var mean: Double?
    var meanLabel: String
    var title: String
    var indicator: IndicatorInfo
    var figures: Figures
    var words: ReportWords
    /// What a bar without a value says, instead of its status marker's meaning.
    var missingLabel: String? = nil
    /// A fixed value range for the bars (0–100 for scores), widened if a value falls outside it.
    var domain: ClosedRange<Double>? = nil

    static let width = 560.0
    static let rowHeight = 26.0
    static let barHeight = 16.0
    /// Room above the bars for the mean's label.
    var top: Double { mean?.isFinite == true ? 30 : 8 }

    /// The horizontal scale: the value range on the grid and the plot's left and right edge.
    struct Scale {
        var low: Double
        var high: Double
        var left: Double
        var right: Double

        func x(_ value: Double) -> Double {
            left + (value - low) / (high - low) * (right - left)
        }
    }

    func valueLabel(_ bar: Bar) -> String {
        guard let value = bar.value else { return "" }
        return figures.value(value, indicator) + (bar.synthetic ? "*" : "")
    }

    /// The scale for the bars: from zero (or below, for negative values) to a round number above the largest
    /// value and the mean.
    func scale() -> (scale: Scale, step: Double) {
        let values = bars.compactMap(\.value).filter(\.isFinite) + [mean].compactMap { $0 }.filter(\.isFinite)
        var low = min(domain?.lowerBound ?? 0, values.min() ?? 0)
        var high = max(domain?.upperBound ?? 0, values.max() ?? 1)
        if high == low { high = low + 1 }
        let step = Ticks.step(span: high - low, count: 4)
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        let rankColumn = 26.0
        let longestName = bars.map { TextMetrics.width($0.name, size: 12.5, bold: $0.focus) }.max() ?? 40
        let nameWidth = min(max(longestName + 12, 70), 190)
        let longestValue = bars.map { TextMetrics.width(valueLabel($0), size: 12, bold: $0.focus) }.max() ?? 30
        let left = rankColumn + nameWidth + 4
        let right = Self.width - max(longestValue + 14, 44)
        return (Scale(low: low, high: high, left: left, right: right), step)
    }

    func svg() -> String {
        let (scale, step) = scale()
        let plotBottom = top + Double(bars.count) * Self.rowHeight
        let height = plotBottom + 26
        var out = svgOpen(width: Self.width, height: height, title: title, cssClass: "ranking")

        // Grid and axis labels.
        let tickDecimals = Ticks.decimals(for: step)
        for tick in Ticks.values(low: scale.low, high: scale.high, step: step) {
            let x = scale.x(tick)
            out += line(x, top - 4, x, plotBottom, cssClass: tick == 0 ? "axis" : "grid")
            out += text(
                figures.tick(tick, unit: indicator.unit, decimals: tickDecimals),
                x: x,
                y: plotBottom + 16,
                anchor: "middle",
                cssClass: "tick"
            )
        }

        // Row backgrounds and bars, then the mean line, then the labels (with a halo) over both.
        var labels = ""
        for (index, bar) in bars.enumerated() {
            let rowTop = top + Double(index) * Self.rowHeight
            let middle = rowTop + Self.rowHeight / 2
            let baseline = middle + 4.5
            if bar.focus {
                out +=
                    "<rect x=\"0\" y=\"\(HTML.number(rowTop + 1))\" width=\"\(HTML.number(Self.width))\""
                    + " height=\"\(HTML.number(Self.rowHeight - 2))\" class=\"focus-row\"/>\n"
            }
            labels += text(bar.rank.map { "\($0)" } ?? "–", x: 20, y: baseline, anchor: "end", cssClass: "rank")
            labels += text(
                bar.name,
                x: scale.left - 8,
                y: baseline,
                anchor: "end",
                cssClass: bar.focus ? "name focus" : "name"
            )
            if let value = bar.value, value.isFinite {
                let zero = scale.x(max(scale.low, min(0, scale.high)))
                let end = scale.x(value)
                let x = min(zero, end)
                let barWidth = abs(end - zero)
                out +=
                    "<rect x=\"\(HTML.number(x))\" y=\"\(HTML.number(middle - Self.barHeight / 2))\""
                    + " width=\"\(HTML.number(barWidth))\" height=\"\(HTML.number(Self.barHeight))\""
                    + " class=\"\(bar.focus ? "bar focus" : "bar")\" data-value=\"\(value)\"/>\n"
                labels += text(
                    valueLabel(bar),
                    x: max(end, zero) + 5,
                    y: baseline,
                    cssClass: bar.focus ? "value focus" : "value"
                )
            } else {
                let marker = bar.status ?? "-"
                labels += text(
                    missingLabel ?? (marker + "  " + words.statusNote(marker)),
                    x: scale.left + 4,
                    y: baseline,
                    cssClass: "status"
                )
            }
        }

        if let mean, mean.isFinite {
            let x = scale.x(mean)
            out += line(x, top - 6, x, plotBottom, cssClass: "mean")
            let label = meanLabel + " " + figures.value(mean, indicator)
            let half = TextMetrics.width(label, size: 11) / 2
            let centre = min(max(x, half + 2), Self.width - half - 2)
            labels += text(label, x: centre, y: top - 11, anchor: "middle", cssClass: "mean-label")
        }
        out += labels
        return out + "</svg>"
    }
}

// MARK: - Trend

/// A line chart of the member's values over the periods against the network mean (and the country's, when
/// given), with the member's targets as diamonds. Missing values break the line.
struct TrendChart {
    enum Role: String, Sendable {
        case member
        case network
        case country
    }

    struct Line: Sendable, Hashable {
        var role: Role
        var label: String
        var values: [Double]
        var synthetic: [Bool]
    }

    struct Target: Sendable, Hashable {
        var index: Int
        var value: Double
    }

    var periods: [String]
    var lines: [Line]
    var targets: [Target]
    var targetLabel: String
    var title: String
    var indicator: IndicatorInfo
    var figures: Figures

    static let width = 560.0
    static let height = 290.0
    static let top = 44.0
    static let bottom = 290.0 - 32

    /// Whether any line has a value.
    var hasValues: Bool { lines.contains { $0.values.contains(where: \.isFinite) } }

    /// The finite runs of a series: the polylines to draw, as index ranges.
    static func runs(_ values: [Double]) -> [ClosedRange<Int>] {
        var runs: [ClosedRange<Int>] = []
        var start: Int?
        for (index, value) in values.enumerated() {
            if value.isFinite {
                if start == nil { start = index }
            } else if let first = start {
                runs.append(first...(index - 1))
                start = nil
            }
        }
        if let first = start { runs.append(first...(values.count - 1)) }
        return runs
    }

    func svg() -> String {
        let all = lines.flatMap(\.values).filter(\.isFinite) + targets.map(\.value).filter(\.isFinite)
        var low = all.min() ?? 0
        var high = all.max() ?? 1
        // Never zoom in so far that noise looks like a trend: the range spans at least four dead bands and four
        // units of the last decimal.
        let decimals = Figures.decimals(indicator)
        let minimumSpan = max(4 * (indicator.deadBand ?? 0), 4 * pow(10, -Double(decimals)))
        if high - low < minimumSpan {
            let pad = (minimumSpan - (high - low)) / 2
            low -= pad
            high += pad
        }
        let padding = (high - low) * 0.12
        let step = Ticks.step(span: high - low + 2 * padding, count: 4)
        var gridLow = ((low - padding) / step).rounded(.down) * step
        if let minimum = indicator.minimum, gridLow < minimum, low >= minimum { gridLow = minimum }
        var gridHigh = ((high + padding) / step).rounded(.up) * step
        if let maximum = indicator.maximum, gridHigh > maximum, high <= maximum { gridHigh = maximum }
        let tickDecimals = Ticks.decimals(for: step)
        let ticks = Ticks.values(low: gridLow, high: gridHigh, step: step)
        let tickLabels = ticks.map { figures.tick($0, unit: indicator.unit, decimals: tickDecimals) }
        let left = (tickLabels.map { TextMetrics.width($0, size: 11) }.max() ?? 20) + 14
        let right = Self.width - 18
        let inset = 22.0
        func x(_ index: Int) -> Double {
            guard periods.count > 1 else { return (left + right) / 2 }
            return left + inset + Double(index) * (right - left - 2 * inset) / Double(periods.count - 1)
        }
        func y(_ value: Double) -> Double {
            Self.bottom - (value - gridLow) / (gridHigh - gridLow) * (Self.bottom - Self.top)
        }

        var out = svgOpen(width: Self.width, height: Self.height, title: title, cssClass: "trend")
        out += legend(left: left)

        for (tick, label) in zip(ticks, tickLabels) {
            out += line(left, y(tick), right, y(tick), cssClass: "grid")
            out += text(label, x: left - 6, y: y(tick) + 4, anchor: "end", cssClass: "tick")
        }
        out += line(left, Self.top - 4, left, Self.bottom, cssClass: "axis")
        out += line(left, Self.bottom, right, Self.bottom, cssClass: "axis")
        // Label every period while they fit, else every second or third.
        let labelWidth = periods.map { TextMetrics.width($0, size: 11) }.max() ?? 30
        let room = periods.count > 1 ? (right - left - 2 * inset) / Double(periods.count - 1) : right - left
        let every = max(1, Int((labelWidth + 8) / max(room, 1)) + 1)
        for (index, period) in periods.enumerated() where index % every == 0 || index == periods.count - 1 {
            out += line(x(index), Self.bottom, x(index), Self.bottom + 4, cssClass: "axis")
            out += text(period, x: x(index), y: Self.bottom + 18, anchor: "middle", cssClass: "tick")
        }

        if targets.count > 1 {
            let points = targets.sorted { $0.index < $1.index }.map {
                "\(HTML.number(x($0.index))),\(HTML.number(y($0.value)))"
            }
            out += "<polyline points=\"\(points.joined(separator: " "))\" class=\"line-target\"/>\n"
        }
        for target in targets {
            let cx = x(target.index)
            let cy = y(target.value)
            let points = [(cx, cy - 6), (cx + 6, cy), (cx, cy + 6), (cx - 6, cy)]
                .map { "\(HTML.number($0.0)),\(HTML.number($0.1))" }
            out += "<polygon points=\"\(points.joined(separator: " "))\" class=\"target\"/>\n"
        }

        // Background lines first, the member on top.
        for series in lines.sorted(by: { order($0.role) < order($1.role) }) {
            for run in Self.runs(series.values) where run.count > 1 {
                let points = run.map { "\(HTML.number(x($0))),\(HTML.number(y(series.values[$0])))" }
                out +=
                    "<polyline points=\"\(points.joined(separator: " "))\" class=\"line-\(series.role.rawValue)\"/>\n"
            }
            for (index, value) in series.values.enumerated() where value.isFinite {
                let synthetic = index < series.synthetic.count && series.synthetic[index]
                let radius = series.role == .member ? 4.0 : 3.0
                out +=
                    "<circle cx=\"\(HTML.number(x(index)))\" cy=\"\(HTML.number(y(value)))\" r=\"\(HTML.number(radius))\""
                    + " class=\"dot-\(series.role.rawValue)\(synthetic ? " synthetic" : "")\"/>\n"
                if series.role == .member {
                    let label = figures.value(value, indicator) + (synthetic ? "*" : "")
                    let above = labelAbove(index: index, y: y(value), obstacles: obstacles(at: index, y: y))
                    out += text(
                        label,
                        x: x(index),
                        y: above ? y(value) - 9 : y(value) + 18,
                        anchor: "middle",
                        cssClass: "point-label"
                    )
                }
            }
        }
        return out + "</svg>"
    }

    /// Where other marks sit at a period: the other lines' points and the target.
    private func obstacles(at index: Int, y: (Double) -> Double) -> (network: Double?, others: [Double]) {
        var network: Double?
        var others: [Double] = []
        for series in lines where series.role != .member && index < series.values.count {
            let value = series.values[index]
            guard value.isFinite else { continue }
            if series.role == .network { network = y(value) }
            others.append(y(value))
        }
        others += targets.filter { $0.index == index }.map { y($0.value) }
        return (network, others)
    }

    /// Whether a member's value label goes above its point: away from the network mean by default, to the other
    /// side when that side holds fewer marks, and never off the plot.
    private func labelAbove(index: Int, y point: Double, obstacles: (network: Double?, others: [Double])) -> Bool {
        // The label's text box above the point is point−21…point−5; below it is point+6…point+22.
        func clashes(above: Bool) -> Int {
            let range = above ? (point - 25)...(point - 1) : (point + 2)...(point + 26)
            return obstacles.others.filter { range.contains($0) }.count
        }
        let preferAbove = obstacles.network.map { $0 >= point - 0.5 } ?? true
        var above = preferAbove
        if clashes(above: !preferAbove) < clashes(above: preferAbove) { above = !preferAbove }
        if above, point - 22 < Self.top - 6 { above = false }
        if !above, point + 22 > Self.bottom { above = true }
        return above
    }

    private func order(_ role: Role) -> Int {
        switch role {
        case .country: 0
        case .network: 1
        case .member: 2
        }
    }

    /// Swatches and names in a row above the plot.
    private func legend(left: Double) -> String {
        var out = "<g class=\"legend\">\n"
        var x = left
        let y = 16.0
        for series in lines.sorted(by: { order($0.role) > order($1.role) }) {
            out += line(x, y - 4, x + 24, y - 4, cssClass: "line-\(series.role.rawValue)")
            if series.role != .country {
                out +=
                    "<circle cx=\"\(HTML.number(x + 12))\" cy=\"\(HTML.number(y - 4))\""
                    + " r=\"\(series.role == .member ? "4" : "3")\" class=\"dot-\(series.role.rawValue)\"/>\n"
            }
            out += text(series.label, x: x + 30, y: y, cssClass: "legend-label")
            x += 30 + TextMetrics.width(series.label, size: 12) + 18
        }
        if !targets.isEmpty {
            let cx = x + 8
            let cy = y - 4
            let points = [(cx, cy - 6), (cx + 6, cy), (cx, cy + 6), (cx - 6, cy)]
                .map { "\(HTML.number($0.0)),\(HTML.number($0.1))" }
            out += "<polygon points=\"\(points.joined(separator: " "))\" class=\"target\"/>\n"
            out += text(targetLabel, x: x + 20, y: y, cssClass: "legend-label")
        }
        return out + "</g>\n"
    }
}
