public import Foundation

/// What a figure covers: a whole year (`2023`) or a year-to-date cut from January to a month
/// (`2023-08`, January–August).
///
/// Periods sort by year, and within a year the cuts come before the whole year. Only periods with
/// the same cut are compared with each other (``isSameCut(as:)``).
public struct Period: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The years a period may fall in.
    public static let years: ClosedRange<Int> = 1990...2100

    /// The calendar year.
    public let year: Int
    /// The last month of a year-to-date cut (1–11), or nil for the whole year.
    public let throughMonth: Int?

    /// A whole year.
    public init(year: Int) throws(DomainError) {
        guard Self.years.contains(year) else { throw .periodYearOutOfRange(String(year), year: year) }
        self.year = year
        self.throughMonth = nil
    }

    /// A year-to-date cut from January through `month` (1–11).
    public init(year: Int, throughMonth month: Int) throws(DomainError) {
        let text = "\(year)-\(month < 10 ? "0" : "")\(month)"
        guard Self.years.contains(year) else { throw .periodYearOutOfRange(text, year: year) }
        guard (1...11).contains(month) else { throw .periodMonthOutOfRange(text, month: month) }
        self.year = year
        self.throughMonth = month
    }

    /// Parses `2023` or `2023-08`.
    public init(_ text: String) throws(DomainError) {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count == 4 || (bytes.count == 7 && bytes[4] == UInt8(ascii: "-")),
            let year = digits(0..<4)
        else { throw .invalidPeriod(text) }
        guard Self.years.contains(year) else { throw .periodYearOutOfRange(text, year: year) }
        if bytes.count == 4 {
            self.year = year
            self.throughMonth = nil
            return
        }
        guard let month = digits(5..<7) else { throw .invalidPeriod(text) }
        guard (1...11).contains(month) else { throw .periodMonthOutOfRange(text, month: month) }
        self.year = year
        self.throughMonth = month
    }

    /// Whether this is a whole year rather than a cut.
    public var isWholeYear: Bool { throughMonth == nil }

    /// The number of months the period covers.
    public var months: Int { throughMonth ?? 12 }

    /// Whether `other` covers the same months of its year, so that the two can be compared.
    public func isSameCut(as other: Period) -> Bool { throughMonth == other.throughMonth }

    /// The same cut one year earlier, or nil before 1990.
    public var previousEqual: Period? {
        guard year - 1 >= Self.years.lowerBound else { return nil }
        return Period(checkedYear: year - 1, throughMonth: throughMonth)
    }

    /// The same cut in `year`.
    public func withYear(_ year: Int) throws(DomainError) -> Period {
        if let throughMonth { return try Period(year: year, throughMonth: throughMonth) }
        return try Period(year: year)
    }

    private init(checkedYear: Int, throughMonth: Int?) {
        self.year = checkedYear
        self.throughMonth = throughMonth
    }

    /// `2023` or `2023-08`.
    public var description: String {
        guard let throughMonth else { return String(year) }
        return "\(year)-\(throughMonth < 10 ? "0" : "")\(throughMonth)"
    }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        if lhs.year != rhs.year { return lhs.year < rhs.year }
        return lhs.months < rhs.months
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Period {
    /// Swedish time, in which periods begin and end.
    public static let swedishTimeZone = TimeZone(identifier: "Europe/Stockholm") ?? .gmt

    /// Whether the period is over at `date`: a figure for a period that has not ended cannot exist yet.
    /// `2023-08` ends when September 2023 begins in Sweden, `2023` when 2024 begins.
    public func hasEnded(asOf date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.swedishTimeZone
        let next = DateComponents(year: isWholeYear ? year + 1 : year, month: isWholeYear ? 1 : months + 1, day: 1)
        guard let end = calendar.date(from: next) else { return false }
        return date >= end
    }
}
