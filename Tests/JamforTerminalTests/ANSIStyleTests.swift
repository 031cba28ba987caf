import Testing

@testable import JamforTerminal

@Suite struct ANSIStyleTests {
    @Test func disabledStylesLeaveTextAlone() {
        #expect(ANSIStyle.bold.apply("Kalmar", enabled: false) == "Kalmar")
        #expect(ANSIStyle.background(114).apply(" 81 ", enabled: false) == " 81 ")
    }

    @Test func enabledStylesAreResetAfterTheSpan() {
        #expect(ANSIStyle.red.apply("↗ +0,6", enabled: true) == "\u{1B}[31m↗ +0,6\u{1B}[0m")
        #expect(ANSIStyle.bold.combined(with: .green).apply("x", enabled: true) == "\u{1B}[1;32mx\u{1B}[0m")
        #expect(ANSIStyle.background(114).apply("81", enabled: true) == "\u{1B}[38;5;16;48;5;114m81\u{1B}[0m")
    }

    @Test func blankTextGetsNoForegroundStyleButKeepsABackground() {
        #expect(ANSIStyle.dim.apply(" ", enabled: true) == " ")
        #expect(ANSIStyle.plain.apply("x", enabled: true) == "x")
        #expect(ANSIStyle.green.apply("", enabled: true) == "")
        #expect(ANSIStyle.background(203).apply("  ", enabled: true) == "\u{1B}[38;5;16;48;5;203m  \u{1B}[0m")
    }
}
