import Foundation
import JamforDomain
import Testing

@testable import JamforStorage

/// Loading datasets and reading the registry back.
@Suite("SQLiteStorage: registry and load")
struct SQLiteStorageRegistryTests {
    @Test("the real dataset loads in one go and its registry reads back equal")
    func realRegistry() async throws {
        let dataset = try RealData.dataset()
        try await withStorage { storage in
            #expect(try await storage.isEmpty())
            try await storage.load(dataset)
            #expect(try await storage.isEmpty() == false)

            let registry = try await storage.registry()
            #expect(registry.municipalities.count == 290)
            #expect(registry.municipalities == dataset.registry.municipalities)
            #expect(registry.networks == dataset.registry.networks)
            #expect(registry.networks.map(\.id.rawValue) == ["kkvh", "4m", "vastra-malardalen"])
            #expect(registry.indicators == dataset.registry.indicators)
            #expect(registry.indicator(try IndicatorID("voter-turnout"))?.koladaID == "N05401")
            #expect(try await storage.rowCount("counties") == 21)
            #expect(try await storage.rowCount("observations") == dataset.observations.count)
        }
    }

    @Test("the national slice of hme 2024 kommun T: every municipality, synthetic sources kept")
    func nationalSlice() async throws {
        let dataset = try RealData.dataset()
        try await withStorage(loading: dataset) { storage in
            let hme = try IndicatorID("hme")
            let period = try Period("2024")
            let slice = try await storage.observations(
                of: hme,
                period: period,
                scope: .kommun,
                gender: .total,
                visibleTo: .publicOnly
            )
            let expected = dataset.observations
                .filter { $0.key == SeriesKey(indicator: hme, municipality: $0.key.municipality, period: period) }
                .sorted { $0.key.municipality < $1.key.municipality }
            #expect((280...290).contains(slice.count))
            #expect(slice == expected)
            #expect(slice.allSatisfy { $0.source.isSynthetic && $0.source.reference == "jamfor-datagen/1 seed=2026" })
        }
    }

    @Test("every observation reads back exactly as loaded, real and synthetic")
    func everyObservation() async throws {
        let dataset = try RealData.dataset()
        try await withStorage(loading: dataset) { storage in
            let page = try await storage.exportPage(
                ExportFilter(),
                after: nil,
                limit: dataset.observations.count,
                visibleTo: .everything
            )
            #expect(page.next == nil)
            #expect(page.observations == dataset.observations)
            let real = page.observations.filter { $0.source.kind == .report }
            #expect(real.count == dataset.summary.realObservations)
            #expect(real.contains { $0.note == "KF indicator 21, table 5.1" })
        }
    }

    @Test("targets read back by year, with their source and note")
    func targets() async throws {
        let dataset = try RealData.dataset()
        try await withStorage(loading: dataset) { storage in
            let enkoping = try MunicipalityCode("0381")
            let targets = try await storage.targets(
                of: try IndicatorID("hme"),
                municipality: enkoping,
                scope: .ks,
                gender: .total
            )
            #expect(targets.map(\.year) == [2023])
            #expect(targets.first?.value == 84)
            #expect(targets.first?.source == Source(kind: .report, reference: "001_034fdc850437dc3c.txt"))
            #expect(targets.first?.note == "'Mål'")
            let eskilstuna = try MunicipalityCode("0484")
            let nki = try await storage.targets(
                of: try IndicatorID("nki"),
                municipality: eskilstuna,
                scope: .kommun,
                gender: .total
            )
            #expect(nki.map(\.year) == [2017, 2019])
            #expect(nki.map(\.value) == [73, 75])
            #expect(try await storage.rowCount("targets") == dataset.targets.count)
            #expect(try await storage.rowCount("baselines") == dataset.baselines.count)
        }
    }

    @Test("loading again merges: the same rows are replaced, others stay")
    func reload() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            _ = try await storage.submit(
                [Fixture.observation(Fixture.hme, Fixture.vaxjo, "2021", value: 60)],
                rejected: [],
                key: "k",
                digest: [],
                principal: "vaxjo"
            )
            var changed = Fixture.dataset
            changed.observations[0] = Fixture.observation(value: 99)
            changed.targets[0].value = 80
            try await storage.load(changed)
            #expect(try await storage.rowCount("observations") == Fixture.dataset.observations.count + 1)
            #expect(try await storage.rowCount("targets") == 2)
            #expect(try await storage.rowCount("revisions") == 0)
            let slice = try await storage.observations(
                of: Fixture.hme,
                period: Fixture.period("2023"),
                scope: .kommun,
                gender: .total,
                visibleTo: .everything
            )
            // By municipality code: Enköping 0381, Växjö 0780, Kalmar 0880 (reloaded with 99).
            #expect(slice.map(\.value) == [78, 74, 99])
            let targets = try await storage.targets(
                of: Fixture.hme,
                municipality: Fixture.kalmar,
                scope: .kommun,
                gender: .total
            )
            #expect(targets.map(\.value) == [73, 80])
            let registry = try await storage.registry()
            #expect(registry.networks == Fixture.registry.networks)
            #expect(registry.indicators == Fixture.registry.indicators)
        }
    }

    @Test("a load that breaks a constraint stores nothing")
    func atomicLoad() async throws {
        var broken = Fixture.dataset
        broken.observations.append(Fixture.observation(Fixture.hme, try MunicipalityCode("0114"), value: 50))
        try await withStorage { storage in
            let error = await storageError { try await storage.load(broken) }
            let empty = try await storage.isEmpty()
            let stored = try await storage.rowCount("observations")
            guard case .database(let reason) = error else {
                Issue.record("expected a database error, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("FOREIGN KEY"))
            #expect(empty)
            #expect(stored == 0)
        }
    }
}
