import JamforWire

/// Several indicators side by side; see ``Views/compare(_:indicators:weights:setLabel:focus:options:)``.
struct CompareView {
    var response: CompareResponse
    var catalog: [IndicatorInfo]
    var weights: [Double]
    var setLabel: String
    var focus: String?
    var options: RenderOptions

    private var words: Words { Words(locale: options.locale) }

    func render() -> String {
        // Rows without a composite go last whatever order they came in, keeping the server's order otherwise.
        var view = self
        view.response.rows = response.rows.filter { $0.rank != nil } + response.rows.filter { $0.rank == nil }
        return view.renderInOrder()
    }

    private func renderInOrder() -> String {
        switch options.format {
        case .table: table()
        case .markdown: markdown()
        case .csv: csv()
        case .json: json()
        }
    }

    // MARK: Shared

    /// The catalog entry of each of the response's indicators, when the catalog has it.
    private var infos: [IndicatorInfo?] {
        response.indicators.map { id in catalog.first { $0.id == id } }
    }

    private func weight(_ index: Int) -> Double {
        weights.indices.contains(index) ? weights[index] : 1
    }

    private var weighted: Bool {
        response.indicators.indices.contains { weight($0) != 1 }
    }

    var title: String {
        words.comparisonTitle + " — "
            + [setLabel, words.period(response.period)].filter { !$0.isEmpty }
            .joined(separator: ", ")
    }

    private var hasFocus: Bool {
        guard let focus else { return false }
        return response.rows.contains { $0.municipality == focus }
    }

    /// Whether the row's value of indicator `index` is synthetic: by the per-indicator flags, or when the
    /// server sends none, by the row's flag. A missing value never is.
    private func isSynthetic(_ row: CompareRow, _ index: Int) -> Bool {
        guard value(row, index) != nil else { return false }
        guard let flags = row.syntheticValues else { return row.synthetic == true }
        return flags.indices.contains(index) && flags[index]
    }

    /// Whether any of the row's values is synthetic; its composite, computed from them, then is too.
    private func hasSynthetic(_ row: CompareRow) -> Bool {
        response.indicators.indices.contains { isSynthetic(row, $0) }
    }

    private func isSyntheticComposite(_ row: CompareRow) -> Bool {
        ViewText.finiteOrNil(row.composite) != nil && hasSynthetic(row)
    }

    private var hasSynthetic: Bool { response.rows.contains(where: hasSynthetic) }

    private var hasMissing: Bool {
        response.rows.contains { row in
            response.indicators.indices.contains { !row.values.indices.contains($0) || !row.values[$0].isFinite }
        }
    }

    private func value(_ row: CompareRow, _ index: Int) -> Double? {
        row.values.indices.contains(index) ? ViewText.finiteOrNil(row.values[index]) : nil
    }

    private func score(_ row: CompareRow, _ index: Int) -> Double? {
        row.scores.indices.contains(index) ? ViewText.finiteOrNil(row.scores[index]) : nil
    }

    private func valueText(_ row: CompareRow, _ index: Int, style: NumberText.Style = .display) -> String {
        let info = infos.indices.contains(index) ? infos[index] : nil
        return ViewText.value(value(row, index), indicator: info, locale: options.locale, style: style)
    }

    private func compositeText(_ row: CompareRow) -> String? {
        ViewText.finiteOrNil(row.composite).map { NumberText.format($0, decimals: 1, locale: options.locale) }
    }

    private func coverageText(_ coverage: Double) -> String {
        NumberText.percent((coverage * 100).rounded(), decimals: 0, locale: options.locale)
    }

    private var incompleteNotes: [String] {
        response.rows.filter { $0.rank == nil }.map { row in
            let has = response.indicators.indices.filter { value(row, $0) != nil }.count
            return words.incompleteNote(
                name: row.name,
                has: has,
                of: response.indicators.count,
                coverage: coverageText(row.coverage)
            )
        }
    }

    /// Column → full title, direction and (when the weights differ) weight.
    private var legendEntries: [(id: String, text: String)] {
        response.indicators.enumerated().map { index, id in
            var text = infos[index].map { words.title($0) + " (" + words.better($0.direction) + ")" } ?? id
            if weighted {
                text += ", " + words.weightWord + " " + NumberText.raw(weight(index), locale: options.locale)
            }
            return (id, text)
        }
    }

    // MARK: Table

    /// A cell: the value and its star, then the score band as a glyph (without colour) or as the cell's
    /// background.
    private func cell(text: String, score: Double?, colour: Bool) -> TextTable.Cell {
        guard let band = score.flatMap(ScoreBand.init(score:)) else {
            return .init(text + "  ", style: .dim)
        }
        if colour { return .init(text + "  ", style: band.style, stylePadding: true) }
        return .init(text + " " + String(band.glyph))
    }

    /// The width of each indicator's marks: a star's where any of its values is synthetic, else none.
    private var valueMarkWidths: [Int] {
        response.indicators.indices.map { index in
            response.rows.contains { isSynthetic($0, index) } ? TextWidth.of(ViewText.star) : 0
        }
    }

    /// A value and its star, padded so that the column's numbers line up.
    private func markedValue(_ row: CompareRow, _ index: Int, markWidths: [Int]) -> String {
        let text = valueText(row, index)
        guard value(row, index) != nil else { return text }
        return ViewText.marked(text, mark: isSynthetic(row, index) ? ViewText.star : "", markWidth: markWidths[index])
    }

    private func table() -> String {
        let colour = options.usesColour
        var columns: [TextTable.Column] = [
            .init(header: words.rankHeader, alignment: .right),
            .init(header: words.municipalityHeader, sizing: .truncatable(minimum: 8)),
        ]
        let markWidths = valueMarkWidths
        let compositeMarkWidth = response.rows.contains(where: isSyntheticComposite) ? TextWidth.of(ViewText.star) : 0
        for (index, id) in response.indicators.enumerated() {
            // The header may be cut to its values' width, never the values.
            let widest =
                response.rows.map { TextWidth.of(markedValue($0, index, markWidths: markWidths)) + 2 }.max() ?? 1
            columns.append(
                .init(header: id, alignment: .right, sizing: .truncatable(minimum: max(widest, 3)), shrinkPriority: 0)
            )
        }
        // Headers line up with the score glyphs at the cells' ends, not with the numbers.
        columns.append(.init(header: words.compositeHeader, alignment: .right))
        var table = TextTable(columns: columns)
        for row in response.rows {
            let isFocus = hasFocus && row.municipality == focus
            let prefix = hasFocus ? (isFocus ? "▸ " : "  ") : ""
            var cells: [TextTable.Cell] = [
                .init(row.rank.map(String.init) ?? ""),
                .init(prefix + row.name, style: isFocus ? .bold : .plain),
            ]
            for index in response.indicators.indices {
                let text = markedValue(row, index, markWidths: markWidths)
                cells.append(cell(text: text, score: score(row, index), colour: colour))
            }
            if let composite = compositeText(row) {
                let mark = isSyntheticComposite(row) ? ViewText.star : ""
                let text = ViewText.marked(composite, mark: mark, markWidth: compositeMarkWidth)
                cells.append(cell(text: text, score: row.composite, colour: colour))
            } else {
                cells.append(.init(words.incompleteShort, style: .dim))
            }
            table.rows.append(.cells(cells))
        }

        let truncates = options.truncates
        var lines = ViewText.wrapped([title], width: options.width, truncating: truncates)
            .map { ANSIStyle.bold.apply($0, enabled: colour) }
        lines.append("")
        lines += table.render(width: options.width, colour: colour, truncates: truncates)
        lines.append("")
        let idWidth = legendEntries.map { TextWidth.of($0.id) }.max() ?? 0
        // Ids in a column of their own, titles wrapped beside them.
        let textWidth = max(10, options.width - idWidth - 2)
        for entry in legendEntries {
            for (index, line) in TextWidth.wrap(entry.text, to: textWidth, truncating: truncates).enumerated() {
                let lead = index == 0 ? entry.id : ""
                lines.append(ViewText.fitted(TextWidth.pad(lead, to: idWidth) + "  " + line, options: options))
            }
        }
        lines.append("")
        lines += TextWidth.wrap(scoreLegend(colour: colour), to: options.width, indent: "  ", truncating: truncates)
        var notes = [words.compositeNote]
        notes += incompleteNotes
        if hasMissing { notes.append("- " + words.statusNote("-")) }
        if hasSynthetic { notes.append(words.syntheticDerivedNote) }
        lines += ViewText.wrapped(notes, width: options.width, truncating: truncates)
        return ViewText.joined(lines)
    }

    private func scoreLegend(colour: Bool) -> String {
        let bands = ScoreBand.allCases.map { band in
            colour
                ? band.style.apply(" " + band.rangeText + " ", enabled: true) : "\(band.glyph)\u{A0}\(band.rangeText)"
        }
        return words.scoreLegendPrefix + " " + bands.joined(separator: colour ? " " : "  ")
    }

    // MARK: Markdown

    private func markdown() -> String {
        var lines = ["### " + MarkdownText.escaped(title), ""]
        let rows = response.rows.map { row -> [String] in
            let isFocus = hasFocus && row.municipality == focus
            let nameText = MarkdownText.escaped(row.name)
            var cells = [row.rank.map(String.init) ?? "", isFocus ? "**" + nameText + "**" : nameText]
            for index in response.indicators.indices {
                let scoreText = score(row, index).map {
                    " (" + NumberText.format($0, decimals: 0, locale: options.locale) + ")"
                }
                let star = isSynthetic(row, index) ? ViewText.star : ""
                cells.append(MarkdownText.escaped(valueText(row, index) + star) + (scoreText ?? ""))
            }
            let composite = compositeText(row).map { $0 + (isSyntheticComposite(row) ? ViewText.star : "") }
            cells.append(MarkdownText.escaped(composite ?? words.incompleteShort))
            return cells
        }
        lines += MarkdownText.table(
            headers: [words.rankHeader, words.municipalityHeader] + response.indicators.map(MarkdownText.escaped)
                + [words.compositeHeader],
            alignments: [.right, .left] + response.indicators.map { _ in .right } + [.right],
            rows: rows
        )
        lines.append("")
        lines += legendEntries.map { "- `\($0.id)`: " + MarkdownText.escaped($0.text) }
        var notes = [words.markdownScoreNote, words.compositeNote]
        notes += incompleteNotes.map(MarkdownText.escaped)
        if hasMissing { notes.append("`-` " + words.statusNote("-")) }
        if hasSynthetic { notes.append(MarkdownText.escaped(words.syntheticDerivedNote)) }
        lines += notes.flatMap { ["", $0] }
        return ViewText.joined(lines)
    }

    // MARK: CSV

    private func csv() -> String {
        let sv = options.locale == .sv
        var csv = CSVText(locale: options.locale)
        var header = sv ? ["period", "plac", "kod", "namn"] : ["period", "rank", "code", "name"]
        for id in response.indicators {
            header += [id, id + (sv ? "_poäng" : "_score")]
        }
        header += sv ? ["samlat", "täckning", "syntetisk"] : ["composite", "coverage", "synthetic"]
        csv.append(header)
        for row in response.rows {
            var fields = [response.period, row.rank.map(String.init) ?? "", row.municipality, row.name]
            for index in response.indicators.indices {
                fields += [csv.number(value(row, index)), csv.number(score(row, index), statistic: true)]
            }
            fields += [
                csv.number(row.composite, statistic: true), csv.number(row.coverage, statistic: true),
                words.yesNo(hasSynthetic(row)),
            ]
            csv.append(fields)
        }
        return csv.text
    }

    // MARK: JSON

    private func json() -> String {
        let indicators = response.indicators.enumerated().map { index, id -> JSONValue in
            var object: [String: JSONValue] = ["id": .string(id), "weight": .number(weight(index))]
            if let info = infos[index], case .object(let fields) = ViewText.indicatorJSON(info, words: words) {
                object.merge(fields) { current, _ in current }
            }
            return .object(object)
        }
        let rows = response.rows.map { row -> JSONValue in
            .object([
                "rank": .integer(row.rank),
                "code": .string(row.municipality),
                "name": .string(row.name),
                "values": .array(response.indicators.indices.map { .number(value(row, $0)) }),
                "scores": .array(response.indicators.indices.map { .statistic(score(row, $0)) }),
                "composite": .statistic(row.composite),
                "coverage": .statistic(row.coverage),
                "complete": .bool(row.rank != nil),
                "synthetic": .bool(hasSynthetic(row)),
                "syntheticValues": .array(response.indicators.indices.map { .bool(isSynthetic(row, $0)) }),
                "focus": .bool(focus != nil && row.municipality == focus),
            ])
        }
        return JSONValue.object([
            "view": .string("compare"),
            "title": .string(title),
            "set": .string(setLabel),
            "period": .string(response.period),
            "periodLabel": .string(words.period(response.period)),
            "focus": .string(focus),
            "indicators": .array(indicators),
            "rows": .array(rows),
        ]).document
    }
}
