import Testing

@testable import JamforTerminal

@Suite struct CSVTextTests {
    @Test func swedishUsesSemicolonsAndEnglishCommas() {
        var sv = CSVText(locale: .sv)
        sv.append(["kod", "värde"])
        sv.append(["0880", "7,5"])
        #expect(sv.text == "\u{FEFF}kod;värde\n0880;7,5\n")
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

    @Test func swedishCSVStartsWithAByteOrderMarkForExcelAndEnglishDoesNot() {
        let sv = RenderOptions(format: .csv, locale: .sv)
        let en = RenderOptions(format: .csv, locale: .en)
        for (name, render) in ViewsTests.renders {
            #expect(render(sv).hasPrefix("\u{FEFF}"), "\(name)")
            #expect(render(sv).unicodeScalars.filter { $0 == "\u{FEFF}" }.count == 1, "\(name)")
            #expect(!render(en).contains("\u{FEFF}"), "\(name)")
        }
        #expect(
            Views.municipalities(Fixtures.municipalities, options: sv).utf8.starts(
                with: [0xEF, 0xBB, 0xBF] + Array("kod;".utf8)
            )
        )
        for format in OutputFormat.allCases where format != .csv {
            #expect(
                !Views.municipalities(Fixtures.municipalities, options: RenderOptions(format: format)).contains(
                    "\u{FEFF}"
                )
            )
        }
    }

    @Test func numbersAreExactFiguresOrRoundedStatistics() {
        let sv = CSVText(locale: .sv)
        #expect(sv.number(7.123_456_789) == "7,123456789")
        #expect(sv.number(39.999_999_999_999_98, statistic: true) == "40")
        #expect(sv.number(-1.573_287_726_518_894_7, statistic: true) == "-1,5733")
        #expect(sv.number(nil) == "")
        #expect(sv.number(.nan, statistic: true) == "")
        #expect(CSVText(locale: .en).number(0.1 + 0.2) == "0.30000000000000004")
    }
}
