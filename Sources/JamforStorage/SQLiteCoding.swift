import Foundation
import GRDB
import JamforDomain

/// How domain values are written to and read back from rows.
///
/// Reading never trusts the file: every column is decoded with GRDB's throwing accessors (the
/// subscripts trap on a mismatch) and every domain value is re-validated, so that a row written
/// outside Jamfor becomes ``StorageError/corruptRow(table:reason:)`` instead of a crash.
enum SQLiteCoding {
    /// The `through_month` stored for a whole year: sorts after the cuts of that year.
    static let wholeYear = 12

    /// The columns of an observation row, in the order ``observation(_:table:)`` reads them.
    static let observationColumns = """
        id, indicator_id, municipality_code, year, through_month, scope, gender, value, status, \
        source_kind, source_reference, submitter, recorded_at, visibility, note
        """

    /// The stored `through_month` of `period`.
    static func throughMonth(_ period: Period) -> Int { period.throughMonth ?? wholeYear }

    /// The values for ``observationColumns`` without `id`, in that order.
    static func observationValues(_ observation: Observation) -> [(any DatabaseValueConvertible)?] {
        let key = observation.key
        return [
            key.indicator.rawValue, key.municipality.rawValue, key.period.year, throughMonth(key.period),
            key.scope.rawValue, key.gender.rawValue, observation.reading.value, observation.reading.status?.rawValue,
            observation.source.kind.rawValue, observation.source.reference, observation.submitter,
            observation.recordedAt.map(seconds), observation.visibility.rawValue, observation.note,
        ]
    }

    /// The arguments that select one observation by key, for `keyCondition`.
    static func keyArguments(_ key: SeriesKey) -> StatementArguments {
        [
            key.indicator.rawValue, key.scope.rawValue, key.gender.rawValue, throughMonth(key.period), key.period.year,
            key.municipality.rawValue,
        ]
    }

    /// The condition matching ``keyArguments(_:)``, in the order of the `observations_key` index.
    static let keyCondition = """
        indicator_id = ? AND scope = ? AND gender = ? AND through_month = ? AND year = ? AND municipality_code = ?
        """

    /// Dates are stored as seconds since 1970 (REAL): sortable, readable with SQLite's date functions,
    /// and exact to well under a microsecond for present-day dates.
    static func seconds(_ date: Date) -> Double { date.timeIntervalSince1970 }

    /// `count` comma-separated placeholders.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// Reads an observation row selected with ``observationColumns``: its rowid and the observation.
    static func observation(_ row: Row, table: String = "observations") throws(StorageError) -> (
        id: Int64, observation: Observation
    ) {
        let reader = RowReader(row: row, table: table)
        let id: Int64 = try reader.decode(0)
        let key = SeriesKey(
            indicator: try reader.parse(1, IndicatorID.init),
            municipality: try reader.parse(2, MunicipalityCode.init),
            period: try reader.period(year: 3, throughMonth: 4),
            scope: try reader.parse(5, Scope.init(parsing:)),
            gender: try reader.parse(6, Gender.init(parsing:))
        )
        let observation = Observation(
            key: key,
            reading: try reader.reading(value: 7, status: 8),
            source: try reader.source(kind: 9, reference: 10),
            submitter: try reader.decode(11),
            recordedAt: try reader.date(12),
            visibility: try reader.parse(13, Visibility.init(parsing:)),
            note: try reader.decode(14)
        )
        return (id, observation)
    }
}

/// Decodes the columns of one row, turning every failure into ``StorageError/corruptRow(table:reason:)``.
struct RowReader {
    let row: Row
    let table: String

    private func columnName(_ index: Int) -> String {
        let names = Array(row.columnNames)
        return names.indices.contains(index) ? names[index] : "#\(index)"
    }

    func corrupt(_ index: Int, _ problem: String) -> StorageError {
        .corruptRow(table: table, reason: "column \(columnName(index)): \(problem)")
    }

    /// The column at `index` as `T` (an optional `T` accepts NULL).
    func decode<T: DatabaseValueConvertible>(_ index: Int, as type: T.Type = T.self) throws(StorageError) -> T {
        guard index < row.count else { throw corrupt(index, "missing") }
        do {
            return try row.decode(T.self, atIndex: index)
        } catch {
            throw corrupt(index, "\(row[index] as DatabaseValue) is not a \(T.self)")
        }
    }

    /// The text at `index`, validated as a domain value.
    func parse<T>(_ index: Int, _ make: (String) throws(DomainError) -> T) throws(StorageError) -> T {
        let text: String = try decode(index)
        do {
            return try make(text)
        } catch {
            throw corrupt(index, error.description)
        }
    }

    /// The optional text at `index`, validated as a domain value when present.
    func parseIfPresent<T>(_ index: Int, _ make: (String) throws(DomainError) -> T) throws(StorageError) -> T? {
        guard let text: String = try decode(index) else { return nil }
        do {
            return try make(text)
        } catch {
            throw corrupt(index, error.description)
        }
    }

    /// The period stored as a year and a `through_month` (12: the whole year).
    func period(year yearIndex: Int, throughMonth monthIndex: Int) throws(StorageError) -> Period {
        let year: Int = try decode(yearIndex)
        let month: Int = try decode(monthIndex)
        do {
            if month == SQLiteCoding.wholeYear { return try Period(year: year) }
            return try Period(year: year, throughMonth: month)
        } catch {
            throw corrupt(monthIndex, error.description)
        }
    }

    /// A figure or a status marker: exactly one of the two columns is set.
    func reading(value valueIndex: Int, status statusIndex: Int) throws(StorageError) -> Reading {
        let value: Double? = try decode(valueIndex)
        let status: StatusMarker? = try parseIfPresent(statusIndex, StatusMarker.init(parsing:))
        switch (value, status) {
        case (let value?, nil):
            do {
                return try Reading(value: value)
            } catch {
                throw corrupt(valueIndex, error.description)
            }
        case (nil, let status?):
            return Reading(status: status)
        case (.some, .some):
            throw corrupt(valueIndex, "both a value and a status marker")
        case (nil, nil):
            throw corrupt(valueIndex, "neither a value nor a status marker")
        }
    }

    /// A source stored as its kind and its reference.
    func source(kind kindIndex: Int, reference referenceIndex: Int) throws(StorageError) -> Source {
        let kind: String = try decode(kindIndex)
        guard let sourceKind = SourceKind(rawValue: kind) else {
            throw corrupt(kindIndex, "unknown source kind \(kind)")
        }
        let reference: String = try decode(referenceIndex)
        guard !reference.isEmpty else { throw corrupt(referenceIndex, "empty source reference") }
        return Source(kind: sourceKind, reference: reference)
    }

    /// An optional date stored as seconds since 1970.
    func date(_ index: Int) throws(StorageError) -> Date? {
        guard let seconds: Double = try decode(index) else { return nil }
        guard seconds.isFinite else { throw corrupt(index, "\(seconds) is not a time") }
        return Date(timeIntervalSince1970: seconds)
    }

    /// A required date stored as seconds since 1970.
    func requiredDate(_ index: Int) throws(StorageError) -> Date {
        guard let date = try date(index) else { throw corrupt(index, "NULL is not a time") }
        return date
    }
}
