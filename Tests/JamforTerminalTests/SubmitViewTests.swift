import JamforWire
import Testing

@testable import JamforTerminal

@Suite struct SubmitViewTests {
    @Test(arguments: Variant.standard)
    func snapshot(_ variant: Variant) {
        assertSnapshot(
            Views.submit(
                Fixtures.submit,
                file: "kkvh-2024-08.tsv",
                lines: Fixtures.submitLines,
                options: variant.options
            ),
            named: "submit." + variant.name
        )
    }
}

@Suite struct SubmitViewContentTests {
    private func render(_ response: SubmitResponse = Fixtures.submit, options: RenderOptions = RenderOptions())
        -> String
    {
        Views.submit(response, file: "data.tsv", lines: Fixtures.submitLines, options: options)
    }

    @Test func rejectionsNameTheirFileLine() {
        let text = render()
        #expect(text.hasPrefix("Lagrade 12 värden: 10 nya, 2 ändrade, 0 oförändrade.\n"))
        #expect(text.contains("\ndata.tsv:5: sick-leave 2024-08 for 0880"))
    }

    @Test func anIndexPastTheKnownLinesIsNamedByNumber() {
        #expect(render().contains("data.tsv: värde nr 21: unknown municipality code 0999"))
        #expect(render(options: RenderOptions(locale: .en)).contains("data.tsv: figure #21: unknown municipality"))
    }

    @Test func aReplayIsSaid() {
        var response = Fixtures.submit
        response.replayed = true
        #expect(render(response).contains("Inskickningen var redan mottagen"))
        #expect(!render().contains("redan mottagen"))
        #expect(render(response, options: RenderOptions(format: .json)).contains("\"replayed\": true"))
    }

    @Test func nothingRejectedMeansNoRejectionLines() {
        let response = SubmitResponse(inserted: 1, updated: 0, unchanged: 0, rejected: [])
        #expect(render(response) == "Lagrade 1 värde: 1 nytt, 0 ändrade, 0 oförändrade.\n")
        #expect(
            render(response, options: RenderOptions(locale: .en)) == "Stored 1 figure: 1 new, 0 updated, 0 unchanged.\n"
        )
    }

    @Test func longReasonsWrapUnderTheirLocation() {
        let text = render(options: RenderOptions(width: 40))
        #expect(text.split(separator: "\n").allSatisfy { TextWidth.of(String($0)) <= 40 })
        #expect(text.contains("\n    "))
    }
}
