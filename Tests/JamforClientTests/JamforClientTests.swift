import Foundation
import JamforClient
import JamforServer
import JamforWire
import Testing

/// Every request of the client against the real server (EmbeddedServer over Datasets/), and the
/// errors a real server gives.
@Suite(.timeLimit(.minutes(1)))
struct JamforClientTests {
    @Test func catalogRequestsAnswerFromTheDataset() async throws {
        try await withEmbeddedServer { server in
            try await server.connect { client in
                #expect(client.welcome.principal.name == Fixtures.admin)
                #expect(client.welcome.compression == CompressionAlgorithm.zlib)

                let indicators = try await client.indicators()
                #expect(indicators.count == 14)
                #expect(indicators.contains { $0.id == "hme" && $0.direction == .higherIsBetter })

                let municipalities = try await client.municipalities()
                #expect(municipalities.count == 290)
                #expect(municipalities.map(\.code) == municipalities.map(\.code).sorted())

                let fourM = try await client.municipalities(network: "4m")
                #expect(fourM.count == 4)
                #expect(fourM.contains { $0.code == "0381" && $0.name == "Enköping" })

                let kalmarCounty = try await client.municipalities(county: "Kalmar län")
                #expect(!kalmarCounty.isEmpty)
                #expect(kalmarCounty.allSatisfy { $0.county == "Kalmar län" })

                let networks = try await client.networks()
                #expect(networks.count == 3)
                #expect(Set(networks.map(\.id)) == ["4m", "kkvh", "vastra-malardalen"])
            }
        }
    }

    @Test func comparisonsAnswerForTheRequestedSet() async throws {
        try await withEmbeddedServer { server in
            try await server.connect(as: Fixtures.member) { client in
                let rank = try await client.rank(
                    RankRequest(indicator: "hme", period: "2024", set: .network("4m"), focus: "0381")
                )
                #expect(rank.indicator == "hme")
                #expect(rank.period == "2024")
                #expect(rank.rows.count == 4)
                #expect(Set(rank.rows.map(\.municipality)).contains("0381"))
                #expect(rank.group.members == 4)

                let compare = try await client.compare(
                    CompareRequest(
                        indicators: [WeightedIndicator(indicator: "hme"), WeightedIndicator(indicator: "nki")],
                        period: "2024",
                        set: .network("4m")
                    )
                )
                #expect(compare.indicators == ["hme", "nki"])
                #expect(compare.rows.count == 4)
                #expect(compare.rows.allSatisfy { $0.values.count == 2 && $0.scores.count == 2 })

                let trend = try await client.trend(
                    TrendRequest(
                        indicator: "hme",
                        municipalities: ["0381"],
                        from: "2020",
                        to: "2024",
                        groups: [.network("4m")]
                    )
                )
                #expect(trend.indicator == "hme")
                #expect(!trend.periods.isEmpty)
                #expect(trend.series.map(\.label) == ["0381", "4m"])
                #expect(trend.series.allSatisfy { $0.values.count == trend.periods.count })

                #expect(try await client.ping() > .zero)
            }
        }
    }

    @Test func aMemberSubmitsAndAResubmitReplays() async throws {
        try await withEmbeddedServer { server in
            try await server.connect(as: Fixtures.member) { client in
                let request = SubmitRequest(
                    idempotencyKey: "client-tests-\(UUID().uuidString)",
                    observations: [
                        ObservationRecord(indicator: "hme", municipality: "0381", period: "2024-04", value: 81.5)
                    ]
                )
                let first = try await client.submit(request)
                #expect(first.rejected.isEmpty)
                #expect(first.inserted + first.updated + first.unchanged == 1)
                #expect(!first.replayed)

                let again = try await client.submit(request)
                #expect(again.replayed)
                #expect(again.inserted == first.inserted)
                #expect(again.updated == first.updated)

                // Stored: the rank of that period now shows the figure.
                let rank = try await client.rank(RankRequest(indicator: "hme", period: "2024-04", set: .network("4m")))
                #expect(rank.rows.first { $0.municipality == "0381" }?.value == 81.5)
            }
        }
    }

    @Test func fiftyConcurrentRanksAreEachAnsweredWithTheirOwnResult() async throws {
        try await withEmbeddedServer { server in
            try await server.connect { client in
                let networks = try await client.networks()
                let members = Dictionary(uniqueKeysWithValues: networks.map { ($0.id, $0.members.count) })
                var requests: [RankRequest] = []
                for indicator in ["hme", "nki", "sick-leave", "turnover"] {
                    for year in 2019...2024 {
                        for network in networks.map(\.id).sorted() {
                            requests.append(
                                RankRequest(indicator: indicator, period: "\(year)", set: .network(network))
                            )
                        }
                    }
                }
                requests = Array(requests.prefix(50))
                // More than the server's 32 requests in flight: the rest wait for a slot.
                #expect(requests.count > Int(client.welcome.limits.maxInFlightRequests))

                let answers = try await withThrowingTaskGroup(of: (Int, RankResponse).self) { group in
                    for (index, request) in requests.enumerated() {
                        group.addTask { (index, try await client.rank(request)) }
                    }
                    var answers: [Int: RankResponse] = [:]
                    for try await (index, answer) in group { answers[index] = answer }
                    return answers
                }
                #expect(answers.count == requests.count)
                for (index, request) in requests.enumerated() {
                    let answer = try #require(answers[index])
                    #expect(answer.indicator == request.indicator)
                    #expect(answer.period == request.period)
                    let network = try #require(request.set.network)
                    #expect(answer.rows.count == members[network])
                }
            }
        }
    }

    @Test func errorsOfTheServerArriveAsClientErrorsAndTheConnectionStaysUsable() async throws {
        try await withEmbeddedServer { server in
            try await server.connect(as: Fixtures.reader) { client in
                let observation = ObservationRecord(indicator: "hme", municipality: "0381", period: "2024", value: 70)
                let forbidden = await clientError {
                    _ = try await client.submit(SubmitRequest(idempotencyKey: "reader-1", observations: [observation]))
                }
                guard case .forbidden(let message)? = forbidden else {
                    Issue.record("expected forbidden, got \(String(describing: forbidden))")
                    return
                }
                #expect(!message.isEmpty)

                let unknown = await clientError {
                    _ = try await client.rank(
                        RankRequest(indicator: "no-such-indicator", period: "2024", set: .network("4m"))
                    )
                }
                switch unknown {
                case .notFound(let message)?, .invalidArgument(let message)?:
                    #expect(message.contains("no-such-indicator"))
                default:
                    Issue.record("expected notFound or invalidArgument, got \(String(describing: unknown))")
                }

                let network = await clientError { _ = try await client.municipalities(network: "no-such-network") }
                guard case .notFound(let networkMessage)? = network else {
                    Issue.record("expected notFound, got \(String(describing: network))")
                    return
                }
                #expect(networkMessage.contains("no-such-network"))

                // Request errors end the request, not the connection.
                let networks = try await client.networks()
                #expect(networks.count == 3)
            }
        }
    }

    @Test func aWrongTokenIsRefusedAtTheHandshake() async throws {
        try await withEmbeddedServer { server in
            var configuration = try server.configuration(as: Fixtures.member)
            configuration.credentials = Credentials(user: Fixtures.member, token: "not-the-token")
            let refused = await clientError {
                try await JamforClient.withConnection(configuration) { _ in }
            }
            guard case .credentialsRefused(let address, let message)? = refused else {
                Issue.record("expected credentialsRefused, got \(String(describing: refused))")
                return
            }
            #expect(address == server.address)
            #expect(!message.isEmpty)
            #expect(refused?.description.contains("JAMFOR_TOKEN") == true)
        }
    }

    @Test func aServerThatStopsMidRequestFailsItWithConnectionClosed() async throws {
        let responder = SlowResponder()
        try await withJamforServer(responder: responder) { running in
            let configuration = ClientConfiguration(address: running.address)
            try await JamforClient.withConnection(configuration) { client in
                let closed = await clientError {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            _ = try await client.trend(TrendRequest(indicator: "hme", municipalities: ["0880"]))
                        }
                        // Once the request runs at the server, stop the server at once.
                        try await waitUntil { responder.started.all == [.trend] }
                        await running.stop()
                        try await group.waitForAll()
                    }
                }
                guard case .connectionClosed? = closed else {
                    Issue.record("expected connectionClosed, got \(String(describing: closed))")
                    return
                }
                // Later requests fail at once with the same error instead of waiting.
                let later = await clientError { _ = try await client.networks() }
                #expect(later == closed)
            }
        }
    }

    @Test func aGracefulShutdownEndsTheRequestAndThenTheConnection() async throws {
        let responder = SlowResponder()
        try await withJamforServer(shutdownGracePeriod: .milliseconds(200), responder: responder) { running in
            let configuration = ClientConfiguration(address: running.address)
            try await JamforClient.withConnection(configuration) { client in
                let stopped = await clientError {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            _ = try await client.trend(TrendRequest(indicator: "hme", municipalities: ["0880"]))
                        }
                        // Once the request runs at the server, shut down: it is in flight and outlives
                        // the grace period.
                        try await waitUntil { responder.started.all == [.trend] }
                        running.server.beginGracefulShutdown()
                        try await group.waitForAll()
                    }
                }
                guard case .server(code: .shuttingDown, _)? = stopped else {
                    Issue.record("expected server(shuttingDown), got \(String(describing: stopped))")
                    return
                }
                // Then the server closes the connection with a connection-level shuttingDown; until
                // it does, new requests are refused with shuttingDown. No deadline here: the suite's
                // time limit catches a connection that never closes.
                var reason: String?
                while reason == nil {
                    do {
                        _ = try await client.networks()
                    } catch ClientError.connectionClosed(let closed) {
                        reason = closed
                    } catch ClientError.server(code: .shuttingDown, _) {
                        // Not closed yet.
                    }
                    if reason == nil { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(reason?.contains("shutting down") == true)
            }
        }
    }
}
