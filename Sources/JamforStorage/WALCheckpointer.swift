import Dispatch
// The SQLite C API, as GRDB links it (GRDB's GRDBSQLite product): a connection that only checkpoints.
import GRDBSQLite
import Synchronization

/// Copies the write-ahead log into the database file on a connection and a thread of its own, after
/// the writer commits, so that the writer does not stop to do it.
///
/// SQLite's automatic checkpoint runs inside the commit that takes the log past its limit, on the
/// writer's connection: every large submission then also copied its pages into the database file and
/// waited for two fsyncs before the next one could start: with no checkpoint at all during it, an
/// import of 1,000,000 figures took 3.3 s instead of 3.75 s, and with this one 3.28 s instead of 3.42 s
/// (Tools/ExportBench, 2 cores). A passive checkpoint on another connection does the
/// same copying while the writer goes on (SQLite allows one checkpointer beside one writer); once it
/// has copied the whole log, the writer's next transaction starts the log from its beginning again, so
/// the file stays small. Nothing about durability changes: a transaction is in the log when it commits,
/// as before, and the log is synced before it is copied and the database after, as SQLite's own
/// checkpoints do. Checkpoints are best effort: one that fails or finds the log busy is simply left to
/// the next, and the writer keeps an automatic checkpoint of its own (at a higher limit, see
/// ``SQLiteStorage``) for when this one falls behind.
final class WALCheckpointer: Sendable {
    private let path: String
    /// Runs the checkpoints, one at a time, off the writer's queue and Swift's cooperative threads
    /// (a checkpoint blocks on file writes and fsyncs).
    private let queue = DispatchQueue(label: "Jamfor.checkpoint", qos: .utility)
    /// Whether a checkpoint is queued and not yet started: requests made meanwhile are served by it.
    private let pending = Atomic<Bool>(false)
    /// The connection, opened on first use. Touched only on `queue`.
    private nonisolated(unsafe) var connection: OpaquePointer?
    /// Set by ``close()``, on `queue`; no checkpoint runs after it.
    private nonisolated(unsafe) var isClosed = false

    init(path: String) {
        self.path = path
    }

    deinit {
        // Every queued checkpoint holds a reference to this object, so none is left to run.
        if let connection { sqlite3_close_v2(connection) }
    }

    /// Asks for a checkpoint soon; returns at once.
    func request() {
        guard pending.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        queue.async { [self] in
            pending.store(false, ordering: .releasing)
            checkpoint()
        }
    }

    /// Waits for the checkpoint in progress, if any, then closes the connection; later requests do
    /// nothing.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { [self] in
                isClosed = true
                if let connection {
                    sqlite3_close_v2(connection)
                    self.connection = nil
                }
                continuation.resume()
            }
        }
    }

    /// Waits until the checkpoints requested so far have run (for tests).
    func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { continuation.resume() }
        }
    }

    /// One passive checkpoint: copies what it can without waiting for the writer or readers.
    private func checkpoint() {
        guard !isClosed, let connection = open() else { return }
        var logFrames: Int32 = 0
        var copiedFrames: Int32 = 0
        // SQLITE_BUSY (another checkpoint is running) and errors leave the log to the next checkpoint.
        _ = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copiedFrames)
    }

    private func open() -> OpaquePointer? {
        if let connection { return connection }
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            // A failed open still returns a handle to release; the next request tries again.
            if let handle { sqlite3_close_v2(handle) }
            return nil
        }
        // SQLite opens the log of a connection at its first read; until then a checkpoint on it finds
        // no log and copies nothing. Reading the schema cookie opens it.
        guard sqlite3_exec(handle, "PRAGMA schema_version", nil, nil, nil) == SQLITE_OK else {
            sqlite3_close_v2(handle)
            return nil
        }
        connection = handle
        return handle
    }
}
