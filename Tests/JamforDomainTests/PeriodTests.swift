import Foundation
import Testing

@testable import JamforDomain

@Suite("Period")
struct PeriodTests {
    @Test("parses and prints whole years and year-to-date cuts")
    func parseAndPrint() throws {
        let year = try Period("2023")
        #expect(year.year == 2023)
        #expect(year.throughMonth == nil)
        #expect(year.isWholeYear)
        #expect(year.months == 12)
        #expect(year.description == "2023")

        let cut = try Period("2023-08")
        #expect(cut.year == 2023)
        #expect(cut.throughMonth == 8)
        #expect(!cut.isWholeYear)
        #expect(cut.months == 8)
        #expect(cut.description == "2023-08")
        #expect(try Period(year: 2019, throughMonth: 4).description == "2019-04")
        #expect(try Period("1990").year == 1990)
        #expect(try Period("2100-11").description == "2100-11")
    }

    @Test(
        "refuses malformed periods with the specific error",
        arguments: [
            ("2023-13", DomainError.periodMonthOutOfRange("2023-13", month: 13)),
            ("2023-00", .periodMonthOutOfRange("2023-00", month: 0)),
            ("2023-12", .periodMonthOutOfRange("2023-12", month: 12)),
            ("1989", .periodYearOutOfRange("1989", year: 1989)),
            ("2101", .periodYearOutOfRange("2101", year: 2101)),
            ("2101-04", .periodYearOutOfRange("2101-04", year: 2101)),
            ("23", .invalidPeriod("23")),
            ("2023-8", .invalidPeriod("2023-8")),
            ("2023/08", .invalidPeriod("2023/08")),
            ("2023-0a", .invalidPeriod("2023-0a")),
            ("", .invalidPeriod("")),
            (" 2023", .invalidPeriod(" 2023")),
            ("２０２３", .invalidPeriod("２０２３")),
            ("baseline", .invalidPeriod("baseline")),
        ]
    )
    func refuses(text: String, error: DomainError) {
        #expect(throws: error) { try Period(text) }
    }

    @Test("the December cut message points at the whole year")
    func decemberMessage() {
        #expect(DomainError.periodMonthOutOfRange("2023-12", month: 12).description.contains("write 2023"))
    }

    @Test("orders by year, the cuts of a year before the whole year")
    func ordering() throws {
        let texts = ["2024-04", "2023", "2022", "2023-08", "2023-04", "2024"]
        let sorted = try texts.map(Period.init).sorted().map(\.description)
        #expect(sorted == ["2022", "2023-04", "2023-08", "2023", "2024-04", "2024"])
    }

    @Test("only equal cuts compare, and the previous equal period is a year earlier")
    func cuts() throws {
        #expect(try Period("2023-08").isSameCut(as: Period("2022-08")))
        #expect(try !Period("2023-08").isSameCut(as: Period("2023-04")))
        #expect(try !Period("2023-08").isSameCut(as: Period("2023")))
        #expect(try Period("2023-08").previousEqual == Period("2022-08"))
        #expect(try Period("2023").previousEqual == Period("2022"))
        #expect(try Period("1990").previousEqual == nil)
        #expect(try Period("2023-04").withYear(2019) == Period("2019-04"))
        #expect(throws: DomainError.periodYearOutOfRange("1989-04", year: 1989)) {
            try Period("2023-04").withYear(1989)
        }
    }

    @Test("codes as its text and refuses bad text when decoding")
    func codable() throws {
        let periods = try [Period("2023"), Period("2023-08")]
        let data = try JSONEncoder().encode(periods)
        #expect(String(decoding: data, as: UTF8.self) == #"["2023","2023-08"]"#)
        #expect(try JSONDecoder().decode([Period].self, from: data) == periods)
        #expect(throws: DomainError.self) { try JSONDecoder().decode([Period].self, from: Data(#"["2023-13"]"#.utf8)) }
    }
}

@Suite("Period end")
struct PeriodEndTests {
    /// Midnight at the start of `day` in Swedish time.
    private func swedish(_ year: Int, _ month: Int, _ day: Int, hour: Int = 0) throws -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Period.swedishTimeZone
        return try #require(calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour)))
    }

    @Test("a cut ends when the next month begins in Sweden, a year when the next year begins")
    func ends() throws {
        let august = try Period("2023-08")
        #expect(!august.hasEnded(asOf: try swedish(2023, 8, 31, hour: 23)))
        #expect(august.hasEnded(asOf: try swedish(2023, 9, 1)))
        let year = try Period("2023")
        #expect(!year.hasEnded(asOf: try swedish(2023, 12, 31, hour: 23)))
        #expect(year.hasEnded(asOf: try swedish(2024, 1, 1)))
        // Midnight in Stockholm is 22:00 or 23:00 UTC the day before.
        #expect(year.hasEnded(asOf: Date(timeIntervalSince1970: 1_704_063_600)))  // 2023-12-31T23:00Z
        #expect(!year.hasEnded(asOf: Date(timeIntervalSince1970: 1_704_060_000)))  // 2023-12-31T22:00Z
        #expect(try Period("2023-11").hasEnded(asOf: try swedish(2023, 12, 1)))
    }
}
