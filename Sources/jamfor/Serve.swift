import ArgumentParser
import Foundation
import JamforDomain
import JamforServer
import JamforStorage
import JamforWire
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// `jamfor serve`: the server a benchmarking network runs.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Jamfor server.",
        discussion: """
            Settings come from these flags, then JAMFOR_* environment variables (JAMFOR_PORT, \
            JAMFOR_DATABASE, …), then the JSON file given with --config, in that order of precedence. \
            On the first start with an empty database the server loads Datasets/ (unless \
            --skip-datasets). It stops gracefully on SIGINT or SIGTERM: it stops accepting, finishes \
            the requests in flight and closes the database.

            Examples:
              jamfor serve
              jamfor serve --port 7411 --database /var/lib/jamfor/jamfor.sqlite
              jamfor serve --host 0.0.0.0 --tls-certificate cert.pem --tls-key key.pem
              jamfor serve --config /etc/jamfor/serve.json
            """
    )

    @Option(name: .long, help: "A JSON file of settings, such as {\"port\": 7411, \"allow-anonymous\": true}.")
    var config: String?

    @Option(name: .long, help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "The TCP port (default 7411; 0 picks a free one).")
    var port: Int?

    @Option(name: .long, help: "The SQLite database file (default jamfor.sqlite).")
    var database: String?

    @Option(name: .long, help: "PEM certificate chain for TLS.")
    var tlsCertificate: String?

    @Option(name: .long, help: "PEM private key for TLS.")
    var tlsKey: String?

    @Flag(name: .long, help: "Allow plain TCP on an address that is not loopback.")
    var insecure = false

    @Flag(name: .long, help: "Let clients without a token read public figures.")
    var allowAnonymous = false

    @Flag(name: .long, help: "Do not load Datasets/ into an empty database.")
    var skipDatasets = false

    @Option(name: .long, help: "The Datasets directory to load on first start (default: the repository's).")
    var datasets: String?

    @Option(name: .long, help: "The most connections at once (default 1024).")
    var maxConnections: Int?

    @Option(name: .long, help: "The most requests in flight per connection (default 32).")
    var maxInFlight: Int?

    @Option(name: .long, help: "The largest frame payload accepted, in bytes (default 16 MiB).")
    var maxFrameLength: Int?

    @Option(name: .long, help: "The most observations in one submit (default 100000).")
    var maxSubmitObservations: Int?

    @Option(name: .long, help: "Seconds a new connection has to send its hello (default 10).")
    var handshakeTimeout: Int?

    @Option(name: .long, help: "Comparison answers kept until the next submission (default 10000; 0 turns it off).")
    var comparisonCache: Int?

    @Option(name: .long, help: "Seconds of silence after which a connection is closed (default 300).")
    var idleTimeout: Int?

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?

    /// The flags given on the command line, by setting name.
    var flagValues: [String: String] {
        var values: [String: String] = [:]
        values["host"] = host
        values["port"] = port.map(String.init)
        values["database"] = database
        values["tls-certificate"] = tlsCertificate
        values["tls-key"] = tlsKey
        if insecure { values["insecure"] = "true" }
        if allowAnonymous { values["allow-anonymous"] = "true" }
        if skipDatasets { values["skip-datasets"] = "true" }
        values["datasets"] = datasets
        values["max-connections"] = maxConnections.map(String.init)
        values["max-in-flight"] = maxInFlight.map(String.init)
        values["max-frame-length"] = maxFrameLength.map(String.init)
        values["max-submit-observations"] = maxSubmitObservations.map(String.init)
        values["handshake-timeout"] = handshakeTimeout.map(String.init)
        values["comparison-cache"] = comparisonCache.map(String.init)
        values["idle-timeout"] = idleTimeout.map(String.init)
        values["log-level"] = logLevel
        return values
    }

    /// The settings in force: the config file, overridden by the environment, overridden by flags.
    func settings(environment: [String: String]) throws -> ServeSettings {
        var settings = ServeSettings()
        if let config { try settings.apply(ServeSettings.fileValues(config), from: config) }
        try settings.apply(ServeSettings.environmentValues(environment), from: "the environment")
        try settings.apply(flagValues, from: "the command line")
        try settings.validate()
        return settings
    }

    func run() async throws {
        let settings: ServeSettings
        do {
            settings = try self.settings(environment: ProcessInfo.processInfo.environment)
        } catch let error as SettingsError {
            throw CommandFailure(error.description)
        }
        var logger = Logger(label: "jamfor.server")
        logger.logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info

        let storage = try await openStorage(
            path: settings.database,
            datasets: settings.datasets,
            skipDatasets: settings.skipDatasets,
            logger: logger
        )
        do {
            try await serve(settings, storage: storage, logger: logger)
        } catch {
            try? await storage.close()
            throw error
        }
        try await storage.close()
        logger.info("database closed; goodbye")
    }

    private func serve(_ settings: ServeSettings, storage: SQLiteStorage, logger: Logger) async throws {
        var limits = WireLimits()
        limits.maxInFlightRequests = UInt16(clamping: settings.maxInFlight)
        limits.maxFrameLength = UInt32(clamping: settings.maxFrameLength)
        limits.maxSubmitObservations = UInt32(clamping: settings.maxSubmitObservations)
        let responder = try await JamforResponder(
            storage: storage,
            configuration: ResponderConfiguration(
                allowsAnonymous: settings.allowAnonymous,
                maximumSubmitObservations: Int(limits.maxSubmitObservations),
                comparisonCacheCapacity: settings.comparisonCache
            ),
            logger: logger
        )
        let server = JamforServer(
            configuration: ServerConfiguration(
                host: settings.host,
                port: settings.port,
                tls: try tlsConfiguration(settings),
                limits: limits,
                maxConnections: settings.maxConnections,
                idleTimeout: .seconds(settings.idleTimeout),
                handshakeTimeout: .seconds(settings.handshakeTimeout)
            ),
            responder: responder,
            logger: logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await run(group, server, settings)
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw CommandFailure(
                "\(settings.host):\(settings.port) is already in use, perhaps by another jamfor serve; "
                    + "stop that one or choose another --port"
            )
        } catch let error as IOError where error.errnoCode == EACCES {
            throw CommandFailure(
                "not allowed to listen on \(settings.host):\(settings.port); ports below 1024 need privileges, "
                    + "choose another --port"
            )
        }
    }

    private func run(_ group: ServiceGroup, _ server: JamforServer, _ settings: ServeSettings) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                let address: SocketAddress
                do {
                    address = try await server.listeningAddress()
                } catch ServerError.notListening {
                    // The server's own task ends with why it could not listen.
                    return
                }
                // One plain line on standard output, for scripts and tests that wait for the server.
                let line =
                    "jamfor serve: listening on \(address.ipAddress ?? settings.host):\(address.port ?? settings.port)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
            try await tasks.waitForAll()
        }
    }

    private func tlsConfiguration(_ settings: ServeSettings) throws -> TLSConfiguration? {
        guard let certificate = settings.tlsCertificate, let key = settings.tlsKey else { return nil }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            return TLSConfiguration.makeServerConfiguration(
                certificateChain: chain,
                privateKey: .privateKey(privateKey)
            )
        } catch {
            throw CommandFailure("cannot use the TLS certificate \(certificate) and key \(key): \(error)")
        }
    }
}
