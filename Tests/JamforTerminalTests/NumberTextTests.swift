import Testing

@testable import JamforTerminal

@Suite struct NumberTextTests {
    @Test func decimalSeparatorFollowsTheLocale() {
        #expect(NumberText.format(7.5, decimals: 1, locale: .sv) == "7,5")
        #expect(NumberText.format(7.5, decimals: 1, locale: .en) == "7.5")
        #expect(NumberText.format(79, decimals: 0, locale: .sv) == "79")
        #expect(NumberText.format(7, decimals: 2, locale: .sv) == "7,00")
    }

    @Test func roundsToTheGivenDecimals() {
        #expect(NumberText.format(7.225, decimals: 1, locale: .sv) == "7,2")
        #expect(NumberText.format(78.333_333, decimals: 0, locale: .en) == "78")
        #expect(NumberText.format(63.157_894_736_842_1, decimals: 2, locale: .en) == "63.16")
    }

    @Test func negativeNumbersUseATrueMinusForDisplayAndHyphenForMachines() {
        #expect(NumberText.format(-0.4, decimals: 1, locale: .sv) == "−0,4")
        #expect(NumberText.format(-0.4, decimals: 1, locale: .sv, style: .plain) == "-0,4")
        #expect(NumberText.format(-0.4, decimals: 1, locale: .en, style: .plain) == "-0.4")
    }

    @Test func signedShowsAPlusAndZeroHasNoSign() {
        #expect(NumberText.format(0.3, decimals: 1, locale: .sv, signed: true) == "+0,3")
        #expect(NumberText.format(-0.3, decimals: 1, locale: .sv, signed: true) == "−0,3")
        #expect(NumberText.format(0, decimals: 1, locale: .sv, signed: true) == "0,0")
        // Rounds to zero: neither "−0,0" nor "+0,0".
        #expect(NumberText.format(-0.04, decimals: 1, locale: .sv, signed: true) == "0,0")
        #expect(NumberText.format(-0.0, decimals: 0, locale: .en) == "0")
    }

    @Test func percentIsSpacedInSwedishAndNotInEnglish() {
        #expect(NumberText.percent(7.5, decimals: 1, locale: .sv) == "7,5 %")
        #expect(NumberText.percent(7.5, decimals: 1, locale: .en) == "7.5%")
        #expect(NumberText.percent(-1.25, decimals: 2, locale: .sv) == "−1,25 %")
    }

    @Test func largeNumbersAreGroupedForDisplayOnly() {
        #expect(NumberText.format(12_345.6, decimals: 1, locale: .sv) == "12 345,6")
        #expect(NumberText.format(12_345.6, decimals: 1, locale: .en) == "12,345.6")
        #expect(NumberText.format(1234, decimals: 0, locale: .sv) == "1234")
        #expect(NumberText.format(-1_234_567, decimals: 0, locale: .sv) == "−1 234 567")
        #expect(NumberText.format(12_345.6, decimals: 1, locale: .en, style: .plain) == "12345.6")
    }

    @Test func valueFollowsTheUnit() {
        #expect(NumberText.value(79, unit: "index", decimals: 0, locale: .sv) == "79")
        #expect(NumberText.value(7.5, unit: "percent", decimals: 1, locale: .sv) == "7,5 %")
        #expect(NumberText.value(12, unit: "rank", decimals: 0, locale: .en) == "12")
        #expect(NumberText.value(144, unit: "mnkr", decimals: 0, locale: .sv) == "144 mnkr")
    }

    @Test func rawIsTheShortestExactText() {
        #expect(NumberText.raw(7.5, locale: .sv) == "7,5")
        #expect(NumberText.raw(7.5, locale: .en) == "7.5")
        #expect(NumberText.raw(79, locale: .sv) == "79")
        #expect(NumberText.raw(-0.25, locale: .sv) == "-0,25")
        #expect(NumberText.raw(7.225, locale: .en) == "7.225")
        #expect(NumberText.raw(0.1 + 0.2, locale: .en) == "0.30000000000000004")
        #expect(NumberText.raw(.nan, locale: .en) == "")
    }
}
