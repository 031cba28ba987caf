import JamforWire
import Testing

@testable import JamforTerminal

@Suite struct CompareViewTests {
    private func render(_ options: RenderOptions, weights: [Double] = Fixtures.compareWeights) -> String {
        Views.compare(
            Fixtures.fourMCompare,
            indicators: Fixtures.indicators,
            weights: weights,
            setLabel: "4M",
            focus: "0381",
            options: options
        )
    }

    @Test(arguments: Variant.withNarrow)
    func snapshot(_ variant: Variant) {
        assertSnapshot(render(variant.options), named: "compare." + variant.name)
    }
}

@Suite struct CompareViewContentTests {
    private func render(
        _ response: CompareResponse = Fixtures.fourMCompare,
        weights: [Double] = Fixtures.compareWeights,
        options: RenderOptions = RenderOptions()
    ) -> String {
        Views.compare(
            response,
            indicators: Fixtures.indicators,
            weights: weights,
            setLabel: "4M",
            focus: "0381",
            options: options
        )
    }

    private func line(_ text: String, containing needle: String) -> String? {
        text.split(separator: "\n").map(String.init).first { $0.contains(needle) }
    }

    @Test func cellsShowValueAndScoreBand() throws {
        let vasteras = try #require(line(render(), containing: "Västerås"))
        #expect(vasteras.hasPrefix("   1"))
        // Västerås's figures are synthetic: each is starred, and the composite computed from them.
        #expect(vasteras.contains("81* █"))
        #expect(vasteras.contains("7,9\u{A0}%* ▄"))
        #expect(vasteras.contains("12,0\u{A0}%* ▁"))
        #expect(vasteras.hasSuffix("71,1* ▆"))
        let enkoping = try #require(line(render(), containing: "Enköping"))
        #expect(enkoping.contains("79  ▄"))
        #expect(enkoping.contains("7,5\u{A0}%  █"))
        #expect(enkoping.hasSuffix("69,7  ▆"))
    }

    @Test func incompleteRowsHaveNoRankAndTheirCoverageIsShown() throws {
        let text = render()
        let strangnas = try #require(line(text, containing: "Stra\u{0308}ngna\u{0308}s"))
        #expect(strangnas.hasPrefix("    "))
        #expect(strangnas.hasSuffix("ofullst."))
        #expect(text.contains("har värden för 2 av 4 indikatorer (täckning 50\u{A0}%)"))
        #expect(text.contains("- uppgift saknas"))
    }

    @Test func weightsAreListedOnlyWhenTheyDiffer() {
        #expect(render().contains("totalindex (↑ högre), vikt 2"))
        let even = render(weights: [1, 1, 1, 1])
        #expect(!even.contains(", vikt "))
        #expect(even.contains("Hållbart medarbetarengagemang (HME), totalindex (↑ högre)"))
        #expect(!render(weights: []).contains(", vikt "))
    }

    @Test func colourIsAFiveStepBackgroundScale() throws {
        let text = render(options: RenderOptions(colour: true))
        let vasteras = try #require(line(text, containing: "Västerås"))
        #expect(vasteras.contains("\u{1B}[38;5;16;48;5;114m81*  \u{1B}[0m"))
        #expect(vasteras.contains("48;5;228m  7,9\u{A0}%*  \u{1B}[0m"))
        #expect(vasteras.contains("48;5;203m12,0\u{A0}%*  \u{1B}[0m"))
        #expect(!vasteras.contains("█"))
        for band in ["203", "215", "228", "156", "114"] { #expect(text.contains("48;5;\(band)m")) }
    }

    @Test func focusAndSyntheticRowsAreMarked() throws {
        let text = render()
        #expect(try #require(line(text, containing: "Enköping")).contains("▸ Enköping"))
        #expect(!text.contains("Västerås *"))
        #expect(try #require(line(text, containing: "Västerås")).contains("81*"))
        #expect(text.contains("* Syntetisk demosiffra eller beräknad av sådana, inte verkligt utfall."))
    }

    @Test func jsonWritesMissingValuesAsNull() {
        let text = render(options: RenderOptions(format: .json))
        #expect(!text.contains("nan"))
        #expect(text.contains("\"composite\": null"))
        #expect(text.contains("\"complete\": false"))
    }

    @Test func markdownShowsScoresInParentheses() {
        let text = render(options: RenderOptions(format: .markdown))
        #expect(
            text.contains(
                "| 1 | Västerås | 81\\* (100) | 7,9\u{A0}%\\* (56) | 73\\* (100) | 12,0\u{A0}%\\* (0) | 71,1\\* |"
            )
        )
        #expect(text.contains("| 2 | **Enköping** |"))
    }
}

@Suite struct CompareViewOrderTests {
    @Test func incompleteRowsGoLastWhateverTheOrderTheyCameIn() throws {
        var response = Fixtures.fourMCompare
        response.rows = [response.rows[3]] + response.rows[0..<3]
        let text = Views.compare(
            response,
            indicators: Fixtures.indicators,
            weights: [],
            setLabel: "4M",
            focus: nil,
            options: RenderOptions()
        )
        let lines = text.split(separator: "\n").map(String.init)
        let strangnas = try #require(
            lines.firstIndex { $0.contains("Stra\u{0308}ngna\u{0308}s") && $0.hasSuffix("ofullst.") }
        )
        let eskilstuna = try #require(lines.firstIndex { $0.contains("Eskilstuna") })
        #expect(strangnas == eskilstuna + 1)
    }
}

@Suite struct CompareViewSyntheticTests {
    private func render(_ response: CompareResponse, options: RenderOptions = RenderOptions()) -> String {
        Views.compare(
            response,
            indicators: Fixtures.indicators,
            weights: Fixtures.compareWeights,
            setLabel: "4M",
            focus: nil,
            options: options
        )
    }

    private func line(_ text: String, containing needle: String) -> String? {
        text.split(separator: "\n").map(String.init).first { $0.contains(needle) }
    }

    /// Only Enköping's sick leave is synthetic: that cell and the composite are starred, nothing else.
    private var oneSyntheticValue: CompareResponse {
        var response = Fixtures.fourMCompare
        response.rows[0].synthetic = nil
        response.rows[1].synthetic = true
        response.rows[1].syntheticValues = [false, true, false, false]
        return response
    }

    @Test func onlyTheSyntheticCellIsStarred() throws {
        let text = render(oneSyntheticValue)
        let enkoping = try #require(line(text, containing: "Enköping"))
        #expect(enkoping.contains("7,5\u{A0}%* █"))
        // Columns without a star keep their width.
        #expect(enkoping.contains("79 ▄"))
        #expect(enkoping.contains("71 ▆"))
        #expect(enkoping.contains("10,3\u{A0}% ▆"))
        let eskilstuna = try #require(line(text, containing: "Eskilstuna"))
        #expect(eskilstuna.contains("8,4\u{A0}%  ▁"))
        #expect(enkoping.hasSuffix("69,7* ▆"))
        #expect(!enkoping.contains("Enköping *"))
        for name in ["Västerås", "Eskilstuna", "Stra\u{0308}ngna\u{0308}s"] {
            #expect(try !#require(line(text, containing: name)).contains("*"), "\(name)")
        }
        let markdown = render(oneSyntheticValue, options: RenderOptions(format: .markdown))
        #expect(
            markdown.contains("| 2 | Enköping | 79 (50) | 7,5\u{A0}%\\* (100) | 71 (71) | 10,3\u{A0}% (77) | 69,7\\* |")
        )
        let json = render(oneSyntheticValue, options: RenderOptions(format: .json))
        #expect(
            json.contains(
                "\"syntheticValues\": [\n        false,\n        true,\n        false,\n        false\n      ]"
            )
        )
    }

    @Test func withoutPerValueFlagsTheRowFlagStarsEveryFigureItHas() throws {
        var response = Fixtures.fourMCompare
        response.rows[0].synthetic = nil
        response.rows[3].synthetic = true
        let strangnas = try #require(line(render(response), containing: "Stra\u{0308}ngna\u{0308}s"))
        #expect(strangnas.contains("80* ▆"))
        #expect(strangnas.contains("9,8\u{A0}%* █"))
        // Missing figures and the missing composite are not starred.
        #expect(!strangnas.contains("-*"))
        #expect(strangnas.hasSuffix("ofullst."))
    }
}
