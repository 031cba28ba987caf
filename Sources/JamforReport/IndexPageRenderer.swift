import Foundation
import JamforWire

/// Renders the network's page: the composite ranking with a heat map of the scores per indicator.
struct IndexPageRenderer {
    var page: IndexPage
    var locale: ReportLocale

    private var words: ReportWords { ReportWords(locale: locale) }
    private var figures: Figures { Figures(locale: locale) }
    private var networkName: String { page.network.name }

    /// The comparison's indicators in its column order, with catalog entries where known.
    private var columns: [IndicatorInfo] {
        page.comparison.indicators.map { id in
            page.indicators.first { $0.id == id }
                ?? IndicatorInfo(id: id, titleSv: id, titleEn: id, unit: "", direction: .higherIsBetter)
        }
    }

    func render() -> String {
        let period = words.period(page.period)
        let title = words.indexTitle(networkName, period: period)
        var body = "<div class=\"page\">\n<header class=\"page-head\">\n"
        body += HTML.element("h1", title) + "\n"
        body +=
            HTML.element(
                "p",
                words.indexLede(network: networkName, period: period, count: columns.count),
                attributes: [("class", "lede")]
            ) + "\n"
        body +=
            HTML.element("p", words.generated(SwedishTime.format(page.generatedAt)), attributes: [("class", "meta")])
            + "\n"
        body += "</header>\n<main>\n"
        body += rankingTable()
        body += compositeChart(period: period)
        body += legend()
        body += "</main>\n"
        body += footer()
        body += "</div>\n"
        return Document.page(lang: locale.rawValue, title: title, body: body)
    }

    private func name(_ code: String, fallback: String) -> String {
        page.members.first { $0.code == code }?.name ?? fallback
    }

    private func file(_ code: String, name: String) -> String {
        if let file = page.memberFiles[code] { return file }
        let info = page.members.first { $0.code == code } ?? MunicipalityInfo(code: code, name: name, county: "")
        return Report.fileName(for: info)
    }

    private var anySynthetic: Bool {
        page.comparison.rows.contains { $0.synthetic == true || ($0.syntheticValues ?? []).contains(true) }
    }

    private func rankingTable() -> String {
        var out = "<section class=\"block\">\n<table class=\"heat\">\n<thead><tr>"
        out += HTML.element("th", words.rankHeader, attributes: [("class", "num")])
        out += HTML.element("th", words.municipalityHeader)
        out += HTML.element("th", words.compositeHeader, attributes: [("class", "num")])
        out += HTML.element("th", words.coverageHeader, attributes: [("class", "num")])
        for (index, indicator) in columns.enumerated() {
            out += HTML.element(
                "th",
                "\(index + 1). " + shortTitle(indicator),
                attributes: [("class", "cell-head"), ("title", words.title(indicator))]
            )
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in page.comparison.rows {
            let displayName = name(row.municipality, fallback: row.name)
            out += "<tr>"
            out += HTML.element("td", row.rank.map { "\($0)" } ?? "–", attributes: [("class", "num")])
            out +=
                "<td>"
                + HTML.element("a", displayName, attributes: [("href", file(row.municipality, name: displayName))])
                + "</td>"
            if let composite = row.composite, composite.isFinite {
                let text = figures.number(composite, decimals: 1) + (row.synthetic == true ? "*" : "")
                out += HTML.element("td", text, attributes: [("class", "num composite")])
            } else {
                out += HTML.element("td", "–", attributes: [("class", "num")])
            }
            var coverage = figures.share(row.coverage)
            if row.rank == nil { coverage += " (" + words.incomplete + ")" }
            out += HTML.element("td", coverage, attributes: [("class", "num")])
            for (index, indicator) in columns.enumerated() {
                out += cell(row: row, index: index, indicator: indicator)
            }
            out += "</tr>\n"
        }
        let listed = Set(page.comparison.rows.map(\.municipality))
        for member in page.members where !listed.contains(member.code) {
            out += "<tr>"
            out += HTML.element("td", "–", attributes: [("class", "num")])
            out +=
                "<td>"
                + HTML.element("a", member.name, attributes: [("href", file(member.code, name: member.name))])
                + "</td>"
            out += HTML.element("td", "–", attributes: [("class", "num")])
            out += HTML.element("td", words.notInComparison, attributes: [("class", "num")])
            for _ in columns { out += "<td class=\"cell bnone\">–</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    /// A title short enough for a column head: up to the first comma or parenthesis.
    private func shortTitle(_ indicator: IndicatorInfo) -> String {
        let title = words.title(indicator)
        let cut = title.firstIndex { $0 == "," || $0 == "(" } ?? title.endIndex
        let short = title[..<cut].trimmingCharacters(in: .whitespaces)
        return short.isEmpty ? title : short
    }

    private func cell(row: CompareRow, index: Int, indicator: IndicatorInfo) -> String {
        let score = index < row.scores.count ? row.scores[index] : .nan
        let value = index < row.values.count ? row.values[index] : .nan
        let synthetic = (row.syntheticValues ?? []).indices.contains(index) && row.syntheticValues?[index] == true
        guard score.isFinite else {
            return "<td class=\"cell bnone\" title=\"\(HTML.escape(words.noValueCell))\">–</td>"
        }
        let band = Self.band(score)
        var out = "<td class=\"cell b\(band)\">"
        out += HTML.element("span", figures.number(score, decimals: 0), attributes: [("class", "score")])
        if value.isFinite {
            out += HTML.element(
                "span",
                figures.value(value, indicator) + (synthetic ? "*" : ""),
                attributes: [("class", "raw")]
            )
        }
        return out + "</td>"
    }

    /// Score bands of 20: 0 for below 20 up to 4 for 80–100.
    static func band(_ score: Double) -> Int {
        min(4, max(0, Int((score / 20).rounded(.down))))
    }

    /// The composite ranking as bars: the ranked members, then the incomplete ones.
    private func compositeChart(period: String) -> String {
        let rows = page.comparison.rows
        guard rows.contains(where: { $0.composite?.isFinite == true }) else { return "" }
        let bars = rows.map { row in
            RankingChart.Bar(
                rank: row.rank,
                name: name(row.municipality, fallback: row.name),
                value: row.composite.flatMap { $0.isFinite ? $0 : nil },
                status: nil,
                focus: false,
                synthetic: row.synthetic == true
            )
        }
        let composite = IndicatorInfo(
            id: "composite",
            titleSv: words.compositeHeader,
            titleEn: words.compositeHeader,
            unit: "score",
            direction: .higherIsBetter,
            decimals: 1
        )
        let chart = RankingChart(
            bars: bars,
            mean: nil,
            meanLabel: "",
            title: words.compositeChartTitle(networkName, period: period),
            indicator: composite,
            figures: figures,
            words: words,
            missingLabel: words.incomplete,
            domain: 0...100
        )
        return "<section class=\"block composite\">\n<figure>\n"
            + HTML.element("figcaption", words.compositeChartTitle(networkName, period: period)) + "\n"
            + chart.svg() + "\n</figure>\n</section>\n"
    }

    private func legend() -> String {
        var out = "<section class=\"block\">\n"
        out += HTML.element("p", words.heatLegend) + "\n<div class=\"legend-swatches\">"
        for band in 0..<5 {
            out +=
                "<span><span class=\"sw b\(band)\"></span>" + HTML.escape(words.band(band * 20, band * 20 + 20))
                + "</span>"
        }
        out += "<span><span class=\"sw bnone\"></span>" + HTML.escape(words.noValueCell) + "</span>"
        out += "</div>\n"
        out += HTML.element("h2", words.indicatorsLegendTitle) + "\n<ol class=\"indicators\">\n"
        for indicator in columns {
            var parts = [words.unit(indicator.unit), words.directionSentence(indicator.direction).lowercasedFirst]
            if let kolada = indicator.koladaID, !kolada.isEmpty { parts.append("Kolada " + kolada) }
            out +=
                "<li>" + HTML.element("strong", words.title(indicator)) + " — "
                + HTML.escape(parts.filter { !$0.isEmpty }.joined(separator: ", ")) + "</li>\n"
        }
        out += "</ol>\n"
        out += HTML.element("p", words.compositeNote, attributes: [("class", "note")]) + "\n"
        return out + "</section>\n"
    }

    private func footer() -> String {
        var out = "<footer>\n"
        if anySynthetic { out += HTML.element("p", words.syntheticNote) + "\n" }
        out += HTML.element("p", words.generatedBy) + "\n"
        return out + "</footer>\n"
    }
}

extension String {
    /// The first letter lower-cased: "Lägre värde är bättre" → "lägre värde är bättre".
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
