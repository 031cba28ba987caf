import JamforWire
import Testing

@testable import JamforTerminal

@Suite struct ListViewsTests {
    @Test(arguments: Variant.standard)
    func indicatorsSnapshot(_ variant: Variant) {
        assertSnapshot(
            Views.indicators(Fixtures.indicators, options: variant.options),
            named: "indicators." + variant.name
        )
    }

    @Test(arguments: Variant.standard)
    func municipalitiesSnapshot(_ variant: Variant) {
        assertSnapshot(
            Views.municipalities(Fixtures.municipalities, options: variant.options),
            named: "municipalities." + variant.name
        )
    }

    @Test(arguments: Variant.standard)
    func networksSnapshot(_ variant: Variant) {
        assertSnapshot(
            Views.networks(Fixtures.networks, municipalities: Fixtures.municipalities, options: variant.options),
            named: "networks." + variant.name
        )
    }
}

@Suite struct ListViewsContentTests {
    @Test func networkMembersWrapWithinTheWidth() {
        let text = Views.networks(
            Fixtures.networks,
            municipalities: Fixtures.municipalities,
            options: RenderOptions(width: 40)
        )
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { TextWidth.of($0) <= 40 })
        // The KKVH members take more than one line; continuation lines start under the members column.
        let first = lines.firstIndex { $0.hasPrefix("kkvh") } ?? 0
        #expect(lines[first + 1].hasPrefix("      "))
        let members = lines[first...].prefix { !$0.hasPrefix("4m") }.joined(separator: " ")
        for name in ["Kalmar", "Karlskrona", "Kristianstad", "Växjö", "Halmstad"] {
            #expect(members.contains(name))
        }
    }

    @Test func unknownMembersShowTheirCode() {
        let text = Views.networks(Fixtures.networks, municipalities: [], options: RenderOptions())
        #expect(text.contains("0880, 1080, 1290, 0780, 1380"))
    }

    @Test func theKoladaColumnAppearsWhenAnyIndicatorHasAnId() {
        #expect(!Views.indicators(Fixtures.indicators, options: RenderOptions()).contains("Kolada"))
        var indicator = Fixtures.hme
        indicator.koladaID = "U00000"
        let text = Views.indicators([indicator, Fixtures.nki], options: RenderOptions())
        #expect(text.hasPrefix("Id   Indikator"))
        #expect(text.contains("Kolada"))
        #expect(text.contains("U00000"))
    }

    @Test func wideNamesAreAlignedByDisplayWidth() throws {
        let text = Views.municipalities(Fixtures.municipalities, options: RenderOptions())
        let lines = text.split(separator: "\n").map(String.init)
        let test = try #require(lines.first { $0.hasPrefix("9901") })
        let kalmar = try #require(lines.first { $0.hasPrefix("0880") })
        let vaxjo = try #require(lines.first { $0.hasPrefix("0780") })
        // The county, last on each line, starts in the same column whatever the name's scalars.
        let countyColumn = TextWidth.of(kalmar) - TextWidth.of("Kalmar län")
        #expect(TextWidth.of(test) - TextWidth.of("Testlän") == countyColumn)
        #expect(TextWidth.of(vaxjo) - TextWidth.of("Kronobergs län") == countyColumn)
    }

    @Test func unitWordsAreSwedishInTheSwedishList() {
        var kronor = Fixtures.hme
        kronor.id = "cost"
        kronor.unit = "kronor"
        var count = Fixtures.hme
        count.id = "staff"
        count.unit = "count"
        var score = Fixtures.hme
        score.id = "score"
        score.unit = "score"
        let text = Views.indicators([kronor, count, score], options: RenderOptions())
        #expect(text.contains("kronor"))
        #expect(text.contains("antal"))
        #expect(text.contains("poäng"))
        let csv = Views.indicators([count], options: RenderOptions(format: .csv, locale: .sv))
        #expect(csv.contains(";antal;"))
        #expect(Views.indicators([count], options: RenderOptions(locale: .en)).contains("count"))
    }
}
