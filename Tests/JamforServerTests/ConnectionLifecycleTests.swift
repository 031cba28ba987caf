import JamforServer
import JamforWire
import NIOCore
import Testing

/// Timeouts, the connection limit, backpressure and shutdown. Serialized: these tests measure time
/// and buffer levels, which parallel tests on a small machine would disturb.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ConnectionLifecycleTests {
    @Test func idleConnectionsAreClosedAndPingsKeepThemOpen() async throws {
        // Wide margins: in a full parallel run on two cores a ping has been held back past 1.25 s.
        try await withServer(.testing(idleTimeout: .seconds(4))) { server in
            try await server.connect { client in
                try await client.handshake()
                // Pings every 250 ms keep the connection alive well past the timeout.
                for nonce: UInt64 in 1...10 {
                    try await Task.sleep(for: .milliseconds(250))
                    try await client.ping(nonce)
                }
                // Then silence: the server closes, without an error frame.
                let clock = ContinuousClock()
                let start = clock.now
                let frames = try await client.expectClosed(within: .seconds(12))
                #expect(frames.isEmpty)
                #expect(clock.now - start >= .seconds(3))
            }
            #expect(await eventually { server.server.connectionCount == 0 })
        }
    }

    @Test func connectionsBeyondTheLimitAreRefused() async throws {
        try await withServer(.testing(maxConnections: 2)) { server in
            try await server.connect { first in
                try await first.handshake()
                try await server.connect { second in
                    try await second.handshake()
                    try await server.connect { third in
                        let error = try await third.connectionError()
                        #expect(error.code == .tooManyRequests)
                        #expect(error.message.contains("limit of 2 connections"))
                    }
                    try await second.ping(2)
                }
                // The second one's slot is free again once the server has seen it close.
                #expect(await eventually { server.server.connectionCount == 1 })
                try await server.connect { fourth in
                    try await fourth.handshake()
                    try await fourth.ping(4)
                }
                try await first.ping(1)
            }
        }
    }

    /// A client that stops reading makes a streaming responder wait instead of the server buffering
    /// the whole answer; when the client reads again, everything arrives in order.
    @Test func aClientThatStopsReadingStopsTheStream() async throws {
        let batches = 2000
        let batchBytes = 64 * 1024
        let responder = FakeResponder(exportBatches: batches, exportPayloadBytes: batchBytes)
        try await withServer(responder: responder) { server in
            try await server.connect(receiveBufferSize: 64 * 1024) { client in
                try await client.handshake(.testing(compression: []))
                try await client.send(.export(ExportRequest()), requestID: 1)

                // Read nothing for a while: the responder must stall far short of the whole export.
                #expect(await eventually { responder.stats.exportFramesSent > 0 })
                try await Task.sleep(for: .milliseconds(600))
                let stalled = responder.stats.exportFramesSent
                try await Task.sleep(for: .milliseconds(300))
                let stillStalled = responder.stats.exportFramesSent
                // What can be in transit: the server's kernel send buffer (autotuned, a few MiB), the
                // client's small receive buffer, NIO's write buffer (64 KiB high-water mark) and the
                // client's inbound stream (10 frames): about 130 frames of 64 KiB on the reference
                // machine. Without backpressure all 2000 would be produced at once.
                #expect(
                    stalled < batches / 4,
                    "the server produced \(stalled) of \(batches) frames for a client that reads nothing"
                )
                #expect(stillStalled == stalled, "the responder kept producing (\(stalled) → \(stillStalled))")

                // Now read everything, in order, the last with end-of-stream.
                var received = 0
                while true {
                    let frame = try await client.nextFrame(for: 1, within: .seconds(10))
                    #expect(frame.type == .exportBatch)
                    #expect(frame.payload.count > batchBytes)
                    if received % 250 == 0 || frame.flags.contains(.endOfStream) {
                        guard case .exportBatch(let batch) = try client.codec.message(in: frame) else {
                            Issue.record("expected an export batch")
                            return
                        }
                        #expect(batch.sequence == UInt32(received))
                    }
                    received += 1
                    if frame.flags.contains(.endOfStream) { break }
                }
                #expect(received == batches)
                #expect(responder.stats.exportFramesSent == batches)
            }
        }
    }

    /// A cancel reaches a responder whose send is suspended by backpressure: the pending frame is
    /// dropped, the request ends with `cancelled`, and every frame produced before arrives intact.
    @Test func cancelReachesAStreamBlockedByBackpressure() async throws {
        let responder = FakeResponder(exportBatches: 2000, exportPayloadBytes: 64 * 1024)
        try await withServer(responder: responder) { server in
            try await server.connect(receiveBufferSize: 64 * 1024) { client in
                try await client.handshake(.testing(compression: []))
                try await client.send(.export(ExportRequest()), requestID: 1)
                #expect(await eventually { responder.stats.exportFramesSent > 0 })
                try await Task.sleep(for: .milliseconds(300))
                try await client.send(.cancel(Cancel(requestID: 1)))
                #expect(await eventually { responder.stats.cancelled == 1 })
                var batches = 0
                while true {
                    let frame = try await client.nextFrame(for: 1, within: .seconds(5))
                    if frame.type == .exportBatch {
                        batches += 1
                        continue
                    }
                    guard case .error(let error) = try client.codec.message(in: frame) else {
                        Issue.record("expected the cancelled error, got \(frame.type)")
                        return
                    }
                    #expect(error.code == .cancelled)
                    break
                }
                #expect(batches < 2000)
                #expect(batches == responder.stats.exportFramesSent)
                try await client.ping(9)
            }
        }
    }

    @Test func gracefulShutdownFinishesInFlightRequestsAndRefusesNewWork() async throws {
        let responder = FakeResponder()
        let server = try await TestServer.start(.testing(shutdownGracePeriod: .seconds(5)), responder: responder)
        do {
            try await server.connect { client in
                try await client.handshake()
                // Long enough to outlast the checks below on a busy machine: were it to finish first, the
                // server would close the connection before the second request could be refused.
                try await client.send(.trend(TrendRequest(indicator: "sleep-2500", municipalities: [])), requestID: 1)
                #expect(await eventually { responder.stats.started == 1 })

                server.server.beginGracefulShutdown()

                // New connections are refused (by the closed listener, or by a shuttingDown error).
                #expect(await eventually { await Self.isRefused(port: server.port) })
                // New requests on the open connection are refused with shuttingDown.
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 2)
                #expect(try await client.error(for: 2).code == .shuttingDown)
                try await client.ping(3)
                // The request in flight finishes normally…
                guard case .trendResult = try await client.message(for: 1) else {
                    Issue.record("expected the trend result")
                    return
                }
                // …and then the server closes the connection, saying why.
                #expect(try await client.connectionError().code == .shuttingDown)
            }
            // run() returns once every connection is closed.
            let clock = ContinuousClock()
            let start = clock.now
            try await server.task.value
            #expect(clock.now - start < .seconds(3))
            #expect(server.server.localAddress == nil)
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test func gracefulShutdownStopsRequestsThatOutlastTheGracePeriod() async throws {
        let responder = FakeResponder(slowDelay: .seconds(30))
        let server = try await TestServer.start(
            .testing(shutdownGracePeriod: .milliseconds(200)),
            responder: responder
        )
        do {
            try await server.connect { idle in
                try await idle.handshake()
                try await server.connect { client in
                    try await client.handshake()
                    try await client.send(.trend(TrendRequest(indicator: "slow", municipalities: [])), requestID: 1)
                    #expect(await eventually { responder.stats.started == 1 })
                    server.server.beginGracefulShutdown()
                    // The idle connection is closed at once.
                    #expect(try await idle.connectionError(within: .seconds(2)).code == .shuttingDown)
                    // The slow request is stopped when the grace period is over.
                    let error = try await client.error(for: 1, within: .seconds(3))
                    #expect(error.code == .shuttingDown)
                    #expect(try await client.connectionError().code == .shuttingDown)
                }
            }
            try await server.task.value
            #expect(responder.stats.cancelled == 1)
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test func cancellingRunClosesEverythingAtOnce() async throws {
        let responder = FakeResponder(slowDelay: .seconds(30))
        let server = try await TestServer.start(responder: responder)
        try await server.connect { client in
            try await client.handshake()
            try await client.send(.trend(TrendRequest(indicator: "slow", municipalities: [])), requestID: 1)
            #expect(await eventually { responder.stats.started == 1 })
            server.task.cancel()
            try await client.expectClosed(within: .seconds(3))
        }
        _ = await server.task.result
        #expect(responder.stats.cancelled == 1)
        #expect(server.server.localAddress == nil)
    }

    @Test func listeningAddressReportsTheEphemeralPortAndRunRefusesASecondStart() async throws {
        try await withServer { server in
            #expect(server.port > 0)
            let address = try #require(server.server.localAddress)
            #expect(address.port == server.port)
            await #expect(throws: ServerError.alreadyRunning) { try await server.server.run() }
        }
    }

    /// Whether a new connection is refused: it cannot connect, or it is closed (after a shuttingDown
    /// error) without a welcome.
    static func isRefused(port: Int) async -> Bool {
        do {
            return try await TestClient.connect(port: port) { client in
                try await client.send(.hello(.testing()))
                guard let frame = try await client.nextFrame(within: .seconds(2)) else { return true }
                guard case .error(let error) = try client.codec.message(in: frame) else { return false }
                return error.code == .shuttingDown
            }
        } catch {
            return true
        }
    }
}
