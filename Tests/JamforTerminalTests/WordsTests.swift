import Testing

@testable import JamforTerminal

@Suite struct WordsTests {
    @Test func periodsReadAsMonthRanges() {
        let sv = Words(locale: .sv)
        let en = Words(locale: .en)
        #expect(sv.period("2024-08") == "2024 jan–aug")
        #expect(en.period("2024-08") == "2024 Jan–Aug")
        #expect(sv.period("2019-04") == "2019 jan–apr")
        #expect(sv.period("2023-06") == "2023 jan–juni")
        #expect(sv.period("2023-01") == "2023 jan")
        #expect(sv.period("2023") == "2023")
        #expect(sv.period("2023-13") == "2023-13")
        #expect(sv.period("baseline") == "baseline")
    }

    @Test func targetStatusesHaveWordsInBothLanguages() {
        let codes = ["met", "improving", "unchanged", "moving-away", "not-met", "no-value", "not-comparable"]
        #expect(
            codes.map(Words(locale: .sv).targetStatus) == [
                "uppnått", "förbättras", "oförändrat", "går åt fel håll", "ej uppnått", "värde saknas", "ej jämförbart",
            ]
        )
        #expect(
            codes.map(Words(locale: .en).targetStatus) == [
                "met", "improving", "unchanged", "moving away", "not met", "no value", "not comparable",
            ]
        )
        #expect(Words(locale: .sv).targetStatus("something-new") == "something-new")
    }

    @Test func statusMarkersAreExplained() {
        let sv = Words(locale: .sv)
        #expect(sv.statusNote("-") == "uppgift saknas")
        #expect(sv.statusNote(".") == "uppgift kan inte förekomma")
        #expect(sv.statusNote("..") == "uppgift är sekretessbelagd eller för osäker")
        #expect(Words(locale: .en).statusNote("..") == "figure is confidential or too uncertain")
    }

    @Test func submitSummariesAgreeInNumber() {
        #expect(
            Words(locale: .sv).submitSummary(inserted: 10, updated: 2, unchanged: 0)
                == "Lagrade 12 värden: 10 nya, 2 ändrade, 0 oförändrade."
        )
        #expect(
            Words(locale: .sv).submitSummary(inserted: 1, updated: 0, unchanged: 0)
                == "Lagrade 1 värde: 1 nytt, 0 ändrade, 0 oförändrade."
        )
        #expect(
            Words(locale: .en).submitSummary(inserted: 10, updated: 2, unchanged: 0)
                == "Stored 12 figures: 10 new, 2 updated, 0 unchanged."
        )
    }

    @Test func unitsAreTranslatedForTheIndicatorList() {
        let sv = Words(locale: .sv)
        #expect(
            ["index", "percent", "rank", "score", "kronor", "count", "mnkr"].map(sv.unit) == [
                "index", "procent", "placering", "poäng", "kronor", "antal", "mnkr",
            ]
        )
        #expect(
            ["index", "percent", "rank", "score", "kronor", "count"].map(Words(locale: .en).unit) == [
                "index", "percent", "rank", "score", "kronor", "count",
            ]
        )
    }

    @Test func flagsReadYesOrNo() {
        #expect(Words(locale: .sv).yesNo(true) == "ja")
        #expect(Words(locale: .sv).yesNo(false) == "nej")
        #expect(Words(locale: .en).yesNo(true) == "yes")
        #expect(Words(locale: .en).yesNo(false) == "no")
    }

    @Test func periodRangesNameTheMonthsOnce() {
        let sv = Words(locale: .sv)
        #expect(sv.periodRange("2022-08", "2024-08") == "2022–2024, jan–aug")
        #expect(Words(locale: .en).periodRange("2022-08", "2024-08") == "2022–2024, Jan–Aug")
        #expect(sv.periodRange("2019", "2024") == "2019–2024")
        #expect(sv.periodRange("2024-08", "2024-08") == "2024 jan–aug")
        #expect(sv.periodRange("2023", "2024-08") == "2023 – 2024 jan–aug")
        #expect(sv.periodRange("2023-04", "2024-08") == "2023 jan–apr – 2024 jan–aug")
    }
}
