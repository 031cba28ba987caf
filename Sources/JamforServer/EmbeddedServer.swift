import Foundation
public import JamforDomain
import JamforStorage
public import Logging

/// An account to create in an ``EmbeddedServer``'s database.
public struct EmbeddedAccount: Sendable, Hashable {
    public var name: String
    public var role: Role
    /// The municipality a member is bound to.
    public var municipality: MunicipalityCode?

    public init(name: String, role: Role, municipality: MunicipalityCode? = nil) {
        self.name = name
        self.role = role
        self.municipality = municipality
    }
}

/// A complete Jamfor server in this process: a temporary SQLite database loaded from a dataset, the
/// real responder, and a listener on a free loopback port. `jamfor demo` and the client's tests run
/// against it; nothing of it outlives ``run(dataset:accounts:configuration:logger:_:)``.
public struct EmbeddedServer: Sendable {
    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    /// Each account's token, by account name.
    public let tokens: [String: String]
    /// The database file, in a directory that is removed when the server stops.
    public let databasePath: String

    /// Starts a server over a fresh database loaded with `dataset` and `accounts`, runs `body`, then
    /// shuts the server down gracefully and removes the database, whatever `body` does.
    public static func run<Result: Sendable>(
        dataset: Dataset,
        accounts: [EmbeddedAccount],
        configuration: ResponderConfiguration = ResponderConfiguration(),
        logger: Logger = Logger(label: "jamfor.embedded"),
        _ body: (EmbeddedServer) async throws -> Result
    ) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("jamfor-embedded-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("jamfor.sqlite").path
        let storage = try await SQLiteStorage(path: path, clock: configuration.now)
        do {
            let tokens = try await prepare(storage, dataset: dataset, accounts: accounts, now: configuration.now())
            let responder = try await JamforResponder(storage: storage, configuration: configuration, logger: logger)
            let server = JamforServer(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0, shutdownGracePeriod: .seconds(2)),
                responder: responder,
                logger: logger
            )
            let result = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                do {
                    let address = try await server.listeningAddress()
                    guard let port = address.port else { throw ServerError.notListening }
                    let result = try await body(EmbeddedServer(port: port, tokens: tokens, databasePath: path))
                    server.beginGracefulShutdown()
                    try await group.waitForAll()
                    return result
                } catch {
                    group.cancelAll()
                    throw error
                }
            }
            try await storage.close()
            return result
        } catch {
            try? await storage.close()
            throw error
        }
    }

    private static func prepare(
        _ storage: SQLiteStorage,
        dataset: Dataset,
        accounts: [EmbeddedAccount],
        now: Date
    ) async throws -> [String: String] {
        try await storage.load(dataset)
        var tokens: [String: String] = [:]
        for account in accounts {
            let token = Tokens.generate()
            try await storage.createAccount(
                Account(
                    name: account.name,
                    role: account.role,
                    municipality: account.municipality,
                    tokenHash: Tokens.hash(token),
                    createdAt: now
                )
            )
            tokens[account.name] = token
        }
        return tokens
    }
}
