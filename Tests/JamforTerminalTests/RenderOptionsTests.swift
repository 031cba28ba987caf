import Testing

@testable import JamforTerminal

@Suite struct RenderOptionsTests {
    @Test func defaultsAreASwedishUncolouredHundredColumnTable() {
        let options = RenderOptions()
        #expect(options.format == .table)
        #expect(options.locale == .sv)
        #expect(!options.colour)
        #expect(options.width == 100)
    }

    @Test func widthIsAtLeastForty() {
        #expect(RenderOptions(width: 10).width == 40)
        var options = RenderOptions(width: 120)
        options.width = 0
        #expect(options.width == 40)
        #expect(RenderOptions(width: 41).width == 41)
    }

    @Test func widthIsAtMostAThousand() {
        #expect(RenderOptions(width: Int.max).width == 1000)
        #expect(RenderOptions(width: 1000).width == 1000)
    }

    @Test func colourIsUsedOnlyByTables() {
        #expect(RenderOptions(format: .table, colour: true).usesColour)
        #expect(!RenderOptions(format: .csv, colour: true).usesColour)
        #expect(!RenderOptions(format: .table, colour: false).usesColour)
    }
}
