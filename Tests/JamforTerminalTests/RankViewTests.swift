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
        // The synthetic figure is starred, not the cut name, and the footnote explains it.
        #expect(text.contains("71*"))
        #expect(!text.contains("… *"))
        #expect(text.contains("* Syntetisk demosiffra"))
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
        #expect(try #require(line(text, containing: "Växjö")).contains("6,4\u{A0}%"))
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
        #expect(kalmar.contains("\u{1B}[33m7,1\u{A0}%\u{1B}[0m"))
        #expect(try #require(line(text, containing: "Växjö")).contains("\u{1B}[32m6,4\u{A0}%\u{1B}[0m"))
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
        #expect(lines[rule + 1].contains("7,2\u{A0}%"))
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
        #expect(text.contains("* Syntetisk demosiffra, inte verkligt utfall."))
        #expect(text.contains("8,3\u{A0}%*"))
        #expect(text.contains("Förändring mot 2023 jan–aug i procentenheter; → högst ±0,2."))

        var response = Fixtures.sickLeaveRank
        response.rows[3].synthetic = nil
        response.rows[4].status = "."
        let plain = render(response)
        #expect(!plain.contains("Syntetisk"))
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

/// Synthetic marks per figure and per change, the country's reference when too little of it is visible, the
/// change column's alignment and the Markdown colour legend.
@Suite struct RankViewMarkingTests {
    private func render(
        _ response: RankResponse = Fixtures.sickLeaveRank,
        indicator: IndicatorInfo = Fixtures.sickLeave,
        options: RenderOptions = RenderOptions()
    ) -> String {
        Views.rank(response, indicator: indicator, setLabel: "KKVH", focus: "0880", options: options)
    }

    private func line(_ text: String, containing needle: String) -> String? {
        text.split(separator: "\n").map(String.init).first { $0.contains(needle) }
    }

    /// The fixture's country with values for only 20 of its 290 municipalities, and no colour classes.
    private var partialCountry: RankResponse {
        var response = Fixtures.sickLeaveRank
        response.country = GroupStatistics(mean: 7.9, median: 7.8, minimum: 5.1, maximum: 9.9, count: 20, members: 290)
        for index in response.rows.indices { response.rows[index].colour = .grey }
        return response
    }

    @Test func aSyntheticFigureIsStarredAtTheFigureAndRealFiguresNever() throws {
        let text = render()
        let halmstad = try #require(line(text, containing: "Halmstad"))
        #expect(halmstad.contains("8,3\u{A0}%*"))
        #expect(!halmstad.contains("Halmstad *"))
        for name in ["Växjö", "Kalmar", "Kristianstad", "Karlskrona", "Medelvärde", "Median"] {
            #expect(try !#require(line(text, containing: name)).contains("*"), "\(name)")
        }
        // A synthetic flag on a row without a figure marks nothing.
        var response = Fixtures.sickLeaveRank
        response.rows[3].synthetic = nil
        response.rows[4].synthetic = true
        let none = render(response)
        #expect(!none.contains("*"))
        #expect(!none.contains("Syntetisk"))
    }

    @Test func aChangeAgainstASyntheticFigureIsMarkedAndExplained() throws {
        var response = Fixtures.sickLeaveRank
        response.rows[3].synthetic = nil
        response.rows[1].syntheticChange = true
        let text = render(response)
        #expect(try #require(line(text, containing: "Kalmar")).hasSuffix("→ +0,1*"))
        #expect(try #require(line(text, containing: "Växjö")).hasSuffix("↘ −0,3"))
        #expect(text.contains("\n* Förändringen jämförs med en syntetisk siffra.\n"))
        // Only the note for the kind that occurs.
        #expect(!text.contains("Syntetisk demosiffra"))
        #expect(
            render(response, options: RenderOptions(locale: .en)).contains(
                "* The change is measured against a synthetic figure."
            )
        )
        let markdown = render(response, options: RenderOptions(format: .markdown))
        #expect(markdown.contains("| → +0,1\\* |"))
        let csv = render(response, options: RenderOptions(format: .csv, locale: .en)).components(separatedBy: "\n")
        #expect(csv[0].hasSuffix(",synthetic,synthetic_change"))
        #expect(csv.contains { $0.contains(",0880,Kalmar,") && $0.hasSuffix(",no,yes") })
        let json = render(response, options: RenderOptions(format: .json))
        #expect(json.contains("\"syntheticChange\": true"))
    }

    @Test func bothKindsOfSyntheticMarksHaveTheirOwnNote() {
        var response = Fixtures.sickLeaveRank
        response.rows[3].syntheticChange = true
        let text = render(response, options: RenderOptions(locale: .en))
        #expect(text.contains("8.3%*"))
        #expect(text.contains("↗ +0.6*"))
        #expect(text.contains("\n* Synthetic demo figure, not a real outcome.\n"))
        #expect(text.contains("\n* The change is measured against a synthetic figure.\n"))
    }

    @Test func withValuesForFewerThanHalfOfTheCountryThereIsNoCountryMeanAndNoColourLegend() {
        let text = render(partialCountry)
        #expect(!text.contains("Medelvärde riket"))
        #expect(!text.contains("Färgklass bland"))
        #expect(
            text.contains(
                "Riksmedel och färgklasser visas inte: bara 20 av 290 kommuner i riket har ett värde som du får se."
            )
        )
        #expect(text.contains("Medelvärde KKVH (4 av 5)"))
        let english = render(partialCountry, options: RenderOptions(locale: .en, width: 200))
        #expect(!english.contains("Country mean"))
        #expect(!english.contains("Colour class among"))
        #expect(
            english.contains(
                "No country mean or colour classes: only 20 of 290 municipalities have a value you may see."
            )
        )
    }

    @Test func withValuesForFewerThanHalfOfTheCountryEveryFormatLeavesTheCountryOut() {
        let markdown = render(partialCountry, options: RenderOptions(format: .markdown))
        #expect(!markdown.contains("Medelvärde riket"))
        #expect(!markdown.contains("Färgklass"))
        #expect(!markdown.contains("grå"))
        #expect(markdown.contains("Riksmedel och färgklasser visas inte: bara 20 av 290 kommuner"))
        let csv = render(partialCountry, options: RenderOptions(format: .csv, locale: .en))
        #expect(!csv.contains("country-mean"))
        #expect(csv.contains(",mean,,,Mean KKVH,"))
        let json = render(partialCountry, options: RenderOptions(format: .json))
        #expect(json.contains("\"countryComplete\": false"))
        // The numbers are kept, for whoever reads the JSON.
        #expect(json.contains("\"mean\": 7.9"))
        #expect(render(options: RenderOptions(format: .json)).contains("\"countryComplete\": true"))
    }

    @Test func exactlyHalfOfTheCountryIsEnough() {
        var response = Fixtures.sickLeaveRank
        response.country?.count = 145
        let text = render(response)
        #expect(text.contains("Medelvärde riket (145 av 290)"))
        #expect(text.contains("Färgklass bland"))
    }

    @Test func aSetThatIsThePartlyVisibleCountryShowsNoMeanEither() {
        var response = partialCountry
        response.group = response.country ?? response.group
        let text = Views.rank(
            response,
            indicator: Fixtures.sickLeave,
            setLabel: "riket",
            focus: nil,
            options: RenderOptions()
        )
        #expect(!text.contains("Medelvärde riket"))
        #expect(!text.contains("Median riket"))
        #expect(!text.contains("───"))
        #expect(text.contains("Riksmedel och färgklasser visas inte"))
    }

    @Test func arrowsLineUpAndNumbersAreRightAlignedAfterThem() throws {
        var response = Fixtures.longNamesRank
        response.rows[0].change = 0
        response.rows[1].change = 1
        response.rows[2].change = -12
        let text = Views.rank(response, indicator: Fixtures.hme, setLabel: "3", focus: nil, options: RenderOptions())
        let zero = try #require(line(text, containing: "Enköpings"))
        let one = try #require(line(text, containing: "Testort"))
        let twelve = try #require(line(text, containing: "Strängnäs"))
        #expect(zero.hasSuffix("→   0"))
        #expect(one.hasSuffix("→  +1"))
        #expect(twelve.hasSuffix("↘ −12"))
        let arrowColumn = { (line: String) in TextWidth.of(String(line.prefix { !"→↗↘".contains($0) })) }
        #expect(arrowColumn(zero) == arrowColumn(one))
        #expect(arrowColumn(one) == arrowColumn(twelve))

        var sick = Fixtures.sickLeaveRank
        sick.rows[0].change = 0
        sick.rows[2].change = -0.8
        let percent = render(sick)
        #expect(try #require(line(percent, containing: "Växjö")).hasSuffix("→  0,0"))
        #expect(try #require(line(percent, containing: "Kristianstad")).hasSuffix("↘ −0,8"))
    }

    @Test func markdownExplainsTheColourClassesInWords() {
        let text = render(options: RenderOptions(format: .markdown))
        #expect(
            text.contains(
                "\nFärgklass bland alla kommuner med värde (som i Kolada): grön för bästa fjärdedelen,"
                    + " gul för mittenhalvan, röd för sämsta fjärdedelen.\n"
            )
        )
        let english = render(options: RenderOptions(format: .markdown, locale: .en))
        #expect(english.contains("green for the best quarter, yellow for the middle half, red for the worst quarter."))
    }

    @Test func partialCountrySnapshot() {
        assertSnapshot(render(partialCountry), named: "rank.table-partial-country")
    }
}
