import Foundation
import Testing

@testable import JamforStorage

/// The background checkpoints: committed pages reach the database file without the writer
/// checkpointing, and the log is started again instead of growing.
@Suite("WALCheckpointer")
struct WALCheckpointerTests {
    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
    }

    /// Inserts 6000 figures of `hme` for Kalmar, years from `firstYear` on, in one transaction.
    static func insertRound(_ storage: SQLiteStorage, firstYear: Int) async throws {
        try await storage.executeUnchecked(
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 5999)
            INSERT INTO observations (indicator_id, municipality_code, year, through_month, scope, gender, value,
                source_kind, source_reference, visibility, note)
            SELECT 'hme', '0880', \(firstYear) + i / 36, 1 + i % 12,
                'kommun', CASE (i / 12) % 3 WHEN 0 THEN 'T' WHEN 1 THEN 'K' ELSE 'M' END, i,
                'report', 'a source reference long enough to fill pages', 'public', printf('%.200c', 'x')
            FROM n
            """
        )
    }

    @Test("committed pages are copied into the database file and the log is reused")
    func checkpointsInTheBackground() async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            let path = storage.path
            await storage.checkpointsDone()
            let start = Self.size(path)
            try await Self.insertRound(storage, firstYear: 1000)
            await storage.checkpointsDone()
            // About 1.5 MB committed, far below the writer's own checkpoint at 64 MiB of log: only the
            // background checkpoint can have put it into the database file.
            let afterOne = Self.size(path)
            #expect(afterOne - start > 1_000_000, "database file \(start) → \(afterOne) bytes")
            let logAfterOne = Self.size(path + "-wal")
            #expect(logAfterOne > 0)
            for round in 1..<8 {
                try await Self.insertRound(storage, firstYear: 1000 + round * 200)
                await storage.checkpointsDone()
            }
            // Eight rounds went through the log, each started again from its beginning.
            #expect(Self.size(path + "-wal") < 2 * logAfterOne, "log \(Self.size(path + "-wal")) bytes")
            #expect(Self.size(path) - start > 8_000_000)
            #expect(try await storage.rowCount("observations") == 48_000)
        }
    }

    @Test("a storage closes while checkpoints are asked for, and its file reopens with everything")
    func closesWhileCheckpointing() async throws {
        try await withTemporaryDirectory { directory in
            let path = databasePath(in: directory)
            let storage = try await SQLiteStorage(path: path, clock: { testNow })
            try await storage.load(Fixture.emptyDataset)
            try await Self.insertRound(storage, firstYear: 1000)
            try await storage.close()
            let reopened = try await SQLiteStorage(path: path)
            #expect(try await reopened.rowCount("observations") == 6000)
            try await reopened.close()
        }
    }
}
