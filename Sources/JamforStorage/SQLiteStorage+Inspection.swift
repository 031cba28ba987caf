import GRDB

/// Looks into the database below the ``Storage`` interface: for tests and diagnostics only, so
/// internal (tests reach it with `@testable import`).
extension SQLiteStorage {
    /// SQLite's `EXPLAIN QUERY PLAN` details for `query`, one line per step.
    func queryPlan(_ query: Query) async throws(StorageError) -> [String] {
        try await read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(query.sql)", arguments: query.arguments).map { row in
                try row.decode(String.self, forColumn: "detail")
            }
        }
    }

    /// The names of the tables, sorted, without SQLite's and GRDB's own.
    func tableNames() async throws(StorageError) -> [String] {
        try await read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_schema
                    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                    ORDER BY name
                    """
            )
        }
    }

    /// The names of the indexes of `table`, sorted.
    func indexNames(of table: String) async throws(StorageError) -> [String] {
        try await read { db in
            try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? ORDER BY name",
                arguments: [table]
            )
        }
    }

    /// The migrations applied to the file, in order.
    func appliedMigrations() async throws(StorageError) -> [String] {
        try await read { db in try SQLiteSchema.migrator.appliedMigrations(db) }
    }

    /// The journal mode, synchronous level and foreign key setting of the writer connection (the
    /// one whose settings decide durability).
    func pragmas() async throws(StorageError) -> (journalMode: String, synchronous: Int, foreignKeys: Bool) {
        let values = try await write { db in
            [
                try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                String(try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1),
                String(try Int.fetchOne(db, sql: "PRAGMA foreign_keys") ?? 0),
            ]
        }
        return (values[0], Int(values[1]) ?? -1, values[2] == "1")
    }

    /// The number of rows of `table`.
    func rowCount(_ table: String) async throws(StorageError) -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
        }
    }

    /// Runs `sql` in a write transaction, bypassing every check of the ``Storage`` methods: tests
    /// use it to damage rows on purpose.
    func executeUnchecked(_ sql: String) async throws(StorageError) {
        try await write { db in try db.execute(sql: sql) }
    }
}

/// Files in earlier schema versions, for tests of the migrations.
extension SQLiteStorage {
    /// Creates the file at `path` with the migrations up to and including `migration` only, then runs
    /// `sql` in it, with foreign keys enforced.
    static func makeDatabase(at path: String, upTo migration: String, running sql: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(queue, upTo: migration)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    /// The texts in the first column of what `sql` reads from the file at `path`, without migrating it.
    static func texts(in path: String, _ sql: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: sql) }
    }

    /// The rows `sql` reads from the file at `path`, each as text, without migrating the file.
    static func rows(in path: String, _ sql: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try Row.fetchAll(db, sql: sql).map(\.description) }
    }

    /// The rows `sql` reads, each as text.
    func rows(_ sql: String) async throws(StorageError) -> [String] {
        try await read { db in try Row.fetchAll(db, sql: sql).map(\.description) }
    }

    /// The texts in the first column of what `sql` reads.
    func texts(_ sql: String) async throws(StorageError) -> [String] {
        try await read { db in try String.fetchAll(db, sql: sql) }
    }
}
