/// Writes Kolada's v2 data shape, streamed, to a ``ByteSink``:
///
/// ```
/// {"values": [
/// {"kpi": "N05401", "municipality": "0880", "period": 2022, "values": [{"gender": "T", "count": 1, "status": "", "value": 82.46}]},
/// …
/// ], "count": 2}
/// ```
///
/// - `"values"` comes first and `"count"` (the number of entries) last, since the count is only known at the
///   end; JSON objects are unordered, so Kolada readers (``KoladaDataReader`` among them) accept it.
/// - Consecutive rows with the same KPI, municipality, period and group flag share one entry (one inner value per
///   gender). The writer holds no rows: it keeps the open entry's key and closes the entry when the key changes.
///   Rows for one key that are not consecutive make separate entries; sort by KPI, municipality and year to
///   avoid that.
/// - `status` is the row's status or `""`; `value` is `null` when missing; group rows get `"is_group": true`.
/// - Two Jamfor additions, which Kolada readers ignore, keep Jamfor's figures exact: a part-year period is
///   written as a string, `"period": "2024-08"` (whole years stay numbers, as Kolada writes them), and a row's
///   visibility as `"visibility": "network"` on its value.
/// - Numbers are the shortest text that reads back as the same `Double`, bit for bit; integral values are
///   written without `.0` (`100`), negative zero as `-0.0`. Strings are escaped per JSON, non-ASCII written as
///   raw UTF-8.
///
/// A class because it owns a staging buffer; not `Sendable`.
public final class KoladaDataWriter {
    /// Where the bytes go.
    public let sink: any ByteSink
    private var staging = OutputStaging()
    private var open = false
    private var finished = false
    private var kpi = ""
    private var municipality = ""
    private var year = 0
    private var month: Int?
    private var isGroup = false
    /// Entries (`kpi` × `municipality` × `period` objects) written so far.
    public private(set) var entriesWritten = 0
    /// Rows (inner values) written so far.
    public private(set) var valuesWritten = 0

    /// Starts a data file on `sink`; nothing reaches the sink before the first 64 KiB or ``finish()``.
    public init(sink: any ByteSink) {
        self.sink = sink
        var cursor = staging.base
        Emit.text("{\"values\": [", &cursor)
        staging.commit(cursor)
    }

    /// Appends one row, continuing the open entry when it has the same key.
    /// - Throws: ``KoladaWriteError/nonFiniteValue(row:key:value:)`` for an infinite or NaN value, or what the
    ///   sink throws.
    public func append(_ row: KoladaRow) throws(KoladaWriteError) {
        guard !finished else { throw .writerFinished }
        if let value = row.value, !value.isFinite {
            throw .nonFiniteValue(
                row: valuesWritten + 1,
                key: "\(row.kpi) \(row.municipality) \(row.year) \(row.gender)",
                value: "\(value)"
            )
        }
        if let month = row.month, month < 1 || month > 12 || row.year < 0 {
            throw .invalidPeriod(
                row: valuesWritten + 1,
                key: "\(row.kpi) \(row.municipality) \(row.gender)",
                year: row.year,
                month: month
            )
        }
        let sameEntry =
            open && row.year == year && row.month == month && row.isGroup == isGroup && row.kpi == kpi
            && row.municipality == municipality
        let bound =
            160 + 2 * NumberFormatting.maxLength
            + Emit.jsonStringBound(row.kpi.utf8.count + row.municipality.utf8.count + row.gender.utf8.count)
            + Emit.jsonStringBound(row.status?.utf8.count ?? 0) + Emit.jsonStringBound(row.visibility?.utf8.count ?? 0)
        var cursor = try staging.reserve(bound, sink: sink)
        if sameEntry {
            Emit.text(", ", &cursor)
        } else {
            if open {
                Emit.text("]},\n", &cursor)
            } else {
                Emit.byte(UInt8(ascii: "\n"), &cursor)
            }
            Emit.text("{\"kpi\": ", &cursor)
            Emit.jsonString(row.kpi, &cursor)
            Emit.text(", \"municipality\": ", &cursor)
            Emit.jsonString(row.municipality, &cursor)
            Emit.text(", \"period\": ", &cursor)
            if let month = row.month {
                Emit.period(year: row.year, month: month, &cursor)
            } else {
                Emit.integer(row.year, &cursor)
            }
            if row.isGroup { Emit.text(", \"is_group\": true", &cursor) }
            Emit.text(", \"values\": [", &cursor)
            open = true
            kpi = row.kpi
            municipality = row.municipality
            year = row.year
            month = row.month
            isGroup = row.isGroup
            entriesWritten += 1
        }
        Emit.text("{\"gender\": ", &cursor)
        Emit.jsonString(row.gender, &cursor)
        if let count = row.count {
            Emit.text(", \"count\": ", &cursor)
            Emit.integer(count, &cursor)
        } else {
            Emit.text(", \"count\": null", &cursor)
        }
        if let status = row.status {
            Emit.text(", \"status\": ", &cursor)
            Emit.jsonString(status, &cursor)
        } else {
            Emit.text(", \"status\": \"\"", &cursor)
        }
        if let value = row.value {
            Emit.text(", \"value\": ", &cursor)
            Emit.double(value, separator: UInt8(ascii: "."), &cursor)
        } else {
            Emit.text(", \"value\": null", &cursor)
        }
        if let visibility = row.visibility {
            Emit.text(", \"visibility\": ", &cursor)
            Emit.jsonString(visibility, &cursor)
        }
        Emit.byte(UInt8(ascii: "}"), &cursor)
        staging.commit(cursor)
        valuesWritten += 1
    }

    /// Closes the open entry, writes `], "count": N}`, and finishes the sink (flushing it; for gzip, ending the
    /// stream). Calling it again does nothing.
    public func finish() throws(KoladaWriteError) {
        guard !finished else { return }
        var cursor = try staging.reserve(64, sink: sink)
        if open { Emit.text("]}", &cursor) }
        Emit.text("\n], \"count\": ", &cursor)
        Emit.integer(entriesWritten, &cursor)
        Emit.text("}\n", &cursor)
        staging.commit(cursor)
        try staging.flush(to: sink)
        finished = true
        try sink.finish()
    }
}
