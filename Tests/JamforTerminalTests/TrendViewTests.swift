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
                "8,6\u{A0}%     8,3\u{A0}%        7,8\u{A0}%*          +0,3  7,0\u{A0}%  går åt fel håll"
            )
        )
        #expect(try #require(line(text, startingWith: "2022")).contains("−0,1"))
        #expect(try #require(line(text, startingWith: "2024")).hasSuffix("5,6\u{A0}%  värde saknas"))
    }

    @Test func sparklinesShareOneScale() throws {
        let text = render()
        #expect(try #require(line(text, startingWith: "Enköping  ")).hasSuffix("▃█▄▅▃·"))
        #expect(try #require(line(text, startingWith: "Medel 4M")).hasSuffix("▂▇▄▅▃▂"))
        #expect(text.contains("delar skala: ▁ 6,9\u{A0}% till █ 8,6\u{A0}%"))
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
        #expect(text.contains("Country mean"))
        #expect(text.contains("moving away"))
        #expect(text.contains("* Synthetic demo figure or computed from such, not a real outcome."))
    }

    @Test func withoutTargetsOrGroupsTheColumnsAreLeftOut() throws {
        var response = Fixtures.enkopingTrend
        response.targets = nil
        response.series = [response.series[0]]
        let text = render(response)
        let header = try #require(line(text, startingWith: "Period"))
        #expect(header == "Period  Enköping")
        #expect(!text.contains("Syntetisk"))
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
        #expect(try #require(line(text, startingWith: "2023 jan–aug")).hasSuffix("5,6\u{A0}%  förbättras"))
        #expect(try #require(line(text, startingWith: "2022 jan–aug")).hasSuffix("8,1\u{A0}%"))
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

@Suite struct TrendViewMarkingTests {
    private func render(
        _ response: TrendResponse = Fixtures.enkopingTrend,
        scope: String = "kommun",
        gender: String = "T",
        options: RenderOptions = RenderOptions()
    ) -> String {
        Views.trend(
            response,
            indicator: Fixtures.sickLeave,
            names: Fixtures.trendNames(options.locale),
            scope: scope,
            gender: gender,
            options: options
        )
    }

    private func line(_ text: String, startingWith prefix: String) -> String? {
        text.split(separator: "\n").map(String.init).first { $0.hasPrefix(prefix) }
    }

    /// Enköping's part-year figures: 4M's mean of 2024 stands on one member, the country's on 12 of 290
    /// (a period only a network reports), and only that country mean is synthetic.
    static let partYear = TrendResponse(
        indicator: "sick-leave",
        periods: ["2022-08", "2023-08", "2024-08"],
        series: [
            TrendSeries(kind: .municipality, label: "0381", values: [8.1, 7.5, 7.0]),
            TrendSeries(kind: .groupMean, label: "4m", values: [7.9, 7.6, 7.2], counts: [4, 4, 1]),
            TrendSeries(
                kind: .groupMean,
                label: "country",
                values: [7.4, 7.2, 6.8],
                counts: [290, 288, 12],
                synthetic: true,
                syntheticValues: [false, false, true]
            ),
        ]
    )

    @Test func onlyTheSyntheticValuesAreStarredNotTheirColumn() throws {
        let text = render(Self.partYear)
        #expect(try #require(line(text, startingWith: "Period")).contains("Medel riket  "))
        #expect(!text.contains("riket *"))
        #expect(!text.contains("Medel riket*"))
        #expect(try #require(line(text, startingWith: "2024 jan–aug")).contains("6,8\u{A0}%*"))
        #expect(try !#require(line(text, startingWith: "2023 jan–aug")).contains("*"))
        #expect(try !#require(line(text, startingWith: "2022 jan–aug")).contains("*"))
        #expect(text.contains("* Syntetisk demosiffra eller beräknad av sådana, inte verkligt utfall."))
        let csv = render(Self.partYear, options: RenderOptions(format: .csv, locale: .en))
        #expect(csv.contains("sick-leave,2023-08,group-mean,country,the country,7.2,288,,,no\n"))
        #expect(csv.contains("sick-leave,2024-08,group-mean,country,the country,6.8,12,,,yes\n"))
    }

    @Test func withoutPerValueFlagsTheSeriesFlagStarsEveryValue() throws {
        let text = render()
        for year in 2019...2024 {
            #expect(try #require(line(text, startingWith: String(year))).contains("%*"), "\(year)")
        }
        // Enköping's own figures are real.
        #expect(try #require(line(text, startingWith: "2019")).hasPrefix("2019       7,4\u{A0}%     7,1\u{A0}%"))
    }

    @Test func meansOfFewerThanHalfTheMembersShowTheirCount() throws {
        let text = render(Self.partYear)
        let latest = try #require(line(text, startingWith: "2024 jan–aug"))
        #expect(latest.contains("7,2\u{A0}% (1)"))
        #expect(latest.contains("6,8\u{A0}%* (12)"))
        #expect(try !#require(line(text, startingWith: "2023 jan–aug")).contains("("))
        #expect(text.contains("\n(n) Medel av bara n kommuner.\n"))
        #expect(
            render(Self.partYear, options: RenderOptions(locale: .en)).contains("(n) Mean of only n municipalities.")
        )
        #expect(!render().contains("(n)"))
        let markdown = render(Self.partYear, options: RenderOptions(format: .markdown))
        #expect(markdown.contains("| 7,2\u{A0}% (1) | 6,8\u{A0}%\\* (12) |"))
    }

    @Test func aCountrySeriesThatIsThinThroughoutIsMarkedAgainstTheWholeCountry() throws {
        var response = Self.partYear
        response.series[2].counts = [14, 13, 12]
        let text = render(response)
        #expect(try #require(line(text, startingWith: "2022 jan–aug")).contains("7,4\u{A0}% (14)"))
        // A network's mean is measured against its own largest count.
        #expect(try !#require(line(text, startingWith: "2022 jan–aug")).contains("7,9\u{A0}% ("))
    }

    @Test func theTitleNamesTheGenderAndTheExecutiveBoardsScope() {
        #expect(render().hasPrefix("Sjukfrånvaro, andel av ordinarie arbetstid — Enköping\n"))
        #expect(
            render(scope: "ks", gender: "K")
                .hasPrefix("Sjukfrånvaro, andel av ordinarie arbetstid — Enköping, KS, kvinnor\n")
        )
        #expect(
            render(scope: "kommun", gender: "M", options: RenderOptions(locale: .en))
                .hasPrefix("Sick leave, share of ordinary working hours — Enköping, men\n")
        )
        #expect(
            render(scope: "ks", gender: "K", options: RenderOptions(format: .markdown))
                .hasPrefix("### Sjukfrånvaro, andel av ordinarie arbetstid — Enköping, KS, kvinnor\n")
        )
        #expect(render(gender: "K", options: RenderOptions(format: .json)).contains("— Enköping, kvinnor\""))
    }

    @Test func thePartYearCaptionNamesTheYearsAndTheMonthsOnce() {
        let text = render(Self.partYear)
        #expect(text.contains("Kurvorna 2022–2024, jan–aug, delar skala:"))
        #expect(!text.contains("aug–2024"))
        #expect(
            render(Self.partYear, options: RenderOptions(locale: .en)).contains("The curves 2022–2024, Jan–Aug, share")
        )
        #expect(render().contains("Kurvorna 2019–2024 delar skala:"))
    }

    @Test func withColourTheMunicipalitysFigureIsGreenWhenBetterThanTheGroupAndRedWhenWorse() throws {
        let text = render(options: RenderOptions(colour: true))
        // Sick leave: lower is better. 7,4 against 4M's 7,1 is worse; 7,8 against 7,9 better.
        #expect(try #require(line(text, startingWith: "2019")).contains("\u{1B}[31m7,4\u{A0}%\u{1B}[0m"))
        #expect(try #require(line(text, startingWith: "2022")).contains("\u{1B}[32m7,8\u{A0}%\u{1B}[0m"))
        // Equal at the shown decimals: no colour.
        var response = Fixtures.enkopingTrend
        response.series[0].values[1] = 8.3000000001
        #expect(
            try #require(line(render(response, options: RenderOptions(colour: true)), startingWith: "2020")).contains(
                "  8,3\u{A0}%"
            )
        )
        // Higher is better turns it round.
        let hme = Views.trend(
            TrendResponse(
                indicator: "hme",
                periods: ["2023"],
                series: [
                    TrendSeries(kind: .municipality, label: "0381", values: [80]),
                    TrendSeries(kind: .groupMean, label: "4m", values: [78], counts: [4]),
                ]
            ),
            indicator: Fixtures.hme,
            names: Fixtures.trendNames(.sv),
            options: RenderOptions(colour: true)
        )
        #expect(try #require(line(hme, startingWith: "2023")).contains("\u{1B}[32m80\u{1B}[0m"))
    }

    @Test func partYearSnapshot() {
        assertSnapshot(render(Self.partYear, scope: "ks", gender: "K"), named: "trend.table-part-year")
    }
}
