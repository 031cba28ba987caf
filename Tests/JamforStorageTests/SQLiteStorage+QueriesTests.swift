import Foundation
import JamforDomain
import Testing

@testable import JamforStorage

/// Slices, series and export pages, with the viewer's visibility applied.
@Suite("SQLiteStorage: queries")
struct SQLiteStorageQueriesTests {
    @Test("network-only cuts: KKVH's to a Kalmar member, none to the public, all to an administrator")
    func visibility() async throws {
        let dataset = try RealData.dataset()
        let registry = dataset.registry
        let kalmar = try MunicipalityCode("0880")
        let kkvh = try #require(registry.network(try NetworkID("kkvh")))
        let member = Viewer.member(of: kalmar, in: registry)
        try await withStorage(loading: dataset) { storage in
            for cut in ["2024-04", "2024-08"] {
                let period = try Period(cut)
                func slice(_ viewer: Viewer) async throws -> [Observation] {
                    try await storage.observations(
                        of: try IndicatorID("hme"),
                        period: period,
                        scope: .kommun,
                        gender: .total,
                        visibleTo: viewer
                    )
                }
                let all = try await slice(.everything)
                #expect(all.count >= 280)
                #expect(all.allSatisfy { $0.visibility == .network })
                #expect(try await slice(.publicOnly).isEmpty)
                let seen = try await slice(member)
                #expect(Set(seen.map(\.key.municipality)) == Set(kkvh.members))
                #expect(seen == all.filter { member.maySee($0) })
            }
            // Public figures stay visible to everyone.
            let year = try await storage.observations(
                of: try IndicatorID("hme"),
                period: try Period("2023-08"),
                scope: .kommun,
                gender: .total,
                visibleTo: .publicOnly
            )
            #expect(year.count >= 280)
        }
    }

    @Test("a series: the same cut across years, for chosen municipalities, hidden cuts left out")
    func series() async throws {
        let dataset = try RealData.dataset()
        let kalmar = try MunicipalityCode("0880")
        let vaxjo = try MunicipalityCode("0780")
        let hme = try IndicatorID("hme")
        try await withStorage(loading: dataset) { storage in
            let years = try await storage.series(
                of: hme,
                cut: nil,
                years: 2015...2024,
                scope: .kommun,
                gender: .women,
                municipalities: [kalmar, vaxjo],
                visibleTo: .publicOnly
            )
            let expected = dataset.observations
                .filter {
                    $0.key.indicator == hme && $0.key.period.isWholeYear && $0.key.scope == .kommun
                        && $0.key.gender == .women && [kalmar, vaxjo].contains($0.key.municipality)
                }
                .sorted { ($0.key.period.year, $0.key.municipality) < ($1.key.period.year, $1.key.municipality) }
            #expect(years.count == 20)
            #expect(years == expected)

            let cuts = try await storage.series(
                of: hme,
                cut: 8,
                years: 2020...2024,
                scope: .kommun,
                gender: .total,
                municipalities: [kalmar],
                visibleTo: .publicOnly
            )
            #expect(cuts.map(\.key.period.description) == ["2022-08", "2023-08"])
            let member = Viewer.member(of: vaxjo, in: dataset.registry)
            let memberCuts = try await storage.series(
                of: hme,
                cut: 8,
                years: 2020...2024,
                scope: .kommun,
                gender: .total,
                municipalities: [kalmar],
                visibleTo: member
            )
            #expect(memberCuts.map(\.key.period.description) == ["2022-08", "2023-08", "2024-08"])
            let none = try await storage.series(
                of: hme,
                cut: 8,
                years: 2020...2024,
                scope: .kommun,
                gender: .total,
                municipalities: [],
                visibleTo: .everything
            )
            #expect(none.isEmpty)
        }
    }

    @Test("all series of a year range when no municipalities are named")
    func seriesOfAll() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            let series = try await storage.series(
                of: Fixture.hme,
                cut: nil,
                years: 2023...2024,
                scope: .kommun,
                gender: .total,
                municipalities: nil,
                visibleTo: .publicOnly
            )
            #expect(series.map(\.key.municipality) == [Fixture.enkoping, Fixture.vaxjo, Fixture.kalmar])
        }
    }

    /// Every page of an export, collected; fails on a page beyond `maxPages`.
    private func export(
        _ storage: SQLiteStorage,
        _ filter: ExportFilter,
        limit: Int,
        viewer: Viewer,
        maxPages: Int = 1_000
    ) async throws -> (observations: [Observation], pages: [Int]) {
        var observations: [Observation] = []
        var pages: [Int] = []
        var cursor: ExportCursor?
        repeat {
            let page = try await storage.exportPage(filter, after: cursor, limit: limit, visibleTo: viewer)
            #expect(page.observations.count <= limit)
            observations += page.observations
            pages.append(page.observations.count)
            cursor = page.next
            try #require(pages.count <= maxPages)
        } while cursor != nil
        return (observations, pages)
    }

    @Test("an export of everything a member may see: every row exactly once, in pages")
    func exportAll() async throws {
        let dataset = try RealData.dataset()
        let viewer = Viewer.member(of: try MunicipalityCode("0880"), in: dataset.registry)
        try await withStorage(loading: dataset) { storage in
            let (observations, pages) = try await export(storage, ExportFilter(), limit: 997, viewer: viewer)
            let expected = dataset.observations.filter { viewer.maySee($0) }
            #expect(observations == expected)
            #expect(Set(observations).count == observations.count)
            #expect(pages.count == (expected.count + 996) / 997)
            #expect(pages.dropLast().allSatisfy { $0 == 997 })
            #expect(pages.last ?? 0 > 0)
        }
    }

    @Test("an export's filters all apply, with the viewer's visibility")
    func exportFiltered() async throws {
        let dataset = try RealData.dataset()
        let hme = try IndicatorID("hme")
        let nki = try IndicatorID("nki")
        let codes = [try MunicipalityCode("0880"), try MunicipalityCode("0381"), try MunicipalityCode("1980")]
        let from = try Period("2022-08")
        let to = try Period("2024-04")
        let viewer = Viewer.member(of: codes[0], in: dataset.registry)
        try await withStorage(loading: dataset) { storage in
            let filter = ExportFilter(
                indicators: [hme, nki],
                municipalities: codes,
                from: from,
                to: to,
                scope: .kommun,
                gender: .total
            )
            let (observations, _) = try await export(storage, filter, limit: 7, viewer: viewer)
            let expected = dataset.observations.filter { observation in
                let key = observation.key
                return [hme, nki].contains(key.indicator) && codes.contains(key.municipality) && key.period >= from
                    && key.period <= to && key.scope == .kommun && key.gender == .total && viewer.maySee(observation)
            }
            #expect(expected.count > 20)
            #expect(observations == expected)
            // The hidden 2024-04 cuts of 0381 and 1980 (4M) are left out; Kalmar's own are in.
            #expect(observations.contains { $0.key.period.description == "2024-04" && $0.key.municipality == codes[0] })
            #expect(!observations.contains { $0.visibility == .network && $0.key.municipality != codes[0] })

            let ks = try await export(storage, ExportFilter(scope: .ks), limit: 100, viewer: .everything)
            #expect(ks.observations == dataset.observations.filter { $0.key.scope == .ks })
            let men = try await export(storage, ExportFilter(gender: .men), limit: 5_000, viewer: .publicOnly)
            #expect(
                men.observations == dataset.observations.filter { $0.key.gender == .men && $0.visibility == .public }
            )
        }
    }

    @Test("an empty export is one empty page without a cursor; a full last page ends the export")
    func exportEnds() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            let nothing = try await storage.exportPage(
                ExportFilter(from: Fixture.period("2090")),
                after: nil,
                limit: 10,
                visibleTo: .everything
            )
            #expect(nothing.observations.isEmpty)
            #expect(nothing.next == nil)

            let count = Fixture.dataset.observations.count
            let exact = try await storage.exportPage(ExportFilter(), after: nil, limit: count, visibleTo: .everything)
            #expect(exact.observations == Fixture.dataset.observations)
            #expect(exact.next == nil)

            let first = try await storage.exportPage(
                ExportFilter(),
                after: nil,
                limit: count - 1,
                visibleTo: .everything
            )
            #expect(first.observations == Array(Fixture.dataset.observations.dropLast()))
            let cursor = try #require(first.next)
            let rest = try await storage.exportPage(ExportFilter(), after: cursor, limit: count, visibleTo: .everything)
            #expect(rest.observations == [Fixture.dataset.observations[count - 1]])
            #expect(rest.next == nil)

            let zero = try await storage.exportPage(ExportFilter(), after: nil, limit: 0, visibleTo: .everything)
            #expect(zero.observations == [Fixture.dataset.observations[0]])
            let huge = try await storage.exportPage(ExportFilter(), after: nil, limit: .max, visibleTo: .everything)
            #expect(huge.observations == Fixture.dataset.observations)
            #expect(huge.next == nil)
        }
    }

    @Test("rows submitted during an export come after it, none repeated")
    func exportWhileWriting() async throws {
        try await withStorage(loading: Fixture.dataset) { storage in
            let first = try await storage.exportPage(ExportFilter(), after: nil, limit: 3, visibleTo: .everything)
            _ = try await storage.submit(
                [
                    Fixture.observation(value: 10),  // updates the first row in place
                    Fixture.observation(Fixture.hme, Fixture.kalmar, "2019", value: 11),
                ],
                rejected: [],
                key: "during",
                digest: [],
                principal: "kalmar"
            )
            var all = first.observations
            var cursor = first.next
            while let position = cursor {
                let page = try await storage.exportPage(
                    ExportFilter(),
                    after: position,
                    limit: 3,
                    visibleTo: .everything
                )
                all += page.observations
                cursor = page.next
            }
            #expect(all.count == Fixture.dataset.observations.count + 1)
            #expect(all.last?.key.period == Fixture.period("2019"))
            #expect(all.first?.value == 71)  // read before the update
        }
    }
}
