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

    var references: [Reference] {
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
        // When the set is the country, its statistics already are the country's.
        if let country = response.country, country != response.group {
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

    private var hasSynthetic: Bool { response.rows.contains { $0.synthetic == true } }

    private var statuses: [String] {
        ViewText.orderedStatuses(
            Set(response.rows.compactMap { row in ViewText.finiteOrNil(row.value) == nil ? row.status ?? "-" : nil })
        )
    }

    private func valueText(_ value: Double?, status: String? = nil, style: NumberText.Style = .display) -> String {
        ViewText.value(value, status: status, indicator: indicator, locale: options.locale, style: style)
    }

    private func changeText(_ change: Double?) -> (text: String, judgement: ChangeJudgement)? {
        guard let change = ViewText.finiteOrNil(change) else { return nil }
        let judgement = ChangeJudgement(delta: change, deadBand: deadBand, direction: indicator.direction)
        let number = NumberText.format(change, decimals: decimals, locale: options.locale, signed: true)
        return (judgement.arrow + " " + number, judgement)
    }

    private var changeNote: String? {
        let anyChange = response.rows.contains { ViewText.finiteOrNil($0.change) != nil }
        guard anyChange || response.previousPeriod != nil else { return nil }
        // The band at the figures' decimals, unless that would round it (0.25 at one decimal stays 0,25).
        let rounded = NumberText.format(deadBand, decimals: decimals, locale: options.locale)
        let exact = abs((deadBand * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals)) - deadBand) < 1e-9
        let band = deadBand > 0 ? (exact ? rounded : NumberText.raw(deadBand, locale: options.locale)) : nil
        return words.changeNote(
            previous: response.previousPeriod.map(words.period),
            unit: indicator.unit,
            deadBand: band,
            colour: options.usesColour
        )
    }

    private func name(_ row: RankRow) -> String {
        row.name + star(row.synthetic)
    }

    /// The footnote mark of synthetic figures.
    private func star(_ synthetic: Bool?) -> String {
        synthetic == true ? " *" : ""
    }

    // MARK: Table

    private func table() -> String {
        let colour = options.usesColour
        var table = TextTable(columns: [
            .init(header: words.rankHeader, alignment: .right),
            .init(header: "", gap: 2),
            .init(header: words.municipalityHeader, sizing: .truncatable(minimum: 12), gap: 1),
            .init(header: words.valueHeader, alignment: .right),
            .init(header: "", sizing: .bar(preferred: 30, minimum: 6)),
            .init(header: words.changeHeader, alignment: .right),
        ])
        let shown =
            response.rows.compactMap { ViewText.finiteOrNil($0.value) }
            + references.compactMap { ViewText.finiteOrNil($0.value) }
        let low = shown.min() ?? 0
        let high = shown.max() ?? 0
        let focusPrefix = hasFocus
        for row in response.rows {
            let isFocus = focusPrefix && row.municipality == focus
            let prefix = focusPrefix ? (isFocus ? "▸ " : "  ") : ""
            let value = ViewText.finiteOrNil(row.value)
            let change = changeText(row.change)
            table.rows.append(
                .cells([
                    .init(row.rank.map(String.init) ?? ""),
                    .init(row.colour.marker, style: row.colour.style),
                    .init(prefix + row.name, suffix: star(row.synthetic), style: isFocus ? .bold : .plain),
                    .init(valueText(value, status: row.status), style: row.colour.style),
                    value.map { .init(bar: BarText.fraction(of: $0, low: low, high: high), style: row.colour.style) }
                        ?? .empty,
                    .init(change?.text ?? "", style: change?.judgement.style ?? .plain),
                ])
            )
        }
        table.rows.append(.rule)
        for reference in references {
            let value = ViewText.finiteOrNil(reference.value)
            table.rows.append(
                .cells([
                    .init(referenceLabel(reference), span: 3, alignment: .left),
                    .init(valueText(value)),
                    value.map { .init(bar: BarText.fraction(of: $0, low: low, high: high), style: .dim) } ?? .empty,
                ])
            )
        }

        var lines = ViewText.titleLines(titleParts.indicator, titleParts.slice, width: options.width)
            .map { ANSIStyle.bold.apply($0, enabled: colour) }
        lines.append("")
        lines += table.render(width: options.width, colour: colour)
        lines.append("")
        var notes = [words.directionSentence(indicator.direction), classLegend(colour: colour)]
        if let changeNote { notes.append(changeNote) }
        notes += statuses.map { "\($0) \(words.statusNote($0))" }
        if hasSynthetic { notes.append(words.syntheticNote) }
        lines += ViewText.wrapped(notes, width: options.width)
        return ViewText.joined(lines)
    }

    private func classLegend(colour: Bool) -> String {
        var legend = words.classLegend
        guard colour else { return legend }
        for colourClass in [ColourClass.green, .yellow, .red] {
            legend = legend.replacingOccurrences(
                of: colourClass.marker,
                with: colourClass.style.apply(colourClass.marker, enabled: true)
            )
        }
        return legend
    }

    // MARK: Markdown

    private func markdown() -> String {
        var lines = ["### " + MarkdownText.escaped(title), ""]
        let rows = response.rows.map { row -> [String] in
            let isFocus = hasFocus && row.municipality == focus
            let nameText = MarkdownText.escaped(name(row))
            return [
                row.rank.map(String.init) ?? "",
                isFocus ? "**" + nameText + "**" : nameText,
                MarkdownText.escaped(valueText(row.value, status: row.status)),
                ViewText.finiteOrNil(row.value) == nil ? "" : words.colour(row.colour),
                changeText(row.change)?.text ?? "",
            ]
        }
        lines += MarkdownText.table(
            headers: [words.rankHeader, words.municipalityHeader, words.valueHeader, colourHeader, words.changeHeader],
            alignments: [.right, .left, .right, .left, .right],
            rows: rows
        )
        lines.append("")
        for reference in references {
            lines.append("- " + MarkdownText.escaped(referenceLabel(reference)) + ": " + valueText(reference.value))
        }
        var notes = [words.directionSentence(indicator.direction)]
        if let changeNote { notes.append(changeNote) }
        notes += statuses.map { "`\($0)` \(words.statusNote($0))" }
        if hasSynthetic { notes.append(MarkdownText.escaped(words.syntheticNote)) }
        lines += notes.flatMap { ["", $0] }
        return ViewText.joined(lines)
    }

    private var colourHeader: String { options.locale == .sv ? "Färgklass" : "Colour class" }

    // MARK: CSV

    private func csv() -> String {
        let sv = options.locale == .sv
        var csv = CSVText(locale: options.locale)
        csv.append(
            sv
                ? [
                    "indikator", "period", "omfattning", "kön", "typ", "plac", "kod", "namn", "värde", "status",
                    "färgklass", "förändring", "poäng", "z_poäng", "antal", "syntetisk",
                ]
                : [
                    "indicator", "period", "scope", "gender", "kind", "rank", "code", "name", "value", "status",
                    "colour", "change", "score", "z_score", "count", "synthetic",
                ]
        )
        let slice = [indicator.id, response.period, response.scope, response.gender]
        func number(_ value: Double?) -> String {
            ViewText.finiteOrNil(value).map { NumberText.raw($0, locale: options.locale) } ?? ""
        }
        for row in response.rows {
            let hasValue = ViewText.finiteOrNil(row.value) != nil
            csv.append(
                slice + [
                    sv ? "kommun" : "member",
                    row.rank.map(String.init) ?? "",
                    row.municipality,
                    row.name,
                    number(row.value),
                    hasValue ? "" : row.status ?? "-",
                    words.colour(row.colour),
                    number(row.change),
                    number(row.score),
                    number(row.zScore),
                    "",
                    row.synthetic == true ? (sv ? "ja" : "yes") : (sv ? "nej" : "no"),
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
                    kind, "", "", reference.label, number(reference.value), "", "", "", "", "",
                    reference.count.map(String.init) ?? "", "",
                ]
            )
        }
        return csv.text
    }

    // MARK: JSON

    private func json() -> String {
        func statistics(_ group: GroupStatistics) -> JSONValue {
            .object([
                "mean": .number(group.mean),
                "median": .number(group.median),
                "minimum": .number(group.minimum),
                "maximum": .number(group.maximum),
                "count": .integer(group.count),
                "members": .integer(group.members),
            ])
        }
        let rows = response.rows.map { row -> JSONValue in
            let hasValue = ViewText.finiteOrNil(row.value) != nil
            let change = ViewText.finiteOrNil(row.change).map {
                ChangeJudgement(delta: $0, deadBand: deadBand, direction: indicator.direction)
            }
            return .object([
                "rank": .integer(row.rank),
                "code": .string(row.municipality),
                "name": .string(row.name),
                "value": .number(row.value),
                "status": hasValue ? .null : .string(row.status ?? "-"),
                "colour": .string(String(describing: row.colour)),
                "change": .number(row.change),
                "changeArrow": .string(change?.movement.rawValue),
                "changeOutcome": .string(change?.outcome.rawValue),
                "score": .number(row.score),
                "zScore": .number(row.zScore),
                "synthetic": .bool(row.synthetic == true),
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
        ])
        return document.document
    }
}
