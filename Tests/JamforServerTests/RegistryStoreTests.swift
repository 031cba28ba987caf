import Foundation
import JamforDomain
import JamforStorage
import JamforWire
import Testing

@testable import JamforServer

/// Indicators added to the database beside a running server (as `jamfor indicators add` does) are
/// seen without a restart: when a client lists the indicators, and when a request names one the
/// server's registry lacks.
@Suite(.timeLimit(.minutes(1)))
struct RegistryStoreTests {
    static func added(_ id: String = "kolada-n00945") throws -> Indicator {
        try Indicator(
            id: try IndicatorID(id),
            titleSV: "Sjukfrånvaro bland kommunalt anställda, andel (%)",
            titleEN: "Sjukfrånvaro bland kommunalt anställda, andel (%)",
            unit: .percent,
            direction: .lower,
            bounds: -1e12...1e12,
            splitsByGender: true,
            deadBand: 0,
            decimals: 1,
            koladaID: "N00945"
        )
    }

    @Test func aSubmissionNamingAnAddedIndicatorIsStoredAndRanked() async throws {
        try await withEndToEnd { stack in
            try await stack.connect(as: .admin) { client in
                // The registry was read when the server started; the indicator comes after.
                _ = try await stack.storage.addIndicators([try Self.added()])
                let answer = try await client.submit(
                    "added-1",
                    [
                        record("kolada-n00945", "0880", "2023", value: 7.5),
                        record("kolada-n00945", "0780", "2023", value: -0.15),
                    ]
                )
                #expect(answer.inserted == 2, "\(answer.rejected)")
                let ranking = try await client.rank(
                    RankRequest(indicator: "kolada-n00945", period: "2023", set: .list(["0880", "0780"]))
                )
                // Lower is better: Växjö's −0.15 first.
                #expect(ranking.rows.map(\.municipality) == ["0780", "0880"])
            }
        }
    }

    @Test func listingTheIndicatorsReadsThemAgain() async throws {
        try await withEndToEnd { stack in
            try await stack.connect(as: .reader) { client in
                let before = try await client.indicators()
                #expect(!before.contains { $0.id == "kolada-n00945" })
                _ = try await stack.storage.addIndicators([try Self.added()])
                let after = try await client.indicators()
                #expect(after.map(\.id) == before.map(\.id) + ["kolada-n00945"])
                #expect(after.last?.koladaID == "N00945")
            }
        }
    }

    @Test func unknownIdsReadTheRegistryAtMostOncePerInterval() async throws {
        try await withEndToEnd { stack in
            let store = RegistryStore(
                try await stack.storage.registry(),
                storage: stack.storage,
                missInterval: .seconds(3600)
            )
            // The first miss reads the registry, which has not changed.
            #expect(try await store.reload(ifMissing: ["no-such-indicator"]) == false)
            _ = try await stack.storage.addIndicators([try Self.added()])
            // Within the interval a miss does not read it again, so the new indicator is not seen...
            #expect(try await store.reload(ifMissing: ["kolada-n00945"]) == false)
            #expect(store.current.indicator(try IndicatorID("kolada-n00945")) == nil)
            // ...ids the registry has never cause a reading, and an explicit reload sees it.
            #expect(try await store.reload(ifMissing: ["hme"]) == false)
            #expect(try await store.reload() == true)
            #expect(store.current.indicator(try IndicatorID("kolada-n00945")) != nil)
        }
    }
}
