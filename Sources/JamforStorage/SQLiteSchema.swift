import GRDB

/// The versioned schema of the SQLite store.
///
/// Migrations are append-only: a released migration is never edited, a change is a new `vN-…`
/// migration, so that every existing database file reaches the same schema.
enum SQLiteSchema {
    /// The migrations, in the order they run.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // Creating tables breaks no foreign key, so the checks can stay immediate (no table rebuilds).
        migrator.registerMigration("v1-initial-schema", foreignKeyChecks: .immediate) { db in
            try run("v1-initial-schema") { try db.execute(sql: v1) }
        }
        // Rebuilds tables, so foreign keys are off while it runs and checked before it commits
        // (GRDB's deferred checks: steps 1–3 and 10–12 of SQLite's table rebuild procedure).
        migrator.registerMigration("v2-check-comparisons", foreignKeyChecks: .deferred) { db in
            try run("v2-check-comparisons") { try db.execute(sql: v2) }
        }
        return migrator
    }

    /// A migration's failure, tagged with the migration so that the error can name it.
    struct MigrationFailure: Error {
        var version: String
        var underlying: any Error
    }

    private static func run(_ version: String, _ body: () throws -> Void) throws {
        do { try body() } catch { throw MigrationFailure(version: version, underlying: error) }
    }

    /// Version 1.
    ///
    /// - Tables are STRICT (SQLite ≥ 3.37) and carry CHECKs for every enumeration, so that a value
    ///   of the wrong type or spelling is refused when written rather than found when read.
    /// - A period is `year` plus `through_month`, 1–11 for a year-to-date cut and 12 for the whole
    ///   year. NULL for the whole year would break the UNIQUE key (SQLite treats NULLs as distinct)
    ///   and 12 makes `(year, through_month)` sort in ``Period`` order (cuts before the whole year).
    /// - The observation key's index starts with indicator, scope, gender and period, so the slice
    ///   a ranking reads (one indicator, period, scope, gender) and a trend's years are one range of
    ///   it, whatever else is stored; the same index enforces uniqueness and serves upserts.
    /// - Observations keep their rowid forever (updates happen in place, nothing is deleted), which
    ///   makes it a stable key for export pagination; AUTOINCREMENT is not needed for that.
    static let v1 = """
        CREATE TABLE counties (
            code TEXT NOT NULL PRIMARY KEY CHECK (length(code) = 2),
            name TEXT NOT NULL
        ) STRICT;

        CREATE TABLE municipalities (
            code TEXT NOT NULL PRIMARY KEY CHECK (length(code) = 4),
            name TEXT NOT NULL,
            county_code TEXT NOT NULL REFERENCES counties(code)
        ) STRICT;
        CREATE INDEX municipalities_county ON municipalities(county_code);

        CREATE TABLE networks (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            position INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE network_members (
            network_id TEXT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
            municipality_code TEXT NOT NULL REFERENCES municipalities(code),
            position INTEGER NOT NULL,
            PRIMARY KEY (network_id, municipality_code)
        ) STRICT;
        CREATE INDEX network_members_municipality ON network_members(municipality_code);

        CREATE TABLE indicators (
            id TEXT NOT NULL PRIMARY KEY,
            position INTEGER NOT NULL,
            title_sv TEXT NOT NULL,
            title_en TEXT NOT NULL,
            unit TEXT NOT NULL CHECK (unit IN ('index', 'percent', 'rank', 'score', 'count', 'kronor')),
            direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
            min_value REAL NOT NULL,
            max_value REAL NOT NULL,
            splits_by_gender INTEGER NOT NULL CHECK (splits_by_gender IN (0, 1)),
            accumulates INTEGER NOT NULL CHECK (accumulates IN (0, 1)),
            dead_band REAL NOT NULL,
            decimals INTEGER NOT NULL,
            kolada_id TEXT,
            about TEXT NOT NULL,
            CHECK (min_value <= max_value)
        ) STRICT;

        CREATE TABLE observations (
            id INTEGER PRIMARY KEY,
            indicator_id TEXT NOT NULL REFERENCES indicators(id),
            municipality_code TEXT NOT NULL REFERENCES municipalities(code),
            year INTEGER NOT NULL,
            through_month INTEGER NOT NULL CHECK (through_month BETWEEN 1 AND 12),
            scope TEXT NOT NULL CHECK (scope IN ('kommun', 'ks')),
            gender TEXT NOT NULL CHECK (gender IN ('T', 'K', 'M')),
            value REAL,
            status TEXT CHECK (status IN ('-', '.', '..')),
            source_kind TEXT NOT NULL CHECK (source_kind IN ('report', 'kolada', 'submission', 'synthetic')),
            source_reference TEXT NOT NULL,
            submitter TEXT,
            recorded_at REAL,
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'network')),
            note TEXT,
            CHECK ((value IS NULL) <> (status IS NULL))
        ) STRICT;
        CREATE UNIQUE INDEX observations_key
            ON observations(indicator_id, scope, gender, through_month, year, municipality_code);
        CREATE INDEX observations_municipality ON observations(municipality_code);

        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            observation_id INTEGER NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
            value REAL,
            status TEXT CHECK (status IN ('-', '.', '..')),
            source_kind TEXT NOT NULL CHECK (source_kind IN ('report', 'kolada', 'submission', 'synthetic')),
            source_reference TEXT NOT NULL,
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'network')),
            submitter TEXT,
            recorded_at REAL,
            note TEXT,
            changed_by TEXT NOT NULL,
            changed_at REAL NOT NULL,
            CHECK ((value IS NULL) <> (status IS NULL))
        ) STRICT;
        CREATE INDEX revisions_observation ON revisions(observation_id, changed_at);

        CREATE TABLE submissions (
            id INTEGER PRIMARY KEY,
            principal TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            digest BLOB NOT NULL,
            inserted INTEGER NOT NULL CHECK (inserted >= 0),
            updated INTEGER NOT NULL CHECK (updated >= 0),
            unchanged INTEGER NOT NULL CHECK (unchanged >= 0),
            created_at REAL NOT NULL,
            UNIQUE (principal, idempotency_key)
        ) STRICT;

        CREATE TABLE submission_rejections (
            submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            observation_index INTEGER NOT NULL CHECK (observation_index >= 0),
            code INTEGER NOT NULL CHECK (code BETWEEN 0 AND 65535),
            reason TEXT NOT NULL,
            PRIMARY KEY (submission_id, position)
        ) STRICT;

        CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            indicator_id TEXT NOT NULL REFERENCES indicators(id),
            municipality_code TEXT NOT NULL REFERENCES municipalities(code),
            year INTEGER NOT NULL,
            scope TEXT NOT NULL CHECK (scope IN ('kommun', 'ks')),
            gender TEXT NOT NULL CHECK (gender IN ('T', 'K', 'M')),
            value REAL NOT NULL,
            source_kind TEXT NOT NULL CHECK (source_kind IN ('report', 'kolada', 'submission', 'synthetic')),
            source_reference TEXT NOT NULL,
            note TEXT,
            UNIQUE (indicator_id, municipality_code, scope, gender, year)
        ) STRICT;

        CREATE TABLE baselines (
            id INTEGER PRIMARY KEY,
            indicator_id TEXT NOT NULL REFERENCES indicators(id),
            municipality_code TEXT NOT NULL REFERENCES municipalities(code),
            scope TEXT NOT NULL CHECK (scope IN ('kommun', 'ks')),
            gender TEXT NOT NULL CHECK (gender IN ('T', 'K', 'M')),
            value REAL NOT NULL,
            source_kind TEXT NOT NULL CHECK (source_kind IN ('report', 'kolada', 'submission', 'synthetic')),
            source_reference TEXT NOT NULL,
            note TEXT,
            UNIQUE (indicator_id, municipality_code, scope, gender)
        ) STRICT;

        -- No foreign key to municipalities: an administrator's account is made before any
        -- registry is loaded, and a member's binding is checked by whoever creates the account.
        CREATE TABLE accounts (
            name TEXT NOT NULL PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'reader')),
            municipality_code TEXT,
            token_hash BLOB NOT NULL,
            created_at REAL NOT NULL,
            revoked_at REAL
        ) STRICT;
        """

    /// Version 2: the CHECKs of `observations` and `revisions` that compare a column with three or more
    /// words, written as comparisons joined by OR instead of `IN (…)`.
    ///
    /// Both mean the same (a NULL passes either way, as neither is false for it), but for an `IN` list
    /// of more than two constants SQLite builds a temporary table of the words each time the CHECK
    /// runs, so that every stored figure opened and filled three of them: an import of 1,000,000 figures
    /// took 4.17 s with the old CHECKs and 3.28 s with these (Tools/ExportBench, 2 cores).
    ///
    /// The two tables written per figure are rebuilt by SQLite's documented procedure
    /// (https://www.sqlite.org/lang_altertable.html#otheralter, steps 4–9 here; the migrator does the
    /// others: foreign keys off, one transaction, `PRAGMA foreign_key_check` before the commit): a new
    /// table of the same columns, STRICT, the rows copied with their ids, the old table dropped, the new
    /// one renamed and its indexes made again. `revisions` still refers to `observations` by
    /// name, so its foreign key holds the same rows. Tables written rarely (`indicators`, `targets`,
    /// `baselines`, `accounts`) keep their CHECKs as they are.
    static let v2 = """
        CREATE TABLE new_observations (
            id INTEGER PRIMARY KEY,
            indicator_id TEXT NOT NULL REFERENCES indicators(id),
            municipality_code TEXT NOT NULL REFERENCES municipalities(code),
            year INTEGER NOT NULL,
            through_month INTEGER NOT NULL CHECK (through_month BETWEEN 1 AND 12),
            scope TEXT NOT NULL CHECK (scope IN ('kommun', 'ks')),
            gender TEXT NOT NULL CHECK (gender = 'T' OR gender = 'K' OR gender = 'M'),
            value REAL,
            status TEXT CHECK (status = '-' OR status = '.' OR status = '..'),
            source_kind TEXT NOT NULL CHECK (
                source_kind = 'report' OR source_kind = 'kolada' OR source_kind = 'submission'
                OR source_kind = 'synthetic'
            ),
            source_reference TEXT NOT NULL,
            submitter TEXT,
            recorded_at REAL,
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'network')),
            note TEXT,
            CHECK ((value IS NULL) <> (status IS NULL))
        ) STRICT;
        INSERT INTO new_observations (id, indicator_id, municipality_code, year, through_month, scope, gender,
            value, status, source_kind, source_reference, submitter, recorded_at, visibility, note)
        SELECT id, indicator_id, municipality_code, year, through_month, scope, gender,
            value, status, source_kind, source_reference, submitter, recorded_at, visibility, note
        FROM observations;
        DROP TABLE observations;
        ALTER TABLE new_observations RENAME TO observations;
        CREATE UNIQUE INDEX observations_key
            ON observations(indicator_id, scope, gender, through_month, year, municipality_code);
        CREATE INDEX observations_municipality ON observations(municipality_code);

        CREATE TABLE new_revisions (
            id INTEGER PRIMARY KEY,
            observation_id INTEGER NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
            value REAL,
            status TEXT CHECK (status = '-' OR status = '.' OR status = '..'),
            source_kind TEXT NOT NULL CHECK (
                source_kind = 'report' OR source_kind = 'kolada' OR source_kind = 'submission'
                OR source_kind = 'synthetic'
            ),
            source_reference TEXT NOT NULL,
            visibility TEXT NOT NULL CHECK (visibility IN ('public', 'network')),
            submitter TEXT,
            recorded_at REAL,
            note TEXT,
            changed_by TEXT NOT NULL,
            changed_at REAL NOT NULL,
            CHECK ((value IS NULL) <> (status IS NULL))
        ) STRICT;
        INSERT INTO new_revisions (id, observation_id, value, status, source_kind, source_reference, visibility,
            submitter, recorded_at, note, changed_by, changed_at)
        SELECT id, observation_id, value, status, source_kind, source_reference, visibility,
            submitter, recorded_at, note, changed_by, changed_at
        FROM revisions;
        DROP TABLE revisions;
        ALTER TABLE new_revisions RENAME TO revisions;
        CREATE INDEX revisions_observation ON revisions(observation_id, changed_at);
        """
}
