public import Foundation
import GRDB
import JamforDomain
import Synchronization

/// ``Storage`` in one SQLite file, through GRDB.
///
/// The file is opened as a `DatabasePool`: WAL mode, so that readers never wait for the writer and
/// see a consistent snapshot; one writer at a time, so every write method is one serialized
/// transaction. Safe to share between tasks.
public final class SQLiteStorage: Storage {
    /// The database file.
    public let path: String

    private let pool: DatabasePool
    /// Copies the log into the database file after writes, beside the writer.
    private let checkpointer: WALCheckpointer
    /// Set once ``close()`` starts: from then on every call fails with ``StorageError/closed``.
    private let isClosed = Mutex(false)
    /// The storage's clock, for submission, revision and account times.
    let clock: @Sendable () -> Date

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public convenience init(path: String) async throws(StorageError) {
        try await self.init(path: path, clock: { Date() })
    }

    /// Opens the database at `path`, taking the time of submissions and revisions from `clock`.
    public init(path: String, clock: @escaping @Sendable () -> Date) async throws(StorageError) {
        var configuration = Configuration()
        configuration.label = "Jamfor"
        configuration.foreignKeysEnabled = true
        // A writer waits this long for another process's write lock (a backup, the sqlite3 shell)
        // before failing with SQLITE_BUSY; within this process GRDB already serializes writes.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // The writer's page cache: 64 MiB instead of SQLite's 2 MiB, so that a large submission's
            // index pages stay in memory until it commits instead of being spilled and read again
            // (an import of 1,000,000 figures took 3.28 s instead of 3.36 s, Tools/ExportBench).
            // Readers keep the default: there are
            // several, and each reads one slice or page at a time. (DatabasePool opens its readers
            // with a read-only configuration.)
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -65536")
                // The writer's own automatic checkpoint is the backstop for ``WALCheckpointer``, which
                // checkpoints after every write: at SQLite's default of 1000 pages (4 MiB) the writer
                // checkpointed inside nearly every large commit itself. At 16384 pages (64 MiB) it does
                // only when the checkpointer falls that far behind.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
            }
        }
        // DatabasePool turns on WAL and sets `synchronous = NORMAL`. In WAL mode that is durable
        // against a crash or SIGKILL of this process: a transaction is in the WAL file (the OS has
        // it) once COMMIT returns, and the next open replays it. It is not durable against power
        // loss or an OS crash, which could lose the last transactions (never corrupt the file);
        // `synchronous = FULL` would add an fsync per commit for that.
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
        let migrator = SQLiteSchema.migrator
        do {
            // A file a newer Jamfor migrated is left as it is: this version's code cannot know what
            // the newer schema means, and migrating it further could only damage it.
            let unknown = try await pool.read { db in
                try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            }
            if let version = unknown.first {
                throw StorageError.migrationFailed(
                    version: version,
                    reason: "the database was written by a newer Jamfor; use that version"
                )
            }
            // Synchronous, once at start, on the writer connection; each migration is a transaction.
            let pending = try await pool.read { db in try !migrator.hasCompletedMigrations(db) }
            try migrator.migrate(pool)
            if pending {
                // A migration that rebuilt tables wrote them whole through the log; copied into the
                // file and truncated now, the log does not stay that large while the server runs.
                // Best effort: a reader that holds it back leaves it to the checkpoints that follow.
                _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            }
        } catch let error as StorageError {
            try? pool.close()
            throw error
        } catch let failure as SQLiteSchema.MigrationFailure {
            try? pool.close()
            throw .migrationFailed(version: failure.version, reason: Self.describe(failure.underlying))
        } catch {
            try? pool.close()
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
        self.path = path
        self.pool = pool
        self.checkpointer = WALCheckpointer(path: path)
        self.clock = clock
    }

    /// Optimizes the query planner's statistics, then closes every connection; later calls fail
    /// with ``StorageError/closed``. Closing again does nothing.
    public func close() async throws(StorageError) {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        // Best effort: statistics only help later queries, so a failure here must not keep the file open.
        try? await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA optimize") }
        // Before the pool's connections: the last connection to close checkpoints and removes the log.
        await checkpointer.close()
        do {
            // Waits for the accesses in flight; the last connection to close checkpoints the WAL.
            try pool.close()
        } catch {
            throw .database(reason: Self.describe(error))
        }
    }

    // MARK: - Access

    private func ensureOpen() throws(StorageError) {
        if isClosed.withLock({ $0 }) { throw .closed }
    }

    /// Runs `body` in a read-only transaction on a snapshot of the database.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        try ensureOpen()
        do {
            return try await pool.read(body)
        } catch {
            throw mapped(error)
        }
    }

    /// Runs `body` in one write transaction: all of it is committed, or nothing when it throws.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        try ensureOpen()
        let result: T
        do {
            result = try await pool.write(body)
        } catch {
            throw mapped(error)
        }
        checkpointer.request()
        return result
    }

    /// Waits for the checkpoints requested so far (for tests).
    func checkpointsDone() async { await checkpointer.drain() }

    /// `error` as a ``StorageError``: ours pass through, GRDB's become `.database`, and anything
    /// after ``close()`` is `.closed` (an access that raced with closing fails on a closed pool).
    private func mapped(_ error: any Error) -> StorageError {
        if let error = error as? StorageError { return error }
        if isClosed.withLock({ $0 }) { return .closed }
        if error is CancellationError { return .database(reason: "the operation was cancelled") }
        return .database(reason: Self.describe(error))
    }

    /// A database error's code and message, without its SQL or arguments.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
        }
        return String(describing: error)
    }
}
