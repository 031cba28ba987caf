import Testing

@testable import JamforTerminal

@Suite struct CSVTextTests {
    @Test func swedishUsesSemicolonsAndEnglishCommas() {
        var sv = CSVText(locale: .sv)
        sv.append(["kod", "värde"])
        sv.append(["0880", "7,5"])
        #expect(sv.text == "kod;värde\n0880;7,5\n")
        var en = CSVText(locale: .en)
        en.append(["code", "value"])
        en.append(["0880", "7.5"])
        #expect(en.text == "code,value\n0880,7.5\n")
    }

    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() {
        let sv = CSVText(locale: .sv)
        #expect(sv.quoted("Nöjd kund-index (NKI), företagens") == "Nöjd kund-index (NKI), företagens")
        #expect(sv.quoted("a;b") == "\"a;b\"")
        let en = CSVText(locale: .en)
        #expect(en.quoted("Nöjd kund-index (NKI), företagens") == "\"Nöjd kund-index (NKI), företagens\"")
        #expect(en.quoted("the \"best\" quarter") == "\"the \"\"best\"\" quarter\"")
        #expect(en.quoted("two\nlines") == "\"two\nlines\"")
        #expect(en.quoted("cr\r\nlf") == "\"cr\r\nlf\"")
        #expect(en.quoted("") == "")
    }
}
