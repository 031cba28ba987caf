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

    @Test func percentIsSpacedInSwedishWithANoBreakSpaceAndNotInEnglish() {
        #expect(NumberText.percent(7.5, decimals: 1, locale: .sv) == "7,5\u{A0}%")
        #expect(NumberText.percent(7.5, decimals: 1, locale: .en) == "7.5%")
        #expect(NumberText.percent(-1.25, decimals: 2, locale: .sv) == "−1,25\u{A0}%")
    }

    @Test func largeNumbersAreGroupedForDisplayOnly() {
        #expect(NumberText.format(12_345.6, decimals: 1, locale: .sv) == "12\u{A0}345,6")
        #expect(NumberText.format(12_345.6, decimals: 1, locale: .en) == "12,345.6")
        #expect(NumberText.format(1234, decimals: 0, locale: .sv) == "1234")
        #expect(NumberText.format(-1_234_567, decimals: 0, locale: .sv) == "−1\u{A0}234\u{A0}567")
        #expect(NumberText.format(12_345.6, decimals: 1, locale: .en, style: .plain) == "12345.6")
    }

    @Test func valueFollowsTheUnit() {
        #expect(NumberText.value(79, unit: "index", decimals: 0, locale: .sv) == "79")
        #expect(NumberText.value(7.5, unit: "percent", decimals: 1, locale: .sv) == "7,5\u{A0}%")
        #expect(NumberText.value(12, unit: "rank", decimals: 0, locale: .en) == "12")
        #expect(NumberText.value(144, unit: "mnkr", decimals: 0, locale: .sv) == "144\u{A0}mnkr")
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

    @Test func halvesRoundAwayFromZero() {
        #expect(NumberText.format(78.5, decimals: 0, locale: .sv) == "79")
        #expect(NumberText.format(77.5, decimals: 0, locale: .sv) == "78")
        #expect(NumberText.format(2.5, decimals: 0, locale: .en) == "3")
        #expect(NumberText.format(0.5, decimals: 0, locale: .en) == "1")
        #expect(NumberText.format(-78.5, decimals: 0, locale: .sv) == "−79")
        #expect(NumberText.format(0.25, decimals: 1, locale: .sv) == "0,3")
        #expect(NumberText.format(-0.25, decimals: 1, locale: .sv) == "−0,3")
        #expect(NumberText.format(0.125, decimals: 2, locale: .en) == "0.13")
        #expect(NumberText.percent(7.25, decimals: 1, locale: .sv) == "7,3\u{A0}%")
        #expect(NumberText.format(0.05, decimals: 1, locale: .sv, signed: true) == "+0,1")
    }

    @Test func roundingWorksOnTheDecimalTheValueReadsAs() {
        // 1.005 and 7.225 are a little below themselves in binary; a reader of "1.005" expects 1.01.
        #expect(NumberText.format(1.005, decimals: 2, locale: .en) == "1.01")
        #expect(NumberText.format(7.225, decimals: 2, locale: .en) == "7.23")
        #expect(NumberText.format(0.249_999, decimals: 1, locale: .en) == "0.2")
        // Carries run through every digit.
        #expect(NumberText.format(9.995, decimals: 2, locale: .en) == "10.00")
        #expect(NumberText.format(99_999.5, decimals: 0, locale: .sv) == "100\u{A0}000")
        // Tiny and huge values.
        #expect(NumberText.format(0.000_01, decimals: 1, locale: .sv) == "0,0")
        #expect(NumberText.format(0.000_05, decimals: 4, locale: .en) == "0.0001")
        #expect(NumberText.format(1e20, decimals: 0, locale: .en) == "100,000,000,000,000,000,000")
        #expect(NumberText.format(1.5e-7, decimals: 7, locale: .en) == "0.0000002")
        #expect(NumberText.format(123.456, decimals: 0, locale: .en) == "123")
    }

    @Test func scoresCountsAndKronorHaveTheirOwnUnits() {
        #expect(NumberText.value(63.2, unit: "score", decimals: 1, locale: .sv) == "63,2")
        #expect(NumberText.value(12, unit: "count", decimals: 0, locale: .en) == "12")
        #expect(NumberText.value(45_300, unit: "kronor", decimals: 0, locale: .sv) == "45\u{A0}300\u{A0}kr")
        #expect(NumberText.value(450, unit: "kronor", decimals: 0, locale: .en) == "450\u{A0}kr")
    }

    @Test func derivedStatisticsKeepFourDecimals() {
        #expect(NumberText.statistic(39.999_999_999_999_98) == 40)
        #expect(NumberText.statistic(-1.573_287_726_518_894_7) == -1.5733)
        #expect(NumberText.statistic(63.157_894_736_842_1) == 63.1579)
        #expect(NumberText.statistic(0.000_05) == 0.0001)
        #expect(NumberText.statistic(-0.000_04) == 0)
        #expect(NumberText.statistic(7.225) == 7.225)
        #expect(NumberText.statistic(.nan).isNaN)
        #expect(NumberText.statistic(1e300) == 1e300)
    }

    @Test func noiseBelowABillionthIsCleared() {
        #expect(NumberText.clearingNoise(7.7 - 7.5 - 0.2) == 0)
        #expect(NumberText.clearingNoise(1e-10) == 0)
        #expect(NumberText.clearingNoise(0.001) == 0.001)
    }

    @Test func csvAndJsonShareOneNumberText() {
        for value in [7.5, 79, -0.25, 0.1 + 0.2, 1e20, 1e15, -1e-7, 123_456_789.25] {
            #expect(JSONValue.numberText(value) == NumberText.raw(value, locale: .en), "\(value)")
            #expect(JSONValue.numberText(value) == NumberText.shortest(value), "\(value)")
        }
    }
}
