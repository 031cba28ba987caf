import Testing

@testable import JamforTerminal

@Suite struct MarkdownTextTests {
    @Test func tablesHaveAnAlignmentRow() {
        let lines = MarkdownText.table(
            headers: ["Plac", "Kommun"],
            alignments: [.right, .left],
            rows: [["1", "Kalmar"]]
        )
        #expect(lines == ["| Plac | Kommun |", "| ---: | :--- |", "| 1 | Kalmar |"])
    }

    @Test func pipesAndEmphasisAreEscaped() {
        #expect(MarkdownText.escaped("a|b") == "a\\|b")
        #expect(MarkdownText.escaped("Halmstad *") == "Halmstad \\*")
        #expect(MarkdownText.escaped("x_y") == "x\\_y")
        #expect(MarkdownText.escaped("7,5 %") == "7,5 %")
    }

    @Test func cellsStayOnOneLine() {
        let lines = MarkdownText.table(headers: ["a"], alignments: [.left], rows: [["two\nlines"]])
        #expect(lines[2] == "| two lines |")
    }
}
