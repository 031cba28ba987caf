import Foundation
import JamforWire

/// What one indicator section says about the member, worked out once for the overview and the section.
struct SectionFacts {
    var section: IndicatorSection
    var code: String

    var indicator: IndicatorInfo { section.indicator }
    var row: RankRow? { section.network.rows.first { $0.municipality == code } }
    var countryRow: RankRow? { section.country?.rows.first { $0.municipality == code } }

    /// The country's statistics: from the network ranking, else from the country ranking.
    var countryStatistics: GroupStatistics? { section.network.country ?? section.country?.group }

    /// Whether too few of the country's municipalities have a value for colour classes and a country rank to
    /// mean anything (the server then sends every class grey).
    var countryTooThin: Bool {
        guard let stats = countryStatistics else { return false }
        return UInt64(stats.count) * 2 < UInt64(stats.members)
    }

    /// The member's value, when it has one.
    var value: Double? { row?.value.flatMap { $0.isFinite ? $0 : nil } }

    /// The status marker instead of a value: the row's, or `-` when the member has no figure at all.
    var status: String? {
        guard value == nil else { return nil }
        return row?.status ?? "-"
    }

    var year: String { String(section.network.period.prefix(4)) }

    /// The member's target for the period's year, if the trend carries one.
    var target: TrendTarget? {
        guard let year = UInt16(year) else { return nil }
        return section.trend?.targets?.first { $0.municipality == code && $0.year == year }
    }

    var change: ChangeJudgement? {
        guard let change = row?.change, change.isFinite else { return nil }
        return ChangeJudgement(delta: change, deadBand: indicator.deadBand ?? 0, direction: indicator.direction)
    }

    /// Whether anything this section shows is synthetic.
    var showsSynthetic: Bool {
        if section.network.rows.contains(where: { $0.synthetic == true || $0.syntheticChange == true }) { return true }
        if countryRow?.synthetic == true { return true }
        return trendLines.contains { $0.synthetic == true }
    }

    /// The trend series drawn: the member's, the network's mean and the country's mean.
    var trendLines: [TrendSeries] {
        guard let trend = section.trend else { return [] }
        return trend.series.filter {
            ($0.kind == .municipality && $0.label == code) || $0.kind == .groupMean
        }
    }
}

/// Renders a member's page.
struct MemberPageRenderer {
    var page: MemberPage
    var locale: ReportLocale

    private var words: ReportWords { ReportWords(locale: locale) }
    private var figures: Figures { Figures(locale: locale) }
    private var code: String { page.municipality.code }
    private var networkName: String { page.network.name }

    func render() -> String {
        let facts = page.sections.map { SectionFacts(section: $0, code: code) }
        let period = words.period(page.period)
        let title = words.memberTitle(page.municipality.name, network: networkName, period: period)
        var body = "<div class=\"page\">\n"
        body += header(period: period)
        body += "<main>\n"
        if facts.isEmpty {
            body += HTML.element("p", words.noIndicators) + "\n"
        } else {
            body += overview(facts)
            for fact in facts { body += section(fact) }
        }
        body += "</main>\n"
        body += footer(facts)
        body += "</div>\n"
        return Document.page(lang: locale.rawValue, title: title, body: body)
    }

    // MARK: Header and footer

    private func header(period: String) -> String {
        var out = "<header class=\"page-head\">\n"
        if let index = page.indexFile {
            out +=
                "<p class=\"crumb\">" + HTML.element("a", words.indexLink(networkName), attributes: [("href", index)])
                + "</p>\n"
        }
        out +=
            HTML.element("h1", words.memberTitle(page.municipality.name, network: networkName, period: period)) + "\n"
        out +=
            HTML.element(
                "p",
                words.memberLede(network: networkName, members: memberNames().joined(separator: ", "), period: period),
                attributes: [("class", "lede")]
            ) + "\n"
        var meta = [page.municipality.county, words.municipalityCode(code)].filter { !$0.isEmpty }
        meta.append(words.generated(SwedishTime.format(page.generatedAt)))
        out += HTML.element("p", meta.joined(separator: " · "), attributes: [("class", "meta")]) + "\n"
        return out + "</header>\n"
    }

    /// The network's members by name, in the network's order; names come from the rankings.
    private func memberNames() -> [String] {
        var names: [String: String] = [code: page.municipality.name]
        for section in page.sections {
            for row in section.network.rows where names[row.municipality] == nil {
                names[row.municipality] = row.name
            }
        }
        return page.network.members.map { names[$0] ?? $0 }
    }

    private func footer(_ facts: [SectionFacts]) -> String {
        var out = "<footer>\n"
        if facts.contains(where: \.showsSynthetic) {
            out += HTML.element("p", words.syntheticNote) + "\n"
        }
        out += HTML.element("p", words.colourLegend) + "\n"
        out += HTML.element("p", words.statusLegend) + "\n"
        out += HTML.element("p", words.generatedBy) + "\n"
        return out + "</footer>\n"
    }

    // MARK: Overview

    private func overview(_ facts: [SectionFacts]) -> String {
        var out = "<section class=\"overview\">\n" + HTML.element("h2", words.overview) + "\n<table>\n<thead><tr>"
        out += HTML.element("th", words.indicatorHeader)
        out += HTML.element("th", words.valueHeader, attributes: [("class", "num")])
        out += HTML.element("th", words.rankIn(networkName), attributes: [("class", "num")])
        out += HTML.element("th", words.rankInCountry, attributes: [("class", "num")])
        out += HTML.element("th", words.colourHeader)
        out += HTML.element("th", words.changeHeader)
        out += HTML.element("th", words.targetHeader)
        out += "</tr></thead>\n<tbody>\n"
        for fact in facts {
            out += "<tr>"
            out +=
                "<td>"
                + HTML.element(
                    "a",
                    words.title(fact.indicator),
                    attributes: [("href", "#" + anchor(fact.indicator))]
                ) + "</td>"
            out += "<td class=\"num\">" + valueHTML(fact) + "</td>"
            out += HTML.element("td", networkRankText(fact).main, attributes: [("class", "num")])
            out += HTML.element("td", countryRankText(fact).main, attributes: [("class", "num")])
            out += "<td class=\"nowrap\">" + colourBadge(fact) + "</td>"
            out += "<td>" + changeHTML(fact, withVerdict: true) + "</td>"
            out += "<td>" + targetHTML(fact, withStatus: true) + "</td>"
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    // MARK: Figures shared by the overview and the sections

    private func anchor(_ indicator: IndicatorInfo) -> String { "ind-" + HTML.id(indicator.id) }

    /// The value, or the status marker with its meaning in a tooltip.
    private func valueHTML(_ fact: SectionFacts) -> String {
        if let value = fact.value {
            return HTML.escape(figures.value(value, fact.indicator) + (fact.row?.synthetic == true ? "*" : ""))
        }
        let status = fact.status ?? "-"
        return "<span class=\"status-marker\" title=\"\(HTML.escape(words.statusNote(status)))\">"
            + HTML.escape(status) + "</span>"
    }

    private func networkRankText(_ fact: SectionFacts) -> (main: String, sub: String?) {
        let group = fact.section.network.group
        let missing = Int(group.members) - Int(group.count)
        let sub = missing > 0 ? words.withoutValue(missing) : nil
        guard let rank = fact.row?.rank else { return ("–", sub ?? words.noRank) }
        return (words.of(Int(rank), Int(group.count)), sub)
    }

    private func countryRankText(_ fact: SectionFacts) -> (main: String, sub: String?) {
        guard let country = fact.section.country else { return ("–", words.notFetched) }
        if fact.countryTooThin { return ("–", words.countryTooThin) }
        guard let rank = fact.countryRow?.rank else { return ("–", words.noRank) }
        return (words.of(Int(rank), Int(country.group.count)), nil)
    }

    private func colourBadge(_ fact: SectionFacts) -> String {
        if fact.countryTooThin, fact.value != nil {
            return "<span class=\"badge none\">" + HTML.escape(words.colourNotShown) + "</span>"
        }
        let colour = fact.value == nil ? ColourClass.grey : (fact.row?.colour ?? .grey)
        let name: String
        switch colour {
        case .green: name = "green"
        case .yellow: name = "yellow"
        case .red: name = "red"
        case .grey: name = "grey"
        }
        return "<span class=\"badge \(name)\" title=\"\(HTML.escape(words.colourMeaning(colour)))\">"
            + HTML.escape(words.colour(colour)) + "</span>"
    }

    /// The arrow and the signed change, with the verdict in words when asked.
    private func changeHTML(_ fact: SectionFacts, withVerdict: Bool) -> String {
        guard let change = fact.row?.change, change.isFinite, let judgement = fact.change else {
            return "<span class=\"muted\">–</span>"
        }
        var number = figures.number(change, decimals: Figures.decimals(fact.indicator), signed: true)
        if fact.row?.syntheticChange == true { number += "*" }
        let text = judgement.arrow + " " + number
        let verdict = words.outcome(judgement.outcome)
        return "<span class=\"chg \(judgement.cssClass)\">" + HTML.escape(text) + "</span>"
            + (withVerdict ? " <span class=\"muted\">" + HTML.escape(verdict) + "</span>" : "")
    }

    private func targetHTML(_ fact: SectionFacts, withStatus: Bool) -> String {
        guard let target = fact.target else {
            return "<span class=\"muted\">" + HTML.escape(words.noTarget) + "</span>"
        }
        let value = figures.value(target.value, fact.indicator)
        if !withStatus { return HTML.escape(value) }
        return HTML.escape(value) + " <span class=\"muted\">" + HTML.escape(words.targetStatus(target.status))
            + "</span>"
    }

    // MARK: Sections

    private func section(_ fact: SectionFacts) -> String {
        let indicator = fact.indicator
        let rank = fact.section.network
        var out = "<section class=\"indicator\" id=\"\(anchor(indicator))\">\n"
        out += HTML.element("h2", words.title(indicator)) + "\n"
        var meta = [
            words.unit(indicator.unit).capitalizedFirst, words.directionSentence(indicator.direction),
            words.period(rank.period), words.scope(rank.scope),
        ]
        if rank.gender != "T" { meta.append(words.gender(rank.gender)) }
        if let kolada = indicator.koladaID, !kolada.isEmpty { meta.append("Kolada " + kolada) }
        out += HTML.element("p", meta.joined(separator: " · "), attributes: [("class", "ind-meta")]) + "\n"

        out += "<div class=\"facts\">\n"
        // Value or status.
        var valueSub: String? = nil
        if let status = fact.status { valueSub = words.statusNote(status) }
        out += factBox(words.valueIn(words.period(rank.period)), big: valueHTML(fact), sub: valueSub, bigClass: "value")
        let networkRank = networkRankText(fact)
        out += factBox(words.rankIn(networkName), big: HTML.escape(networkRank.main), sub: networkRank.sub)
        let countryRank = countryRankText(fact)
        out += factBox(words.rankInCountry, big: HTML.escape(countryRank.main), sub: countryRank.sub)
        // Colour class with its meaning in words.
        var colourSub: String
        if fact.countryTooThin, fact.value != nil {
            colourSub = words.countryTooThin
        } else {
            colourSub = words.colourMeaning(fact.value == nil ? .grey : (fact.row?.colour ?? .grey))
        }
        out += factBox(words.colourHeader, big: colourBadge(fact), sub: colourSub)
        // Change.
        let previous = rank.previousPeriod.map { words.period($0) }
        var changeSub: String? = fact.change.map { words.outcome($0.outcome) }
        if fact.change == nil { changeSub = words.noChange }
        out += factBox(
            words.changeAgainst(previous),
            big: changeHTML(fact, withVerdict: false),
            sub: changeSub,
            raw: true
        )
        // Target.
        if let target = fact.target {
            out += factBox(
                words.targetFor(fact.year),
                big: targetHTML(fact, withStatus: false),
                sub: words.targetStatus(target.status),
                subClass: "target-status \(target.status)"
            )
        } else {
            out += factBox(words.targetFor(fact.year), big: "–", sub: words.noTarget)
        }
        out += "</div>\n"
        out += meansLine(fact)
        out += "<div class=\"charts\">\n"
        out += rankingFigure(fact)
        out += trendFigure(fact)
        out += "</div>\n"
        out += sectionNotes(fact)
        return out + "</section>\n"
    }

    private func factBox(
        _ label: String,
        big: String,
        sub: String?,
        bigClass: String? = nil,
        subClass: String? = nil,
        raw: Bool = false
    ) -> String {
        var out = "<div class=\"fact\">"
        out += HTML.element("span", label, attributes: [("class", "label")])
        if raw {
            out += "<span class=\"big\">" + big + "</span>"
        } else {
            out += "<span class=\"big\(bigClass.map { " " + $0 } ?? "")\">" + big + "</span>"
        }
        if let sub {
            out += HTML.element("span", sub, attributes: [("class", "sub" + (subClass.map { " " + $0 } ?? ""))])
        }
        return out + "</div>\n"
    }

    /// The network's mean and median, and the country's mean when it means something.
    private func meansLine(_ fact: SectionFacts) -> String {
        let group = fact.section.network.group
        var parts: [String] = []
        if let mean = group.mean, mean.isFinite {
            parts.append(
                words.meanOf(networkName) + " " + figures.value(mean, fact.indicator) + " ("
                    + words.contributors(group.count, group.members) + ")"
            )
        }
        if let median = group.median, median.isFinite {
            parts.append(words.medianOf(networkName) + " " + figures.value(median, fact.indicator))
        }
        if fact.countryTooThin, let stats = fact.countryStatistics {
            parts.append(words.countryTooThinNote(count: stats.count, members: stats.members))
        } else if let mean = fact.countryStatistics?.mean, mean.isFinite {
            parts.append(words.countryMean + " " + figures.value(mean, fact.indicator))
        }
        guard !parts.isEmpty else { return "" }
        return HTML.element("p", parts.joined(separator: " · "), attributes: [("class", "means")]) + "\n"
    }

    private func rankingFigure(_ fact: SectionFacts) -> String {
        let rank = fact.section.network
        let period = words.period(rank.period)
        let caption = words.rankingCaption(networkName, period: period)
        var out = "<figure>\n" + HTML.element("figcaption", caption) + "\n"
        guard !rank.rows.isEmpty else {
            return out + HTML.element("p", words.noRankingValues, attributes: [("class", "note")]) + "\n</figure>\n"
        }
        let bars = rank.rows.map {
            RankingChart.Bar(
                rank: $0.rank,
                name: $0.name,
                value: $0.value.flatMap { $0.isFinite ? $0 : nil },
                status: $0.status,
                focus: $0.municipality == code,
                synthetic: $0.synthetic == true
            )
        }
        let chart = RankingChart(
            bars: bars,
            mean: rank.group.mean,
            meanLabel: words.meanOf(networkName),
            title: words.rankingChartTitle(words.title(fact.indicator), network: networkName, period: period),
            indicator: fact.indicator,
            figures: figures,
            words: words
        )
        out += chart.svg() + "\n"
        return out + "</figure>\n"
    }

    private func trendFigure(_ fact: SectionFacts) -> String {
        guard let trend = fact.section.trend, !trend.periods.isEmpty else {
            return "<figure>\n" + HTML.element("figcaption", words.trendCaption(range: ""))
                + "\n" + HTML.element("p", words.noTrend, attributes: [("class", "note")]) + "\n</figure>\n"
        }
        // Periods before the first value and after the last of every line drawn are left out.
        let drawn = fact.trendLines.filter { $0.values.count == trend.periods.count }
        let targetYears = Set((trend.targets ?? []).filter { $0.municipality == code }.map { String($0.year) })
        let filled = trend.periods.indices.filter { index in
            drawn.contains { $0.values[index].isFinite } || targetYears.contains(String(trend.periods[index].prefix(4)))
        }
        let kept = (filled.first ?? 0)...(filled.last ?? trend.periods.count - 1)
        let periods = Array(trend.periods[kept])
        // Whole years label themselves; for one year-to-date cut throughout, the axis shows years and the
        // caption the months.
        let cuts = Set(periods.map { words.cut($0) })
        let sharedCut = cuts.count == 1 ? cuts.first ?? nil : nil
        let axisLabels = sharedCut != nil ? periods.map { String($0.prefix(4)) } : periods.map { words.period($0) }
        var range = periods.count == 1 ? axisLabels[0] : axisLabels[0] + "–" + axisLabels[axisLabels.count - 1]
        if let sharedCut { range += ", " + sharedCut }

        var lines: [TrendChart.Line] = []
        for series in drawn {
            let role: TrendChart.Role
            let label: String
            switch series.kind {
            case .municipality:
                role = .member
                label = page.municipality.name
            case .groupMean:
                if series.label == "country" {
                    role = .country
                    label = words.countryMean
                } else if series.label == page.network.id {
                    role = .network
                    label = words.meanOf(networkName)
                } else {
                    continue
                }
            }
            // A thin country mean would mislead, as on the rest of the page.
            if role == .country, fact.countryTooThin { continue }
            lines.append(
                TrendChart.Line(
                    role: role,
                    label: label,
                    values: Array(series.values[kept]),
                    synthetic: (series.syntheticValues ?? []).count == trend.periods.count
                        ? Array((series.syntheticValues ?? [])[kept]) : []
                )
            )
        }
        var targets: [TrendChart.Target] = []
        for target in trend.targets ?? [] where target.municipality == code {
            if let index = periods.firstIndex(where: { $0.prefix(4) == String(target.year) }), target.value.isFinite {
                targets.append(TrendChart.Target(index: index, value: target.value))
            }
        }
        let chart = TrendChart(
            periods: axisLabels,
            lines: lines,
            targets: targets,
            targetLabel: words.targetHeader,
            title: words.trendChartTitle(
                words.title(fact.indicator),
                name: page.municipality.name,
                network: networkName,
                range: range
            ),
            indicator: fact.indicator,
            figures: figures
        )
        var out = "<figure>\n" + HTML.element("figcaption", words.trendCaption(range: range)) + "\n"
        guard chart.hasValues else {
            return out + HTML.element("p", words.noTrend, attributes: [("class", "note")]) + "\n</figure>\n"
        }
        out += chart.svg() + "\n"
        // A break is a missing value between two values of a line.
        let gaps = lines.contains { TrendChart.runs($0.values).count > 1 }
        if gaps { out += HTML.element("p", words.gapNote, attributes: [("class", "note")]) + "\n" }
        return out + "</figure>\n"
    }

    private func sectionNotes(_ fact: SectionFacts) -> String {
        var notes: [String] = []
        if fact.change != nil {
            let band = fact.indicator.deadBand ?? 0
            let decimals = max(Figures.decimals(fact.indicator), Ticks.decimals(for: band))
            notes.append(
                words.changeNote(
                    unit: words.changeUnit(fact.indicator.unit),
                    band: band > 0 ? figures.number(band, decimals: decimals) : nil
                )
            )
        }
        if fact.showsSynthetic { notes.append(words.syntheticNote) }
        if fact.row?.syntheticChange == true { notes.append(words.syntheticChangeNote) }
        return notes.map { HTML.element("p", $0, attributes: [("class", "note")]) + "\n" }.joined()
    }
}

/// The document around a page's body.
enum Document {
    static func page(lang: String, title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(lang)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Jamfor">
        <title>\(HTML.escape(title))</title>
        <style>
        \(Stylesheet.css)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }
}

extension String {
    /// The first letter upper-cased: "procent" → "Procent".
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
