import Foundation
import JamforClient
import JamforDomain
import JamforServer
import JamforWire
import Logging
import Testing

// The real server for the client's tests: `EmbeddedServer` over the committed Datasets/, with an
// administrator, a member of Enköping (network 4m) and a reader, and a clock at 2025-03-15, so that
// every period up to 2024 has ended.

enum Fixtures {
    /// Loaded once per process: reading and validating Datasets/ takes a moment.
    static let dataset = Task { try Dataset.load() }

    /// The server's clock: 2025-03-15 12:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_742_040_000)

    static let admin = "client-admin"
    static let member = "enkoping-member"
    static let reader = "client-reader"

    static func accounts() throws -> [EmbeddedAccount] {
        [
            EmbeddedAccount(name: admin, role: .admin),
            EmbeddedAccount(name: member, role: .member, municipality: try MunicipalityCode("0381")),
            EmbeddedAccount(name: reader, role: .reader),
        ]
    }

    /// Servers log to nowhere: the tests check what the client sees.
    static let quietLogger = Logger(label: "jamfor.client-tests") { _ in SwiftLogNoOpLogHandler() }
}

/// A running embedded server and how to reach it.
struct TestServer: Sendable {
    let server: EmbeddedServer

    var address: ServerAddress { ServerAddress(host: "127.0.0.1", port: server.port) }

    /// A configuration that signs in as `user` with its token, or anonymously for `nil`.
    func configuration(as user: String? = Fixtures.admin) throws -> ClientConfiguration {
        var credentials: Credentials?
        if let user {
            credentials = Credentials(user: user, token: try #require(server.tokens[user]))
        }
        return ClientConfiguration(address: address, credentials: credentials)
    }

    /// Connects as `user` and runs `body`.
    func connect<Result: Sendable>(
        as user: String? = Fixtures.admin,
        _ body: (JamforClient) async throws -> Result
    ) async throws -> Result {
        try await JamforClient.withConnection(try configuration(as: user), body)
    }
}

/// Runs `body` against a fresh embedded server, stopped afterwards.
func withEmbeddedServer<Result: Sendable>(_ body: (TestServer) async throws -> Result) async throws -> Result {
    let dataset = try await Fixtures.dataset.value
    return try await EmbeddedServer.run(
        dataset: dataset,
        accounts: try Fixtures.accounts(),
        configuration: ResponderConfiguration(now: { Fixtures.now }),
        logger: Fixtures.quietLogger
    ) { server in
        try await body(TestServer(server: server))
    }
}

/// Runs `body`, which must throw a ``ClientError``, and returns that error.
func clientError(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> ClientError? {
    do {
        try await body()
        Issue.record("expected a ClientError, but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as ClientError {
        return error
    } catch {
        Issue.record("expected a ClientError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
