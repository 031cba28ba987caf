import JamforServer
import JamforWire
import Testing

/// Network-only figures (PROTOCOL.md 6.8 `visibility`, Docs/analytics.md "What is compared"): seen by
/// the members of the networks of the figure's municipality and by administrators, by nobody else —
/// not even through the country statistics or the colour classes.
@Suite(.timeLimit(.minutes(1)))
struct EndToEndVisibilityTests {
    /// Who sees Kalmar's network-only figure: Kalmar, Växjö (also in KKVH) and the administrator.
    static let insiders: [Login] = [.kalmar, .vaxjo, .admin]
    /// Who does not: Enköping (4M), the reader and anonymous access.
    static let outsiders: [Login?] = [.enkoping, .reader, nil]

    @Test func aNetworkOnlyFigureIsSeenInsideItsNetworkOnly() async throws {
        try await withEndToEnd(allowsAnonymous: true) { stack in
            // Public figures of 4M for a cut no dataset has, from the administrator...
            try await stack.connect(as: .admin) { client in
                let figures: [(String, Double)] = [("0381", 80), ("0484", 70), ("0486", 71), ("1980", 72)]
                let answer = try await client.submit(
                    "4m-2019-04",
                    figures.map { record("hme", $0.0, "2019-04", value: $0.1) }
                )
                #expect(answer.inserted == 4)
            }
            // ...and Kalmar's own figure for it, network-only, better than all of them.
            try await stack.connect(as: .kalmar) { client in
                let answer = try await client.submit(
                    "kalmar-2019-04",
                    [record("hme", "0880", "2019-04", value: 90, visibility: .network)]
                )
                #expect(answer == SubmitResponse(inserted: 1, updated: 0, unchanged: 0, rejected: []))
            }

            for login in Self.insiders {
                try await stack.connect(as: login) { client in
                    try await Self.expectView(of: client, seesKalmar: true, login.user)
                }
            }
            for login in Self.outsiders {
                try await stack.connect(as: login) { client in
                    try await Self.expectView(of: client, seesKalmar: false, login?.user ?? "anonymous")
                }
            }
        }
    }

    /// Checks rank, compare, trend and export of hme 2019-04 as `client` sees them.
    private static func expectView(of client: EndToEndClient, seesKalmar: Bool, _ who: String) async throws {
        // Rank over KKVH: Kalmar's row has the figure, or nothing at all.
        let kkvh = try await client.rank(RankRequest(indicator: "hme", period: "2019-04", set: .network("kkvh")))
        let kalmar = try #require(kkvh.rows.first { $0.municipality == "0880" })
        if seesKalmar {
            #expect(kalmar.value == 90, "\(who)")
            #expect(kalmar.rank == 1, "\(who)")
            // Five values in the country are too few for colour classes.
            #expect(kalmar.colour == .grey, "\(who)")
            #expect(kkvh.group.count == 1, "\(who)")
        } else {
            #expect(kalmar.value == nil, "\(who)")
            #expect(kalmar.status == nil, "\(who)")
            #expect(kalmar.rank == nil, "\(who)")
            #expect(kalmar.colour == .grey, "\(who)")
            #expect(kkvh.group.count == 0, "\(who)")
            #expect(kkvh.group.mean == nil, "\(who)")
        }

        // Rank over 4M: the figures are public, but the country they are measured against is not the
        // same: with or without Kalmar's 90. Four or five values of 290 are too few for colour classes.
        let fourM = try await client.rank(RankRequest(indicator: "hme", period: "2019-04", set: .network("4m")))
        #expect(fourM.rows.map(\.municipality) == ["0381", "1980", "0486", "0484"], "\(who)")
        #expect(fourM.rows.map(\.rank) == [1, 2, 3, 4], "\(who)")
        #expect(fourM.rows.allSatisfy { $0.colour == .grey }, "\(who)")
        let country: [Double] = seesKalmar ? [90, 80, 70, 71, 72] : [80, 70, 71, 72]
        expectStatistics(fourM.country, Expected.statistics(country, members: 290), "country as seen by \(who)")
        expectStatistics(fourM.group, Expected.statistics([80, 70, 71, 72], members: 4), "4m as seen by \(who)")

        // Compare over KKVH: the value, or NaN.
        let compare = try await client.compare(
            CompareRequest(indicators: [WeightedIndicator(indicator: "hme")], period: "2019-04", set: .network("kkvh"))
        )
        let compared = try #require(compare.rows.first { $0.municipality == "0880" })
        if seesKalmar {
            #expect(compared.values == [90], "\(who)")
            #expect(compared.coverage == 1, "\(who)")
        } else {
            #expect(compared.values.first?.isNaN == true, "\(who)")
            #expect(compared.coverage == 0, "\(who)")
            #expect(compared.composite == nil, "\(who)")
        }

        // Trend of the April cut, with the KKVH group mean.
        let trend = try await client.trend(
            TrendRequest(
                indicator: "hme",
                municipalities: ["0880"],
                from: "2019",
                to: "2019",
                cut: "04",
                groups: [.network("kkvh")]
            )
        )
        #expect(trend.series.count == 2, "\(who)")
        if seesKalmar {
            #expect(trend.periods == ["2019-04"], "\(who)")
            #expect(trend.series.map(\.values) == [[90], [90]], "\(who)")
            #expect(trend.series.last?.counts == [1], "\(who)")
        } else {
            // A trend spans the years with figures the client may see: here none.
            #expect(trend.periods.isEmpty, "\(who)")
            #expect(trend.series.allSatisfy { $0.values.isEmpty }, "\(who)")
        }

        // Export: the figure with its visibility and submitter, or nothing.
        let exported = try await client.exportRecords(
            ExportRequest(municipalities: ["0880"], from: "2019-04", to: "2019-04")
        )
        if seesKalmar {
            #expect(exported.count == 1, "\(who)")
            #expect(exported.first?.value == 90, "\(who)")
            #expect(exported.first?.visibility == .network, "\(who)")
            // Who submitted it is shown to the administrator and to Kalmar's own accounts only.
            let showsSubmitter = who == "kalmar-member" || who == "e2e-admin"
            #expect(exported.first?.submitter == (showsSubmitter ? "kalmar-member" : nil), "\(who)")
        } else {
            #expect(exported.isEmpty, "\(who)")
        }
        let everything = try await client.exportRecords(
            ExportRequest(indicators: ["hme"], from: "2019-04", to: "2019-04")
        )
        #expect(everything.count == (seesKalmar ? 5 : 4), "\(who)")
    }
}
