import JamforWire

/// Figures over time; see ``Views/trend(_:indicator:names:options:)``.
struct TrendView {
    var response: TrendResponse
    var indicator: IndicatorInfo
    var names: [String: String]
    var scope = "kommun"
    var gender = "T"
    var options: RenderOptions

    /// Sweden's municipalities: a country mean of fewer than half of them is marked, even when every
    /// period of the series is that thin.
    static let countryMunicipalities: UInt32 = 290

    private var words: Words { Words(locale: options.locale) }
    private var decimals: Int { ViewText.decimals(indicator) }

    func render() -> String {
        switch options.format {
        case .table: table()
        case .markdown: markdown()
        case .csv: csv()
        case .json: json()
        }
    }

    // MARK: Shared

    private var municipalitySeries: [TrendSeries] { response.series.filter { $0.kind == .municipality } }
    private var groupSeries: [TrendSeries] { response.series.filter { $0.kind == .groupMean } }

    /// One block per municipality series; with none, one block of the group means alone.
    private var subjects: [TrendSeries?] {
        municipalitySeries.isEmpty ? [nil] : municipalitySeries.map { $0 }
    }

    private func displayName(_ series: TrendSeries) -> String {
        if let name = names[series.label] { return name }
        return series.label == "country" ? words.country : series.label
    }

    /// "Medel 4M", "Mean 4M"; the country's mean is always "Medel riket" or "Country mean", which read better
    /// than any name for the country put after "Medel" or "Mean".
    private func groupHeader(_ series: TrendSeries) -> String {
        if series.label == "country" { return words.countryMeanHeader }
        return words.groupMeanHeader(displayName(series))
    }

    private func label(_ series: TrendSeries) -> String {
        series.kind == .municipality ? displayName(series) : groupHeader(series)
    }

    private func subjectName(_ subject: TrendSeries?) -> String {
        subject.map(displayName) ?? words.trendNoMunicipality
    }

    /// Who, and the slice when it is not the usual one: the executive board's scope, one gender.
    private func titleDetail(_ subject: TrendSeries?) -> String {
        var parts = [subjectName(subject)]
        if scope == "ks" { parts.append(words.scope(scope)) }
        if gender != "T" { parts.append(words.gender(gender)) }
        return parts.joined(separator: ", ")
    }

    private func title(_ subject: TrendSeries?) -> String {
        words.title(indicator) + " — " + titleDetail(subject)
    }

    private func value(_ series: TrendSeries, _ index: Int) -> Double? {
        series.values.indices.contains(index) ? ViewText.finiteOrNil(series.values[index]) : nil
    }

    /// Whether the series' value at `index` is synthetic or computed from synthetic figures: by the
    /// per-period flags, or when the server sends none, by the series' flag. A missing value never is.
    private func isSynthetic(_ series: TrendSeries, _ index: Int) -> Bool {
        guard value(series, index) != nil else { return false }
        guard let flags = series.syntheticValues else { return series.synthetic == true }
        return flags.indices.contains(index) && flags[index]
    }

    /// How many members a group mean stands on, when that is fewer than half of the most the series has
    /// (for the country, of its 290 municipalities): such a mean is marked with its count.
    private func thinCount(_ series: TrendSeries, _ index: Int) -> UInt32? {
        guard series.kind == .groupMean, value(series, index) != nil, let counts = series.counts,
            counts.indices.contains(index)
        else { return nil }
        var most = UInt64(counts.max() ?? 0)
        if series.label == "country" { most = max(most, UInt64(Self.countryMunicipalities)) }
        return UInt64(counts[index]) * 2 < most ? counts[index] : nil
    }

    private func valueText(_ value: Double?, style: NumberText.Style = .display) -> String {
        ViewText.value(value, indicator: indicator, locale: options.locale, style: style)
    }

    private func year(_ period: String) -> UInt16? {
        UInt16(period.prefix(4))
    }

    private func target(_ subject: TrendSeries?, period: String) -> TrendTarget? {
        guard let subject, let year = year(period) else { return nil }
        return response.targets?.first { $0.municipality == subject.label && $0.year == year }
    }

    private func difference(_ subject: TrendSeries?, _ index: Int) -> Double? {
        guard let subject, let group = groupSeries.first, let own = value(subject, index),
            let mean = value(group, index)
        else { return nil }
        // Cleared of floating-point noise, as the analytics do, so 7.7 − 7.5 reads 0.2 and 0 has no sign.
        return NumberText.clearingNoise(own - mean)
    }

    private func differenceText(_ difference: Double?) -> String {
        guard let difference else { return "" }
        return NumberText.format(difference, decimals: decimals, locale: options.locale, signed: true)
    }

    /// Green when the municipality's figure is better than the first group's mean, red when worse, as far
    /// as the shown decimals tell.
    private func comparisonStyle(_ difference: Double?) -> ANSIStyle {
        guard let difference else { return .plain }
        let (integer, fraction) = NumberText.roundedDigits(abs(difference), places: decimals)
        guard (integer + fraction).contains(where: { $0 != "0" }) else { return .plain }
        let better = (difference > 0) == (indicator.direction == .higherIsBetter)
        return better ? .green : .red
    }

    private func statusStyle(_ status: String) -> ANSIStyle {
        switch status {
        case "met", "improving": .green
        case "moving-away", "not-met": .red
        case "no-value", "not-comparable": .dim
        default: .plain
        }
    }

    private func blockSeries(_ subject: TrendSeries?) -> [TrendSeries] {
        [subject].compactMap { $0 } + groupSeries
    }

    private func hasMissing(_ subject: TrendSeries?) -> Bool {
        blockSeries(subject).contains { series in
            response.periods.indices.contains { value(series, $0) == nil }
        }
    }

    private func hasSynthetic(_ subject: TrendSeries?) -> Bool {
        blockSeries(subject).contains { series in response.periods.indices.contains { isSynthetic(series, $0) } }
    }

    /// Whether any group mean is marked as thin (the group means are the same in every block).
    private var hasThin: Bool {
        groupSeries.contains { series in response.periods.indices.contains { thinCount(series, $0) != nil } }
    }

    private func hasTargets(_ subject: TrendSeries?) -> Bool {
        response.periods.contains { target(subject, period: $0) != nil }
    }

    private func notes(_ subject: TrendSeries?, markdown: Bool) -> [String] {
        var notes = [words.directionSentence(indicator.direction)]
        if subject != nil, let group = groupSeries.first, indicator.unit == "percent" {
            // A difference of percentages is in percentage points, which a "%" would misstate.
            notes.append(words.differenceNote(displayName(group)))
        }
        if hasMissing(subject) {
            notes.append((markdown ? "`-` " : "- ") + words.statusNote("-"))
        }
        if hasThin { notes.append(words.thinMeanNote) }
        if hasSynthetic(subject) {
            notes.append(markdown ? MarkdownText.escaped(words.syntheticDerivedNote) : words.syntheticDerivedNote)
        }
        return notes
    }

    /// The marks after a value: a star when it is synthetic, its count when the mean is thin.
    private func mark(thin: UInt32?, synthetic: Bool) -> String {
        (synthetic ? ViewText.star : "") + (thin.map { " (\($0))" } ?? "")
    }

    /// Header and cells of the per-period table of one block.
    private func grid(_ subject: TrendSeries?) -> (headers: [String], rows: [[Cell]]) {
        var headers = [words.periodHeader]
        if let subject { headers.append(displayName(subject)) }
        headers += groupSeries.map(groupHeader)
        let showDifference = subject != nil && !groupSeries.isEmpty
        if showDifference, let group = groupSeries.first {
            headers.append(words.differenceHeader(displayName(group)))
        }
        let showTargets = hasTargets(subject)
        if showTargets { headers += [words.targetHeader, words.statusHeader] }
        var rows: [[Cell]] = []
        for (index, period) in response.periods.enumerated() {
            var cells = [Cell(text: words.period(period))]
            let difference = difference(subject, index)
            if let subject {
                cells.append(
                    Cell(
                        text: valueText(value(subject, index)),
                        mark: mark(thin: nil, synthetic: isSynthetic(subject, index)),
                        style: comparisonStyle(difference)
                    )
                )
            }
            cells += groupSeries.map { series in
                Cell(
                    text: valueText(value(series, index)),
                    mark: mark(thin: thinCount(series, index), synthetic: isSynthetic(series, index))
                )
            }
            if showDifference, let subject, let group = groupSeries.first {
                let synthetic = difference != nil && (isSynthetic(subject, index) || isSynthetic(group, index))
                cells.append(Cell(text: differenceText(difference), mark: mark(thin: nil, synthetic: synthetic)))
            }
            if showTargets {
                if let target = target(subject, period: period) {
                    cells.append(Cell(text: valueText(target.value)))
                    cells.append(Cell(text: words.targetStatus(target.status), style: statusStyle(target.status)))
                } else {
                    cells += [Cell(text: ""), Cell(text: "")]
                }
            }
            rows.append(cells)
        }
        return (headers, rows)
    }

    struct Cell {
        var text: String
        /// Footnote marks after the text, kept apart so that a table can line numbers up.
        var mark = ""
        var style: ANSIStyle = .plain
    }

    // MARK: Table

    private func table() -> String {
        let colour = options.usesColour
        let truncates = options.truncates
        var lines: [String] = []
        for subject in subjects {
            if !lines.isEmpty { lines.append("") }
            lines += ViewText.titleLines(
                words.title(indicator),
                titleDetail(subject),
                width: options.width,
                truncating: truncates
            ).map { ANSIStyle.bold.apply($0, enabled: colour) }
            lines.append("")
            lines += sparklines(subject)
            lines.append("")
            let grid = grid(subject)
            // Marks are padded to the widest of their column, so that the numbers stay right-aligned.
            var markWidths = Array(repeating: 0, count: grid.headers.count)
            for row in grid.rows {
                for (index, cell) in row.enumerated() where index < markWidths.count {
                    markWidths[index] = max(markWidths[index], TextWidth.of(cell.mark))
                }
            }
            var columns = [TextTable.Column(header: grid.headers[0])]
            columns += grid.headers.enumerated().dropFirst().map { index, header in
                TextTable.Column(
                    header: ViewText.header(header, markWidth: markWidths[index]),
                    alignment: .right,
                    sizing: .truncatable(minimum: 6)
                )
            }
            if hasTargets(subject), let last = columns.indices.last {
                columns[last].alignment = .left
            }
            var table = TextTable(columns: columns)
            for row in grid.rows {
                table.rows.append(
                    .cells(
                        row.enumerated().map { index, cell in
                            let text =
                                cell.text.isEmpty
                                ? "" : ViewText.marked(cell.text, mark: cell.mark, markWidth: markWidths[index])
                            return TextTable.Cell(text, style: cell.style)
                        }
                    )
                )
            }
            lines += table.render(width: options.width, colour: colour, truncates: truncates)
            lines.append("")
            lines += ViewText.wrapped(notes(subject, markdown: false), width: options.width, truncating: truncates)
        }
        return ViewText.joined(lines)
    }

    /// The subject's and the group means' sparklines on one shared scale, so that their heights compare.
    private func sparklines(_ subject: TrendSeries?) -> [String] {
        let series = blockSeries(subject)
        let finite = series.flatMap { $0.values.filter(\.isFinite) }
        guard let low = finite.min(), let high = finite.max() else { return [] }
        let labels = series.map(label)
        let widest = labels.map(TextWidth.of).max() ?? 0
        let labelWidth = options.truncates ? min(widest, max(8, options.width / 3)) : widest
        var range = ""
        if let first = response.periods.first, let last = response.periods.last {
            range = words.periodRange(first, last)
        }
        var lines = zip(series, labels).map { serie, label in
            let fitted =
                options.truncates ? TextWidth.fit(label, to: labelWidth) : TextWidth.pad(label, to: labelWidth)
            return fitted + "  " + Sparkline.of(serie.values, range: low...high)
        }
        let scale = words.sparklineScale(range: range, low: valueText(low), high: valueText(high))
        lines += TextWidth.wrap(scale, to: options.width, indent: "  ", truncating: options.truncates)
        return lines.map { ViewText.fitted($0, options: options) }
    }

    // MARK: Markdown

    private func markdown() -> String {
        var lines: [String] = []
        for subject in subjects {
            if !lines.isEmpty { lines.append("") }
            lines += ["### " + MarkdownText.escaped(title(subject)), ""]
            let grid = grid(subject)
            var alignments: [TextAlignment] = [.left] + grid.headers.dropFirst().map { _ in .right }
            if hasTargets(subject), !alignments.isEmpty { alignments[alignments.count - 1] = .left }
            lines += MarkdownText.table(
                headers: grid.headers.map(MarkdownText.escaped),
                alignments: alignments,
                rows: grid.rows.map { $0.map { MarkdownText.escaped($0.text + $0.mark) } }
            )
            lines += notes(subject, markdown: true).flatMap { ["", $0] }
        }
        return ViewText.joined(lines)
    }

    // MARK: CSV

    /// A value for CSV and JSON: a municipality's figure exactly, a group's mean rounded as a statistic.
    private func exportValue(_ series: TrendSeries, _ index: Int) -> Double? {
        let figure = value(series, index)
        return series.kind == .groupMean ? figure.map(NumberText.statistic) : figure
    }

    private func csv() -> String {
        let sv = options.locale == .sv
        var csv = CSVText(locale: options.locale)
        csv.append(
            sv
                ? ["indikator", "period", "typ", "etikett", "namn", "värde", "antal", "mål", "målstatus", "syntetisk"]
                : [
                    "indicator", "period", "kind", "label", "name", "value", "count", "target", "target_status",
                    "synthetic",
                ]
        )
        for series in response.series {
            let kind =
                series.kind == .municipality ? (sv ? "kommun" : "municipality") : (sv ? "gruppmedel" : "group-mean")
            for (index, period) in response.periods.enumerated() {
                let count = series.counts.flatMap { $0.indices.contains(index) ? String($0[index]) : nil }
                let target = series.kind == .municipality ? self.target(series, period: period) : nil
                csv.append([
                    indicator.id, period, kind, series.label, displayName(series),
                    csv.number(exportValue(series, index)),
                    count ?? "",
                    csv.number(target?.value),
                    target.map { words.targetStatus($0.status) } ?? "",
                    words.yesNo(isSynthetic(series, index)),
                ])
            }
        }
        return csv.text
    }

    // MARK: JSON

    private func json() -> String {
        let series = response.series.map { series -> JSONValue in
            let flags = response.periods.indices.map { isSynthetic(series, $0) }
            return .object([
                "kind": .string(series.kind.rawValue),
                "label": .string(series.label),
                "name": .string(displayName(series)),
                "values": .array(response.periods.indices.map { .number(exportValue(series, $0)) }),
                "counts": series.counts.map { .array($0.map { .integer($0) }) } ?? .null,
                "sparkline": .string(Sparkline.of(series.values)),
                "synthetic": .bool(series.synthetic == true || flags.contains(true)),
                "syntheticValues": .array(flags.map { .bool($0) }),
            ])
        }
        let targets = (response.targets ?? []).map { target -> JSONValue in
            .object([
                "municipality": .string(target.municipality),
                "year": .integer(target.year),
                "value": .number(target.value),
                "status": .string(target.status),
                "statusText": .string(words.targetStatus(target.status)),
            ])
        }
        return JSONValue.object([
            "view": .string("trend"),
            "title": .string(title(municipalitySeries.first)),
            "indicator": ViewText.indicatorJSON(indicator, words: words),
            "scope": .string(scope),
            "gender": .string(gender),
            "periods": .array(response.periods.map { .string($0) }),
            "periodLabels": .array(response.periods.map { .string(words.period($0)) }),
            "series": .array(series),
            "targets": .array(targets),
        ]).document
    }
}
