import Foundation
import GRDB
// The SQLite C API, as GRDB links it (GRDB's GRDBSQLite product): to bind a chunk's values directly.
import GRDBSQLite
public import JamforDomain

extension SQLiteStorage {
    /// Stores a validated batch in one write transaction, idempotently per principal and key.
    ///
    /// The key is looked up inside the write transaction, so two concurrent submissions with one
    /// key cannot both store: writes are serialized and the second sees the first's record.
    /// Every stored observation gets `principal` as its submitter and the storage's clock as its
    /// time, whatever the batch carries (PROTOCOL.md 6.9: the server does not trust the client's).
    /// An observation is `unchanged` when its reading, source and visibility equal the stored ones;
    /// otherwise the stored figure becomes a revision and is replaced.
    public func submit(
        _ observations: [Observation],
        rejected: [SubmissionRejection],
        key: String,
        digest: [UInt8],
        principal: String
    ) async throws(StorageError) -> SubmissionOutcome {
        let now = clock()
        return try await write { db in
            if let recorded = try Self.recordedOutcome(db, key: key, digest: digest, principal: principal) {
                return recorded
            }
            var outcome = SubmissionOutcome(rejected: rejected)
            try Self.store(observations, principal: principal, at: now, in: db, into: &outcome)
            try Self.record(outcome, key: key, digest: digest, principal: principal, at: now, in: db)
            return outcome
        }
    }

    private enum Change {
        case inserted, updated, unchanged
    }

    /// The outcome recorded for `key` by `principal`, replayed; nil when the key is new.
    private static func recordedOutcome(
        _ db: Database,
        key: String,
        digest: [UInt8],
        principal: String
    ) throws -> SubmissionOutcome? {
        let submission = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id, digest, inserted, updated, unchanged FROM submissions
                    WHERE principal = ? AND idempotency_key = ?
                    """
            ),
            arguments: [principal, key]
        )
        guard let submission else { return nil }
        let reader = RowReader(row: submission, table: "submissions")
        let stored: Data = try reader.decode(1)
        guard stored == Data(digest) else { throw StorageError.conflict(key: key) }
        let id: Int64 = try reader.decode(0)
        var outcome = SubmissionOutcome(
            inserted: try reader.decode(2),
            updated: try reader.decode(3),
            unchanged: try reader.decode(4),
            replayed: true
        )
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT observation_index, code, reason FROM submission_rejections
                    WHERE submission_id = ? ORDER BY position
                    """
            ),
            arguments: [id]
        )
        while let row = try rows.next() {
            let reader = RowReader(row: row, table: "submission_rejections")
            let code: Int = try reader.decode(1)
            guard let code = UInt16(exactly: code) else { throw reader.corrupt(1, "\(code) is not an error code") }
            outcome.rejected.append(
                SubmissionRejection(index: try reader.decode(0), code: code, reason: try reader.decode(2))
            )
        }
        return outcome
    }

    /// Figures per INSERT statement when storing a batch (14 arguments each, far below SQLite's limit).
    ///
    /// A statement per figure was most of a large submission's time, and not in the B-trees: the
    /// version 1 schema's CHECKs of the form `column IN (three or more words)` made SQLite build a
    /// temporary table of the words each time a statement ran (a B-tree and a pager opened and
    /// closed; version 2 writes them as comparisons, see ``SQLiteSchema/v2``), and binding and stepping
    /// cost again per statement. Many figures per statement pay that once:
    /// `jamfor import kolada` of 1,000,000 figures took 13.1–13.4 s with a statement per figure and
    /// 5.4 s with this, everything else equal (Tools/ExportBench, 2 cores).
    static let figuresPerInsert = 256

    /// The SQL that inserts `count` figures, leaving out those whose key is stored: DO NOTHING on the
    /// key alone, so that any other constraint still fails the statement.
    static func insertSQL(count: Int) -> String {
        let row = "(" + SQLiteCoding.placeholders(14) + ")"
        return """
            INSERT INTO observations (indicator_id, municipality_code, year, through_month, scope, gender,
                value, status, source_kind, source_reference, submitter, recorded_at, visibility, note)
            VALUES \(Array(repeating: row, count: count).joined(separator: ", "))
            ON CONFLICT(indicator_id, scope, gender, through_month, year, municipality_code) DO NOTHING
            """
    }

    /// Inserts the new figures of `observations` and updates the changed ones, each stored one with
    /// a revision of its old figure, counting them into `outcome`.
    ///
    /// The figures go in ``figuresPerInsert`` at a time, inserting those whose key is new; SQLite's
    /// change count says whether all of a chunk were. When not (a key was stored, or repeated in the
    /// batch), the chunk's figures are settled one by one, in order, against what is stored now: a row
    /// with a rowid above the table's largest before the chunk was inserted by it (rowids only grow
    /// and nothing is deleted), once per row; any other is a stored figure to compare, as one figure
    /// at a time would have found it.
    private static func store(
        _ observations: [Observation],
        principal: String,
        at now: Date,
        in db: Database,
        into outcome: inout SubmissionOutcome
    ) throws {
        guard !observations.isEmpty else { return }
        let seconds = SQLiteCoding.seconds(now)
        var largest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM observations") ?? 0
        let full = try db.cachedStatement(sql: insertSQL(count: figuresPerInsert))
        var start = observations.startIndex
        while start < observations.endIndex {
            let chunk = observations[start..<min(start + figuresPerInsert, observations.endIndex)]
            start = chunk.endIndex
            // The last, shorter chunk of a batch gets a statement of its own, not cached: cached, there
            // would be one per length.
            let insert =
                chunk.count == figuresPerInsert ? full : try db.makeStatement(sql: insertSQL(count: chunk.count))
            try withBound(chunk, submitter: principal, recordedAt: seconds, to: insert) { try insert.execute() }
            let inserted = db.changesCount
            let before = largest
            if inserted > 0 { largest = max(largest, db.lastInsertedRowID) }
            if inserted == chunk.count {
                outcome.inserted += inserted
                continue
            }
            var claimed = Set<Int64>()
            for observation in chunk {
                switch try settle(observation, insertedAbove: before, claimed: &claimed, principal, seconds, db) {
                case .inserted: outcome.inserted += 1
                case .updated: outcome.updated += 1
                case .unchanged: outcome.unchanged += 1
                }
            }
        }
    }

    /// Binds the values of `chunk` to `insert` (made by ``insertSQL(count:)`` for its length), each
    /// figure's 14 in the order of ``SQLiteCoding/observationColumns`` without `id`, with `submitter`
    /// and `recordedAt` in place of the figure's own, runs `body` (which executes it) and unbinds them.
    ///
    /// Through SQLite's C API rather than `StatementArguments`: building those (a `DatabaseValue` per
    /// value, through generic code) and binding them one by one was a fifth of the writer's time, the
    /// import of 1,000,000 figures taking 6.7 s instead of 5.4 s (Tools/ExportBench). GRDB is told
    /// first, with empty unchecked arguments, that the statement's arguments are taken care of: it then
    /// resets and runs the statement as bound, and SQLite keeps bindings across a reset.
    ///
    /// Texts are bound as GRDB binds them, up to their first NUL, but from one buffer that holds all of
    /// the chunk's texts until `body` returns, bound as static: a text bound for SQLite to copy
    /// (`SQLITE_TRANSIENT`) frees the copy of the last value bound there and allocates another, two
    /// calls of the allocator and its lock for each of the eight texts of every figure. The bindings
    /// are cleared before the buffer is freed, so that the cached statement keeps no pointer into it.
    private static func withBound(
        _ chunk: ArraySlice<Observation>,
        submitter: String,
        recordedAt: Double,
        to insert: Statement,
        _ body: () throws -> Void
    ) throws {
        insert.setUncheckedArguments(StatementArguments())
        let handle = insert.sqliteStatement
        defer { sqlite3_clear_bindings(handle) }
        var texts = TextBuffer()
        defer { texts.deallocate() }
        // Every text of the chunk is copied first: the buffer must not move once pointers into it
        // are bound. Offsets, in binding order, are kept with their lengths.
        var spans: [(offset: Int, length: Int)] = []
        spans.reserveCapacity(chunk.count * 8 + 1)
        let submitterSpan = texts.append(submitter)
        for observation in chunk {
            let key = observation.key
            spans.append(texts.append(key.indicator.rawValue))
            spans.append(texts.append(key.municipality.rawValue))
            spans.append(texts.append(key.scope.rawValue))
            spans.append(texts.append(key.gender.rawValue))
            if let status = observation.reading.status { spans.append(texts.append(status.rawValue)) }
            spans.append(texts.append(observation.source.kind.rawValue))
            spans.append(texts.append(observation.source.reference))
            spans.append(texts.append(observation.visibility.rawValue))
            if let note = observation.note { spans.append(texts.append(note)) }
        }
        let base = texts.base
        var index: Int32 = 0
        var next = 0
        var code = SQLITE_OK
        func bindText(_ span: (offset: Int, length: Int)) {
            index += 1
            let result = sqlite3_bind_text(handle, index, base + span.offset, Int32(span.length), nil)
            if code == SQLITE_OK { code = result }
        }
        func text() {
            bindText(spans[next])
            next += 1
        }
        func null() {
            index += 1
            let result = sqlite3_bind_null(handle, index)
            if code == SQLITE_OK { code = result }
        }
        func integer(_ value: Int) {
            index += 1
            let result = sqlite3_bind_int64(handle, index, Int64(value))
            if code == SQLITE_OK { code = result }
        }
        func real(_ value: Double?) {
            index += 1
            let result = value.map { sqlite3_bind_double(handle, index, $0) } ?? sqlite3_bind_null(handle, index)
            if code == SQLITE_OK { code = result }
        }
        for observation in chunk {
            let key = observation.key
            text()  // indicator
            text()  // municipality
            integer(key.period.year)
            integer(SQLiteCoding.throughMonth(key.period))
            text()  // scope
            text()  // gender
            real(observation.reading.value)
            if observation.reading.status != nil { text() } else { null() }
            text()  // source kind
            text()  // source reference
            bindText(submitterSpan)
            real(recordedAt)
            text()  // visibility
            if observation.note != nil { text() } else { null() }
        }
        guard code == SQLITE_OK, index == sqlite3_bind_parameter_count(handle), next == spans.count else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code == SQLITE_OK ? SQLITE_MISUSE : code),
                message: "binding \(index) values to a statement of \(sqlite3_bind_parameter_count(handle)) failed",
                sql: insert.sql
            )
        }
        try body()
    }

    /// How one figure of a chunk that was not wholly new fared: inserted by the chunk (its row's id is
    /// above `before` and no earlier figure of the chunk claimed it), unchanged, or updated now with a
    /// revision of the stored figure.
    private static func settle(
        _ observation: Observation,
        insertedAbove before: Int64,
        claimed: inout Set<Int64>,
        _ principal: String,
        _ seconds: Double,
        _ db: Database
    ) throws -> Change {
        let existing = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id, value, status, source_kind, source_reference, visibility FROM observations
                    WHERE \(SQLiteCoding.keyCondition)
                    """
            ),
            arguments: SQLiteCoding.keyArguments(observation.key)
        )
        guard let existing else {
            // The insert found the key taken, yet no row has it: only a change behind SQLite's back
            // (a damaged index) can do that.
            let key = observation.key
            throw StorageError.corruptRow(
                table: "observations",
                reason: "the key index holds \(key.indicator) \(key.municipality) \(key.period) \(key.scope) "
                    + "\(key.gender) but no row does; run REINDEX"
            )
        }
        let reader = RowReader(row: existing, table: "observations")
        let id: Int64 = try reader.decode(0)
        if id > before && claimed.insert(id).inserted { return .inserted }
        let reading = try reader.reading(value: 1, status: 2)
        let source = try reader.source(kind: 3, reference: 4)
        let visibility = try reader.parse(5, Visibility.init(parsing:))
        if reading == observation.reading && source == observation.source && visibility == observation.visibility {
            return .unchanged
        }
        // The old figure is copied by SQL, column for column, so the revision is exactly what was stored.
        try db.cachedStatement(
            sql: """
                INSERT INTO revisions (observation_id, value, status, source_kind, source_reference, visibility,
                    submitter, recorded_at, note, changed_by, changed_at)
                SELECT id, value, status, source_kind, source_reference, visibility, submitter, recorded_at, note,
                    ?, ?
                FROM observations WHERE id = ?
                """
        ).execute(arguments: [principal, seconds, id])
        try db.cachedStatement(
            sql: """
                UPDATE observations SET value = ?, status = ?, source_kind = ?, source_reference = ?,
                    submitter = ?, recorded_at = ?, visibility = ?, note = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            observation.reading.value, observation.reading.status?.rawValue, observation.source.kind.rawValue,
            observation.source.reference, principal, seconds, observation.visibility.rawValue, observation.note, id,
        ])
        return .updated
    }

    /// Records `outcome` under `key`, in the submission's transaction, for replays.
    private static func record(
        _ outcome: SubmissionOutcome,
        key: String,
        digest: [UInt8],
        principal: String,
        at now: Date,
        in db: Database
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO submissions (principal, idempotency_key, digest, inserted, updated, unchanged, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            principal, key, Data(digest), outcome.inserted, outcome.updated, outcome.unchanged,
            SQLiteCoding.seconds(now),
        ])
        let submission = db.lastInsertedRowID
        let rejection = try db.cachedStatement(
            sql: """
                INSERT INTO submission_rejections (submission_id, position, observation_index, code, reason)
                VALUES (?, ?, ?, ?, ?)
                """
        )
        for (position, item) in outcome.rejected.enumerated() {
            try rejection.execute(arguments: [submission, position, item.index, Int(item.code), item.reason])
        }
    }
}

/// Texts laid end to end in one growable allocation, each up to its first NUL (as C strings end, and
/// as GRDB binds texts), addressed by offset so that growing the buffer moves nothing already placed.
private struct TextBuffer {
    private(set) var base: UnsafeMutablePointer<CChar>
    private var capacity = 4096
    private var count = 0

    init() { base = .allocate(capacity: capacity) }

    func deallocate() { base.deallocate() }

    /// Copies `text` in; where it lies, and how many bytes.
    mutating func append(_ text: String) -> (offset: Int, length: Int) {
        var text = text
        return text.withUTF8 { utf8 in
            let length = utf8.firstIndex(of: 0) ?? utf8.count
            if count + length > capacity {
                var grown = capacity * 2
                while grown < count + length { grown *= 2 }
                let moved = UnsafeMutablePointer<CChar>.allocate(capacity: grown)
                moved.update(from: base, count: count)
                base.deallocate()
                base = moved
                capacity = grown
            }
            if let source = utf8.baseAddress, length > 0 {
                UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: length)
            }
            defer { count += length }
            return (count, length)
        }
    }
}
