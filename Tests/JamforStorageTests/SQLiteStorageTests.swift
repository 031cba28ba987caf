import Foundation
import JamforDomain
import Testing

@testable import JamforStorage

/// Opening, reopening and closing the SQLite file.
@Suite("SQLiteStorage: opening and closing")
struct SQLiteStorageTests {
    @Test("a new file gets the v1 schema, WAL, synchronous NORMAL and foreign keys")
    func newFile() async throws {
        try await withStorage { storage in
            #expect(try await storage.appliedMigrations() == ["v1-initial-schema", "v2-check-comparisons"])
            #expect(
                try await storage.tableNames() == [
                    "accounts", "baselines", "counties", "indicators", "municipalities", "network_members",
                    "networks", "observations", "revisions", "submission_rejections", "submissions", "targets",
                ]
            )
            let pragmas = try await storage.pragmas()
            #expect(pragmas.journalMode == "wal")
            #expect(pragmas.synchronous == 1)  // NORMAL
            #expect(pragmas.foreignKeys)
            #expect(try await storage.isEmpty())
        }
    }

    @Test("reopening a file keeps its data and runs no migration again")
    func reopen() async throws {
        try await withTemporaryDirectory { directory in
            let path = databasePath(in: directory)
            let first = try await SQLiteStorage(path: path, clock: { testNow })
            try await first.load(Fixture.dataset)
            let outcome = try await first.submit(
                [Fixture.observation(Fixture.hme, Fixture.vaxjo, "2022", value: 66)],
                rejected: [],
                key: "k1",
                digest: [1],
                principal: "kalmar"
            )
            #expect(outcome.inserted == 1)
            try await first.close()

            let second = try await SQLiteStorage(path: path)
            #expect(try await second.appliedMigrations() == ["v1-initial-schema", "v2-check-comparisons"])
            #expect(try await second.isEmpty() == false)
            #expect(try await second.registry().municipalities == Fixture.registry.municipalities)
            let slice = try await second.observations(
                of: Fixture.hme,
                period: Fixture.period("2022"),
                scope: .kommun,
                gender: .total,
                visibleTo: .everything
            )
            #expect(slice.map(\.value) == [66])
            // The submission record survived as well: the same key replays.
            let replay = try await second.submit([], rejected: [], key: "k1", digest: [1], principal: "kalmar")
            #expect(replay == SubmissionOutcome(inserted: 1, replayed: true))
            try await second.close()
        }
    }

    @Test("a figure is in the file once acknowledged, before any close or checkpoint")
    func acknowledgedWritesAreInTheFile() async throws {
        try await withTemporaryDirectory { directory in
            let path = databasePath(in: directory)
            let writer = try await SQLiteStorage(path: path, clock: { testNow })
            try await writer.load(Fixture.emptyDataset)
            _ = try await writer.submit(
                [Fixture.observation(value: 70)],
                rejected: [],
                key: "k",
                digest: [],
                principal: "kalmar"
            )
            // A second, independent pool reads the WAL the first one committed to: what a restart
            // after SIGKILL would find, since nothing was kept only in the first pool's memory.
            let reader = try await SQLiteStorage(path: path)
            let found = try await reader.observations(
                of: Fixture.hme,
                period: Fixture.period("2023"),
                scope: .kommun,
                gender: .total,
                visibleTo: .publicOnly
            )
            #expect(found == [Fixture.observation(value: 70).submitted(by: "kalmar")])
            try await reader.close()
            try await writer.close()
        }
    }

    @Test("a path in a missing directory cannot be opened")
    func missingDirectory() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("no/such/dir/jamfor.sqlite").path
            let error = await storageError { _ = try await SQLiteStorage(path: path) }
            guard case .cannotOpen(let reported, _) = error else {
                Issue.record("expected cannotOpen, got \(String(describing: error))")
                return
            }
            #expect(reported == path)
        }
    }

    @Test("a file that is not a database cannot be opened")
    func notADatabase() async throws {
        try await withTemporaryDirectory { directory in
            let path = databasePath(in: directory)
            try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
            let error = await storageError { _ = try await SQLiteStorage(path: path) }
            guard case .cannotOpen(_, let reason) = error else {
                Issue.record("expected cannotOpen, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("not a database"))
        }
    }

    @Test("a file migrated by a newer version is refused")
    func newerSchema() async throws {
        try await withTemporaryDirectory { directory in
            let path = databasePath(in: directory)
            let storage = try await SQLiteStorage(path: path)
            try await storage.executeUnchecked("INSERT INTO grdb_migrations (identifier) VALUES ('v2-future')")
            try await storage.close()
            let error = await storageError { _ = try await SQLiteStorage(path: path) }
            guard case .migrationFailed(let version, _) = error else {
                Issue.record("expected migrationFailed, got \(String(describing: error))")
                return
            }
            #expect(version == "v2-future")
        }
    }

    @Test("after close every call fails with closed, and closing again does nothing")
    func closed() async throws {
        try await withTemporaryDirectory { directory in
            let storage = try await SQLiteStorage(path: databasePath(in: directory))
            try await storage.load(Fixture.dataset)
            try await storage.close()
            try await storage.close()
            #expect(await storageError { _ = try await storage.registry() } == .closed)
            #expect(await storageError { _ = try await storage.isEmpty() } == .closed)
            #expect(await storageError { try await storage.load(Fixture.dataset) } == .closed)
            #expect(
                await storageError {
                    _ = try await storage.submit([], rejected: [], key: "k", digest: [], principal: "p")
                } == .closed
            )
            #expect(
                await storageError {
                    _ = try await storage.exportPage(ExportFilter(), after: nil, limit: 10, visibleTo: .everything)
                } == .closed
            )
            #expect(await storageError { _ = try await storage.accounts() } == .closed)
        }
    }

    @Test("concurrent submissions and reads all land, each counted once")
    func concurrentAccess() async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            let years = Array(2000...2039)
            try await withThrowingTaskGroup(of: SubmissionOutcome.self) { group in
                for year in years {
                    group.addTask {
                        try await storage.submit(
                            [Fixture.observation(Fixture.hme, Fixture.kalmar, String(year), value: Double(year % 100))],
                            rejected: [],
                            key: "year-\(year)",
                            digest: [UInt8(year % 256)],
                            principal: "kalmar"
                        )
                    }
                    group.addTask {
                        _ = try await storage.registry()
                        return SubmissionOutcome()
                    }
                }
                var inserted = 0
                for try await outcome in group { inserted += outcome.inserted }
                #expect(inserted == years.count)
            }
            let series = try await storage.series(
                of: Fixture.hme,
                cut: nil,
                years: 2000...2039,
                scope: .kommun,
                gender: .total,
                municipalities: nil,
                visibleTo: .everything
            )
            #expect(series.map(\.key.period.year) == years)
            #expect(try await storage.rowCount("submissions") == years.count)
        }
    }
}
