import JamforWire
import JamforWireNIO
public import Logging
public import NIOCore
import NIOPosix
import NIOSSL
public import ServiceLifecycle
import Synchronization

/// Why a ``JamforServer`` could not do what was asked.
public enum ServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// ``JamforServer/run()`` was called a second time.
    case alreadyRunning
    /// The server stopped (or failed to bind) before it was listening.
    case notListening

    public var description: String {
        switch self {
        case .alreadyRunning: "the server is already running; run() may be called once"
        case .notListening: "the server is not listening"
        }
    }
}

/// The Jamfor server: accepts connections and speaks the wire protocol on them, handing requests to a
/// ``Responder``.
///
/// Run it in a `ServiceGroup` (which turns SIGINT/SIGTERM into a graceful shutdown) or call ``run()``
/// directly. A graceful shutdown — from the service group or ``beginGracefulShutdown()`` — stops
/// accepting, answers new requests with `shuttingDown`, lets the requests in flight finish for up to
/// ``ServerConfiguration/shutdownGracePeriod``, then stops the rest (each ends with `shuttingDown`),
/// closes every connection and returns. Cancelling the task that runs ``run()`` stops at once.
///
/// `Sendable` without `@unchecked`: every stored property is immutable and `Sendable`; the mutable
/// state is in a `Mutex`.
public final class JamforServer: Service {
    public let configuration: ServerConfiguration
    private let responder: any Responder
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let state = Mutex(ServerState())
    private let clock = ContinuousClock()

    /// - Parameters:
    ///   - configuration: where to listen and what to allow.
    ///   - responder: authenticates handshakes and answers requests.
    ///   - logger: where the server logs; connection, request and type go into the metadata. Tokens,
    ///     credentials and observation values are never logged.
    ///   - eventLoopGroup: the loops to run on; `nil` uses `MultiThreadedEventLoopGroup.singleton`.
    public init(
        configuration: ServerConfiguration,
        responder: any Responder,
        logger: Logger = Logger(label: "jamfor.server"),
        eventLoopGroup: (any EventLoopGroup)? = nil
    ) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
    }

    // MARK: - Public interface

    /// The address the server listens on, or `nil` when it is not listening (yet, or any more).
    public var localAddress: SocketAddress? {
        state.withLock { $0.listener == nil ? nil : $0.address }
    }

    /// Waits until the server listens and returns its address (with the actual port when the
    /// configuration asked for port 0).
    /// - Throws: ``ServerError/notListening`` when ``run()`` failed or ended before listening;
    ///   `CancellationError` when the waiting task is cancelled.
    public func listeningAddress() async throws -> SocketAddress {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SocketAddress, any Error>) in
                let outcome = state.withLock { state -> Result<SocketAddress, any Error>? in
                    if let address = state.address, state.listener != nil { return .success(address) }
                    if state.stopped { return .failure(ServerError.notListening) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.addressWaiters[id] = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.addressWaiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// The number of connections being served.
    public var connectionCount: Int {
        state.withLock { $0.slots.count }
    }

    /// Starts a graceful shutdown, as a service group does on SIGTERM: stop accepting, refuse new
    /// requests with `shuttingDown`, let requests in flight finish within the grace period, close.
    /// ``run()`` returns when it is done. Calling it again has no further effect.
    public func beginGracefulShutdown() {
        let (listener, connections) = state.withLock { state -> ((any Channel)?, [Connection]) in
            guard !state.shuttingDown else { return (nil, []) }
            state.shuttingDown = true
            return (state.listener, state.slots.values.compactMap { $0 })
        }
        guard listener != nil || !connections.isEmpty else { return }
        logger.info("graceful shutdown", metadata: ["connections": "\(connections.count)"])
        listener?.close(promise: nil)
        for connection in connections { connection.beginDrain() }
    }

    /// Binds, serves connections until a graceful shutdown or cancellation, then returns once every
    /// connection is closed.
    /// - Throws: when binding fails (the address is in use, the TLS configuration is invalid), or
    ///   ``ServerError/alreadyRunning``.
    public func run() async throws {
        try state.withLock { state in
            guard !state.started else { throw ServerError.alreadyRunning }
            state.started = true
        }
        do {
            try await serve()
        } catch {
            stopped()
            throw error
        }
        stopped()
    }

    // MARK: - Accepting

    private func serve() async throws {
        let listener = try await bind()
        let address = listener.channel.localAddress
        let (waiters, stopAtOnce) = state.withLock { state in
            state.listener = listener.channel
            state.address = address
            defer { state.addressWaiters = [:] }
            return (Array(state.addressWaiters.values), state.shuttingDown)
        }
        if let address {
            for waiter in waiters { waiter.resume(returning: address) }
        }
        logger.info(
            "listening",
            metadata: [
                "address": "\(address.map(Connection.describe) ?? "?")",
                "tls": "\(configuration.tls != nil)",
            ]
        )
        if stopAtOnce { listener.channel.close(promise: nil) }

        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                do {
                    try await listener.executeThenClose { inbound in
                        for try await child in inbound {
                            accept(child, into: &group)
                        }
                    }
                } catch {
                    if !Task.isCancelled {
                        logger.error("accepting connections failed", metadata: ["error": "\(error)"])
                    }
                }
                state.withLock { $0.listener = nil }
                await drain()
            }
        } onGracefulShutdown: {
            self.beginGracefulShutdown()
        }
        logger.info("stopped")
    }

    /// Binds the listening socket; each connection gets TLS (if configured), the frame decoder and the
    /// frame encoder.
    private func bind() async throws -> NIOAsyncChannel<NIOAsyncChannel<Frame, Frame>, Never> {
        let sslContext = try configuration.tls.map { try NIOSSLContext(configuration: $0) }
        // Before the handshake, header version 1 and every supported version (PROTOCOL.md 3.3).
        let versions = Array(Set(WireVersion.supported + [WireVersion.handshake])).sorted()
        let decoderLimits = FrameLimits(configuration.limits, acceptedVersions: versions)
        return try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext { try pipeline.addHandler(NIOSSLServerHandler(context: sslContext)) }
                    try pipeline.addHandler(ByteToMessageHandler(FrameDecoder(limits: decoderLimits)))
                    try pipeline.addHandler(MessageToByteHandler(FrameEncoder()))
                    // The deinit-closing wrapper, on purpose: a connection accepted just as the
                    // listener closes can be dropped by NIO before the accept loop sees it (apple/
                    // swift-nio#2813). The newer initializer traps when such a channel is released
                    // unfinished; this one closes it, which is all a dropped connection needs.
                    return try NIOAsyncChannel<Frame, Frame>(synchronouslyWrapping: channel)
                }
            }
    }

    /// Serves an accepted connection, or refuses it when the server is full or shutting down.
    private func accept(_ child: NIOAsyncChannel<Frame, Frame>, into group: inout DiscardingTaskGroup) {
        enum Admission {
            case serve(UInt64)
            case full
            case shuttingDown
        }
        let limit = configuration.maxConnections
        let admission = state.withLock { state -> Admission in
            if state.shuttingDown { return .shuttingDown }
            if state.slots.count >= limit { return .full }
            defer { state.nextConnectionID += 1 }
            state.slots[state.nextConnectionID] = .some(nil)
            return .serve(state.nextConnectionID)
        }
        switch admission {
        case .serve(let id):
            group.addTask { await self.serve(child, id: id) }
        case .full:
            logger.warning(
                "connection refused: connection limit reached",
                metadata: [
                    "remote": "\(child.channel.remoteAddress.map(Connection.describe) ?? "?")", "limit": "\(limit)",
                ]
            )
            // The protocol has no code for a full server; tooManyRequests says what happened and that
            // retrying later may work (see the connection layer's notes).
            group.addTask {
                await Self.refuse(
                    child,
                    .tooManyRequests,
                    "the server already serves its limit of \(limit) connections; retry later"
                )
            }
        case .shuttingDown:
            group.addTask {
                await Self.refuse(child, .shuttingDown, "the server is shutting down and takes no new connections")
            }
        }
    }

    private func serve(_ child: NIOAsyncChannel<Frame, Frame>, id: UInt64) async {
        do {
            try await child.executeThenClose { inbound, outbound in
                let connection = Connection(
                    id: id,
                    channel: child.channel,
                    outbound: outbound,
                    configuration: configuration,
                    responder: responder,
                    logger: logger
                )
                let draining = state.withLock { state in
                    state.slots[id] = connection
                    return state.shuttingDown
                }
                if draining { connection.beginDrain() }
                await connection.run(inbound: inbound)
            }
        } catch {
            logger.debug("connection ended with an error", metadata: ["connection": "\(id)", "error": "\(error)"])
        }
        state.withLock { _ = $0.slots.removeValue(forKey: id) }
    }

    /// Answers a connection the server will not serve with a connection-level error, then closes it.
    private static func refuse(_ child: NIOAsyncChannel<Frame, Frame>, _ code: ErrorCode, _ message: String) async {
        try? await child.executeThenClose { _, _ in
            let channel = child.channel
            if let frame = OutboundEncoder().errorFrame(code, message, requestID: 0) {
                channel.writeAndFlush(frame, promise: nil)
            }
            channel.closeFlushingWrites()
            try? await channel.closeFuture.get()
        }
    }

    // MARK: - Stopping

    /// After accepting stopped: on a graceful shutdown, waits for the connections to drain within the
    /// grace period, then stops the requests still in flight, then closes what is left. On
    /// cancellation, returns at once; the task group's cancellation stops the connections.
    private func drain() async {
        guard state.withLock({ $0.shuttingDown }), !Task.isCancelled else { return }
        if await connectionsClosed(within: configuration.shutdownGracePeriod) { return }
        let remaining = state.withLock { $0.slots.values.compactMap { $0 } }
        logger.info(
            "shutdown grace period over; stopping requests in flight",
            metadata: ["connections": "\(remaining.count)"]
        )
        for connection in remaining { connection.stopAll(reason: .shutdown) }
        if await connectionsClosed(within: .seconds(3)) { return }
        let stuck = state.withLock { $0.slots.values.compactMap { $0 } }
        logger.warning("closing connections that did not drain", metadata: ["connections": "\(stuck.count)"])
        for connection in stuck { connection.forceClose() }
    }

    /// Whether every connection closed within `duration`.
    private func connectionsClosed(within duration: Duration) async -> Bool {
        let deadline = clock.now + duration
        while !Task.isCancelled {
            if state.withLock({ $0.slots.isEmpty }) { return true }
            if clock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// Marks the server stopped and fails whoever still waits for it to listen.
    private func stopped() {
        let waiters = state.withLock { state in
            state.stopped = true
            state.listener = nil
            defer { state.addressWaiters = [:] }
            return Array(state.addressWaiters.values)
        }
        for waiter in waiters { waiter.resume(throwing: ServerError.notListening) }
    }
}

/// The server's mutable state, guarded by its mutex.
struct ServerState {
    var started = false
    var stopped = false
    var shuttingDown = false
    /// The listening channel while accepting.
    var listener: (any Channel)?
    /// The address bound, once listening.
    var address: SocketAddress?
    var addressWaiters: [UInt64: CheckedContinuation<SocketAddress, any Error>] = [:]
    var nextWaiterID: UInt64 = 0
    /// Connections being served by id; `nil` while a connection is admitted but not yet set up.
    var slots: [UInt64: Connection?] = [:]
    var nextConnectionID: UInt64 = 1
}
