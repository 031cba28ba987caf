import Foundation
import GRDB
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
            for observation in observations {
                switch try Self.store(observation, principal: principal, at: now, in: db) {
                case .inserted: outcome.inserted += 1
                case .updated: outcome.updated += 1
                case .unchanged: outcome.unchanged += 1
                }
            }
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

    /// Inserts `observation`, or updates the stored one with a revision of the old figure.
    private static func store(
        _ observation: Observation,
        principal: String,
        at now: Date,
        in db: Database
    ) throws -> Change {
        var stored = observation
        stored.submitter = principal
        stored.recordedAt = now
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
            try db.cachedStatement(
                sql: """
                    INSERT INTO observations (indicator_id, municipality_code, year, through_month, scope, gender,
                        value, status, source_kind, source_reference, submitter, recorded_at, visibility, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: StatementArguments(SQLiteCoding.observationValues(stored)))
            return .inserted
        }
        let reader = RowReader(row: existing, table: "observations")
        let id: Int64 = try reader.decode(0)
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
        ).execute(arguments: [principal, SQLiteCoding.seconds(now), id])
        try db.cachedStatement(
            sql: """
                UPDATE observations SET value = ?, status = ?, source_kind = ?, source_reference = ?,
                    submitter = ?, recorded_at = ?, visibility = ?, note = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            stored.reading.value, stored.reading.status?.rawValue, stored.source.kind.rawValue, stored.source.reference,
            stored.submitter, stored.recordedAt.map(SQLiteCoding.seconds), stored.visibility.rawValue, stored.note, id,
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
