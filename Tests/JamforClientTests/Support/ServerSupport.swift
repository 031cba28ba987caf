import JamforClient
import JamforDomain
import JamforServer
import JamforWire
import NIOSSL
import Testing

// A JamforServer with a responder of the test's own, for the server's behaviour around requests
// (shutting down mid-request, TLS) without the database.

/// Lets everyone in anonymously; answers `list-networks` at once and `trend` after a long sleep (so
/// that a request can be in flight while the test stops the server).
struct SlowResponder: Responder {
    static let networks = [NetworkInfo(id: "kkvh", name: "KKVH", members: ["0880"])]

    /// The requests that reached the responder, by type.
    let started = Recorder<MessageType>()

    func authenticate(_ hello: Hello, remoteAddress: String?) async -> Result<Session, RequestFailure> {
        .success(Session(name: "anonymous", role: .reader, viewer: .publicOnly, isAnonymous: true))
    }

    func respond(to request: WireMessage, session: Session, sink: any ResponseSink) async throws {
        started.append(request.type)
        switch request {
        case .listNetworks:
            try await sink.send(.networks(ListNetworksResponse(networks: Self.networks)), final: true)
        case .trend:
            try await Task.sleep(for: .seconds(60))
            throw RequestFailure(.internalError, "slept too long")
        default:
            throw RequestFailure(.invalidArgument, "the slow responder does not answer \(request.type)")
        }
    }
}

/// A running JamforServer and its address.
struct RunningServer: Sendable {
    let server: JamforServer
    let address: ServerAddress
    let task: Task<Void, any Error>

    /// Stops the server at once (every connection closes without a word) and waits until it has.
    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// Runs a JamforServer on a free loopback port while `body` runs, and stops it afterwards; `body`
/// may stop it earlier.
func withJamforServer<Result: Sendable>(
    tls: TLSConfiguration? = nil,
    shutdownGracePeriod: Duration = .seconds(2),
    responder: any Responder = SlowResponder(),
    _ body: (RunningServer) async throws -> Result
) async throws -> Result {
    let configuration = ServerConfiguration(
        host: "127.0.0.1",
        port: 0,
        tls: tls,
        shutdownGracePeriod: shutdownGracePeriod
    )
    let server = JamforServer(configuration: configuration, responder: responder, logger: Fixtures.quietLogger)
    // A task of its own rather than a task group child, so that a test can stop it and wait.
    let task = Task { try await server.run() }
    let running: RunningServer
    do {
        let port = try #require(try await server.listeningAddress().port)
        running = RunningServer(server: server, address: ServerAddress(host: "127.0.0.1", port: port), task: task)
    } catch {
        task.cancel()
        _ = await task.result
        throw error
    }
    do {
        let result = try await body(running)
        await running.stop()
        return result
    } catch {
        await running.stop()
        throw error
    }
}

/// A self-signed certificate and key for `localhost` and 127.0.0.1, made for tests only (the same
/// pair the server's TLS tests use) and trusted nowhere else.
enum TestCertificate {
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

    /// Test-only: it protects nothing.
    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgDw13WOeqhDPdwAN+
        UouwM8AEhkktHnpxlYqHSSwRq5qhRANCAASaCwhVFbwb5hAuAmjMgSMNqfOZqdK3
        uV/L0lXcZXfV1wtfvUrK3nfMrIbM9V9DxURjslRa3smT66+8eu9n5DbR
        -----END PRIVATE KEY-----
        """

    static func server() throws -> TLSConfiguration {
        let certificate = try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        return TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(certificate)],
            privateKey: .privateKey(key)
        )
    }

    /// A client configuration that trusts the test certificate only.
    static func client() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([
            try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
        ])
        return configuration
    }
}
