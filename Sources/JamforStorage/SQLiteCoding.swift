import Foundation
import GRDB
// The SQLite C API, as GRDB links it (GRDB's GRDBSQLite product): to read an export's columns directly.
import GRDBSQLite
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

/// Reads the observation rows of an export, a page at a time, as ``SQLiteCoding/observation(_:table:)``
/// reads them but at a fraction of the cost: an export reads every stored row, so this is its hot loop.
///
/// Three things make the difference, measured on an export of 1,000,000 figures (Tools/ExportBench):
/// - Columns are read with SQLite's C API from the statement the row comes from, instead of through
///   GRDB's generic `DatabaseValueConvertible` decoding, which looked up run-time metadata for every
///   column of every row and was 44 % of the server's time (with this reader an export of 1,000,000
///   figures takes 1.1 s instead of 2.1–2.4 s). The table is STRICT: SQLite guarantees
///   each column's storage class, and a NULL where none may be is still reported as corrupt.
/// - A text column is compared, as bytes, with the texts it last held, and its domain value reused
///   when it matches: an export walks the rowid, along which one indicator, municipality and source
///   repeat for long runs and the words (scope, gender, visibility, status) take a handful of values.
///   A text is made into a `String` and validated only when it is new, with the same errors as
///   ``SQLiteCoding/observation(_:table:)``.
/// - The period is kept while the year and month repeat.
struct ObservationRowDecoder {
    private var indicator = TextCache<IndicatorID>(capacity: 1)
    private var municipality = TextCache<MunicipalityCode>(capacity: 1)
    private var scope = TextCache<Scope>(capacity: 4)
    private var gender = TextCache<Gender>(capacity: 4)
    private var status = TextCache<StatusMarker>(capacity: 4)
    private var kind = TextCache<SourceKind?>(capacity: 4)
    private var reference = TextCache<String>(capacity: 1)
    private var visibility = TextCache<Visibility>(capacity: 4)
    private var period: (year: Int64, month: Int64, value: Period)?

    /// Reads the current row of `statement`, selected with ``SQLiteCoding/observationColumns``: its
    /// rowid and the observation. `row` is the statement's current row, for the messages of errors.
    mutating func observation(_ row: Row, of statement: Statement, table: String = "observations") throws(StorageError)
        -> (id: Int64, observation: Observation)
    {
        let reader = RowReader(row: row, table: table)
        let columns = StatementColumns(handle: statement.sqliteStatement, reader: reader)
        guard columns.count >= 15 else { throw reader.corrupt(columns.count, "missing") }
        let id = columns.integer(0)
        let indicator = try self.indicator.value(columns, 1) { (text) throws(DomainError) in try IndicatorID(text) }
        let municipality = try self.municipality.value(columns, 2) { (text) throws(DomainError) in
            try MunicipalityCode(text)
        }

        let year = columns.integer(3)
        let month = columns.integer(4)
        let period: Period
        if let cached = self.period, cached.year == year, cached.month == month {
            period = cached.value
        } else {
            do {
                if month == Int64(SQLiteCoding.wholeYear) {
                    period = try Period(year: Int(clamping: year))
                } else {
                    period = try Period(year: Int(clamping: year), throughMonth: Int(clamping: month))
                }
            } catch {
                throw reader.corrupt(4, error.description)
            }
            self.period = (year, month, period)
        }

        let scope = try self.scope.word(columns, 5)
        let gender = try self.gender.word(columns, 6)

        let value = try columns.optionalReal(7)
        let status = columns.isNull(8) ? nil : try self.status.word(columns, 8)
        let reading: Reading
        switch (value, status) {
        case (let value?, nil):
            do {
                reading = try Reading(value: value)
            } catch {
                throw reader.corrupt(7, error.description)
            }
        case (nil, let status?):
            reading = Reading(status: status)
        case (.some, .some):
            throw reader.corrupt(7, "both a value and a status marker")
        case (nil, nil):
            throw reader.corrupt(7, "neither a value nor a status marker")
        }

        guard let kind = try self.kind.value(columns, 9, { (text) throws(DomainError) in SourceKind(rawValue: text) })
        else {
            throw reader.corrupt(9, "unknown source kind \(try columns.text(9))")
        }
        let reference = try self.reference.value(columns, 10) { (text) throws(DomainError) in text }
        guard !reference.isEmpty else { throw reader.corrupt(10, "empty source reference") }

        let submitter = columns.isNull(11) ? nil : try columns.text(11)
        let recordedAt: Date?
        if let seconds = try columns.optionalReal(12) {
            guard seconds.isFinite else { throw reader.corrupt(12, "\(seconds) is not a time") }
            recordedAt = Date(timeIntervalSince1970: seconds)
        } else {
            recordedAt = nil
        }
        let visibility = try self.visibility.word(columns, 13)
        let note = columns.isNull(14) ? nil : try columns.text(14)

        let observation = Observation(
            key: SeriesKey(
                indicator: indicator,
                municipality: municipality,
                period: period,
                scope: scope,
                gender: gender
            ),
            reading: reading,
            source: Source(kind: kind, reference: reference),
            submitter: submitter,
            recordedAt: recordedAt,
            visibility: visibility,
            note: note
        )
        return (id, observation)
    }
}

/// The columns of a statement's current row, read with SQLite's C API; a failure is reported against
/// the row through `reader`.
///
/// Every C call counts here (each takes the connection's mutex), so a column SQLite cannot leave
/// wrong is read without asking its type first: in a STRICT table a NOT NULL INTEGER column holds an
/// integer whoever wrote the row, and a TEXT column's text is NULL exactly when the value is (or
/// memory ran out), which is then told apart.
struct StatementColumns {
    let handle: OpaquePointer
    let reader: RowReader

    var count: Int { Int(sqlite3_column_count(handle)) }

    func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    /// The NOT NULL INTEGER column at `index` of a STRICT table.
    func integer(_ index: Int) -> Int64 {
        sqlite3_column_int64(handle, Int32(index))
    }

    /// The nullable REAL column at `index`.
    func optionalReal(_ index: Int) throws(StorageError) -> Double? {
        let type = sqlite3_column_type(handle, Int32(index))
        if type == SQLITE_NULL { return nil }
        guard type == SQLITE_FLOAT else { throw mismatch(index, "a Double") }
        return sqlite3_column_double(handle, Int32(index))
    }

    /// The bytes of the TEXT column at `index`, valid until the statement moves on; NULL is corrupt.
    func bytes(_ index: Int) throws(StorageError) -> UnsafeRawBufferPointer {
        // sqlite3_column_text before sqlite3_column_bytes, as SQLite's documentation asks.
        guard let start = sqlite3_column_text(handle, Int32(index)) else {
            if isNull(index) { throw mismatch(index, "a String") }
            throw StorageError.database(reason: "out of memory reading column \(index) of \(reader.table)")
        }
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, Int32(index))))
    }

    /// The TEXT column at `index` (invalid UTF-8 repaired, as GRDB reads it).
    func text(_ index: Int) throws(StorageError) -> String {
        String(decoding: try bytes(index), as: UTF8.self)
    }

    private func mismatch(_ index: Int, _ wanted: String) -> StorageError {
        reader.corrupt(index, "\(reader.row[index] as DatabaseValue) is not \(wanted)")
    }
}

/// The last few texts a column held, as bytes, with the domain values made of them.
struct TextCache<Value> {
    private var entries: [(bytes: [UInt8], value: Value)] = []
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The value of the TEXT column at `index`: the cached one when the bytes match, else `make`'s,
    /// which is then cached (replacing the oldest when full).
    mutating func value(
        _ columns: StatementColumns,
        _ index: Int,
        _ make: (String) throws(DomainError) -> Value
    ) throws(StorageError) -> Value {
        let bytes = try columns.bytes(index)
        for entry in entries where entry.bytes.count == bytes.count {
            let same = entry.bytes.withUnsafeBytes { cached in
                guard let stored = cached.baseAddress, let read = bytes.baseAddress else { return bytes.isEmpty }
                return memcmp(stored, read, bytes.count) == 0
            }
            if same { return entry.value }
        }
        let value: Value
        do {
            value = try make(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw columns.reader.corrupt(index, error.description)
        }
        if entries.count == capacity { entries.removeFirst() }
        entries.append((Array(bytes), value))
        return value
    }
}

extension TextCache where Value: DataWord {
    /// The TEXT column at `index` as one of a fixed set of words.
    mutating func word(_ columns: StatementColumns, _ index: Int) throws(StorageError) -> Value {
        try value(columns, index) { (text) throws(DomainError) in
            guard let word = Value(rawValue: text) else { throw Value.unknown(text) }
            return word
        }
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
