import Foundation
import JamforDomain
import Testing

@testable import JamforStorage

/// Submissions: counts, revisions, idempotency and atomicity.
@Suite("SQLiteStorage: submit")
struct SQLiteStorageSubmitTests {
    private func slice(
        _ storage: SQLiteStorage,
        _ indicator: IndicatorID = Fixture.hme,
        _ period: String = "2023"
    ) async throws -> [Observation] {
        try await storage.observations(
            of: indicator,
            period: Fixture.period(period),
            scope: .kommun,
            gender: .total,
            visibleTo: .everything
        )
    }

    @Test("new figures are inserted, different ones updated with a revision, equal ones left alone")
    func counts() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            let rejection = SubmissionRejection(index: 3, code: 0x0102, reason: "value and status both given")
            let batch = [
                Fixture.observation(value: 71),  // equal to the stored figure
                Fixture.observation(Fixture.hme, Fixture.vaxjo, value: 75, source: "report:vaxjo-2023.pdf"),
                Fixture.observation(Fixture.hme, Fixture.kalmar, "2022", value: 69),  // new
            ]
            let outcome = try await storage.submit(
                batch,
                rejected: [rejection],
                key: "batch-1",
                digest: [0xAB, 0xCD],
                principal: "vaxjo-admin"
            )
            #expect(outcome == SubmissionOutcome(inserted: 1, updated: 1, unchanged: 1, rejected: [rejection]))
            #expect(outcome.inserted + outcome.updated + outcome.unchanged + outcome.rejected.count == 4)

            let stored = try await slice(storage)
            let vaxjo = try #require(stored.first { $0.key.municipality == Fixture.vaxjo })
            #expect(vaxjo == batch[1].submitted(by: "vaxjo-admin"))
            // The unchanged figure keeps its dataset provenance: no submitter, no time.
            let kalmar = try #require(stored.first { $0.key.municipality == Fixture.kalmar })
            #expect(kalmar == Fixture.observation(value: 71))
            #expect(try await slice(storage, Fixture.hme, "2022") == [batch[2].submitted(by: "vaxjo-admin")])

            let revisions = try await storage.revisions(of: batch[1].key)
            #expect(
                revisions == [
                    Revision(
                        reading: Fixture.value(74),
                        source: Source(kind: .report, reference: "kalmar-2023.pdf"),
                        visibility: .public,
                        changedBy: "vaxjo-admin",
                        changedAt: testNow
                    )
                ]
            )
            #expect(try await storage.revisions(of: batch[0].key).isEmpty)
            #expect(try await storage.revisions(of: batch[2].key).isEmpty)
        }
    }

    @Test("a change of marker or visibility alone is an update; revisions come newest first")
    func revisionsNewestFirst() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            let key = Fixture.observation(value: 71).key
            let first = try await storage.submit(
                [Fixture.observation(value: 71, visibility: .network)],
                rejected: [],
                key: "a",
                digest: [1],
                principal: "kalmar"
            )
            #expect(first == SubmissionOutcome(updated: 1))
            let second = try await storage.submit(
                [Fixture.observation(value: nil)],
                rejected: [],
                key: "b",
                digest: [2],
                principal: "kalmar-2"
            )
            #expect(second == SubmissionOutcome(updated: 1))
            let revisions = try await storage.revisions(of: key)
            #expect(revisions.map(\.changedBy) == ["kalmar-2", "kalmar"])
            #expect(revisions.map(\.visibility) == [.network, .public])
            #expect(revisions.map(\.reading) == [Fixture.value(71), Fixture.value(71)])
            let stored = try #require(try await slice(storage).first { $0.key == key })
            #expect(stored.reading == Reading(status: .missing))
            #expect(stored.visibility == .public)
        }
    }

    @Test("the same key and digest replays the outcome and stores nothing")
    func replay() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            let rejection = SubmissionRejection(index: 1, code: 0x0103, reason: "not your municipality")
            let batch = [Fixture.observation(Fixture.hme, Fixture.kalmar, "2022", value: 69)]
            let outcome = try await storage.submit(
                batch,
                rejected: [rejection],
                key: "k",
                digest: [9, 9],
                principal: "kalmar"
            )
            #expect(outcome == SubmissionOutcome(inserted: 1, rejected: [rejection]))
            let counts = (
                try await storage.rowCount("observations"), try await storage.rowCount("revisions"),
                try await storage.rowCount("submissions")
            )

            // Another figure for the same key: the digest says it is the same batch, so the stored
            // answer is given and nothing of this call is written.
            let replay = try await storage.submit(
                [Fixture.observation(Fixture.hme, Fixture.kalmar, "2022", value: 12)],
                rejected: [],
                key: "k",
                digest: [9, 9],
                principal: "kalmar"
            )
            #expect(replay == SubmissionOutcome(inserted: 1, rejected: [rejection], replayed: true))
            #expect(try await storage.rowCount("observations") == counts.0)
            #expect(try await storage.rowCount("revisions") == counts.1)
            #expect(try await storage.rowCount("submissions") == counts.2)
            #expect(try await slice(storage, Fixture.hme, "2022").map(\.value) == [69])
        }
    }

    @Test("the same key with another digest is a conflict and stores nothing")
    func conflict() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            _ = try await storage.submit(
                [Fixture.observation(Fixture.hme, Fixture.kalmar, "2022", value: 69)],
                rejected: [],
                key: "k",
                digest: [1],
                principal: "kalmar"
            )
            let error = await storageError {
                _ = try await storage.submit(
                    [Fixture.observation(Fixture.hme, Fixture.kalmar, "2021", value: 68)],
                    rejected: [],
                    key: "k",
                    digest: [2],
                    principal: "kalmar"
                )
            }
            #expect(error == .conflict(key: "k"))
            #expect(try await slice(storage, Fixture.hme, "2021").isEmpty)
            #expect(try await storage.rowCount("submissions") == 1)
        }
    }

    @Test("a key is per principal: another principal's same key is a new submission")
    func keyPerPrincipal() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            let kalmar = try await storage.submit(
                [Fixture.observation(Fixture.hme, Fixture.kalmar, "2022", value: 69)],
                rejected: [],
                key: "shared",
                digest: [1],
                principal: "kalmar"
            )
            let vaxjo = try await storage.submit(
                [Fixture.observation(Fixture.hme, Fixture.vaxjo, "2022", value: 64)],
                rejected: [],
                key: "shared",
                digest: [2],
                principal: "vaxjo"
            )
            #expect(kalmar == SubmissionOutcome(inserted: 1))
            #expect(vaxjo == SubmissionOutcome(inserted: 1))
            #expect(try await slice(storage, Fixture.hme, "2022").map(\.value) == [64, 69])
        }
    }

    @Test("a batch whose second figure breaks a constraint stores nothing, and its key stays free")
    func atomic() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            let before = try await slice(storage)
            let unknown = try IndicatorID("not-in-the-catalog")
            let batch = [
                Fixture.observation(Fixture.hme, Fixture.vaxjo, value: 60),  // would update
                Fixture.observation(unknown, Fixture.kalmar, value: 1),  // foreign key fails
                Fixture.observation(Fixture.hme, Fixture.kalmar, "2022", value: 61),  // would insert
            ]
            let error = await storageError {
                _ = try await storage.submit(batch, rejected: [], key: "k", digest: [1], principal: "vaxjo")
            }
            guard case .database(let reason) = error else {
                Issue.record("expected a database error, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("FOREIGN KEY"))
            #expect(try await slice(storage) == before)
            #expect(try await slice(storage, Fixture.hme, "2022").isEmpty)
            #expect(try await storage.rowCount("revisions") == 0)
            #expect(try await storage.rowCount("submissions") == 0)

            // Nothing was recorded under the key, so the corrected batch goes through with it.
            let retry = try await storage.submit(
                [batch[0], batch[2]],
                rejected: [],
                key: "k",
                digest: [2],
                principal: "vaxjo"
            )
            #expect(retry == SubmissionOutcome(inserted: 1, updated: 1))
        }
    }

    @Test("an empty batch with only rejections is recorded and replayed")
    func onlyRejections() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            let rejected = [
                SubmissionRejection(index: 0, code: 0x0102, reason: "a"),
                SubmissionRejection(index: 1, code: 0xFFFF, reason: "b"),
            ]
            let first = try await storage.submit([], rejected: rejected, key: "r", digest: [], principal: "p")
            #expect(first == SubmissionOutcome(rejected: rejected))
            let again = try await storage.submit([], rejected: [], key: "r", digest: [], principal: "p")
            #expect(again == SubmissionOutcome(rejected: rejected, replayed: true))
        }
    }
}
