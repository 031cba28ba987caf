import JamforServer
import JamforWire
import Testing

/// The handshake: PROTOCOL.md 3.1–3.3 and 4 (the choice of compression).
@Suite(.timeLimit(.minutes(1)))
struct ConnectionHandshakeTests {
    static let kalmar = "kalmar-analytiker"
    static let token = "s3cret-token-value"

    static func responder(allowsAnonymous: Bool = true) throws -> FakeResponder {
        let session = try FakeResponder.member(kalmar, municipality: "0880", networks: ["kkvh"])
        return FakeResponder(
            accounts: [kalmar: FakeResponder.Account(token: token, session: session)],
            allowsAnonymous: allowsAnonymous
        )
    }

    @Test func welcomeNamesThePrincipalLimitsAndCompression() async throws {
        let limits = WireLimits(maxFrameLength: 1 << 20, maxInFlightRequests: 8)
        try await withServer(.testing(limits: limits), responder: try Self.responder()) { server in
            try await server.connect { client in
                let welcome = try await client.handshake(.testing(user: Self.kalmar, token: Self.token))
                #expect(welcome.version == 1)
                #expect(welcome.serverName == "jamfor-server/0.1")
                #expect(welcome.principal == Principal(name: Self.kalmar, municipality: "0880", networks: ["kkvh"]))
                #expect(welcome.limits == limits)
                #expect(welcome.compression == "zlib")
                #expect(welcome.compressionThreshold == 1024)
                // The connection works afterwards.
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 1)
                #expect(try await client.message(for: 1) == .networks(FakeResponder.networks))
            }
        }
    }

    @Test func welcomeFrameIsVersionOneEndOfStreamUncompressed() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.send(.hello(.testing()))
                let frame = try #require(try await client.nextFrame())
                #expect(frame.type == .welcome)
                #expect(frame.version == 1)
                #expect(frame.requestID == 0)
                #expect(frame.flags == [.endOfStream])
            }
        }
    }

    @Test func compressionIsDeclinedWhenNotOfferedOrNotAllowed() async throws {
        try await withServer { server in
            try await server.connect { client in
                let welcome = try await client.handshake(.testing(compression: []))
                #expect(welcome.compression == nil)
                #expect(welcome.compressionThreshold == nil)
            }
            try await server.connect { client in
                let welcome = try await client.handshake(.testing(compression: ["brotli", "zlib"]))
                #expect(welcome.compression == "zlib")
            }
        }
        try await withServer(.testing(allowsCompression: false)) { server in
            try await server.connect { client in
                let welcome = try await client.handshake(.testing())
                #expect(welcome.compression == nil)
            }
        }
    }

    @Test func anonymousAccessWhenTheResponderAllowsIt() async throws {
        try await withServer(responder: try Self.responder(allowsAnonymous: true)) { server in
            try await server.connect { client in
                let welcome = try await client.handshake(.testing())
                #expect(welcome.principal == Principal(name: "anonymous"))
                // The session reaches the responder: anonymous may not read the catalog.
                try await client.send(.listIndicators(ListIndicatorsRequest()), requestID: 1)
                #expect(try await client.error(for: 1).code == .notAuthorized)
            }
        }
    }

    @Test func anonymousAccessRefusedWhenTheResponderRefusesIt() async throws {
        try await withServer(responder: try Self.responder(allowsAnonymous: false)) { server in
            try await server.connect { client in
                try await client.send(.hello(.testing()))
                let error = try await client.connectionError()
                #expect(error.code == .authenticationFailed)
                #expect(error.requestID == 0)
            }
        }
    }

    @Test func wrongTokenIsAuthenticationFailedAndCloses() async throws {
        try await withServer(responder: try Self.responder()) { server in
            try await server.connect { client in
                try await client.send(.hello(.testing(user: Self.kalmar, token: "guessed-7f3a9c")))
                let frame = try #require(try await client.nextFrame())
                #expect(frame.version == 1)
                #expect(frame.flags == [.endOfStream, .error])
                guard case .error(let error) = try client.codec.message(in: frame) else {
                    Issue.record("expected an error, got \(frame.type)")
                    return
                }
                #expect(error.code == .authenticationFailed)
                try await client.expectClosed()
            }
            // Neither the token tried nor the right one appears in the server's logs.
            let logs = server.logs.text
            #expect(!logs.contains("guessed-7f3a9c"))
            #expect(!logs.contains(Self.token))
        }
    }

    @Test func tokensAreNeverLogged() async throws {
        try await withServer(responder: try Self.responder()) { server in
            try await server.connect { client in
                try await client.handshake(.testing(user: Self.kalmar, token: Self.token))
                try await client.ping(1)
            }
            #expect(await eventually { server.logs.text.contains("handshake complete") })
            #expect(!server.logs.text.contains(Self.token))
        }
    }

    @Test func firstFrameOtherThanHelloIsHandshakeRequired() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.send(.ping(Ping(nonce: 1)))
                let error = try await client.connectionError()
                #expect(error.code == .handshakeRequired)
            }
            try await server.connect { client in
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 1)
                #expect(try await client.connectionError().code == .handshakeRequired)
            }
        }
    }

    @Test func noCommonVersionIsUnsupportedVersion() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.send(.hello(.testing(versions: [2, 3])))
                let error = try await client.connectionError()
                #expect(error.code == .unsupportedVersion)
                #expect(error.message.contains("speaks 1"))
            }
            // The highest common version is chosen when the client also speaks newer ones.
            try await server.connect { client in
                let welcome = try await client.handshake(.testing(versions: [3, 1, 2]))
                #expect(welcome.version == 1)
            }
        }
    }

    @Test func helloWithABadPayloadOrARequestIDIsAConnectionError() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.sendRaw(TestClient.header(length: 1, type: 0x0001) + [0xFF])
                #expect(try await client.connectionError().code == .invalidPayload)
            }
            try await server.connect { client in
                try await client.send(.hello(.testing()), requestID: 5)
                #expect(try await client.connectionError().code == .malformedFrame)
            }
        }
    }

    @Test func secondHelloOrAWelcomeFromTheClientIsMalformedFrame() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.send(.hello(.testing()))
                #expect(try await client.connectionError().code == .malformedFrame)
            }
            try await server.connect { client in
                try await client.handshake()
                let welcome = Welcome(
                    version: 1,
                    serverName: "x",
                    principal: Principal(name: "x"),
                    limits: WireLimits()
                )
                try await client.send(.welcome(welcome))
                #expect(try await client.connectionError().code == .malformedFrame)
            }
        }
    }

    @Test func silentClientIsClosedAfterTheHandshakeTimeout() async throws {
        try await withServer(.testing(handshakeTimeout: .milliseconds(200))) { server in
            try await server.connect { client in
                let clock = ContinuousClock()
                let start = clock.now
                let error = try await client.connectionError(within: .seconds(3))
                #expect(error.code == .handshakeRequired)
                #expect(clock.now - start >= .milliseconds(150))
            }
        }
    }
}
