import Foundation
import JamforDomain
import Testing

@testable import JamforStorage

/// Writing domain values to rows and reading them back, and rows that cannot be read back.
@Suite("SQLite coding")
struct SQLiteCodingTests {
    @Test("a whole year is stored as month 12, after the year's cuts")
    func periodEncoding() {
        #expect(SQLiteCoding.throughMonth(Fixture.period("2023")) == 12)
        #expect(SQLiteCoding.throughMonth(Fixture.period("2023-08")) == 8)
        #expect(SQLiteCoding.throughMonth(Fixture.period("2023-01")) == 1)
    }

    @Test("every field of an observation survives a round trip")
    func roundTrip() async throws {
        let observations = [
            Fixture.observation(value: 71.25, source: "kolada:N00090 2024-03-01", note: "tabell 3"),
            Fixture.observation(Fixture.hme, Fixture.vaxjo, "2023-01", value: nil, visibility: .network),
            Fixture.observation(Fixture.sickLeave, Fixture.enkoping, "2023-11", value: 0, scope: .ks, gender: .men),
            Fixture.observation(Fixture.sickLeave, Fixture.enkoping, "1990", value: -0.5, gender: .women),
        ]
        var dataset = Fixture.emptyDataset
        dataset.observations = observations
        dataset.observations[0].submitter = "kalmar-admin"
        dataset.observations[0].recordedAt = Date(timeIntervalSince1970: 1_700_000_000.25)
        dataset.observations.append(
            Observation(
                key: SeriesKey(
                    indicator: Fixture.hme,
                    municipality: Fixture.kalmar,
                    period: Fixture.period("2022"),
                    gender: .women
                ),
                reading: Reading(status: .confidential),
                source: Source(kind: .synthetic, reference: "jamfor-datagen/1 seed=2026")
            )
        )
        try await withStorage(loading: dataset) { storage in
            let page = try await storage.exportPage(ExportFilter(), after: nil, limit: 100, visibleTo: .everything)
            #expect(page.observations == dataset.observations)
            #expect(page.next == nil)
        }
    }

    @Test(
        "a row changed outside Jamfor is reported as corrupt, not trusted",
        arguments: [
            "UPDATE observations SET source_reference = ''",
            "UPDATE observations SET year = 1700",
            "UPDATE observations SET recorded_at = 1e999",
        ]
    )
    func corruptObservation(damage: String) async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            try await storage.executeUnchecked(damage)
            let error = await storageError {
                _ = try await storage.exportPage(ExportFilter(), after: nil, limit: 10, visibleTo: .everything)
            }
            guard case .corruptRow(let table, _) = error else {
                Issue.record("expected corruptRow, got \(String(describing: error))")
                return
            }
            #expect(table == "observations")
        }
    }

    @Test("a value outside its type is corrupt even where a CHECK would have refused it")
    func corruptPastChecks() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            try await storage.executeUnchecked(
                """
                PRAGMA ignore_check_constraints = ON;
                UPDATE observations SET scope = 'region' WHERE municipality_code = '0880';
                INSERT INTO accounts (name, role, token_hash, created_at) VALUES ('eve', 'root', x'00', 0);
                PRAGMA ignore_check_constraints = OFF;
                """
            )
            let sliceError = await storageError {
                _ = try await storage.exportPage(ExportFilter(), after: nil, limit: 10, visibleTo: .everything)
            }
            #expect(
                sliceError
                    == .corruptRow(
                        table: "observations",
                        reason:
                            "column scope: 'region' is not a scope: use kommun (the whole organisation) or ks (the executive board)"
                    )
            )
            let accountError = await storageError { _ = try await storage.account(named: "eve") }
            #expect(accountError == .corruptRow(table: "accounts", reason: "column role: unknown role root"))
        }
    }

    @Test("an unknown indicator unit in the registry is corrupt")
    func corruptRegistry() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            try await storage.executeUnchecked(
                """
                PRAGMA ignore_check_constraints = ON;
                UPDATE indicators SET unit = 'furlongs' WHERE id = 'hme';
                PRAGMA ignore_check_constraints = OFF;
                """
            )
            let error = await storageError { _ = try await storage.registry() }
            guard case .corruptRow(let table, let reason) = error else {
                Issue.record("expected corruptRow, got \(String(describing: error))")
                return
            }
            #expect(table == "indicators")
            #expect(reason.contains("furlongs"))
        }
    }
}
