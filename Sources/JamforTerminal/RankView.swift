import Foundation
import JamforWire

/// One indicator ranked over a set; see ``Views/rank(_:indicator:setLabel:focus:options:)``.
struct RankView {
    var response: RankResponse
    var indicator: IndicatorInfo
    var setLabel: String
    var focus: String?
    var options: RenderOptions

    private var words: Words { Words(locale: options.locale) }
    private var decimals: Int { ViewText.decimals(indicator) }
    private var deadBand: Double { indicator.deadBand ?? 0 }

    /// A line under the ranking: the set's mean or median, or the country's mean.
    struct Reference {
        enum Kind: String {
            case mean
            case median
            case countryMean = "country-mean"
        }

        var kind: Kind
        var label: String
        var value: Double?
        var count: UInt32?
        var members: UInt32?
    }

    func render() -> String {
        switch options.format {
        case .table: table()
        case .markdown: markdown()
        case .csv: csv()
        case .json: json()
        }
    }

    // MARK: Shared

    /// The indicator's title, and what was compared: set, period, scope, and gender unless total.
    var titleParts: (indicator: String, slice: String) {
        var parts = [setLabel, words.period(response.period), words.scope(response.scope)]
        if response.gender != "T" { parts.append(words.gender(response.gender)) }
        return (words.title(indicator), parts.filter { !$0.isEmpty }.joined(separator: ", "))
    }

    var title: String { titleParts.indicator + " — " + titleParts.slice }

    /// Whether the country's statistics cover at least half of its municipalities. When fewer than half
    /// have a value that the viewer may see (a part-year period that only a network reports, say), the
    /// server leaves the colour classes grey, and the country's mean would mislead: both are left out.
    var countryComplete: Bool {
        guard let country = response.country else { return true }
        return UInt64(country.count) * 2 >= UInt64(country.members)
    }

    /// Whether the set is the whole country: its statistics then already are the country's.
    private var setIsCountry: Bool { response.country == response.group }

    var references: [Reference] {
        // A set that is the country has no mean to show when the country's is left out.
        if response.country != nil, setIsCountry, !countryComplete { return [] }
        var references = [
            Reference(
                kind: .mean,
                label: words.meanLabel(setLabel),
                value: response.group.mean,
                count: response.group.count,
                members: response.group.members
            ),
            Reference(kind: .median, label: words.medianLabel(setLabel), value: response.group.median),
        ]
        if let country = response.country, !setIsCountry, countryComplete {
            references.append(
                Reference(
                    kind: .countryMean,
                    label: words.countryMeanLabel,
                    value: country.mean,
                    count: country.count,
                    members: country.members
                )
            )
        }
        return references
    }

    private func referenceLabel(_ reference: Reference) -> String {
        guard let count = reference.count, let members = reference.members else { return reference.label }
        return reference.label + " (" + words.ofCount(count, members) + ")"
    }

    private var hasFocus: Bool {
        guard let focus else { return false }
        return response.rows.contains { $0.municipality == focus }
    }

    /// Whether the row's figure is synthetic: only a figure there is can be.
    private func isSynthetic(_ row: RankRow) -> Bool {
        row.synthetic == true && ViewText.finiteOrNil(row.value) != nil
    }

    /// Whether the row's change is measured against a synthetic earlier figure.
    private func isSyntheticChange(_ row: RankRow) -> Bool {
        row.syntheticChange == true && ViewText.finiteOrNil(row.change) != nil
    }

    private var hasSynthetic: Bool { response.rows.contains(where: isSynthetic) }
    private var hasSyntheticChange: Bool { response.rows.contains(where: isSyntheticChange) }

    private var statuses: [String] {
        ViewText.orderedStatuses(
            Set(response.rows.compactMap { row in ViewText.finiteOrNil(row.value) == nil ? row.status ?? "-" : nil })
        )
    }

    private func valueText(_ value: Double?, status: String? = nil, style: NumberText.Style = .display) -> String {
        ViewText.value(value, status: status, indicator: indicator, locale: options.locale, style: style)
    }

    private func judgement(_ change: Double) -> ChangeJudgement {
        ChangeJudgement(delta: change, deadBand: deadBand, direction: indicator.direction)
    }

    private func changeNumber(_ change: Double) -> String {
        NumberText.format(change, decimals: decimals, locale: options.locale, signed: true)
    }

    /// The widest change number, for lining the arrows up in one column.
    private var changeNumberWidth: Int {
        response.rows.compactMap { ViewText.finiteOrNil($0.change) }.map { TextWidth.of(changeNumber($0)) }.max() ?? 0
    }

    /// The change as an arrow and a signed number; with `numberWidth`, the number right-aligned to it so
    /// that the arrows of a column line up ("→  0", "↗ +1").
    private func changeText(_ change: Double?, numberWidth: Int = 0) -> (text: String, judgement: ChangeJudgement)? {
        guard let change = ViewText.finiteOrNil(change) else { return nil }
        let judgement = judgement(change)
        return (
            judgement.arrow + " " + TextWidth.pad(changeNumber(change), to: numberWidth, alignment: .right), judgement
        )
    }

    private var changeNote: String? {
        let anyChange = response.rows.contains { ViewText.finiteOrNil($0.change) != nil }
        guard anyChange || response.previousPeriod != nil else { return nil }
        // The band at the figures' decimals, unless that would round it (0.25 at one decimal stays 0,25).
        let rounded = NumberText.format(deadBand, decimals: decimals, locale: options.locale)
        let scale = pow(10, Double(decimals))
        let exact = NumberText.clearingNoise((deadBand * scale).rounded() / scale - deadBand) == 0
        let band = deadBand > 0 ? (exact ? rounded : NumberText.raw(deadBand, locale: options.locale)) : nil
        return words.changeNote(
            previous: response.previousPeriod.map(words.period),
            unit: indicator.unit,
            deadBand: band,
            colour: options.usesColour
        )
    }

    /// The colour legend, or why there are no colour classes.
    private func colourNote(markers: Bool, colour: Bool = false) -> String {
        if let country = response.country, !countryComplete {
            return words.countryIncompleteNote(count: country.count, members: country.members)
        }
        var legend = words.classLegend(markers: markers)
        guard markers, colour else { return legend }
        for colourClass in [ColourClass.green, .yellow, .red] {
            legend = legend.replacingOccurrences(
                of: colourClass.marker,
                with: colourClass.style.apply(colourClass.marker, enabled: true)
            )
        }
        return legend
    }

    private var syntheticNotes: [String] {
        (hasSynthetic ? [words.syntheticNote] : []) + (hasSyntheticChange ? [words.syntheticChangeNote] : [])
    }

    // MARK: Table

    private func table() -> String {
        let colour = options.usesColour
        let valueMarkWidth = hasSynthetic ? TextWidth.of(ViewText.star) : 0
        let changeMarkWidth = hasSyntheticChange ? TextWidth.of(ViewText.star) : 0
        // Without colour classes (all grey, as when too little of the country is visible) the marker column
        // would be empty.
        let showsMarkers = response.rows.contains { $0.colour != .grey }
        var columns: [TextTable.Column] = [.init(header: words.rankHeader, alignment: .right)]
        if showsMarkers { columns.append(.init(header: "", gap: 2)) }
        columns += [
            .init(header: words.municipalityHeader, sizing: .truncatable(minimum: 12), gap: showsMarkers ? 1 : 2),
            .init(header: ViewText.header(words.valueHeader, markWidth: valueMarkWidth), alignment: .right),
            .init(header: "", sizing: .bar(preferred: 30, minimum: 6)),
            .init(header: ViewText.header(words.changeHeader, markWidth: changeMarkWidth), alignment: .right),
        ]
        var table = TextTable(columns: columns)
        let shown =
            response.rows.compactMap { ViewText.finiteOrNil($0.value) }
            + references.compactMap { ViewText.finiteOrNil($0.value) }
        let low = shown.min() ?? 0
        let high = shown.max() ?? 0
        let focusPrefix = hasFocus
        let numberWidth = changeNumberWidth
        for row in response.rows {
            let isFocus = focusPrefix && row.municipality == focus
            let prefix = focusPrefix ? (isFocus ? "▸ " : "  ") : ""
            let value = ViewText.finiteOrNil(row.value)
            let change = changeText(row.change, numberWidth: numberWidth)
            let valueCell = ViewText.marked(
                valueText(value, status: row.status),
                mark: isSynthetic(row) ? ViewText.star : "",
                markWidth: valueMarkWidth
            )
            let changeCell = change.map {
                ViewText.marked($0.text, mark: isSyntheticChange(row) ? ViewText.star : "", markWidth: changeMarkWidth)
            }
            var cells: [TextTable.Cell] = [.init(row.rank.map(String.init) ?? "")]
            if showsMarkers { cells.append(.init(row.colour.marker, style: row.colour.style)) }
            table.rows.append(
                .cells(
                    cells + [
                        .init(prefix + row.name, style: isFocus ? .bold : .plain),
                        .init(valueCell, style: row.colour.style),
                        value.map {
                            .init(bar: BarText.fraction(of: $0, low: low, high: high), style: row.colour.style)
                        }
                            ?? .empty,
                        .init(changeCell ?? "", style: change?.judgement.style ?? .plain),
                    ]
                )
            )
        }
        if !references.isEmpty { table.rows.append(.rule) }
        for reference in references {
            let value = ViewText.finiteOrNil(reference.value)
            table.rows.append(
                .cells([
                    .init(referenceLabel(reference), span: showsMarkers ? 3 : 2, alignment: .left),
                    .init(ViewText.marked(valueText(value), mark: "", markWidth: valueMarkWidth)),
                    value.map { .init(bar: BarText.fraction(of: $0, low: low, high: high), style: .dim) } ?? .empty,
                ])
            )
        }

        let truncates = options.truncates
        var lines = ViewText.titleLines(
            titleParts.indicator,
            titleParts.slice,
            width: options.width,
            truncating: truncates
        ).map { ANSIStyle.bold.apply($0, enabled: colour) }
        lines.append("")
        lines += table.render(width: options.width, colour: colour, truncates: truncates)
        lines.append("")
        var notes = [words.directionSentence(indicator.direction), colourNote(markers: true, colour: colour)]
        if let changeNote { notes.append(changeNote) }
        notes += statuses.map { "\($0) \(words.statusNote($0))" }
        notes += syntheticNotes
        lines += ViewText.wrapped(notes, width: options.width, truncating: truncates)
        return ViewText.joined(lines)
    }

    // MARK: Markdown

    private func markdown() -> String {
        var lines = ["### " + MarkdownText.escaped(title), ""]
        // Without colour classes, a column of "grå" says nothing.
        let showsColour = countryComplete
        let rows = response.rows.map { row -> [String] in
            let isFocus = hasFocus && row.municipality == focus
            let nameText = MarkdownText.escaped(row.name)
            var cells = [
                row.rank.map(String.init) ?? "",
                isFocus ? "**" + nameText + "**" : nameText,
                MarkdownText.escaped(
                    valueText(row.value, status: row.status) + (isSynthetic(row) ? ViewText.star : "")
                ),
            ]
            if showsColour { cells.append(ViewText.finiteOrNil(row.value) == nil ? "" : words.colour(row.colour)) }
            let change = changeText(row.change).map { $0.text + (isSyntheticChange(row) ? ViewText.star : "") }
            cells.append(MarkdownText.escaped(change ?? ""))
            return cells
        }
        var headers = [words.rankHeader, words.municipalityHeader, words.valueHeader]
        var alignments: [TextAlignment] = [.right, .left, .right]
        if showsColour {
            headers.append(words.colourHeader)
            alignments.append(.left)
        }
        lines += MarkdownText.table(
            headers: headers + [words.changeHeader],
            alignments: alignments + [.right],
            rows: rows
        )
        lines.append("")
        for reference in references {
            lines.append("- " + MarkdownText.escaped(referenceLabel(reference)) + ": " + valueText(reference.value))
        }
        var notes = [words.directionSentence(indicator.direction), colourNote(markers: false)]
        if let changeNote { notes.append(changeNote) }
        notes += statuses.map { "`\($0)` \(words.statusNote($0))" }
        notes += syntheticNotes.map(MarkdownText.escaped)
        lines += notes.flatMap { ["", $0] }
        return ViewText.joined(lines)
    }

    // MARK: CSV

    private func csv() -> String {
        let sv = options.locale == .sv
        var csv = CSVText(locale: options.locale)
        csv.append(
            sv
                ? [
                    "indikator", "period", "omfattning", "kön", "typ", "plac", "kod", "namn", "värde", "status",
                    "färgklass", "förändring", "poäng", "z_poäng", "antal", "syntetisk", "syntetisk_förändring",
                ]
                : [
                    "indicator", "period", "scope", "gender", "kind", "rank", "code", "name", "value", "status",
                    "colour", "change", "score", "z_score", "count", "synthetic", "synthetic_change",
                ]
        )
        let slice = [indicator.id, response.period, response.scope, response.gender]
        for row in response.rows {
            let hasValue = ViewText.finiteOrNil(row.value) != nil
            csv.append(
                slice + [
                    sv ? "kommun" : "member",
                    row.rank.map(String.init) ?? "",
                    row.municipality,
                    row.name,
                    csv.number(row.value),
                    hasValue ? "" : row.status ?? "-",
                    words.colour(row.colour),
                    csv.number(row.change, statistic: true),
                    csv.number(row.score, statistic: true),
                    csv.number(row.zScore, statistic: true),
                    "",
                    words.yesNo(isSynthetic(row)),
                    words.yesNo(isSyntheticChange(row)),
                ]
            )
        }
        for reference in references {
            let kind: String
            switch reference.kind {
            case .mean: kind = sv ? "medelvärde" : "mean"
            case .median: kind = "median"
            case .countryMean: kind = sv ? "medelvärde-riket" : "country-mean"
            }
            csv.append(
                slice + [
                    kind, "", "", reference.label, csv.number(reference.value, statistic: true), "", "", "", "", "",
                    reference.count.map(String.init) ?? "", "", "",
                ]
            )
        }
        return csv.text
    }

    // MARK: JSON

    private func json() -> String {
        func statistics(_ group: GroupStatistics) -> JSONValue {
            .object([
                "mean": .statistic(group.mean),
                "median": .statistic(group.median),
                "minimum": .number(group.minimum),
                "maximum": .number(group.maximum),
                "count": .integer(group.count),
                "members": .integer(group.members),
            ])
        }
        let rows = response.rows.map { row -> JSONValue in
            let hasValue = ViewText.finiteOrNil(row.value) != nil
            let change = ViewText.finiteOrNil(row.change).map(judgement)
            return .object([
                "rank": .integer(row.rank),
                "code": .string(row.municipality),
                "name": .string(row.name),
                "value": .number(row.value),
                "status": hasValue ? .null : .string(row.status ?? "-"),
                "colour": .string(String(describing: row.colour)),
                "change": .statistic(row.change),
                "changeArrow": .string(change?.movement.rawValue),
                "changeOutcome": .string(change?.outcome.rawValue),
                "score": .statistic(row.score),
                "zScore": .statistic(row.zScore),
                "synthetic": .bool(isSynthetic(row)),
                "syntheticChange": .bool(isSyntheticChange(row)),
                "focus": .bool(focus != nil && row.municipality == focus),
            ])
        }
        let document = JSONValue.object([
            "view": .string("rank"),
            "title": .string(title),
            "indicator": ViewText.indicatorJSON(indicator, words: words),
            "set": .string(setLabel),
            "period": .string(response.period),
            "periodLabel": .string(words.period(response.period)),
            "scope": .string(response.scope),
            "gender": .string(response.gender),
            "focus": .string(focus),
            "previousPeriod": .string(response.previousPeriod),
            "rows": .array(rows),
            "group": statistics(response.group),
            "country": response.country.map(statistics) ?? .null,
            // Whether enough of the country has values for its mean and the colour classes to mean anything.
            "countryComplete": .bool(response.country.map { _ in countryComplete }),
        ])
        return document.document
    }
}
