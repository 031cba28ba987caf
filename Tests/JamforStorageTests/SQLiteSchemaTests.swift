import Foundation
import JamforDomain
import Testing

@testable import JamforStorage

/// The v1 schema: its keys, checks and indexes, and the query plans they give.
@Suite("SQLite schema")
struct SQLiteSchemaTests {
    @Test("the observation key and the lookup indexes exist")
    func indexes() async throws {
        try await withStorage { storage in
            let names = try await storage.indexNames(of: "observations")
            #expect(names.contains("observations_key"))
            #expect(names.contains("observations_municipality"))
            #expect(try await storage.indexNames(of: "revisions").contains("revisions_observation"))
        }
    }

    @Test("the observation key is unique, also for whole years")
    func uniqueKey() async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            let insert = """
                INSERT INTO observations (indicator_id, municipality_code, year, through_month, scope, gender, value,
                    source_kind, source_reference, visibility)
                VALUES ('hme', '0880', 2023, 12, 'kommun', 'T', 70, 'report', 'r', 'public')
                """
            try await storage.executeUnchecked(insert)
            let error = await storageError { try await storage.executeUnchecked(insert) }
            guard case .database(let reason) = error else {
                Issue.record("expected a database error, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("UNIQUE"))
            #expect(try await storage.rowCount("observations") == 1)
        }
    }

    @Test(
        "checks refuse what the domain cannot hold",
        arguments: [
            "12, 'T', 70, '-', 'report', 'public'",  // a value and a marker
            "12, 'T', NULL, NULL, 'report', 'public'",  // neither
            "12, 'T', 70, NULL, 'made-up', 'public'",  // an unknown source kind
            "12, 'T', 70, NULL, 'report', 'secret'",  // an unknown visibility
            "12, 'T', 'high', NULL, 'report', 'public'",  // text as a value (STRICT)
            "13, 'T', 70, NULL, 'report', 'public'",  // a month after December
            "12, 'X', 70, NULL, 'report', 'public'",  // an unknown gender
        ]
    )
    func checks(values: String) async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            let error = await storageError {
                try await storage.executeUnchecked(
                    """
                    INSERT INTO observations (indicator_id, municipality_code, year, scope, source_reference,
                        through_month, gender, value, status, source_kind, visibility)
                    VALUES ('hme', '0880', 2023, 'kommun', 'r', \(values))
                    """
                )
            }
            let stored = try await storage.rowCount("observations")
            guard case .database = error else {
                Issue.record("expected a database error, got \(String(describing: error))")
                return
            }
            #expect(stored == 0)
        }
    }

    @Test("an observation of an unknown municipality breaks a foreign key")
    func foreignKeys() async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            let error = await storageError {
                try await storage.executeUnchecked(
                    """
                    INSERT INTO observations (indicator_id, municipality_code, year, through_month, scope, gender,
                        value, source_kind, source_reference, visibility)
                    VALUES ('hme', '9999', 2023, 12, 'kommun', 'T', 70, 'report', 'r', 'public')
                    """
                )
            }
            guard case .database(let reason) = error else {
                Issue.record("expected a database error, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("FOREIGN KEY"))
        }
    }

    @Test("the rank query searches the key index, with thousands of other figures stored")
    func rankQueryPlan() async throws {
        let dataset = try RealData.dataset()
        try await withStorage(loading: dataset) { storage in
            let hme = try IndicatorID("hme")
            let period = try Period("2024")
            let others = dataset.observations.filter { $0.key.indicator != hme || $0.key.period != period }
            #expect(others.count > 5_000)
            let kalmar = try MunicipalityCode("0880")
            for viewer in [Viewer.everything, .publicOnly, .member(of: kalmar, in: dataset.registry)] {
                let query = SQLiteStorage.sliceQuery(
                    indicator: hme,
                    period: period,
                    scope: .kommun,
                    gender: .total,
                    viewer: viewer
                )
                let plan = try await storage.queryPlan(query)
                // All five columns bound: the search reads only the slice's rows, not every year
                // or scope of the indicator.
                let search =
                    "SEARCH observations USING INDEX observations_key "
                    + "(indicator_id=? AND scope=? AND gender=? AND through_month=? AND year=?)"
                #expect(plan.contains(search), "\(plan)")
                #expect(plan.allSatisfy { !$0.contains("SCAN observations") }, "\(plan)")
                // The index gives the order by municipality: no sorting step.
                #expect(plan.allSatisfy { !$0.contains("TEMP B-TREE") }, "\(plan)")
            }
        }
    }

    @Test("the trend query searches the key index by a range of years")
    func seriesQueryPlan() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            for municipalities in [nil, [Fixture.kalmar, Fixture.vaxjo]] {
                let query = SQLiteStorage.seriesQuery(
                    indicator: Fixture.hme,
                    cut: 8,
                    years: 2015...2024,
                    scope: .kommun,
                    gender: .total,
                    municipalities: municipalities,
                    viewer: .publicOnly
                )
                let plan = try await storage.queryPlan(query)
                #expect(
                    plan.contains {
                        $0.hasPrefix(
                            "SEARCH observations USING INDEX observations_key "
                                + "(indicator_id=? AND scope=? AND gender=? AND through_month=? AND year>? AND year<?)"
                        )
                    },
                    "\(plan)"
                )
                #expect(plan.allSatisfy { !$0.contains("SCAN observations") }, "\(plan)")
            }
        }
    }

    @Test("an export page walks the rowid from the cursor, whatever the filter")
    func exportQueryPlan() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            let filter = ExportFilter(
                indicators: [Fixture.hme],
                municipalities: [Fixture.kalmar],
                from: Fixture.period("2020"),
                to: Fixture.period("2024"),
                scope: .kommun,
                gender: .total
            )
            let query = SQLiteStorage.exportQuery(
                filter,
                after: ExportCursor(position: 3),
                limit: 100,
                viewer: .publicOnly
            )
            let plan = try await storage.queryPlan(query)
            #expect(plan == ["SEARCH observations USING INTEGER PRIMARY KEY (rowid>?)"])
        }
    }
}

/// The v2 migration: `observations` and `revisions` rebuilt with their CHECKs written as comparisons.
@Suite("SQLite schema: v2 migration")
struct SQLiteSchemaMigrationTests {
    /// A v1 file's contents: the catalog, 3000 figures of every kind (ids with gaps), revisions of
    /// some of them and a submission.
    static let version1Rows = """
        INSERT INTO counties (code, name) VALUES ('08', 'Kalmar län'), ('07', 'Kronobergs län');
        INSERT INTO municipalities (code, name, county_code) VALUES ('0880', 'Kalmar', '08'), ('0780', 'Växjö', '07');
        INSERT INTO indicators (id, position, title_sv, title_en, unit, direction, min_value, max_value,
            splits_by_gender, accumulates, dead_band, decimals, kolada_id, about)
        VALUES ('hme', 0, 'Nöjd medarbetarindex', 'Employee engagement', 'index', 'higher', 0, 100, 1, 0, 0.5, 0,
                'U00001', ''),
               ('cost', 1, 'Kostnad', 'Cost', 'kronor', 'lower', 0, 1e9, 0, 1, 1, 0, NULL, 'about');
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2999)
        INSERT INTO observations (indicator_id, municipality_code, year, through_month, scope, gender, value, status,
            source_kind, source_reference, submitter, recorded_at, visibility, note)
        SELECT CASE i % 2 WHEN 0 THEN 'hme' ELSE 'cost' END,
            CASE (i / 2) % 2 WHEN 0 THEN '0880' ELSE '0780' END,
            1990 + i / 288, 1 + (i / 24) % 12,
            CASE (i / 12) % 2 WHEN 0 THEN 'kommun' ELSE 'ks' END,
            CASE (i / 4) % 3 WHEN 0 THEN 'T' WHEN 1 THEN 'K' ELSE 'M' END,
            CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.25 - 100 END,
            CASE WHEN i % 7 <> 0 THEN NULL WHEN i % 3 = 0 THEN '-' WHEN i % 3 = 1 THEN '.' ELSE '..' END,
            CASE i % 4 WHEN 0 THEN 'report' WHEN 1 THEN 'kolada' WHEN 2 THEN 'submission' ELSE 'synthetic' END,
            'ref-' || i,
            CASE i % 5 WHEN 0 THEN NULL ELSE 'user' || (i % 5) END,
            CASE i % 3 WHEN 0 THEN NULL ELSE 1700000000.5 + i END,
            CASE i % 6 WHEN 0 THEN 'network' ELSE 'public' END,
            CASE i % 11 WHEN 0 THEN 'note ' || i ELSE NULL END
        FROM n;
        DELETE FROM observations WHERE id % 97 = 0;
        INSERT INTO revisions (observation_id, value, status, source_kind, source_reference, visibility, submitter,
            recorded_at, note, changed_by, changed_at)
        SELECT id, value, status, source_kind, source_reference, visibility, submitter, recorded_at, note, 'admin',
            1800000000 + id
        FROM observations WHERE id % 5 = 0;
        INSERT INTO submissions (principal, idempotency_key, digest, inserted, updated, unchanged, created_at)
        VALUES ('kalmar', 'k1', x'0102', 3, 0, 0, 1700000000);
        """

    static let dumps = [
        "SELECT * FROM observations ORDER BY id",
        "SELECT * FROM revisions ORDER BY id",
        "SELECT * FROM submissions ORDER BY id",
        "SELECT * FROM indicators ORDER BY id",
    ]

    @Test("a v1 file with figures and revisions migrates with every row and id intact")
    func migratesEveryRow() async throws {
        try await withTemporaryDirectory { directory in
            let path = databasePath(in: directory)
            try SQLiteStorage.makeDatabase(at: path, upTo: "v1-initial-schema", running: Self.version1Rows)
            let before = try Self.dumps.map { try SQLiteStorage.rows(in: path, $0) }
            #expect(before[0].count == 3000 - 30)
            #expect(before[1].count > 500)
            let v1Schema = try SQLiteStorage.texts(
                in: path,
                "SELECT sql FROM sqlite_schema WHERE name = 'observations'"
            )
            #expect(v1Schema.joined().contains("gender IN ('T', 'K', 'M')"))

            let storage = try await SQLiteStorage(path: path, clock: { testNow })
            #expect(try await storage.appliedMigrations() == ["v1-initial-schema", "v2-check-comparisons"])
            for (sql, rows) in zip(Self.dumps, before) {
                #expect(try await storage.rows(sql) == rows, "\(sql)")
            }
            #expect(
                try await storage.indexNames(of: "observations") == ["observations_key", "observations_municipality"]
            )
            #expect(try await storage.indexNames(of: "revisions") == ["revisions_observation"])
            let schema = try await storage.texts(
                "SELECT sql FROM sqlite_schema WHERE tbl_name IN ('observations', 'revisions') ORDER BY name"
            ).joined(separator: "\n")
            #expect(schema.contains("CREATE UNIQUE INDEX observations_key"))
            #expect(schema.contains("gender = 'T' OR gender = 'K' OR gender = 'M'"))
            #expect(schema.contains("status = '-' OR status = '.' OR status = '..'"))
            #expect(!schema.contains("IN ('T'") && !schema.contains("IN ('-'") && !schema.contains("IN ('report'"))
            #expect(!schema.contains("new_"))
            #expect(
                try await storage.rows(
                    "SELECT name FROM pragma_table_list WHERE strict = 1 AND name IN ('observations', 'revisions') ORDER BY name"
                ).count == 2
            )
            // The foreign keys: the figures' to the catalog, the revisions' to the figures (cascading).
            let observationKeys = try await storage.rows(
                "SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('observations') ORDER BY \"from\""
            )
            #expect(observationKeys.count == 2)
            #expect(
                observationKeys.joined().contains("indicators") && observationKeys.joined().contains("municipalities")
            )
            let revisionKeys = try await storage.rows(
                "SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('revisions')"
            )
            #expect(revisionKeys.count == 1)
            #expect(revisionKeys.joined().contains("observations") && revisionKeys.joined().contains("CASCADE"))
            #expect(try await storage.rows("PRAGMA foreign_key_check").isEmpty)
            #expect(try await storage.rows("PRAGMA integrity_check").joined().contains("ok"))
            // The cascade still reaches the rebuilt revisions.
            try await storage.executeUnchecked("DELETE FROM observations WHERE id = 5")
            #expect(try await storage.rows("SELECT id FROM revisions WHERE observation_id = 5").isEmpty)
            try await storage.close()
        }
    }

    @Test(
        "the rewritten checks refuse what the old ones refused",
        arguments: [
            "INSERT INTO observations (indicator_id, municipality_code, year, through_month, scope, gender, value, "
                + "status, source_kind, source_reference, visibility) VALUES ('hme', '0880', 2023, 12, 'kommun', "
                + "'t', 70, NULL, 'report', 'r', 'public')",
            "INSERT INTO observations (indicator_id, municipality_code, year, through_month, scope, gender, value, "
                + "status, source_kind, source_reference, visibility) VALUES ('hme', '0880', 2023, 12, 'kommun', "
                + "'T', NULL, '...', 'report', 'r', 'public')",
            "INSERT INTO observations (indicator_id, municipality_code, year, through_month, scope, gender, value, "
                + "status, source_kind, source_reference, visibility) VALUES ('hme', '0880', 2023, 12, 'kommun', "
                + "'T', 70, NULL, 'Kolada', 'r', 'public')",
            "INSERT INTO revisions (observation_id, value, status, source_kind, source_reference, visibility, "
                + "changed_by, changed_at) VALUES (1, NULL, 'x', 'report', 'r', 'public', 'a', 1)",
            "INSERT INTO revisions (observation_id, value, status, source_kind, source_reference, visibility, "
                + "changed_by, changed_at) VALUES (1, 1, NULL, 'other', 'r', 'public', 'a', 1)",
        ]
    )
    func rewrittenChecksRefuse(sql: String) async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            // A stored figure, for the revisions to refer to.
            try await storage.executeUnchecked(
                """
                INSERT INTO observations (id, indicator_id, municipality_code, year, through_month, scope, gender,
                    value, status, source_kind, source_reference, visibility)
                VALUES (1, 'hme', '0880', 2020, 12, 'kommun', 'M', NULL, '..', 'synthetic', 'r', 'network')
                """
            )
            let before = try await storage.rows(
                "SELECT count(*) FROM observations UNION ALL SELECT count(*) FROM revisions"
            )
            let error = await storageError { try await storage.executeUnchecked(sql) }
            guard case .database(let reason) = error else {
                Issue.record("expected a database error, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("CHECK"), "\(reason)")
            #expect(
                try await storage.rows("SELECT count(*) FROM observations UNION ALL SELECT count(*) FROM revisions")
                    == before
            )
        }
    }

    @Test("every word the checks name is accepted")
    func rewrittenChecksAccept() async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            var year = 2000
            for gender in ["T", "K", "M"] {
                for status in ["-", ".", ".."] {
                    for kind in ["report", "kolada", "submission", "synthetic"] {
                        year += 1
                        try await storage.executeUnchecked(
                            """
                            INSERT INTO observations (indicator_id, municipality_code, year, through_month, scope,
                                gender, value, status, source_kind, source_reference, visibility)
                            VALUES ('hme', '0880', \(year), 12, 'kommun', '\(gender)', NULL, '\(status)', '\(kind)',
                                'r', 'public');
                            INSERT INTO revisions (observation_id, value, status, source_kind, source_reference,
                                visibility, changed_by, changed_at)
                            VALUES (last_insert_rowid(), NULL, '\(status)', '\(kind)', 'r', 'network', 'a', 1);
                            """
                        )
                    }
                }
            }
            #expect(try await storage.rowCount("observations") == 36)
            #expect(try await storage.rowCount("revisions") == 36)
        }
    }
}
