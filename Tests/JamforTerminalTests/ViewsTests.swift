import JamforWire
import Testing

@testable import JamforTerminal

/// Properties every view has in every format.
@Suite struct ViewsTests {
    /// Every view over the fixtures.
    static let renders: [(name: String, render: @Sendable (RenderOptions) -> String)] = [
        ("indicators", { Views.indicators(Fixtures.indicators, options: $0) }),
        ("municipalities", { Views.municipalities(Fixtures.municipalities, options: $0) }),
        ("networks", { Views.networks(Fixtures.networks, municipalities: Fixtures.municipalities, options: $0) }),
        (
            "rank",
            {
                Views.rank(
                    Fixtures.sickLeaveRank,
                    indicator: Fixtures.sickLeave,
                    setLabel: "KKVH",
                    focus: "0880",
                    options: $0
                )
            }
        ),
        (
            "rank-long-names",
            {
                Views.rank(
                    Fixtures.longNamesRank,
                    indicator: Fixtures.hme,
                    setLabel: "3 kommuner",
                    focus: "9901",
                    options: $0
                )
            }
        ),
        (
            "compare",
            {
                Views.compare(
                    Fixtures.fourMCompare,
                    indicators: Fixtures.indicators,
                    weights: Fixtures.compareWeights,
                    setLabel: "4M",
                    focus: "0381",
                    options: $0
                )
            }
        ),
        (
            "trend",
            {
                Views.trend(
                    Fixtures.enkopingTrend,
                    indicator: Fixtures.sickLeave,
                    names: Fixtures.trendNames($0.locale),
                    options: $0
                )
            }
        ),
        ("submit", { Views.submit(Fixtures.submit, file: "data.tsv", lines: Fixtures.submitLines, options: $0) }),
    ]

    static let allOptions: [RenderOptions] = OutputFormat.allCases.flatMap { format in
        DisplayLocale.allCases.flatMap { locale in
            [40, 60, 100].map { RenderOptions(format: format, locale: locale, width: $0) }
        }
    }

    @Test func noEscapeCodesWithoutColour() {
        for (name, render) in Self.renders {
            for options in Self.allOptions {
                #expect(!render(options).contains("\u{1B}"), "\(name) \(options)")
            }
        }
    }

    @Test func colourAsksForItIsStillOffOutsideTables() {
        for (name, render) in Self.renders {
            for format in OutputFormat.allCases where format != .table {
                let text = render(RenderOptions(format: format, colour: true))
                #expect(!text.contains("\u{1B}"), "\(name) \(format)")
            }
        }
    }

    @Test func everyRenderEndsInOneNewline() {
        for (name, render) in Self.renders {
            for options in Self.allOptions {
                let text = render(options)
                #expect(text.hasSuffix("\n"), "\(name) \(options)")
                #expect(!text.hasSuffix("\n\n") && !text.hasSuffix("\n\r\n"), "\(name) \(options)")
            }
        }
    }

    @Test(arguments: [40, 41, 50, 60, 72, 80, 100, 132])
    func noTableLineIsWiderThanAskedFor(width: Int) {
        for (name, render) in Self.renders {
            for locale in DisplayLocale.allCases {
                for colour in [false, true] {
                    let text = render(RenderOptions(format: .table, locale: locale, colour: colour, width: width))
                    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                        #expect(TextWidth.of(String(line)) <= width, "\(name) \(locale) width \(width): \(line)")
                    }
                }
            }
        }
    }

    @Test func everyColouredSpanIsReset() {
        for (name, render) in Self.renders {
            let text = render(RenderOptions(format: .table, colour: true))
            for line in text.split(separator: "\n") {
                // Every line ends with its styles reset: the last escape on a line is a reset.
                let escapes = ANSIScanner.pieces(of: String(line)).compactMap { piece -> String? in
                    if case .escape(let sequence) = piece { return sequence }
                    return nil
                }
                var open = false
                for escape in escapes {
                    #expect(escape == ANSIStyle.reset || !open, "\(name): style opened inside a style: \(line)")
                    open = escape != ANSIStyle.reset
                }
                #expect(!open, "\(name): unreset style: \(line)")
            }
        }
    }

    @Test func colourOnlyAddsEscapes() {
        for (name, render) in Self.renders {
            for width in [40, 60, 100] {
                let plain = render(RenderOptions(format: .table, colour: false, width: width))
                let coloured = TextWidth.stripANSI(render(RenderOptions(format: .table, colour: true, width: width)))
                switch name {
                case "compare":
                    // Backgrounds stand in for the score glyphs; the table keeps its layout.
                    let widths = { (text: String) in tableLines(text).map { TextWidth.of($0) } }
                    let glyphless = tableLines(plain).map { line in
                        String(line.map { "▁▂▄▆█".contains($0) ? " " : $0 })
                    }
                    #expect(widths(plain) == widths(coloured), "\(name) width \(width)")
                    #expect(
                        glyphless.map(trimmed) == tableLines(coloured).map(trimmed),
                        "\(name) width \(width)"
                    )
                case "rank", "rank-long-names":
                    // The change note says what green and red mean; the table is the same.
                    #expect(tableLines(plain) == tableLines(coloured), "\(name) width \(width)")
                default:
                    #expect(plain == coloured, "\(name) width \(width)")
                }
            }
        }
    }

    /// The lines between the first and the second blank line: the table under a title.
    private func tableLines(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let blanks = lines.indices.filter { lines[$0].isEmpty }
        guard blanks.count >= 2 else { return lines }
        return Array(lines[(blanks[0] + 1)..<blanks[1]])
    }

    private func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}

/// Odd answers render without trapping: empty sets, values far out of range, arrays of the wrong length.
@Suite struct ViewsRobustnessTests {
    private let options = RenderOptions.allFormats

    @Test func emptyAnswersRender() {
        for options in options {
            let rank = RankResponse(
                indicator: "hme",
                period: "2023",
                scope: "kommun",
                gender: "T",
                rows: [],
                group: GroupStatistics(count: 0, members: 0)
            )
            #expect(
                Views.rank(rank, indicator: Fixtures.hme, setLabel: "", focus: nil, options: options).hasSuffix("\n")
            )
            let compare = CompareResponse(indicators: [], period: "2023", rows: [])
            #expect(
                Views.compare(compare, indicators: [], weights: [], setLabel: "", focus: nil, options: options)
                    .hasSuffix("\n")
            )
            let trend = TrendResponse(indicator: "hme", periods: [], series: [])
            #expect(Views.trend(trend, indicator: Fixtures.hme, names: [:], options: options).hasSuffix("\n"))
            #expect(Views.indicators([], options: options).hasSuffix("\n"))
            #expect(Views.municipalities([], options: options).hasSuffix("\n"))
            #expect(Views.networks([], municipalities: [], options: options).hasSuffix("\n"))
            let submit = SubmitResponse(inserted: 0, updated: 0, unchanged: 0, rejected: [])
            #expect(Views.submit(submit, file: "", lines: [], options: options).hasSuffix("\n"))
        }
    }

    @Test func extremeNumbersRender() {
        var rank = Fixtures.sickLeaveRank
        rank.rows[0].value = -1e308
        rank.rows[1].value = 1e308
        rank.rows[2].value = .infinity
        rank.rows[3].change = .nan
        rank.rows[3].score = 1e300
        rank.group.mean = .nan
        var compare = Fixtures.fourMCompare
        compare.rows[0].scores = [1e300, -1e300, .infinity]
        compare.rows[1].values = []
        compare.rows[2].composite = 1e300
        compare.rows[3].coverage = .nan
        var trend = Fixtures.enkopingTrend
        trend.series[0].values = [-1e308, 1e308]
        trend.series[1].values = [.infinity, -.infinity, .nan]
        for options in options {
            #expect(
                Views.rank(rank, indicator: Fixtures.sickLeave, setLabel: "KKVH", focus: "0880", options: options)
                    .hasSuffix("\n")
            )
            #expect(
                Views.compare(
                    compare,
                    indicators: Fixtures.indicators,
                    weights: [.nan],
                    setLabel: "4M",
                    focus: nil,
                    options: options
                ).hasSuffix("\n")
            )
            #expect(Views.trend(trend, indicator: Fixtures.sickLeave, names: [:], options: options).hasSuffix("\n"))
        }
    }

    @Test func rejectionIndicesPastTheLinesAreNamedByNumber() {
        let response = SubmitResponse(
            inserted: 0,
            updated: 0,
            unchanged: 0,
            rejected: [Rejection(index: UInt32.max, code: .invalidArgument, reason: "bad")]
        )
        let text = Views.submit(response, file: "f.tsv", lines: [1], options: RenderOptions(locale: .en))
        #expect(text.contains("f.tsv: figure #4294967296: bad"))
    }
}

extension RenderOptions {
    /// Every format in both locales, tables with and without colour.
    static let allFormats: [RenderOptions] = OutputFormat.allCases.flatMap { format in
        DisplayLocale.allCases.flatMap { locale in
            [false, true].map { RenderOptions(format: format, locale: locale, colour: $0) }
        }
    }
}

/// CSV and JSON keep figures exact and round what is computed from them, so that noise does not show.
@Suite struct ExportNumberTests {
    @Test func rankExportsRoundDerivedStatisticsOnly() {
        var response = Fixtures.sickLeaveRank
        response.rows[0].value = 6.123_456_789
        response.rows[0].score = 39.999_999_999_999_98
        response.rows[0].zScore = 0.300_000_000_000_000_04
        response.rows[0].change = -0.300_000_000_000_000_27
        response.group.mean = 7.225_000_000_000_01
        response.group.minimum = 6.123_456_789
        func render(_ options: RenderOptions) -> String {
            Views.rank(response, indicator: Fixtures.sickLeave, setLabel: "KKVH", focus: nil, options: options)
        }
        let csv = render(RenderOptions(format: .csv, locale: .sv))
        #expect(csv.contains(";0780;Va\u{0308}xjö;6,123456789;;grön;-0,3;40;0,3;;nej;nej\n"))
        #expect(csv.contains(";Medelvärde KKVH;7,225;"))
        let json = render(RenderOptions(format: .json))
        #expect(json.contains("\"value\": 6.123456789"))
        #expect(json.contains("\"minimum\": 6.123456789"))
        #expect(json.contains("\"score\": 40,"))
        #expect(json.contains("\"zScore\": 0.3\n"))
        #expect(json.contains("\"change\": -0.3,"))
        #expect(json.contains("\"mean\": 7.225,"))
        #expect(!json.contains("99999") && !json.contains("00000"))
    }

    @Test func compareAndTrendExportsRoundDerivedStatisticsOnly() {
        var compare = Fixtures.fourMCompare
        compare.rows[1].values[1] = 7.512_345_678
        compare.rows[1].composite = 39.999_999_999_999_98
        compare.rows[1].coverage = 2.0 / 3.0
        let csv = Views.compare(
            compare,
            indicators: Fixtures.indicators,
            weights: [],
            setLabel: "4M",
            focus: nil,
            options: RenderOptions(format: .csv, locale: .en)
        )
        #expect(csv.contains("2023,2,0381,Enköping,79,50,7.512345678,100,71,71.4286,10.3,77.2727,40,0.6667,no\n"))
        var trend = Fixtures.enkopingTrend
        trend.series[0].values[0] = 7.412_345_678
        trend.series[1].values[0] = 7.300_000_000_000_01
        let json = Views.trend(trend, indicator: Fixtures.sickLeave, names: [:], options: RenderOptions(format: .json))
        #expect(json.contains("7.412345678"))
        #expect(json.contains("        7.3,\n"))
        #expect(!json.contains("7.30000"))
    }

    @Test func displayedNumbersRoundHalvesAwayFromZero() throws {
        var response = Fixtures.longNamesRank
        response.rows[0].value = 78.5
        response.group.mean = 78.5
        let text = Views.rank(response, indicator: Fixtures.hme, setLabel: "3", focus: nil, options: RenderOptions())
        let line = try #require(text.split(separator: "\n").first { $0.contains("Enköpings") })
        #expect(line.contains(" 79 "))
        let mean = try #require(text.split(separator: "\n").first { $0.hasPrefix("Medelvärde 3 (3 av 4)") })
        #expect(mean.contains(" 79 "))
    }
}
