import Testing

@testable import JamforTerminal

@Suite struct TextTableTests {
    /// Rank, name, value and a bar, as the rank view lays them out.
    private func table(names: [String]) -> TextTable {
        var table = TextTable(columns: [
            .init(header: "#", alignment: .right),
            .init(header: "Name", sizing: .truncatable(minimum: 6)),
            .init(header: "Value", alignment: .right),
            .init(header: "", sizing: .bar(preferred: 20, minimum: 5)),
        ])
        for (index, name) in names.enumerated() {
            table.rows.append(
                .cells([
                    .init(String(index + 1)), .init(name), .init("7,5 %"),
                    .init(bar: Double(index) / Double(max(1, names.count - 1))),
                ])
            )
        }
        return table
    }

    @Test func columnsAreAlignedByDisplayWidth() {
        let lines = table(names: ["Va\u{0308}xjö", "東京", "Kalmar"]).render(width: 100, colour: false)
        #expect(lines[0] == "#  Name    Value")
        #expect(lines[1] == "1  Va\u{0308}xjö   7,5 %  ▏")
        #expect(lines[2] == "2  東京    7,5 %  ██████████")
        #expect(lines[3] == "3  Kalmar  7,5 %  ████████████████████")
    }

    @Test func barsShrinkBeforeNames() {
        let lines = table(names: ["Kristianstad", "Kalmar"]).render(width: 35, colour: false)
        #expect(lines[1].hasPrefix("1  Kristianstad  7,5 %"))
        #expect(lines.allSatisfy { TextWidth.of($0) <= 35 })
        // 1 + 2 + 12 + 2 + 5 + 2 leaves 11 for the bar.
        #expect(lines[2] == "2  Kalmar        7,5 %  ███████████")
    }

    @Test func namesAreTruncatedWhenBarsAreAtTheirMinimum() {
        let lines = table(names: ["Kristianstad", "Kalmar"]).render(width: 26, colour: false)
        #expect(lines[1] == "1  Kristian…  7,5 %  ▏")
        #expect(lines[2] == "2  Kalmar     7,5 %  █████")
        #expect(lines.allSatisfy { TextWidth.of($0) <= 26 })
    }

    @Test func barsAreDroppedBeforeNamesGoBelowTheirMinimum() {
        let lines = table(names: ["Kristianstad", "Kalmar"]).render(width: 17, colour: false)
        #expect(lines[1] == "1 Kristian… 7,5 %")
        #expect(lines.allSatisfy { TextWidth.of($0) <= 17 })
    }

    @Test func rowsNeverExceedTheWidthWhateverItIs() {
        let table = table(names: ["Enköpings kommun, kommunstyrelsens förvaltning", "Testort 東京都", "x"])
        for width in 1...80 {
            let lines = table.render(width: width, colour: width.isMultiple(of: 2))
            #expect(lines.allSatisfy { TextWidth.of($0) <= width }, "width \(width)")
        }
    }

    @Test func spanningCellsCoverSeveralColumnsAndRulesSpanTheTable() {
        var table = table(names: ["Kalmar"])
        table.rows.append(.rule)
        table.rows.append(.cells([.init("Mean of the network", span: 2, alignment: .left), .init("7,2 %")]))
        let lines = table.render(width: 60, colour: false)
        // The label widens the name column to 16: 1 + 2 + 16 + 2 + 5 + 2 + 20 (the bar) = 48.
        #expect(lines[1] == "1  Kalmar            7,5 %  ▏")
        #expect(lines[2] == String(repeating: "─", count: 48))
        #expect(lines[3] == "Mean of the network  7,2 %")
    }

    @Test func styledPaddingIsColouredAndPlainPaddingIsNot() {
        var table = TextTable(columns: [.init(header: "a", alignment: .right), .init(header: "b", alignment: .right)])
        table.showsHeader = false
        table.rows = [
            .cells([.init("1", style: .red), .init("2", style: .background(114), stylePadding: true)]),
            .cells([.init("333"), .init("444")]),
        ]
        let lines = table.render(width: 40, colour: true)
        #expect(lines[0] == "  \u{1B}[31m1\u{1B}[0m  \u{1B}[38;5;16;48;5;114m  2\u{1B}[0m")
        #expect(lines[1] == "333  444")
    }
}
