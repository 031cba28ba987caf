import Testing

@testable import JamforTerminal

@Suite struct TextWidthTests {
    @Test func asciiIsOneColumnPerCharacter() {
        #expect(TextWidth.of("") == 0)
        #expect(TextWidth.of("Kalmar") == 6)
        #expect(TextWidth.of("7,5 %") == 5)
    }

    @Test func precomposedAndDecomposedSwedishLettersAreOneColumn() {
        #expect(TextWidth.of("Växjö") == 5)
        let decomposed = "Va\u{0308}xjo\u{0308}"
        #expect(decomposed.unicodeScalars.count == 7)
        #expect(TextWidth.of(decomposed) == 5)
        #expect(TextWidth.of("a\u{0308}") == 1)
        #expect(TextWidth.of("Å\u{030A}") == 1)  // a mark on a letter that already has one
    }

    @Test func eastAsianWideCharactersAreTwoColumns() {
        #expect(TextWidth.of("東京") == 4)
        #expect(TextWidth.of("Testort 東京") == 12)
        #expect(TextWidth.of("ｶ") == 1)  // halfwidth katakana stays narrow
        #expect(TextWidth.of("Ａ") == 2)  // fullwidth Latin
        #expect(TextWidth.of("한국") == 4)
    }

    @Test func emojiAreTwoColumns() {
        #expect(TextWidth.of("📊") == 2)
        #expect(TextWidth.of("🇸🇪") == 2)  // a flag: two regional indicators, one cluster
        #expect(TextWidth.of("👩‍👩‍👧") == 2)  // joined by ZWJ into one cluster
        #expect(TextWidth.of("❤\u{FE0F}") == 2)  // emoji presentation asked for
        #expect(TextWidth.of("❤") == 1)  // text presentation by default
    }

    @Test func controlAndZeroWidthCharactersTakeNoColumns() {
        #expect(TextWidth.of("a\u{200B}b") == 2)
        #expect(TextWidth.of("\u{200D}") == 0)
        #expect(TextWidth.of("\u{FE0F}") == 0)
        #expect(TextWidth.of("a\u{7}b") == 2)
    }

    @Test func boxDrawingAndBlocksAreOneColumn() {
        #expect(TextWidth.of("▏▎▍▌▋▊▉█") == 8)
        #expect(TextWidth.of("▁▂▃▄▅▆▇█") == 8)
        #expect(TextWidth.of("●◐○▸─…↗↘→−") == 10)
    }

    @Test func ansiEscapesTakeNoColumns() {
        #expect(TextWidth.of("\u{1B}[32m7,5 %\u{1B}[0m") == 5)
        #expect(TextWidth.of("\u{1B}[38;5;16;48;5;114m81\u{1B}[0m") == 2)
        #expect(TextWidth.of("\u{1B}]8;;https://kolada.se\u{1B}\\Kolada\u{1B}]8;;\u{1B}\\") == 6)
        #expect(TextWidth.stripANSI("\u{1B}[1mKalmar\u{1B}[0m") == "Kalmar")
    }

    @Test func padCountsDisplayColumns() {
        let decomposed = "Va\u{0308}xjö"
        #expect(TextWidth.pad(decomposed, to: 8) == decomposed + "   ")
        #expect(TextWidth.pad("東京", to: 6, alignment: .right) == "  東京")
        #expect(TextWidth.pad("\u{1B}[32m6\u{1B}[0m", to: 3, alignment: .right) == "  \u{1B}[32m6\u{1B}[0m")
        #expect(TextWidth.pad("Kristianstad", to: 4) == "Kristianstad")
    }

    @Test func truncateEndsInAnEllipsisWithinTheWidth() {
        #expect(TextWidth.truncate("Kristianstad", to: 6) == "Krist…")
        #expect(TextWidth.truncate("Kalmar", to: 6) == "Kalmar")
        #expect(TextWidth.truncate("Kalmar", to: 0) == "")
        // A wide character that would straddle the limit is left out, not split.
        #expect(TextWidth.truncate("ab東京", to: 4) == "ab…")
        #expect(TextWidth.of(TextWidth.truncate("ab東京", to: 4)) <= 4)
        // Combining marks stay with their letter.
        #expect(TextWidth.truncate("Va\u{0308}xjö kommun", to: 3) == "Va\u{0308}…")
    }

    @Test func truncatingStyledTextKeepsEscapesAndResets() {
        let cut = TextWidth.truncate("\u{1B}[1mKristianstad\u{1B}[0m", to: 5)
        #expect(cut == "\u{1B}[1mKris…\u{1B}[0m")
        #expect(TextWidth.of(cut) == 5)
    }

    @Test func fitTruncatesThenPads() {
        #expect(TextWidth.fit("Halmstad", to: 5) == "Halm…")
        #expect(TextWidth.fit("4M", to: 4, alignment: .right) == "  4M")
    }

    @Test func wrapBreaksAtSpacesWithinTheWidth() {
        let text = "Färgklass bland alla kommuner med värde (som i Kolada)"
        let lines = TextWidth.wrap(text, to: 20, indent: "  ")
        #expect(lines == ["Färgklass bland alla", "  kommuner med värde", "  (som i Kolada)"])
        #expect(lines.allSatisfy { TextWidth.of($0) <= 20 })
        #expect(TextWidth.wrap("", to: 10) == [""])
        #expect(TextWidth.wrap("Västmanlandslänet", to: 8) == ["Västman…"])
        // A no-break space holds its neighbours together.
        #expect(TextWidth.wrap("a ●\u{A0}bästa", to: 8) == ["a", "●\u{A0}bästa"])
    }

    @Test func aNoBreakSpaceIsOneColumnAndHoldsANumberTogether() {
        #expect(TextWidth.of("\u{A0}") == 1)
        #expect(TextWidth.of("7,5\u{A0}%") == 5)
        #expect(TextWidth.of("12\u{A0}345") == 6)
        let lines = TextWidth.wrap("Medel 12\u{A0}345\u{A0}kr och 7,5\u{A0}%", to: 12)
        #expect(lines == ["Medel", "12\u{A0}345\u{A0}kr", "och 7,5\u{A0}%"])
    }

    @Test func trailingSpacesAreTrimmedButNoBreakSpacesKept() {
        #expect(TextWidth.trimmingTrailingSpaces("ab  ") == "ab")
        #expect(TextWidth.trimmingTrailingSpaces("  ") == "")
        #expect(TextWidth.trimmingTrailingSpaces("a\u{A0}") == "a\u{A0}")
    }

    @Test func wrapWithoutTruncatingKeepsLongWordsWhole() {
        #expect(TextWidth.wrap("Västmanlandslänet", to: 8, truncating: false) == ["Västmanlandslänet"])
        #expect(TextWidth.wrap("a Västmanlandslänet b", to: 8, truncating: false) == ["a", "Västmanlandslänet", "b"])
    }
}
