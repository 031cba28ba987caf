import JamforWire
import Testing

@testable import JamforTerminal

/// Output that is not for a terminal keeps every name whole.
@Suite struct TruncationTests {
    private let whole = RenderOptions(format: .table, width: 40, truncates: false)

    @Test func rankKeepsLongNamesWholeButWrapsItsProse() throws {
        let text = Views.rank(
            Fixtures.longNamesRank,
            indicator: Fixtures.hme,
            setLabel: "3 kommuner",
            focus: "9901",
            options: whole
        )
        #expect(!text.contains("…"))
        #expect(text.contains("Enköpings kommun, kommunstyrelsens förvaltning"))
        #expect(text.contains("Testort 東京都 med ett långt tillägg"))
        #expect(text.contains("Medelvärde riket (270 av 290)"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains { TextWidth.of($0) > 40 })
        // The notes after the table are prose: still wrapped at the width.
        let notes = try #require(lines.firstIndex { $0.hasPrefix("Högre värde") })
        #expect(lines[notes...].allSatisfy { TextWidth.of($0) <= 40 })
        // Every row of the table is laid out alike: the values end in one column.
        let valueEnds = lines.filter { $0.contains(" 84") || $0.contains(" 80") || $0.contains(" 71") }
            .map { line in TextWidth.of(String(line.prefix { !"█▏▎▍▌▋▊▉".contains($0) })) }
        #expect(Set(valueEnds).count == 1)
    }

    @Test func theSameRenderTruncatesByDefault() {
        var options = whole
        options.truncates = true
        let text = Views.rank(
            Fixtures.longNamesRank,
            indicator: Fixtures.hme,
            setLabel: "3 kommuner",
            focus: "9901",
            options: options
        )
        #expect(text.contains("…"))
        #expect(text.split(separator: "\n").allSatisfy { TextWidth.of(String($0)) <= 40 })
    }

    @Test func everyTableViewKeepsItsNamesWhole() {
        let long = "Kommunalförbundet för räddningstjänst i Västra Mälardalen"
        var municipalities = Fixtures.municipalities
        municipalities[0].name = long
        #expect(Views.municipalities(municipalities, options: whole).contains(long))
        let networks = [NetworkInfo(id: "vm", name: long, members: ["0381", "0484"])]
        let networkText = Views.networks(networks, municipalities: Fixtures.municipalities, options: whole)
        #expect(networkText.contains(long))
        // The members are prose: they wrap in the room the whole name leaves them, at least 16 columns.
        #expect(networkText.contains("Enköping,\n"))
        #expect(networkText.contains("Eskilstuna\n"))
        var indicator = Fixtures.hme
        indicator.titleSv = long + " " + long
        #expect(Views.indicators([indicator], options: whole).contains(long + " " + long))
        var compare = Fixtures.fourMCompare
        compare.rows[0].name = long
        let compareText = Views.compare(
            compare,
            indicators: Fixtures.indicators,
            weights: [],
            setLabel: "4M",
            focus: nil,
            options: whole
        )
        #expect(compareText.contains(long))
        #expect(compareText.contains("sick-leave"))
        var names = Fixtures.trendNames(.sv)
        names["4m"] = long
        let trendText = Views.trend(Fixtures.enkopingTrend, indicator: Fixtures.sickLeave, names: names, options: whole)
        #expect(trendText.contains("Medel " + long + "  ▂"))
        #expect(trendText.contains("Diff. mot " + long))
        for text in [networkText, compareText, trendText] { #expect(!text.contains("…")) }
    }

    @Test func optionsTruncateByDefault() {
        #expect(RenderOptions().truncates)
        #expect(!RenderOptions(truncates: false).truncates)
    }
}
