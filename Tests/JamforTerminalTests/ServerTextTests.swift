import JamforWire
import Testing

@testable import JamforTerminal

/// Text from the server cannot reach the terminal as control characters, in any view or format.
@Suite struct ServerTextTests {
    /// An OSC sequence that would retitle the terminal window, ended by BEL.
    static let hostile = "\u{1B}]0;pwned\u{07}"
    static let cleaned = "\u{FFFD}]0;pwned\u{FFFD}"

    @Test func controlCharactersBecomeReplacementCharacters() {
        #expect(ServerText.clean(Self.hostile) == Self.cleaned)
        #expect(ServerText.clean("a\rb\nc\td\u{0}e\u{7F}f") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f")
        // C1 controls, such as the single-byte CSI U+009B.
        #expect(ServerText.clean("\u{9B}31m\u{80}\u{9F}") == "\u{FFFD}31m\u{FFFD}\u{FFFD}")
        // Everything else is kept, wide and combining characters too.
        #expect(ServerText.clean("Va\u{0308}xjö 東京 ● 7,5\u{A0}%") == "Va\u{0308}xjö 東京 ● 7,5\u{A0}%")
        #expect(ServerText.clean("\u{A0}\u{A1}") == "\u{A0}\u{A1}")
    }

    /// Every view, with the hostile text in every string the server sends.
    static let renders: [(name: String, render: @Sendable (RenderOptions) -> String)] = {
        let evil = hostile
        var indicator = Fixtures.sickLeave
        indicator.titleSv += evil
        indicator.titleEn += evil
        indicator.unit += evil
        indicator.koladaID = "N\(evil)"
        var rank = Fixtures.sickLeaveRank
        rank.rows[0].name += evil
        rank.rows[4].status = ".\(evil)"
        rank.previousPeriod = "2023-08\(evil)"
        var compare = Fixtures.fourMCompare
        compare.rows[1].name += evil
        compare.indicators[0] += evil
        var compareIndicators = Fixtures.indicators
        compareIndicators[0].id += evil
        compareIndicators[0].titleSv += evil
        var trend = Fixtures.enkopingTrend
        trend.periods[0] += evil
        trend.targets?[0].status += evil
        trend.series[1].label += evil
        var names = Fixtures.trendNames(.sv)
        names["0381"] = "Enköping\(evil)"
        names["4m\(evil)"] = "4M\(evil)"
        let municipalities = [MunicipalityInfo(code: "0381\(evil)", name: "Enköping\(evil)", county: "Uppsala\(evil)")]
        let networks = [NetworkInfo(id: "4m\(evil)", name: "4M\(evil)", members: ["0381\(evil)", "9999\(evil)"])]
        var submit = Fixtures.submit
        submit.rejected[0].reason += evil
        return renders(
            indicator: indicator,
            rank: rank,
            compare: compare,
            compareIndicators: compareIndicators,
            trend: trend,
            names: names,
            municipalities: municipalities,
            networks: networks,
            submit: submit
        )
    }()

    private static func renders(
        indicator: IndicatorInfo,
        rank: RankResponse,
        compare: CompareResponse,
        compareIndicators: [IndicatorInfo],
        trend: TrendResponse,
        names: [String: String],
        municipalities: [MunicipalityInfo],
        networks: [NetworkInfo],
        submit: SubmitResponse
    ) -> [(name: String, render: @Sendable (RenderOptions) -> String)] {
        let evil = hostile
        return [
            ("indicators", { Views.indicators([indicator], options: $0) }),
            ("municipalities", { Views.municipalities(municipalities, options: $0) }),
            ("networks", { Views.networks(networks, municipalities: municipalities, options: $0) }),
            ("rank", { Views.rank(rank, indicator: indicator, setLabel: "KKVH\(evil)", focus: "0880", options: $0) }),
            (
                "compare",
                {
                    Views.compare(
                        compare,
                        indicators: compareIndicators,
                        weights: [2],
                        setLabel: "4M\(evil)",
                        focus: "0381",
                        options: $0
                    )
                }
            ),
            ("trend", { Views.trend(trend, indicator: indicator, names: names, scope: "ks\(evil)", options: $0) }),
            ("submit", { Views.submit(submit, file: "data\(evil).tsv", lines: Fixtures.submitLines, options: $0) }),
        ]
    }

    @Test func noViewPassesAControlCharacterThroughInAnyFormat() {
        for (name, render) in Self.renders {
            for options in RenderOptions.allFormats {
                let text = render(options)
                // Only the views' own SGR escapes (ESC [ … m) may remain, and only in coloured tables.
                let escapes = ANSIScanner.pieces(of: text).compactMap { piece -> String? in
                    if case .escape(let sequence) = piece { return sequence }
                    return nil
                }
                #expect(escapes.allSatisfy { $0.hasPrefix("\u{1B}[") && $0.hasSuffix("m") }, "\(name) \(options)")
                #expect(options.usesColour || escapes.isEmpty, "\(name) \(options)")
                #expect(!text.contains("\u{1B}]"), "\(name) \(options)")
                let stray = text.unicodeScalars.filter { ServerText.isControl($0) && $0 != "\n" && $0 != "\u{1B}" }
                #expect(stray.isEmpty, "\(name) \(options): \(stray.map(\.value))")
                #expect(text.contains("pwned"), "\(name) \(options)")
                // JSON would escape a control character as \u001b rather than show U+FFFD.
                #expect(!text.contains("\\u001b") && !text.contains("\\u0007"), "\(name) \(options)")
            }
        }
    }

    @Test func theNamesShowTheReplacementWhereTheControlsWere() {
        let rank = Self.renders.first { $0.name == "rank" }!.render
        #expect(rank(RenderOptions(width: 200)).contains("Växjö" + Self.cleaned))
        #expect(rank(RenderOptions(format: .json)).contains("\"name\": \"Växjö" + Self.cleaned + "\""))
        // The ";" of the OSC sequence makes the field quoted.
        #expect(rank(RenderOptions(format: .csv)).contains(";\"Växjö" + Self.cleaned + "\";"))
        let submit = Self.renders.first { $0.name == "submit" }!.render
        #expect(submit(RenderOptions(format: .markdown)).contains(Self.cleaned))
    }
}
