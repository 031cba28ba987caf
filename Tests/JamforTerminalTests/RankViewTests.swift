import JamforWire
import Testing

@testable import JamforTerminal

@Suite struct RankViewTests {
    private func render(_ options: RenderOptions, response: RankResponse = Fixtures.sickLeaveRank) -> String {
        Views.rank(response, indicator: Fixtures.sickLeave, setLabel: "KKVH", focus: "0880", options: options)
    }

    @Test(arguments: Variant.withNarrow)
    func snapshot(_ variant: Variant) {
        assertSnapshot(render(variant.options), named: "rank." + variant.name)
    }

    @Test func longNamesFitFortyColumns() {
        let options = RenderOptions(format: .table, width: 40)
        let text = Views.rank(
            Fixtures.longNamesRank,
            indicator: Fixtures.hme,
            setLabel: "3 kommuner",
            focus: "9901",
            options: options
        )
        assertSnapshot(text, named: "rank.table-40-long-names")
        for line in text.split(separator: "\n") {
            #expect(TextWidth.of(String(line)) <= 40, "too wide: \(line)")
        }
        #expect(text.contains("…"))
        // Cut names keep their synthetic star, and the footnote explains it.
        #expect(text.contains("Stra\u{0308}ngna\u{0308}s kom… *"))
        #expect(text.contains("* Syntetiska demosiffror"))
    }
}

@Suite struct RankViewContentTests {
    private let table = RenderOptions(format: .table, locale: .sv, width: 100)

    private func render(
        _ response: RankResponse = Fixtures.sickLeaveRank,
        indicator: IndicatorInfo = Fixtures.sickLeave,
        focus: String? = "0880",
        options: RenderOptions = RenderOptions()
    ) -> String {
        Views.rank(response, indicator: indicator, setLabel: "KKVH", focus: focus, options: options)
    }

    private func line(_ text: String, containing needle: String) -> String? {
        text.split(separator: "\n").map(String.init).first { $0.contains(needle) }
    }

    @Test func tiesShareARankAndRowsWithoutAValueHaveNone() throws {
        let text = render()
        #expect(try #require(line(text, containing: "Kalmar")).hasPrefix("   2"))
        #expect(try #require(line(text, containing: "Kristianstad")).hasPrefix("   2"))
        #expect(try #require(line(text, containing: "Halmstad")).hasPrefix("   4"))
        let karlskrona = try #require(line(text, containing: "Karlskrona"))
        #expect(karlskrona.hasPrefix("      "))
        #expect(karlskrona.hasSuffix(".."))
    }

    @Test func theSmallestValueGetsASliverAndTheLargestAFullBar() throws {
        #expect(try #require(line(render(), containing: "Växjö")).contains("▏"))
        #expect(try #require(line(render(), containing: "Halmstad")).contains(String(repeating: "█", count: 30)))
    }

    @Test func changesHaveArrowsByTheDeadBand() throws {
        let text = render()
        #expect(try #require(line(text, containing: "Kalmar")).hasSuffix("→ +0,1"))
        #expect(try #require(line(text, containing: "Kristianstad")).hasSuffix("↘ −0,5"))
        #expect(try #require(line(text, containing: "Halmstad")).hasSuffix("↗ +0,6"))
    }

    @Test func anAbsentDeadBandIsZeroAndAbsentDecimalsAreOne() throws {
        var indicator = Fixtures.sickLeave
        indicator.deadBand = nil
        indicator.decimals = nil
        var response = Fixtures.sickLeaveRank
        response.rows[0].value = 6.44
        let text = render(response, indicator: indicator)
        #expect(try #require(line(text, containing: "Kalmar")).hasSuffix("↗ +0,1"))
        #expect(try #require(line(text, containing: "Växjö")).contains("6,4 %"))
        #expect(text.contains("→ oförändrat"))
    }

    @Test func aDeadBandFinerThanTheDecimalsIsNotRounded() {
        var indicator = Fixtures.sickLeave
        indicator.deadBand = 0.25
        #expect(render(indicator: indicator).contains("→ högst ±0,25."))
    }

    @Test func improvementsAreGreenAndWorseningsRedWhenColoured() throws {
        let text = render(options: RenderOptions(colour: true))
        #expect(try #require(line(text, containing: "Kristianstad")).contains("\u{1B}[32m↘ −0,5\u{1B}[0m"))
        #expect(try #require(line(text, containing: "Halmstad")).contains("\u{1B}[31m↗ +0,6\u{1B}[0m"))
        let kalmar = try #require(line(text, containing: "Kalmar"))
        #expect(kalmar.hasSuffix("→ +0,1"))
        #expect(kalmar.contains("\u{1B}[1m▸ Kalmar\u{1B}[0m"))
        #expect(kalmar.contains("\u{1B}[33m7,1 %\u{1B}[0m"))
        #expect(try #require(line(text, containing: "Växjö")).contains("\u{1B}[32m6,4 %\u{1B}[0m"))
        #expect(try #require(line(text, containing: "Karlskrona")).contains("\u{1B}[2m..\u{1B}[0m"))
    }

    @Test func withoutColourTheClassIsAMarker() throws {
        let text = render()
        #expect(try #require(line(text, containing: "Växjö")).contains("●"))
        #expect(try #require(line(text, containing: "Kalmar")).contains("◐ ▸ Kalmar"))
        #expect(try #require(line(text, containing: "Halmstad")).contains("○"))
        #expect(text.contains("●\u{A0}bästa fjärdedelen"))
    }

    @Test func focusIsMarkedOnlyWhenItIsInTheSet() {
        #expect(render(focus: "0880").contains("▸ Kalmar"))
        #expect(!render(focus: "0381").contains("▸"))
        #expect(!render(focus: nil).contains("▸"))
    }

    @Test func referenceRowsFollowARule() throws {
        let lines = render().split(separator: "\n").map(String.init)
        let rule = try #require(lines.firstIndex { $0.hasPrefix("───") })
        #expect(lines[rule + 1].hasPrefix("Medelvärde KKVH (4 av 5)"))
        #expect(lines[rule + 1].contains("7,2 %"))
        #expect(lines[rule + 2].hasPrefix("Median KKVH"))
        #expect(lines[rule + 3].hasPrefix("Medelvärde riket (287 av 290)"))
        let english = render(options: RenderOptions(locale: .en))
        #expect(english.contains("Mean KKVH (4 of 5)"))
        #expect(english.contains("Country mean (287 of 290)"))
    }

    @Test func theCountryIsNotRepeatedWhenItIsTheSet() {
        var response = Fixtures.sickLeaveRank
        response.country = response.group
        #expect(!render(response).contains("Medelvärde riket"))
        response.country = nil
        #expect(!render(response).contains("Medelvärde riket"))
    }

    @Test func footnotesOnlyForWhatOccurs() {
        let text = render()
        #expect(text.contains(".. uppgift är sekretessbelagd eller för osäker"))
        #expect(!text.contains("uppgift saknas"))
        #expect(!text.contains("kan inte förekomma"))
        #expect(text.contains("* Syntetiska demosiffror, inte verkliga utfall."))
        #expect(text.contains("Halmstad *"))
        #expect(text.contains("Förändring mot 2023 jan–aug i procentenheter; → högst ±0,2."))

        var response = Fixtures.sickLeaveRank
        response.rows[3].synthetic = nil
        response.rows[4].status = "."
        let plain = render(response)
        #expect(!plain.contains("Syntetiska"))
        #expect(!plain.contains("*"))
        #expect(plain.contains(". uppgift kan inte förekomma"))
    }

    @Test func aMissingStatusWithoutAMarkerShowsAsMissing() throws {
        var response = Fixtures.sickLeaveRank
        response.rows[4].status = nil
        let text = render(response)
        #expect(try #require(line(text, containing: "Karlskrona")).hasSuffix("-"))
        #expect(text.contains("- uppgift saknas"))
    }

    @Test func theTitleNamesTheSliceAndGenderOnlyWhenNotTotal() {
        #expect(render().hasPrefix("Sjukfrånvaro, andel av ordinarie arbetstid — KKVH, 2024 jan–aug, kommun\n"))
        var response = Fixtures.sickLeaveRank
        response.gender = "K"
        response.scope = "ks"
        #expect(
            render(response).hasPrefix("Sjukfrånvaro, andel av ordinarie arbetstid — KKVH, 2024 jan–aug, KS, kvinnor\n")
        )
        #expect(
            render(options: RenderOptions(locale: .en))
                .hasPrefix("Sick leave, share of ordinary working hours — KKVH, 2024 Jan–Aug, municipality\n")
        )
    }

    @Test func csvHasReferenceRowsWithAKindAndNoRank() {
        let lines = render(options: RenderOptions(format: .csv, locale: .en)).components(separatedBy: "\n")
        #expect(lines[0].hasPrefix("indicator,period,scope,gender,kind,rank,code,name,value,status"))
        #expect(lines.contains { $0.hasPrefix("sick-leave,2024-08,kommun,T,mean,,,Mean KKVH,7.225,") })
        #expect(lines.contains { $0.hasPrefix("sick-leave,2024-08,kommun,T,country-mean,,,Country mean,7.6,") })
        #expect(lines.contains { $0.contains(",1080,Karlskrona,,..,grey,") })
    }

    @Test func jsonHasNullsForMissingValues() {
        let text = render(options: RenderOptions(format: .json))
        #expect(text.contains("\"status\": \"..\""))
        #expect(text.contains("\"value\": null"))
        #expect(text.contains("\"value\": 6.4"))
        #expect(!text.contains("6,4"))
    }
}
