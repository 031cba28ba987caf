import JamforServer
import JamforWire
import NIOSSL
import Testing

/// The same protocol inside TLS (PROTOCOL.md 1: TLS from the first byte, no in-band upgrade).
@Suite(.timeLimit(.minutes(1)))
struct ConnectionTLSTests {
    /// A self-signed certificate for `localhost` and 127.0.0.1 (P-256, valid for a century), made for
    /// these tests only and trusted nowhere else.
    static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBnDCCAUGgAwIBAgIUPFTXQ0vGmee7UrEbJAMO94fcOiswCgYIKoZIzj0EAwIw
        FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNjE0MTM1M1oYDzIxMjYxMTAy
        MTQxMzUzWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
        PQMBBwNCAASaCwhVFbwb5hAuAmjMgSMNqfOZqdK3uV/L0lXcZXfV1wtfvUrK3nfM
        rIbM9V9DxURjslRa3smT66+8eu9n5DbRo28wbTAdBgNVHQ4EFgQU92PasXAi9HLs
        FmPQjHArFYc00C8wHwYDVR0jBBgwFoAU92PasXAi9HLsFmPQjHArFYc00C8wDwYD
        VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
        zj0EAwIDSQAwRgIhAMoTZdBSFy4hIyPrcADPKuW/wpMezAOvkADRauDKujJaAiEA
        5pyXL79+ywyUWM0HfIZHA06M+aBIS1JivQFcdY+Pwdc=
        -----END CERTIFICATE-----
        """

    /// The test certificate's key. Test-only: it protects nothing.
    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgDw13WOeqhDPdwAN+
        UouwM8AEhkktHnpxlYqHSSwRq5qhRANCAASaCwhVFbwb5hAuAmjMgSMNqfOZqdK3
        uV/L0lXcZXfV1wtfvUrK3nfMrIbM9V9DxURjslRa3smT66+8eu9n5DbR
        -----END PRIVATE KEY-----
        """

    static func serverTLS() throws -> TLSConfiguration {
        let certificate = try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        return TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(certificate)],
            privateKey: .privateKey(key)
        )
    }

    static func clientTLS() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([
            try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
        ])
        return configuration
    }

    static func configuration(handshakeTimeout: Duration = .seconds(5)) throws -> ServerConfiguration {
        var configuration = ServerConfiguration.testing(handshakeTimeout: handshakeTimeout)
        configuration.tls = try serverTLS()
        return configuration
    }

    @Test func theProtocolRunsInsideTLS() async throws {
        let responder = FakeResponder(exportBatches: 5, exportPayloadBytes: 4096)
        try await withServer(try Self.configuration(), responder: responder) { server in
            try await server.connect(tls: try Self.clientTLS()) { client in
                let welcome = try await client.handshake()
                #expect(welcome.compression == "zlib")
                try await client.ping(1)
                try await client.send(.export(ExportRequest()), requestID: 1)
                #expect(try await client.stream(for: 1).count == 5)
                // A connection error inside TLS reaches the client before the close.
                try await client.sendRaw(TestClient.header(length: .max, type: 0x0012, requestID: 2))
                #expect(try await client.connectionError().code == .frameTooLarge)
            }
        }
    }

    @Test func aPlainClientOnATLSPortIsDroppedAndOthersAreServed() async throws {
        try await withServer(try Self.configuration(handshakeTimeout: .seconds(2))) { server in
            try await server.connect { plain in
                try await plain.send(.hello(.testing()))
                // The TLS handler rejects the bytes; no frame comes back in the clear.
                let frames = try await plain.expectClosed(within: .seconds(4))
                #expect(frames.isEmpty)
            }
            try await server.connect(tls: try Self.clientTLS()) { client in
                try await client.handshake()
                try await client.ping(2)
            }
        }
    }
}
