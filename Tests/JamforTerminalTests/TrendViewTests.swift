import JamforWire
import Testing

@testable import JamforTerminal

@Suite struct TrendViewTests {
    private func render(_ options: RenderOptions) -> String {
        Views.trend(
            Fixtures.enkopingTrend,
            indicator: Fixtures.sickLeave,
            names: Fixtures.trendNames(options.locale),
            options: options
        )
    }

    @Test(arguments: Variant.standard)
    func snapshot(_ variant: Variant) {
        assertSnapshot(render(variant.options), named: "trend." + variant.name)
    }
}

@Suite struct TrendViewContentTests {
    private func render(_ response: TrendResponse = Fixtures.enkopingTrend, options: RenderOptions = RenderOptions())
        -> String
    {
        Views.trend(
            response,
            indicator: Fixtures.sickLeave,
            names: Fixtures.trendNames(options.locale),
            options: options
        )
    }

    private func line(_ text: String, startingWith prefix: String) -> String? {
        text.split(separator: "\n").map(String.init).first { $0.hasPrefix(prefix) }
    }

    @Test func eachPeriodHasValueMeansDifferenceTargetAndStatus() throws {
        let text = render()
        #expect(
            try #require(line(text, startingWith: "2020")).hasSuffix(
                "8,6 %     8,3 %          7,8 %          +0,3  7,0 %  går åt fel håll"
            )
        )
        #expect(try #require(line(text, startingWith: "2022")).contains("−0,1"))
        #expect(try #require(line(text, startingWith: "2024")).hasSuffix("5,6 %  värde saknas"))
    }

    @Test func sparklinesShareOneScale() throws {
        let text = render()
        #expect(try #require(line(text, startingWith: "Enköping  ")).hasSuffix("▃█▄▅▃·"))
        #expect(try #require(line(text, startingWith: "Medel 4M")).hasSuffix("▂▇▄▅▃▂"))
        #expect(text.contains("delar skala: ▁ 6,9 % till █ 8,6 %"))
    }

    @Test func statusesAreColoured() throws {
        let text = render(options: RenderOptions(colour: true))
        #expect(try #require(line(text, startingWith: "2021")).hasSuffix("\u{1B}[32muppnått\u{1B}[0m"))
        #expect(try #require(line(text, startingWith: "2023")).hasSuffix("\u{1B}[32mförbättras\u{1B}[0m"))
        #expect(try #require(line(text, startingWith: "2020")).hasSuffix("\u{1B}[31mgår åt fel håll\u{1B}[0m"))
        #expect(try #require(line(text, startingWith: "2019")).hasSuffix("\u{1B}[31mej uppnått\u{1B}[0m"))
        #expect(try #require(line(text, startingWith: "2022")).hasSuffix("oförändrat"))
    }

    @Test func englishWordsAndTheCountrysMean() {
        let text = render(options: RenderOptions(locale: .en))
        #expect(text.contains("Country mean *"))
        #expect(text.contains("moving away"))
        #expect(text.contains("* Synthetic demo figures, not real outcomes."))
    }

    @Test func withoutTargetsOrGroupsTheColumnsAreLeftOut() throws {
        var response = Fixtures.enkopingTrend
        response.targets = nil
        response.series = [response.series[0]]
        let text = render(response)
        let header = try #require(line(text, startingWith: "Period"))
        #expect(header == "Period  Enköping")
        #expect(!text.contains("Syntetiska"))
    }

    @Test func everyMunicipalitySeriesGetsItsOwnBlock() {
        var response = Fixtures.enkopingTrend
        response.series.insert(TrendSeries(kind: .municipality, label: "1980", values: [6, 6, 6, 6, 6, 6]), at: 1)
        let text = render(response)
        #expect(text.contains("— Enköping\n"))
        #expect(text.contains("— 1980\n"))
    }

    @Test func targetsOfPartYearPeriodsMatchTheirYear() throws {
        let response = TrendResponse(
            indicator: "sick-leave",
            periods: ["2022-08", "2023-08"],
            series: [TrendSeries(kind: .municipality, label: "0381", values: [8.1, 7.5])],
            targets: [TrendTarget(municipality: "0381", year: 2023, value: 5.6, status: "improving")]
        )
        let text = render(response)
        #expect(try #require(line(text, startingWith: "2023 jan–aug")).hasSuffix("5,6 %  förbättras"))
        #expect(try #require(line(text, startingWith: "2022 jan–aug")).hasSuffix("8,1 %"))
    }

    @Test func csvAndJsonKeepRawPeriodsAndNulls() {
        let csv = render(options: RenderOptions(format: .csv, locale: .en))
        #expect(csv.contains("sick-leave,2024,municipality,0381,Enköping,,,5.6,no value,no\n"))
        let json = render(options: RenderOptions(format: .json))
        #expect(json.contains("\"2024\""))
        #expect(json.contains("null"))
        #expect(!json.contains("nan"))
    }
}
