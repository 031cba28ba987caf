import JamforWire
import Testing

@testable import JamforTerminal

@Suite struct GlyphsTests {
    @Test func barsUseEighthBlocksAndArePaddedToWidth() {
        #expect(BarText.bar(fraction: 1, width: 4) == "████")
        #expect(BarText.bar(fraction: 0.5, width: 3) == "█▌ ")
        #expect(BarText.bar(fraction: 0.25, width: 1) == "▎")
        #expect(BarText.bar(fraction: 7.0 / 8.0, width: 1) == "▉")
        #expect(TextWidth.of(BarText.bar(fraction: 0.37, width: 10)) == 10)
    }

    @Test func theSmallestValueStillGetsASliver() {
        #expect(BarText.bar(fraction: 0, width: 5) == "▏    ")
        #expect(BarText.bar(fraction: -3, width: 2) == "▏ ")
        #expect(BarText.bar(fraction: .nan, width: 2) == "▏ ")
        #expect(BarText.bar(fraction: 2, width: 2) == "██")
        #expect(BarText.bar(fraction: 0.5, width: 0) == "")
    }

    @Test func barFractionIsLinearOverTheRange() {
        #expect(BarText.fraction(of: 6.4, low: 6.4, high: 8.3) == 0)
        #expect(BarText.fraction(of: 8.3, low: 6.4, high: 8.3) == 1)
        #expect(abs(BarText.fraction(of: 7.35, low: 6.4, high: 8.3) - 0.5) < 1e-12)
        #expect(BarText.fraction(of: 5, low: 5, high: 5) == 1)
    }

    @Test func sparklinesScaleFromLowestToHighest() {
        #expect(Sparkline.of([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.of([7.4, 8.6]) == "▁█")
        #expect(Sparkline.of([5, 5, 5]) == "▄▄▄")
        #expect(Sparkline.of([7.4, .nan, 8.6]) == "▁·█")
        #expect(Sparkline.of([.nan, .nan]) == "··")
        #expect(Sparkline.of([]) == "")
    }

    @Test func sparklinesCanShareAScale() {
        #expect(Sparkline.of([7, 8], range: 6...10) == "▃▅")
        #expect(Sparkline.of([12], range: 6...10) == "█")
    }

    @Test func colourClassesHaveMarkersAndColours() {
        #expect(ColourClass.green.marker == "●")
        #expect(ColourClass.yellow.marker == "◐")
        #expect(ColourClass.red.marker == "○")
        #expect(ColourClass.grey.marker == " ")
        #expect(ColourClass.green.style == .green)
        #expect(ColourClass.yellow.style == .yellow)
        #expect(ColourClass.red.style == .red)
        #expect(ColourClass.grey.style == .dim)
        #expect(ANSIStyle.green.apply("●", enabled: true) == "\u{1B}[32m●\u{1B}[0m")
    }

    @Test func scoreBandsSplitAtMultiplesOfTwenty() {
        #expect(ScoreBand(score: 0) == .worst)
        #expect(ScoreBand(score: 19.99) == .worst)
        #expect(ScoreBand(score: 20) == .low)
        #expect(ScoreBand(score: 55.6) == .middle)
        #expect(ScoreBand(score: 71.1) == .high)
        #expect(ScoreBand(score: 100) == .best)
        #expect(ScoreBand(score: .nan) == nil)
        #expect(ScoreBand.allCases.map(\.glyph) == ["▁", "▂", "▄", "▆", "█"])
        // Five distinct backgrounds, red to green.
        #expect(Set(ScoreBand.allCases.map(\.style)).count == 5)
        #expect(ScoreBand.worst.style.parameters.contains("48;5;203"))
        #expect(ScoreBand.best.style.parameters.contains("48;5;114"))
    }

    @Test func changesWithinTheDeadBandAreFlat() {
        let flat = ChangeJudgement(delta: 0.2, deadBand: 0.2, direction: .lowerIsBetter)
        #expect(flat.arrow == "→")
        #expect(flat.outcome == .unchanged)
        #expect(flat.style == .plain)
        // 7.7 − 7.5 in binary is a hair above 0.2.
        #expect(ChangeJudgement(delta: 7.7 - 7.5, deadBand: 0.2, direction: .lowerIsBetter).arrow == "→")
        #expect(ChangeJudgement(delta: 0.01, deadBand: 0, direction: .higherIsBetter).arrow == "↗")
        #expect(ChangeJudgement(delta: 0, deadBand: 0, direction: .higherIsBetter).arrow == "→")
    }

    @Test func changesAreJudgedByDirection() {
        let worse = ChangeJudgement(delta: 0.6, deadBand: 0.2, direction: .lowerIsBetter)
        #expect(worse.arrow == "↗")
        #expect(worse.outcome == .worsened)
        #expect(worse.style == .red)
        let better = ChangeJudgement(delta: -0.5, deadBand: 0.2, direction: .lowerIsBetter)
        #expect(better.arrow == "↘")
        #expect(better.outcome == .improved)
        #expect(better.style == .green)
        #expect(ChangeJudgement(delta: 3, deadBand: 1, direction: .higherIsBetter).outcome == .improved)
        #expect(ChangeJudgement(delta: -3, deadBand: 1, direction: .higherIsBetter).outcome == .worsened)
    }
}
