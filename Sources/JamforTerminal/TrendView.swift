import JamforWire

/// Figures over time; see ``Views/trend(_:indicator:names:options:)``.
struct TrendView {
    var response: TrendResponse
    var indicator: IndicatorInfo
    var names: [String: String]
    var options: RenderOptions

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

    private func starred(_ text: String, _ series: TrendSeries) -> String {
        series.synthetic == true ? text + " *" : text
    }

    private func subjectName(_ subject: TrendSeries?) -> String {
        subject.map(displayName) ?? words.trendNoMunicipality
    }

    private func title(_ subject: TrendSeries?) -> String {
        words.title(indicator) + " — " + subjectName(subject)
    }

    private func value(_ series: TrendSeries, _ index: Int) -> Double? {
        series.values.indices.contains(index) ? ViewText.finiteOrNil(series.values[index]) : nil
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
        return own - mean
    }

    private func differenceText(_ difference: Double?) -> String {
        guard let difference else { return "" }
        // Cleared of floating-point noise, as the analytics do, so 7.7 − 7.5 reads 0.2 and 0 has no sign.
        let cleared = abs(difference) < 1e-9 ? 0 : difference
        return NumberText.format(cleared, decimals: decimals, locale: options.locale, signed: true)
    }

    private func statusStyle(_ status: String) -> ANSIStyle {
        switch status {
        case "met", "improving": .green
        case "moving-away", "not-met": .red
        case "no-value", "not-comparable": .dim
        default: .plain
        }
    }

    private func hasMissing(_ subject: TrendSeries?) -> Bool {
        ([subject].compactMap { $0 } + groupSeries).contains { series in
            response.periods.indices.contains { value(series, $0) == nil }
        }
    }

    private func hasSynthetic(_ subject: TrendSeries?) -> Bool {
        ([subject].compactMap { $0 } + groupSeries).contains { $0.synthetic == true }
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
        if hasSynthetic(subject) {
            notes.append(markdown ? MarkdownText.escaped(words.syntheticNote) : words.syntheticNote)
        }
        return notes
    }

    /// Header and cells of the per-period table of one block.
    private func grid(_ subject: TrendSeries?, markdown: Bool) -> (headers: [String], rows: [[Cell]]) {
        var headers = [words.periodHeader]
        if let subject { headers.append(starred(displayName(subject), subject)) }
        headers += groupSeries.map { starred(groupHeader($0), $0) }
        let showDifference = subject != nil && !groupSeries.isEmpty
        if showDifference, let group = groupSeries.first {
            headers.append(words.differenceHeader(displayName(group)))
        }
        let showTargets = hasTargets(subject)
        if showTargets { headers += [words.targetHeader, words.statusHeader] }
        var rows: [[Cell]] = []
        for (index, period) in response.periods.enumerated() {
            var cells = [Cell(text: words.period(period))]
            if let subject { cells.append(Cell(text: valueText(value(subject, index)))) }
            cells += groupSeries.map { Cell(text: valueText(value($0, index))) }
            if showDifference { cells.append(Cell(text: differenceText(difference(subject, index)))) }
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
        var style: ANSIStyle = .plain
    }

    // MARK: Table

    private func table() -> String {
        let colour = options.usesColour
        var lines: [String] = []
        for subject in subjects {
            if !lines.isEmpty { lines.append("") }
            lines += ViewText.titleLines(words.title(indicator), subjectName(subject), width: options.width)
                .map { ANSIStyle.bold.apply($0, enabled: colour) }
            lines.append("")
            lines += sparklines(subject)
            lines.append("")
            let grid = grid(subject, markdown: false)
            var columns = [TextTable.Column(header: grid.headers[0])]
            columns += grid.headers.dropFirst().map { header in
                TextTable.Column(header: header, alignment: .right, sizing: .truncatable(minimum: 6))
            }
            if hasTargets(subject), let last = columns.indices.last {
                columns[last].alignment = .left
            }
            var table = TextTable(columns: columns)
            for row in grid.rows {
                table.rows.append(.cells(row.map { TextTable.Cell($0.text, style: $0.style) }))
            }
            lines += table.render(width: options.width, colour: colour)
            lines.append("")
            lines += ViewText.wrapped(notes(subject, markdown: false), width: options.width)
        }
        return ViewText.joined(lines)
    }

    /// The subject's and the group means' sparklines on one shared scale, so that their heights compare.
    private func sparklines(_ subject: TrendSeries?) -> [String] {
        let series = [subject].compactMap { $0 } + groupSeries
        let finite = series.flatMap { $0.values.filter(\.isFinite) }
        guard let low = finite.min(), let high = finite.max() else { return [] }
        let labels = series.map { serie in
            serie.kind == .municipality
                ? starred(displayName(serie), serie) : starred(groupHeader(serie), serie)
        }
        let labelWidth = min(labels.map(TextWidth.of).max() ?? 0, max(8, options.width / 3))
        let periods = response.periods
        var range = ""
        if let first = periods.first, let last = periods.last {
            range = first == last ? words.period(first) : words.period(first) + "–" + words.period(last)
        }
        var lines = zip(series, labels).map { serie, label in
            TextWidth.fit(label, to: labelWidth) + "  " + Sparkline.of(serie.values, range: low...high)
        }
        let scale = words.sparklineScale(range: range, low: valueText(low), high: valueText(high))
        lines += TextWidth.wrap(scale, to: options.width, indent: "  ")
        return lines.map { TextWidth.truncate($0, to: options.width) }
    }

    // MARK: Markdown

    private func markdown() -> String {
        var lines: [String] = []
        for subject in subjects {
            if !lines.isEmpty { lines.append("") }
            lines += ["### " + MarkdownText.escaped(title(subject)), ""]
            let grid = grid(subject, markdown: true)
            var alignments: [TextAlignment] = [.left] + grid.headers.dropFirst().map { _ in .right }
            if hasTargets(subject), !alignments.isEmpty { alignments[alignments.count - 1] = .left }
            lines += MarkdownText.table(
                headers: grid.headers.map(MarkdownText.escaped),
                alignments: alignments,
                rows: grid.rows.map { $0.map { MarkdownText.escaped($0.text) } }
            )
            lines += notes(subject, markdown: true).flatMap { ["", $0] }
        }
        return ViewText.joined(lines)
    }

    // MARK: CSV

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
                    value(series, index).map { NumberText.raw($0, locale: options.locale) } ?? "",
                    count ?? "",
                    target.map { NumberText.raw($0.value, locale: options.locale) } ?? "",
                    target.map { words.targetStatus($0.status) } ?? "",
                    series.synthetic == true ? (sv ? "ja" : "yes") : (sv ? "nej" : "no"),
                ])
            }
        }
        return csv.text
    }

    // MARK: JSON

    private func json() -> String {
        let series = response.series.map { series -> JSONValue in
            .object([
                "kind": .string(series.kind.rawValue),
                "label": .string(series.label),
                "name": .string(displayName(series)),
                "values": .array(response.periods.indices.map { .number(value(series, $0)) }),
                "counts": series.counts.map { .array($0.map { .integer($0) }) } ?? .null,
                "sparkline": .string(Sparkline.of(series.values)),
                "synthetic": .bool(series.synthetic == true),
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
            "periods": .array(response.periods.map { .string($0) }),
            "periodLabels": .array(response.periods.map { .string(words.period($0)) }),
            "series": .array(series),
            "targets": .array(targets),
        ]).document
    }
}
