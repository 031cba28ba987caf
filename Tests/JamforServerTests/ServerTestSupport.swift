import JamforDomain
import JamforServer
import JamforWire
import JamforWireNIO
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import Testing

// Shared by the connection tests and by later end-to-end tests: a server on an ephemeral loopback
// port, a raw protocol client built from FrameCodec and ClientBootstrap, a fake responder and a log
// capture.

// MARK: - Server

extension ServerConfiguration {
    /// Loopback, port 0, and timeouts short enough for tests.
    static func testing(
        limits: WireLimits = WireLimits(),
        maxConnections: Int = 64,
        idleTimeout: Duration = .seconds(60),
        handshakeTimeout: Duration = .seconds(5),
        allowsCompression: Bool = true,
        shutdownGracePeriod: Duration = .seconds(2)
    ) -> ServerConfiguration {
        ServerConfiguration(
            host: "127.0.0.1",
            port: 0,
            limits: limits,
            maxConnections: maxConnections,
            idleTimeout: idleTimeout,
            handshakeTimeout: handshakeTimeout,
            allowsCompression: allowsCompression,
            shutdownGracePeriod: shutdownGracePeriod
        )
    }
}

/// A ``JamforServer`` running in a task of its own, listening on an ephemeral port.
struct TestServer: Sendable {
    let server: JamforServer
    let task: Task<Void, any Error>
    let port: Int
    let logs: LogCapture

    static func start(
        _ configuration: ServerConfiguration = .testing(),
        responder: any Responder = FakeResponder()
    ) async throws -> TestServer {
        let logs = LogCapture()
        let server = JamforServer(configuration: configuration, responder: responder, logger: logs.logger())
        let task = Task { try await server.run() }
        let address = try await server.listeningAddress()
        let port = try #require(address.port)
        return TestServer(server: server, task: task, port: port, logs: logs)
    }

    /// Stops the server at once (cancellation) and waits for `run()` to return.
    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Connects a raw client to this server.
    func connect<Result: Sendable>(
        tls: TLSConfiguration? = nil,
        receiveBufferSize: Int? = nil,
        _ body: (TestClient) async throws -> Result
    ) async throws -> Result {
        try await TestClient.connect(port: port, tls: tls, receiveBufferSize: receiveBufferSize, body)
    }
}

/// Runs `body` against a fresh server and stops the server afterwards, whatever happens.
func withServer<Result: Sendable>(
    _ configuration: ServerConfiguration = .testing(),
    responder: any Responder = FakeResponder(),
    _ body: (TestServer) async throws -> Result
) async throws -> Result {
    let server = try await TestServer.start(configuration, responder: responder)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(
    within timeout: Duration = .seconds(5),
    _ condition: () async -> Bool
) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

// MARK: - Client

enum TestClientError: Error, CustomStringConvertible {
    case timedOut(String)
    case closed(String)
    case refused(ErrorMessage)
    case unexpected(String)

    var description: String {
        switch self {
        case .timedOut(let what): "timed out waiting for \(what)"
        case .closed(let what): "connection closed while waiting for \(what)"
        case .refused(let error): "server answered with \(error.code): \(error.message)"
        case .unexpected(let what): "unexpected: \(what)"
        }
    }
}

extension Hello {
    /// A test client's hello: version 1, zlib offered, anonymous unless credentials are given.
    static func testing(
        user: String? = nil,
        token: String = "",
        versions: [UInt8] = [1],
        compression: [String] = [CompressionAlgorithm.zlib],
        limits: WireLimits? = nil
    ) -> Hello {
        Hello(
            supportedVersions: versions,
            clientName: "jamfor-tests/1",
            credentials: user.map { Credentials(user: $0, token: token) },
            compression: compression,
            limits: limits
        )
    }
}

/// A protocol client for tests: sends messages or raw bytes, reads frames by request id, and notices
/// when the server closes the connection. Used from one task at a time.
final class TestClient {
    let channel: any Channel
    /// Encodes what the client sends and decodes what it receives; compression is switched on by
    /// ``handshake(_:)`` when the server agrees to it.
    var codec = FrameCodec()
    private var inbound: NIOAsyncChannelInboundStream<Frame>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    /// Frames read while looking for another request's.
    private var held: [Frame] = []
    private var ended = false

    private init(
        channel: any Channel,
        inbound: NIOAsyncChannelInboundStream<Frame>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Connects to 127.0.0.1:`port` and runs `body` with the client; closes the connection afterwards.
    /// - Parameters:
    ///   - tls: speak TLS (server name `localhost`) with this configuration.
    ///   - receiveBufferSize: a fixed SO_RCVBUF, so that a client that stops reading fills its window
    ///     quickly (backpressure tests).
    static func connect<Result: Sendable>(
        port: Int,
        tls: TLSConfiguration? = nil,
        receiveBufferSize: Int? = nil,
        _ body: (TestClient) async throws -> Result
    ) async throws -> Result {
        let sslContext = try tls.map { try NIOSSLContext(configuration: $0) }
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        if let receiveBufferSize {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferSize))
        }
        let connection = try await bootstrap.connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                let limits = FrameLimits(maxFrameLength: 64 << 20, maxDecompressedLength: 256 << 20)
                if let sslContext {
                    let handler = try NIOSSLClientHandler(context: sslContext, serverHostname: "localhost")
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(limits: limits)))
                return try NIOAsyncChannel<Frame, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
        return try await connection.executeThenClose { inbound, outbound in
            let client = TestClient(
                channel: connection.channel,
                inbound: inbound.makeAsyncIterator(),
                outbound: outbound
            )
            return try await body(client)
        }
    }

    // MARK: Sending

    func sendRaw(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    func send(_ frame: Frame) async throws {
        try await sendRaw(frame.bytes)
    }

    /// Sends `message` framed by the client's codec (compressed when agreed and above the threshold).
    func send(_ message: WireMessage, requestID: UInt32 = 0, flags: FrameFlags? = nil) async throws {
        try await send(codec.frame(message, requestID: requestID, flags: flags))
    }

    /// A 12-byte frame header, for hand-made frames.
    static func header(
        length: UInt32,
        version: UInt8 = 1,
        flags: UInt8 = 0,
        type: UInt16,
        requestID: UInt32 = 0
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        FrameHeader(
            payloadLength: length,
            version: version,
            flags: FrameFlags(rawValue: flags),
            type: MessageType(rawValue: type),
            requestID: requestID
        ).write(into: &bytes)
        return bytes
    }

    // MARK: Handshake

    /// Sends `hello` and returns the `welcome`, adopting its compression.
    /// - Throws: ``TestClientError/refused(_:)`` when the server answers with an error.
    @discardableResult
    func handshake(_ hello: Hello = .testing()) async throws -> Welcome {
        try await send(.hello(hello))
        guard let frame = try await nextFrame() else { throw TestClientError.closed("welcome") }
        switch try codec.message(in: frame) {
        case .welcome(let welcome):
            if welcome.compression == CompressionAlgorithm.zlib {
                codec.compression = CompressionPolicy(threshold: Int(welcome.compressionThreshold ?? 1024))
            }
            codec.version = welcome.version
            return welcome
        case .error(let error):
            throw TestClientError.refused(error)
        case let other:
            throw TestClientError.unexpected("\(other.type) instead of welcome")
        }
    }

    // MARK: Receiving

    /// The next frame, or `nil` once the server has closed the connection.
    func nextFrame(within timeout: Duration = .seconds(5)) async throws -> Frame? {
        if !held.isEmpty { return held.removeFirst() }
        return try await read(within: timeout)
    }

    /// The next frame for `requestID`; frames of other requests are kept for later.
    func nextFrame(for requestID: UInt32, within timeout: Duration = .seconds(5)) async throws -> Frame {
        if let index = held.firstIndex(where: { $0.requestID == requestID }) { return held.remove(at: index) }
        while true {
            guard let frame = try await read(within: timeout) else {
                throw TestClientError.closed("a frame for request \(requestID)")
            }
            if frame.requestID == requestID { return frame }
            held.append(frame)
        }
    }

    /// The next message for `requestID`, decoded.
    func message(for requestID: UInt32, within timeout: Duration = .seconds(5)) async throws -> WireMessage {
        try codec.message(in: try await nextFrame(for: requestID, within: timeout))
    }

    /// Every frame of `requestID`'s answer, up to and including its end-of-stream frame.
    func stream(for requestID: UInt32, within timeout: Duration = .seconds(5)) async throws -> [Frame] {
        var frames: [Frame] = []
        while true {
            let frame = try await nextFrame(for: requestID, within: timeout)
            frames.append(frame)
            if frame.flags.contains(.endOfStream) { return frames }
        }
    }

    /// The `error` that answers `requestID`; fails the test if something else arrives.
    func error(for requestID: UInt32, within timeout: Duration = .seconds(5)) async throws -> ErrorMessage {
        let frame = try await nextFrame(for: requestID, within: timeout)
        guard case .error(let error) = try codec.message(in: frame) else {
            throw TestClientError.unexpected("\(frame.type) for request \(requestID) instead of an error")
        }
        #expect(frame.flags.contains(.error) && frame.flags.contains(.endOfStream))
        #expect(error.requestID == requestID)
        return error
    }

    /// Reads a connection-level error, then expects the server to close the connection.
    func connectionError(within timeout: Duration = .seconds(5)) async throws -> ErrorMessage {
        let error = try await error(for: 0, within: timeout)
        try await expectClosed(within: timeout)
        return error
    }

    /// Reads until the server closes the connection; returns the frames that came before.
    @discardableResult
    func expectClosed(within timeout: Duration = .seconds(5)) async throws -> [Frame] {
        var frames = held
        held = []
        while let frame = try await read(within: timeout) { frames.append(frame) }
        return frames
    }

    /// Sends a ping and waits for its pong.
    func ping(_ nonce: UInt64, within timeout: Duration = .seconds(5)) async throws {
        try await send(.ping(Ping(nonce: nonce)))
        let frame = try await nextFrame(for: 0, within: timeout)
        guard case .pong(let pong) = try codec.message(in: frame) else {
            throw TestClientError.unexpected("\(frame.type) instead of pong")
        }
        #expect(pong.nonce == nonce)
        #expect(frame.flags.contains(.endOfStream))
    }

    /// Reads one frame; `nil` when the connection has ended. A read that takes longer than `timeout`
    /// closes the connection and throws.
    private func read(within timeout: Duration) async throws -> Frame? {
        if ended { return nil }
        let expired = Flag()
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            expired.set()
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        let frame: Frame?
        do {
            frame = try await inbound.next()
        } catch {
            // A reset or a decoding failure ends the connection as far as the test is concerned.
            frame = nil
        }
        if expired.isSet { throw TestClientError.timedOut("a frame") }
        if frame == nil { ended = true }
        return frame
    }
}

/// A flag set from another thread.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

// MARK: - Fake responder

/// A responder for connection tests. It authenticates user/token pairs from a dictionary (and
/// anonymous clients when allowed), and answers by type:
/// - `list-networks`: a fixed list;
/// - `list-municipalities`: echoes the county filter, with the session's name as the municipality name;
/// - `list-indicators`: refused for anonymous sessions (`notAuthorized`), else an empty catalog;
/// - `rank`: `notFound`;
/// - `compare`: fails with an error that is not a ``RequestFailure`` (→ `internalError`);
/// - `trend`: sleeps (`"sleep-MS"` as the indicator sleeps MS milliseconds, else ``slowDelay``), then answers;
/// - `submit`: answers with the number of observations received;
/// - `export`: streams ``exportBatches`` batches, each carrying ``exportPayloadBytes`` of padding.
final class FakeResponder: Responder {
    struct Account: Sendable {
        let token: String
        let session: Session
    }

    struct Counters: Sendable {
        var exportFramesSent = 0
        var cancelled = 0
        var started = 0
    }

    /// What `list-networks` answers.
    static let networks = ListNetworksResponse(networks: [
        NetworkInfo(id: "kkvh", name: "KKVH", members: ["0880", "0881", "0882"])
    ])

    let accounts: [String: Account]
    let allowsAnonymous: Bool
    let exportBatches: Int
    let exportPayloadBytes: Int
    let exportDelay: Duration
    let slowDelay: Duration
    private let counters = Mutex(Counters())

    init(
        accounts: [String: Account] = [:],
        allowsAnonymous: Bool = true,
        exportBatches: Int = 3,
        exportPayloadBytes: Int = 16,
        exportDelay: Duration = .zero,
        slowDelay: Duration = .seconds(30)
    ) {
        self.accounts = accounts
        self.allowsAnonymous = allowsAnonymous
        self.exportBatches = exportBatches
        self.exportPayloadBytes = exportPayloadBytes
        self.exportDelay = exportDelay
        self.slowDelay = slowDelay
    }

    var stats: Counters { counters.withLock { $0 } }

    static func member(_ name: String, municipality: String, networks: [String]) throws -> Session {
        let code = try MunicipalityCode(municipality)
        return Session(
            name: name,
            role: .member,
            municipality: code,
            networks: try networks.map { try NetworkID($0) },
            viewer: Viewer(municipality: code, networkMembers: [code])
        )
    }

    func authenticate(_ hello: Hello, remoteAddress: String?) async -> Result<Session, RequestFailure> {
        guard let credentials = hello.credentials else {
            guard allowsAnonymous else {
                return .failure(RequestFailure(.authenticationFailed, "anonymous access is not allowed"))
            }
            return .success(Session(name: "anonymous", role: .reader, viewer: .publicOnly, isAnonymous: true))
        }
        guard let account = accounts[credentials.user], account.token == credentials.token else {
            return .failure(RequestFailure(.authenticationFailed, "unknown user or wrong token"))
        }
        return .success(account.session)
    }

    func respond(to request: WireMessage, session: Session, sink: any ResponseSink) async throws {
        counters.withLock { $0.started += 1 }
        do {
            try await answer(request, session: session, sink: sink)
        } catch {
            if Task.isCancelled { counters.withLock { $0.cancelled += 1 } }
            throw error
        }
    }

    private func answer(_ request: WireMessage, session: Session, sink: any ResponseSink) async throws {
        switch request {
        case .listNetworks:
            try await sink.send(.networks(Self.networks), final: true)
        case .listMunicipalities(let filter):
            let info = MunicipalityInfo(code: "0880", name: session.name, county: filter.county ?? "")
            try await sink.send(.municipalities(ListMunicipalitiesResponse(municipalities: [info])), final: true)
        case .listIndicators:
            guard !session.isAnonymous else {
                throw RequestFailure(.notAuthorized, "the catalog is for signed-in users")
            }
            try await sink.send(.indicators(ListIndicatorsResponse(indicators: [])), final: true)
        case .rank(let rank):
            throw RequestFailure(.notFound, "no indicator \(rank.indicator)")
        case .compare:
            throw FakeFailure(detail: "the database is on fire")
        case .trend(let trend):
            let delay =
                trend.indicator.hasPrefix("sleep-")
                ? Duration.milliseconds(Int(trend.indicator.dropFirst(6)) ?? 0) : slowDelay
            try await Task.sleep(for: delay)
            let answer = TrendResponse(indicator: trend.indicator, periods: [], series: [])
            try await sink.send(.trendResult(answer), final: true)
        case .submit(let submit):
            let answer = SubmitResponse(
                inserted: UInt32(submit.observations.count),
                updated: 0,
                unchanged: 0,
                rejected: []
            )
            try await sink.send(.submitResult(answer), final: true)
        case .export:
            let padding = String(repeating: "x", count: exportPayloadBytes)
            for sequence in 0..<exportBatches {
                if exportDelay > .zero { try await Task.sleep(for: exportDelay) }
                let observation = ObservationRecord(
                    indicator: "hme",
                    municipality: "0880",
                    period: "2023",
                    source: padding
                )
                let batch = ExportBatch(sequence: UInt32(sequence), observations: [observation])
                try await sink.send(.exportBatch(batch), final: sequence == exportBatches - 1)
                counters.withLock { $0.exportFramesSent += 1 }
            }
        default:
            throw RequestFailure(.invalidArgument, "the fake responder does not answer \(request.type)")
        }
    }
}

/// A failure that is not a ``RequestFailure``: the server must answer `internalError` and keep the detail
/// to its log.
struct FakeFailure: Error {
    let detail: String
}

// MARK: - Logs

/// Keeps every log record, so that tests can check what the server logs (and what it never logs).
final class LogCapture: Sendable {
    struct Record: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private let records = Mutex<[Record]>([])

    var all: [Record] { records.withLock { $0 } }

    /// Every message and metadata key and value, as one text to search.
    var text: String {
        all.map { record in
            ([record.message] + record.metadata.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        }.joined(separator: "\n")
    }

    func logger() -> Logger {
        var logger = Logger(label: "jamfor.tests") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ record: Record) {
        records.withLock { $0.append(record) }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append(
                Record(
                    level: event.level,
                    message: event.message.description,
                    metadata: merged.mapValues { "\($0)" }
                )
            )
        }
    }
}
