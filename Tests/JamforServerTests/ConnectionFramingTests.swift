import JamforServer
import JamforWire
import Testing

/// Headers the server must refuse before reading their payload, and connections that misbehave
/// without disturbing others (PROTOCOL.md 2.5, 7.2, 8).
@Suite(.timeLimit(.minutes(1)))
struct ConnectionFramingTests {
    @Test func oversizedHeaderIsRefusedWithoutWaitingForItsBody() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                // Only the header, claiming 4 GiB − 1 bytes: an answer proves the server judged the
                // header alone, without waiting for (or allocating) the body.
                try await client.sendRaw(TestClient.header(length: .max, type: 0x0012, requestID: 1))
                let error = try await client.connectionError(within: .seconds(2))
                #expect(error.code == .frameTooLarge)
                #expect(error.requestID == 0)
            }
            // Just over the announced limit, before the handshake too.
            try await server.connect { client in
                let limit = WireLimits.defaultMaxFrameLength
                try await client.sendRaw(TestClient.header(length: limit + 1, type: 0x0001))
                #expect(try await client.connectionError(within: .seconds(2)).code == .frameTooLarge)
            }
        }
    }

    @Test func smallerConfiguredFrameLimitIsEnforced() async throws {
        try await withServer(.testing(limits: WireLimits(maxFrameLength: 4096))) { server in
            try await server.connect { client in
                let welcome = try await client.handshake(.testing(compression: []))
                #expect(welcome.limits.maxFrameLength == 4096)
                let observations = (0..<200).map { _ in
                    ObservationRecord(indicator: "hme", municipality: "0880", period: "2023", source: "padding")
                }
                try await client.send(
                    .submit(SubmitRequest(idempotencyKey: "k", observations: observations)),
                    requestID: 1
                )
                #expect(try await client.connectionError().code == .frameTooLarge)
            }
        }
    }

    @Test func unknownMessageTypeIsAConnectionError() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.sendRaw(TestClient.header(length: 1, type: 0x0040, requestID: 1) + [0xA0])
                #expect(try await client.connectionError().code == .unknownMessageType)
            }
        }
    }

    @Test func reservedFlagsAreMalformedFrame() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.sendRaw(TestClient.header(length: 1, flags: 0x08, type: 0x0012, requestID: 1) + [0xA0])
                #expect(try await client.connectionError().code == .malformedFrame)
            }
        }
    }

    @Test func otherHeaderVersionsAreUnsupportedVersion() async throws {
        try await withServer { server in
            // A request in version 2.
            try await server.connect { client in
                try await client.handshake()
                try await client.sendRaw(TestClient.header(length: 1, version: 2, type: 0x0012, requestID: 1) + [0xA0])
                #expect(try await client.connectionError().code == .unsupportedVersion)
            }
            // A hello in version 2: the handshake is always version 1.
            try await server.connect { client in
                var frame = try client.codec.frame(.hello(.testing()), requestID: 0)
                frame.version = 2
                try await client.send(frame)
                #expect(try await client.connectionError().code == .unsupportedVersion)
            }
        }
    }

    @Test func truncatedFramesAndGarbageDoNotHurtTheServer() async throws {
        try await withServer { server in
            // Half a header, then the client goes away.
            try await server.connect { client in
                try await client.sendRaw([0, 0, 0])
            }
            // A header whose body never fully arrives.
            try await server.connect { client in
                try await client.handshake()
                try await client.sendRaw(TestClient.header(length: 100, type: 0x0012, requestID: 1) + [0xA0])
            }
            // Pseudo-random bytes on several connections.
            var generator = SplitMix64(seed: 0x5EED)
            for _ in 0..<16 {
                let bytes = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
                try await server.connect { client in
                    try await client.sendRaw(bytes)
                    // Whatever the bytes meant, the server answers within the handshake rules and closes,
                    // or waits for more; either way it must not crash.
                    _ = try? await client.nextFrame(within: .milliseconds(200))
                }
            }
            // The server still serves.
            try await server.connect { client in
                try await client.handshake()
                try await client.ping(1)
            }
        }
    }

    @Test func aMisbehavingConnectionLeavesOthersAlone() async throws {
        try await withServer { server in
            try await server.connect { good in
                try await good.handshake()
                try await good.send(.trend(TrendRequest(indicator: "sleep-300", municipalities: [])), requestID: 1)
                try await server.connect { bad in
                    try await bad.handshake()
                    try await bad.sendRaw(TestClient.header(length: .max, type: 0x0012, requestID: 1))
                    #expect(try await bad.connectionError().code == .frameTooLarge)
                }
                try await server.connect { bad in
                    try await bad.send(.listNetworks(ListNetworksRequest()), requestID: 1)
                    #expect(try await bad.connectionError().code == .handshakeRequired)
                }
                try await good.ping(7)
                guard case .trendResult(let result) = try await good.message(for: 1) else {
                    Issue.record("expected the trend result")
                    return
                }
                #expect(result.indicator == "sleep-300")
                try await good.send(.listNetworks(ListNetworksRequest()), requestID: 2)
                #expect(try await good.message(for: 2) == .networks(FakeResponder.networks))
            }
        }
    }
}

/// A small deterministic generator, so that the garbage test sends the same bytes every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
