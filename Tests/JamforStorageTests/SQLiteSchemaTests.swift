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
