import Foundation
import JamforDomain
import Testing

@testable import JamforStorage

/// Adding indicators to the catalog beside what is stored: new ones go after the stored ones, the
/// same definition again changes nothing, and a different one under a taken id or Kolada id is refused
/// without adding anything.
@Suite("SQLiteStorage: adding indicators")
struct SQLiteStorageIndicatorsTests {
    private func kpi(_ id: String, kolada: String?, direction: Direction = .lower) throws -> Indicator {
        try Indicator(
            id: try IndicatorID(id),
            titleSV: "Sjukfrånvaro bland kommunalt anställda, andel (%)",
            titleEN: "Sjukfrånvaro bland kommunalt anställda, andel (%)",
            unit: .percent,
            direction: direction,
            bounds: -1e12...1e12,
            splitsByGender: true,
            deadBand: 0,
            decimals: 1,
            koladaID: kolada,
            about: "Källa: Kolada"
        )
    }

    @Test("new indicators are added after the stored ones and read back equal; adding them again adds nothing")
    func adds() async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            let first = try kpi("kolada-n00945", kolada: "N00945")
            let second = try kpi("kolada-u00405", kolada: "U00405", direction: .higher)
            let added = try await storage.addIndicators([first, second])
            #expect(added == [first.id, second.id])
            let indicators = try await storage.registry().indicators
            #expect(indicators.map(\.id) == [Fixture.hme, Fixture.sickLeave, first.id, second.id])
            #expect(indicators[2] == first)
            #expect(indicators[3] == second)

            #expect(try await storage.addIndicators([second, first]).isEmpty)
            #expect(try await storage.registry().indicators.count == 4)
        }
    }

    @Test("a different definition under a stored id is refused, naming what differs, and nothing is added")
    func sameIDOtherDefinition() async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            let stored = try kpi("kolada-n00945", kolada: "N00945")
            _ = try await storage.addIndicators([stored])
            let fresh = try kpi("kolada-x00001", kolada: "X00001")
            let flipped = try kpi("kolada-n00945", kolada: "N00945", direction: .higher)
            let error = await storageError { _ = try await storage.addIndicators([fresh, flipped]) }
            guard case .indicatorConflict(let id, let reason) = error else {
                Issue.record("expected indicatorConflict, got \(String(describing: error))")
                return
            }
            #expect(id == "kolada-n00945")
            #expect(reason.contains("direction lower, not higher"), "\(reason)")
            // All or nothing: the first, acceptable one was not added either.
            #expect(try await storage.registry().indicator(fresh.id) == nil)
        }
    }

    @Test("a Kolada id that is already another indicator's is refused")
    func koladaIDTaken() async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            // The fixture's sick-leave indicator is Kolada's N00090.
            let copy = try kpi("kolada-n00090", kolada: "N00090")
            let error = await storageError { _ = try await storage.addIndicators([copy]) }
            #expect(
                error
                    == .indicatorConflict(
                        id: "kolada-n00090",
                        reason:
                            "the Kolada KPI N00090 is already the indicator sick-leave; import its figures into that one"
                    )
            )
            // Two new ones claiming one Kolada id in the same call.
            let one = try kpi("one", kolada: "N00945")
            let two = try kpi("two", kolada: "N00945")
            let both = await storageError { _ = try await storage.addIndicators([one, two]) }
            guard case .indicatorConflict(let id, _) = both else {
                Issue.record("expected indicatorConflict, got \(String(describing: both))")
                return
            }
            #expect(id == "two")
            #expect(try await storage.registry().indicators.count == 2)
        }
    }

    @Test("figures of an added indicator can be submitted and read back")
    func figuresOfAdded() async throws {
        try await withStorage(loading: Fixture.emptyDataset) { storage in
            let added = try kpi("kolada-n00945", kolada: "N00945")
            _ = try await storage.addIndicators([added])
            let figure = Fixture.observation(added.id, Fixture.kalmar, "2023", value: -0.15)
            let outcome = try await storage.submit(
                [figure],
                rejected: [],
                key: "k1",
                digest: [1],
                principal: "admin"
            )
            #expect(outcome.inserted == 1)
            let slice = try await storage.observations(
                of: added.id,
                period: try Period("2023"),
                scope: .kommun,
                gender: .total,
                visibleTo: .everything
            )
            #expect(slice.map(\.value) == [-0.15])
        }
    }
}
