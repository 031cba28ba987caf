import Foundation
import JamforReport
import JamforWire
import Testing

/// Every page the fixtures make, in both languages, with a name for messages.
func allPages() -> [(name: String, html: String)] {
    var pages: [(String, String)] = []
    for locale in ReportLocale.allCases {
        pages.append(("index-\(locale.rawValue)", Report.html(ReportFixtures.indexPage(), locale: locale)))
        for member in ReportFixtures.members {
            pages.append(
                ("\(member.code)-\(locale.rawValue)", Report.html(ReportFixtures.memberPage(member), locale: locale))
            )
        }
    }
    return pages
}

/// One indicator's section of a member page.
func section(_ id: String, of html: String) -> String {
    fragments(of: html, from: "<section class=\"indicator\" id=\"ind-\(id)\">", to: "</section>").first ?? ""
}

@Suite("Report snapshots")
struct ReportSnapshotTests {
    @Test(arguments: ReportLocale.allCases)
    func memberPage(locale: ReportLocale) {
        assertSnapshot(
            Report.html(ReportFixtures.memberPage(ReportFixtures.kalmar), locale: locale),
            named: "member-0880-kalmar-\(locale.rawValue).html"
        )
    }

    @Test(arguments: ReportLocale.allCases)
    func indexPage(locale: ReportLocale) {
        assertSnapshot(Report.html(ReportFixtures.indexPage(), locale: locale), named: "index-\(locale.rawValue).html")
    }

    @Test func renderingIsDeterministic() {
        let page = ReportFixtures.memberPage(ReportFixtures.vaxjo)
        #expect(Report.html(page, locale: .sv) == Report.html(page, locale: .sv))
        #expect(Report.html(ReportFixtures.indexPage()) == Report.html(ReportFixtures.indexPage()))
    }
}

@Suite("Report structure")
struct ReportStructureTests {
    @Test func pagesAreWellFormedDocuments() {
        for (name, html) in allPages() {
            #expect(wellFormednessProblems(html).isEmpty, "\(name): \(wellFormednessProblems(html).prefix(5))")
            #expect(html.hasPrefix("<!DOCTYPE html>\n"), "\(name)")
            #expect(html.contains("<meta charset=\"utf-8\">"), "\(name)")
            #expect(occurrences(of: "<title>", in: html) >= 1, "\(name)")
            #expect(occurrences(of: "<style>", in: html) == 1, "\(name)")
            #expect(html.contains("@media print"), "\(name)")
        }
    }

    @Test func theCheckerCatchesBrokenMarkup() {
        #expect(wellFormednessProblems("<div><p>text</div>").isEmpty == false)
        #expect(wellFormednessProblems("<p>a < b</p>").isEmpty == false)
        #expect(wellFormednessProblems("<p class=x>a</p>").isEmpty == false)
        #expect(wellFormednessProblems("<div><svg><line x1=\"1\"/></svg><br><meta charset=\"utf-8\"></div>").isEmpty)
    }

    @Test func pagesAreSelfContained() {
        for (name, html) in allPages() {
            let lower = html.lowercased()
            #expect(!lower.contains("<script"), "\(name)")
            #expect(!lower.contains("http://") && !lower.contains("https://"), "\(name)")
            #expect(!lower.contains("<link") && !lower.contains("<img") && !lower.contains("@import"), "\(name)")
            #expect(!lower.contains("url("), "\(name)")
            for handler in ["onload=", "onclick=", "onerror=", "onmouseover=", "javascript:"] {
                #expect(!lower.contains(handler), "\(name): \(handler)")
            }
        }
    }

    @Test func everyChartIsAnAccessibleInlineSVG() {
        var charts = 0
        for (name, html) in allPages() {
            for svg in fragments(of: html, from: "<svg", to: "</svg>") {
                charts += 1
                let open = String(svg.prefix { $0 != ">" })
                let viewBox = attribute(in: open, "viewBox")?.split(separator: " ").compactMap { Double($0) } ?? []
                #expect(viewBox.count == 4 && viewBox[2] > 0 && viewBox[3] > 0, "\(name): \(open)")
                #expect(attribute(in: open, "role") == "img", "\(name): \(open)")
                #expect(!(attribute(in: open, "aria-label") ?? "").isEmpty, "\(name): \(open)")
                let afterOpen = svg.dropFirst(open.count + 1).drop { $0 == "\n" }
                #expect(afterOpen.hasPrefix("<title>") && !afterOpen.hasPrefix("<title></title>"), "\(name)")
            }
        }
        // Every member page has a ranking and a trend per indicator, the index one composite chart.
        #expect(charts == 2 * (ReportFixtures.members.count * ReportFixtures.tables.count * 2 + 1))
    }

    @Test func languageAndLabelsFollowTheLocale() {
        let sv = Report.html(ReportFixtures.memberPage(), locale: .sv)
        let en = Report.html(ReportFixtures.memberPage(), locale: .en)
        #expect(sv.contains("<html lang=\"sv\">"))
        #expect(en.contains("<html lang=\"en\">"))
        #expect(Report.html(ReportFixtures.memberPage()).contains("<html lang=\"sv\">"), "Swedish by default")
        let sick = section("sick-leave", of: sv)
        #expect(sick.contains("<span class=\"big value\">7,5\u{A0}%</span>"))
        #expect(sick.contains("98 av 287"))
        #expect(sick.contains("2 av 4"))
        #expect(sick.contains("Placering i riket"))
        #expect(sick.contains("Sjukfrånvaro, andel av ordinarie arbetstid"))
        let sickEn = section("sick-leave", of: en)
        #expect(sickEn.contains("<span class=\"big value\">7.5%</span>"))
        #expect(sickEn.contains("98 of 287"))
        #expect(sickEn.contains("Rank in the country"))
        #expect(sickEn.contains("Sick leave, share of ordinary working hours"))
        for swedish in ["Placering", "Färgklass", "Förändring", "Medel ", "uppgift", "Sjukfrånvaro", " av "] {
            #expect(!en.contains(swedish), "English page holds '\(swedish)'")
        }
        for english in ["Rank in", "Colour class", "Change since", "Mean ", "Sick leave", " of "] {
            #expect(!sv.contains(english), "Swedish page holds '\(english)'")
        }
    }

    @Test func theStatusMarkerStandsInsteadOfAValue() {
        let html = Report.html(ReportFixtures.memberPage(ReportFixtures.kristianstad), locale: .sv)
        let sick = section("sick-leave", of: html)
        #expect(sick.contains("<span class=\"status-marker\" title=\"sekretess eller för osäker uppgift\">..</span>"))
        #expect(sick.contains("<span class=\"sub\">sekretess eller för osäker uppgift</span>"))
        // No colour class as if it were a figure's, no rank.
        #expect(sick.contains("<span class=\"badge grey\""))
        #expect(sick.contains("<span class=\"sub\">ingen placering</span>"))
        // The missing figure of the network-only survey.
        let survey = section("manager-survey", of: html)
        #expect(survey.contains("<span class=\"sub\">uppgift saknas</span>"))
        let en = section(
            "sick-leave",
            of: Report.html(ReportFixtures.memberPage(ReportFixtures.kristianstad), locale: .en)
        )
        #expect(en.contains("confidential or too uncertain"))
    }

    @Test func changeArrowsFollowTheDeadBandAndDirection() {
        // Sick leave, lower is better, dead band 0.2: Kalmar +0.3 worse, Karlskrona −0.6 better, Halmstad +0.1 flat.
        func change(_ member: MunicipalityInfo, locale: ReportLocale = .sv) -> String {
            let html = section("sick-leave", of: Report.html(ReportFixtures.memberPage(member), locale: locale))
            return fragments(of: html, from: "<span class=\"chg", to: "</span>").first ?? ""
        }
        #expect(change(ReportFixtures.kalmar) == "<span class=\"chg worse\">↗ +0,3</span>")
        #expect(change(ReportFixtures.karlskrona) == "<span class=\"chg better\">↘ \u{2212}0,6</span>")
        #expect(change(ReportFixtures.halmstad) == "<span class=\"chg same\">→ +0,1</span>")
        #expect(change(ReportFixtures.kalmar, locale: .en) == "<span class=\"chg worse\">↗ +0.3</span>")
        // Never colour alone: the verdict is in words too.
        let kalmar = section("sick-leave", of: Report.html(ReportFixtures.memberPage(), locale: .sv))
        #expect(kalmar.contains("<span class=\"sub\">försämring</span>"))
        // HME, higher is better, dead band 1: +2 is an improvement.
        let hme = section("hme", of: Report.html(ReportFixtures.memberPage(), locale: .en))
        #expect(hme.contains("<span class=\"chg better\">↗ +2</span>"))
        #expect(hme.contains("<span class=\"sub\">improvement</span>"))
    }

    @Test func colourClassesAreBadgesWithWords() {
        let html = Report.html(ReportFixtures.memberPage(ReportFixtures.vaxjo), locale: .sv)
        let sick = section("sick-leave", of: html)
        #expect(sick.contains("<span class=\"badge green\" title=\"bästa fjärdedelen i riket\">Grön</span>"))
        let karlskrona = section(
            "sick-leave",
            of: Report.html(ReportFixtures.memberPage(ReportFixtures.karlskrona), locale: .en)
        )
        #expect(karlskrona.contains("<span class=\"badge red\" title=\"worst quarter in the country\">Red</span>"))
    }

    @Test func aThinCountryShowsNoColourClassRankOrMean() {
        // Four of 290 municipalities have a figure for the staff survey: every class is grey, and saying so
        // beats a grey badge that looks like a verdict.
        let html = Report.html(ReportFixtures.memberPage(), locale: .sv)
        let survey = section("manager-survey", of: html)
        #expect(!survey.contains("class=\"badge grey\""))
        #expect(survey.contains("<span class=\"badge none\">visas inte</span>"))
        #expect(survey.contains("bara 4 av 290 kommuner i riket har ett värde"))
        #expect(!survey.contains("Medel riket"))
        // The country ranking puts Kalmar second of four, which says nothing about the country.
        #expect(
            survey.contains(
                "<span class=\"label\">Placering i riket</span><span class=\"big\">–</span>"
                    + "<span class=\"sub\">för få värden i riket</span>"
            )
        )
        // The other indicators keep theirs.
        #expect(section("sick-leave", of: html).contains("class=\"badge yellow\""))
    }

    @Test func targetsShowTheirStatusInWords() {
        let sv = section("sick-leave", of: Report.html(ReportFixtures.memberPage(), locale: .sv))
        #expect(sv.contains("<span class=\"label\">Mål 2023</span><span class=\"big\">7,0\u{A0}%</span>"))
        #expect(sv.contains("ej uppnått, går åt fel håll"))
        let met = section("hme", of: Report.html(ReportFixtures.memberPage(ReportFixtures.halmstad), locale: .en))
        #expect(met.contains("<span class=\"sub target-status met\">met</span>"))
        let none = section("hme", of: Report.html(ReportFixtures.memberPage(ReportFixtures.vaxjo), locale: .en))
        #expect(none.contains("<span class=\"sub\">no target</span>"))
        // The target is drawn in the trend chart: two years of targets for Kalmar's sick leave.
        #expect(occurrences(of: "class=\"target\"", in: sv) == 2 + 1)  // two diamonds and the legend's
        #expect(occurrences(of: "class=\"line-target\"", in: sv) == 1)
    }

    @Test func syntheticFiguresAreStarredWithAFootnote() {
        let sv = Report.html(ReportFixtures.memberPage(), locale: .sv)
        let hme = section("hme", of: sv)
        #expect(hme.contains("<span class=\"big value\">80*</span>"))
        #expect(hme.contains("class=\"value focus\">80*</text>"))
        #expect(hme.contains(">80*</text>"))
        #expect(hme.contains("* Syntetiska demosiffror, inte verkliga utfall."))
        #expect(!section("sick-leave", of: sv).contains("Syntetiska"))
        #expect(sv.contains("<footer>\n<p>* Syntetiska demosiffror, inte verkliga utfall.</p>"))
        let en = Report.html(ReportFixtures.memberPage(), locale: .en)
        #expect(en.contains("* Synthetic demo figures, not real outcomes."))
        #expect(
            Report.html(ReportFixtures.indexPage(), locale: .en).contains(
                "* Synthetic demo figures, not real outcomes."
            )
        )

        // With no synthetic figure anywhere, no star and no footnote.
        var page = ReportFixtures.memberPage()
        page.sections = page.sections.filter { $0.indicator.id == "sick-leave" }
        let real = Report.html(page, locale: .sv)
        #expect(!real.contains("Syntetisk"))
        #expect(!real.contains("*<") && !real.contains("*\""))
    }

    @Test func missingTrendValuesBreakTheLine() {
        var page = ReportFixtures.memberPage()
        var trend = page.sections[0].trend!
        trend.series[0].values = [7.9, 8.0, .nan, 7.2, 7.5]
        page.sections = [
            IndicatorSection(
                indicator: page.sections[0].indicator,
                network: page.sections[0].network,
                country: page.sections[0].country,
                trend: trend
            )
        ]
        let html = Report.html(page, locale: .sv)
        let svg = fragments(of: html, from: "<svg class=\"chart trend\"", to: "</svg>").first ?? ""
        let lines = fragments(of: svg, from: "<polyline", to: "/>").filter { $0.contains("class=\"line-member\"") }
        #expect(lines.count == 2)
        let points = lines.map { (attribute(in: $0, "points") ?? "").split(separator: " ").count }
        #expect(points == [2, 2])
        // Four dots, no zero: the lowest point label is the lowest value.
        #expect(occurrences(of: "class=\"dot-member", in: svg) == 4 + 1)  // and the legend's
        #expect(!svg.contains(">0,0\u{A0}%</text>"))
        #expect(html.contains("Avbrott i linjen: värde saknas."))

        // Without a gap, one line and no note.
        trend.series[0].values = [7.9, 8.0, 8.1, 7.2, 7.5]
        page.sections[0].trend = trend
        let whole = Report.html(page, locale: .sv)
        let wholeSvg = fragments(of: whole, from: "<svg class=\"chart trend\"", to: "</svg>").first ?? ""
        #expect(fragments(of: wholeSvg, from: "<polyline", to: "/>").filter { $0.contains("line-member") }.count == 1)
        #expect(!whole.contains("Avbrott i linjen"))
    }

    @Test func barLengthsAreProportionalToValues() {
        for locale in ReportLocale.allCases {
            let html = Report.html(ReportFixtures.memberPage(), locale: locale)
            for id in ["sick-leave", "hme", "manager-survey"] {
                let svg =
                    fragments(of: section(id, of: html), from: "<svg class=\"chart ranking\"", to: "</svg>").first ?? ""
                let bars = fragments(of: svg, from: "<rect", to: "/>").filter { $0.contains("data-value=") }
                let ratios = bars.compactMap { bar -> Double? in
                    guard let width = attribute(in: bar, "width").flatMap(Double.init),
                        let value = attribute(in: bar, "data-value").flatMap(Double.init), value > 0
                    else { return nil }
                    return width / value
                }
                #expect(ratios.count == 4 || ratios.count == 5, "\(id)")
                let spread = (ratios.max() ?? 0) - (ratios.min() ?? 0)
                // Widths are written to a tenth of a pixel: 0.05 px over a value of at least 6.9.
                #expect(spread < 0.02, "\(id): \(ratios)")
                // All bars start at the zero line.
                #expect(Set(bars.compactMap { attribute(in: $0, "x") }).count == 1, "\(id)")
                // The member's bar is highlighted, and only it.
                #expect(bars.filter { $0.contains("class=\"bar focus\"") }.count == 1, "\(id)")
            }
        }
        // 6.9 % of a 0–10 % axis: the bar ends 69 % of the way.
        let svg = fragments(
            of: Report.html(ReportFixtures.memberPage()),
            from: "<svg class=\"chart ranking\"",
            to: "</svg>"
        )[0]
        let ticks = fragments(of: svg, from: "<line", to: "/>").filter {
            $0.contains("class=\"axis\"") || $0.contains("class=\"grid\"")
        }
        let zero = Double(attribute(in: ticks.first!, "x1")!)!
        let ten = Double(attribute(in: ticks.last!, "x1")!)!
        let vaxjo = fragments(of: svg, from: "<rect", to: "/>").first { $0.contains("data-value=\"6.9\"") }!
        #expect(abs(Double(attribute(in: vaxjo, "width")!)! - (ten - zero) * 0.69) < 0.2)
    }

    @Test func theNetworkMeanIsALineOnTheRanking() {
        let html = section("sick-leave", of: Report.html(ReportFixtures.memberPage(), locale: .sv))
        let svg = fragments(of: html, from: "<svg class=\"chart ranking\"", to: "</svg>")[0]
        #expect(svg.contains(">Medel KKVH 7,7\u{A0}%</text>"))
        let mean = fragments(of: svg, from: "<line", to: "/>").first { $0.contains("class=\"mean\"") }!
        let vaxjo = fragments(of: svg, from: "<rect", to: "/>").first { $0.contains("data-value=\"6.9\"") }!
        let x = Double(attribute(in: mean, "x1")!)!
        let perUnit = Double(attribute(in: vaxjo, "width")!)! / 6.9
        let zero = Double(attribute(in: vaxjo, "x")!)!
        #expect(abs(x - (zero + 7.65 * perUnit)) < 0.3)
    }
}

@Suite("Report escaping and names")
struct ReportEscapingTests {
    @Test func textFromTheDataIsEscaped() {
        var page = ReportFixtures.memberPage()
        let hostile = "<script>alert(\"x\")</script> & 'Söner'"
        page.municipality.name = hostile
        page.municipality.county = "Län & <b>fet</b>"
        page.network.name = "K&K <i>"
        page.sections[0].indicator.titleSv = "Sjuk <frånvaro> & \"mer\""
        page.sections[0].network.rows[1].name = hostile
        page.sections[0].network.rows[4].status = "<x>"
        page.sections[0].trend?.targets?[1].status = "<moving>"
        let html = Report.html(page, locale: .sv)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>fet") && !html.contains("<i>") && !html.contains("<frånvaro>"))
        #expect(!html.contains("<x>") && !html.contains("<moving>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Söner&#39;"))
        #expect(html.contains("K&amp;K &lt;i&gt;"))
        #expect(html.contains("Sjuk &lt;frånvaro&gt; &amp; &quot;mer&quot;"))
        #expect(wellFormednessProblems(html).isEmpty, "\(wellFormednessProblems(html).prefix(5))")

        var index = ReportFixtures.indexPage()
        index.members[0].name = hostile
        index.network.name = "K&K"
        index.memberFiles["0880"] = "a\"b.html"
        let indexHTML = Report.html(index, locale: .en)
        #expect(!indexHTML.contains("<script"))
        #expect(indexHTML.contains("&lt;script&gt;"))
        #expect(indexHTML.contains("href=\"a&quot;b.html\""))
        #expect(wellFormednessProblems(indexHTML).isEmpty, "\(wellFormednessProblems(indexHTML).prefix(5))")
    }

    @Test func fileNamesAreSafeASCII() {
        func name(_ code: String, _ text: String) -> String {
            Report.fileName(for: MunicipalityInfo(code: code, name: text, county: ""))
        }
        #expect(Report.fileName(for: ReportFixtures.kalmar) == "0880-kalmar.html")
        #expect(Report.fileName(for: ReportFixtures.vaxjo) == "0780-vaxjo.html")
        #expect(name("0381", "Enköping") == "0381-enkoping.html")
        #expect(name("0114", "Upplands Väsby") == "0114-upplands-vasby.html")
        #expect(name("1980", "Västerås") == "1980-vasteras.html")
        #expect(name("2505", "Arvidsjaur / Árviesjávrrie") == "2505-arvidsjaur-arviesjavrrie.html")
        #expect(name("0000", "Malmö stad (Ø ß Æ)") == "0000-malmo-stad-o-ss-ae.html")
        #expect(name("../..", "../../etc/passwd") == "etc-passwd.html")
        #expect(name("", "") == "municipality.html")
        for member in ReportFixtures.members {
            let file = Report.fileName(for: member)
            #expect(file.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
        }
    }

    @Test func theGenerationTimeIsSwedishTime() {
        func generated(_ seconds: TimeInterval) -> String {
            var page = ReportFixtures.memberPage()
            page.generatedAt = Date(timeIntervalSince1970: seconds)
            let html = Report.html(page, locale: .sv)
            let start = html.range(of: "Skapad ")!.upperBound
            return String(html[start...].prefix(16))
        }
        #expect(generated(1_705_320_000) == "2024-01-15 13:00")  // 12:00 UTC, CET
        #expect(generated(1_719_835_200) == "2024-07-01 14:00")  // 12:00 UTC, CEST
        // Summer time starts 2024-03-31 01:00 UTC and ends 2024-10-27 01:00 UTC.
        #expect(generated(1_711_846_740) == "2024-03-31 01:59")
        #expect(generated(1_711_846_800) == "2024-03-31 03:00")
        #expect(generated(1_729_990_740) == "2024-10-27 02:59")
        #expect(generated(1_729_990_800) == "2024-10-27 02:00")
        #expect(generated(0) == "1970-01-01 01:00")
    }
}

@Suite("Report index page")
struct ReportIndexTests {
    @Test func theCompositeRankingLinksEveryMember() {
        let html = Report.html(ReportFixtures.indexPage(), locale: .sv)
        for member in ReportFixtures.members {
            #expect(html.contains("<a href=\"\(Report.fileName(for: member))\">\(member.name)</a>"))
        }
        let rows = fragments(of: html, from: "<tr><td class=\"num\">", to: "</tr>")
        #expect(rows.count == 5)
        // Best first, the incomplete member last without a rank or composite.
        #expect(rows[0].contains(">Växjö<") && rows[0].hasPrefix("<tr><td class=\"num\">1</td>"))
        #expect(rows[2].contains(">Kalmar<") && rows[2].contains("62,2*"))
        #expect(rows[4].contains(">Kristianstad<") && rows[4].hasPrefix("<tr><td class=\"num\">–</td>"))
        #expect(rows[4].contains("33\u{A0}% (ofullständig)"))
    }

    @Test func heatCellsAreBandedByScoreWithTheValueAsText() {
        let html = Report.html(ReportFixtures.indexPage(), locale: .sv)
        let rows = fragments(of: html, from: "<tr><td class=\"num\">", to: "</tr>")
        let vaxjo = fragments(of: rows[0], from: "<td class=\"cell", to: "</td>")
        #expect(
            vaxjo[0]
                == "<td class=\"cell b4\"><span class=\"score\">100</span><span class=\"raw\">6,9\u{A0}%</span></td>"
        )
        // Kalmar's HME: score 66.7, band 60–80, its synthetic value starred.
        let kalmar = fragments(of: rows[2], from: "<td class=\"cell", to: "</td>")
        #expect(kalmar[1] == "<td class=\"cell b3\"><span class=\"score\">67</span><span class=\"raw\">80*</span></td>")
        let karlskrona = fragments(of: rows[3], from: "<td class=\"cell", to: "</td>")
        #expect(karlskrona.allSatisfy { $0.hasPrefix("<td class=\"cell b0\">") })
        let kristianstad = fragments(of: rows[4], from: "<td class=\"cell", to: "</td>")
        #expect(kristianstad[0].hasPrefix("<td class=\"cell bnone\"") && kristianstad[0].hasSuffix(">–</td>"))
        #expect(kristianstad[1].hasPrefix("<td class=\"cell b1\">"))
        // The legend names every indicator and the bands.
        #expect(html.contains("<strong>Chefsfrågor i medarbetarenkäten</strong> — index, högre värde är bättre"))
        #expect(html.contains("80–100"))
    }

    @Test func membersLeftOutOfTheComparisonAreStillListed() {
        var index = ReportFixtures.indexPage()
        index.comparison.rows.removeAll { $0.municipality == "1290" }
        index.memberFiles = [:]
        let html = Report.html(index, locale: .en)
        #expect(html.contains("<a href=\"1290-kristianstad.html\">Kristianstad</a>"))
        #expect(html.contains("not in the comparison"))
    }
}
