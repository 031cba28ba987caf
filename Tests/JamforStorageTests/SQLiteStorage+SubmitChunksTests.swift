import Foundation
import JamforDomain
import Testing

@testable import JamforStorage

/// Submissions larger than one INSERT statement's chunk of figures: the chunked insert must count and
/// store exactly as storing one figure at a time would, whatever mix of new, stored and repeated keys.
@Suite("SQLiteStorage: submit in chunks")
struct SQLiteStorageSubmitChunksTests {
    /// `count` figures of distinct keys (2 indicators × 3 municipalities × 35 years × 3 genders, at most
    /// 630), in that order.
    private func batch(_ count: Int) -> [Observation] {
        var figures: [Observation] = []
        outer: for indicator in [Fixture.hme, Fixture.sickLeave] {
            for municipality in [Fixture.kalmar, Fixture.vaxjo, Fixture.enkoping] {
                for year in 1990...2024 {
                    for gender in [Gender.total, .women, .men] {
                        guard figures.count < count else { break outer }
                        let value = Double((figures.count * 7) % 90) + 5
                        figures.append(
                            Fixture.observation(indicator, municipality, "\(year)", value: value, gender: gender)
                        )
                    }
                }
            }
        }
        return figures
    }

    /// What storing `batch` one figure at a time over `stored` gives: the counts, the figures by key
    /// afterwards and the number of revisions written.
    private func reference(
        _ batch: [Observation],
        over stored: [Observation]
    ) -> (outcome: SubmissionOutcome, figures: [SeriesKey: Observation], revisions: Int) {
        var figures = Dictionary(stored.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var outcome = SubmissionOutcome()
        var revisions = 0
        for figure in batch {
            if let old = figures[figure.key] {
                if old.reading == figure.reading && old.source == figure.source && old.visibility == figure.visibility {
                    outcome.unchanged += 1
                    continue
                }
                outcome.updated += 1
                revisions += 1
            } else {
                outcome.inserted += 1
            }
            figures[figure.key] = figure.submitted(by: "importer")
        }
        return (outcome, figures, revisions)
    }

    private func everything(_ storage: SQLiteStorage) async throws -> [SeriesKey: Observation] {
        let page = try await storage.exportPage(ExportFilter(), after: nil, limit: 10_000, visibleTo: .everything)
        #expect(page.next == nil)
        return Dictionary(page.observations.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test(
        "new, stored and repeated figures count and store as one at a time would",
        arguments: [1, 255, 256, 257, 600]
    )
    func mixed(size: Int) async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            var figures = batch(size)
            // The fixture's stored Kalmar HME 2023 figure, given again as it is: unchanged.
            if let index = figures.firstIndex(where: { $0.key == Fixture.observation(value: 71).key }) {
                figures[index] = Fixture.observation(value: 71)
            }
            if figures.count > 21 {
                // A key repeated next to itself with the same figure: the second is unchanged.
                figures.insert(figures[20], at: 21)
                // A key repeated in a later chunk with another figure: the second updates the first.
                var later = figures[10]
                later.reading = Fixture.value(3)
                figures.insert(later, at: min(300, figures.count))
            }
            let expected = reference(figures, over: Fixture.dataset.observations)
            let outcome = try await storage.submit(
                figures,
                rejected: [],
                key: "chunks-\(size)",
                digest: [1],
                principal: "importer"
            )
            #expect(outcome == expected.outcome)
            #expect(try await everything(storage) == expected.figures)
            #expect(try await storage.rowCount("revisions") == expected.revisions)

            // The same figures again under another key: stored as they are, but for the repeated key
            // whose two figures differ, each of which now replaces the other.
            let second = reference(figures, over: Array(expected.figures.values))
            let again = try await storage.submit(
                figures,
                rejected: [],
                key: "chunks-\(size)-again",
                digest: [2],
                principal: "importer"
            )
            #expect(again == second.outcome)
            #expect(again.inserted == 0 && again.updated == (figures.count > 21 ? 2 : 0))
            #expect(try await everything(storage) == second.figures)
            #expect(try await storage.rowCount("revisions") == expected.revisions + second.revisions)
        }
    }

    @Test("every text of every chunk is stored as given, a NUL ending it as before")
    func texts() async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            var figures = batch(600)
            for index in figures.indices {
                // Texts short and long (past the binding buffer's first 4096 bytes many times over),
                // non-ASCII, empty and absent, and a marker instead of a value now and then.
                let reference = String(repeating: "sidan-\(index)-åäö/", count: index % 7 == 0 ? 90 : 1)
                figures[index].source = Source(kind: index % 2 == 0 ? .report : .kolada, reference: reference)
                figures[index].note = index % 3 == 0 ? nil : (index % 3 == 1 ? "" : "tabell \(index) – ✓")
                if index % 5 == 0 {
                    figures[index].reading = Reading(status: index % 10 == 0 ? .missing : .confidential)
                }
                figures[index].visibility = index % 4 == 0 ? .network : .public
            }
            // A NUL ends a text, as SQLite reads a C string (and as GRDB binds texts).
            figures[301].note = "before\u{0}after"
            let outcome = try await storage.submit(figures, rejected: [], key: "t", digest: [1], principal: "importer")
            #expect(outcome.inserted == figures.count)
            var expected = Dictionary(uniqueKeysWithValues: figures.map { ($0.key, $0.submitted(by: "importer")) })
            expected[figures[301].key]?.note = "before"
            #expect(try await everything(storage) == expected)
        }
    }

    @Test("a constraint broken in a later chunk stores nothing of the batch")
    func atomicAcrossChunks() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            let before = try await everything(storage)
            var figures = batch(600)
            figures[550] = Fixture.observation(try IndicatorID("not-in-the-catalog"), Fixture.kalmar, value: 1)
            let error = await storageError {
                _ = try await storage.submit(figures, rejected: [], key: "k", digest: [1], principal: "importer")
            }
            guard case .database(let reason) = error else {
                Issue.record("expected a database error, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("FOREIGN KEY"))
            #expect(try await everything(storage) == before)
            #expect(try await storage.rowCount("submissions") == 0)
        }
    }
}
