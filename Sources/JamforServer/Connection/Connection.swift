import JamforWire
import Logging
import NIOCore
import Synchronization

/// One client connection, from accept to close: the handshake, then the frames of the client, each
/// request in a task of its own, keep-alive, cancellation, limits and timeouts (PROTOCOL.md
/// sections 2, 3, 4, 7, 8 and 9).
///
/// Task structure (all inside the connection's task group, so nothing outlives the connection):
/// - the group's body reads the client's frames in order and answers the connection-level ones
///   (`ping` → `pong`, `cancel`) itself, so pongs leave in the order the pings came;
/// - one child per request; it runs the responder in a task of its own so that a `cancel` can stop
///   that request alone, and sends the error that ends the request when the responder does not end
///   it with a final frame;
/// - one child watches the handshake and idle timeouts.
///
/// Everything the server sends for requests goes through the channel's `NIOAsyncChannelOutboundWriter`,
/// whose `write` suspends while the channel is not writable: a client that stops reading stops the
/// responders that stream to it, instead of making the server buffer their answers.
final class Connection: Sendable {
    let id: UInt64
    /// The client's IP address (no port), as the responder's authentication sees it.
    let remoteAddress: String?
    let configuration: ServerConfiguration
    let responder: any Responder
    let logger: Logger
    let channel: any Channel
    private let outbound: NIOAsyncChannelOutboundWriter<Frame>
    private let state: Mutex<ConnectionState>
    private let clock = ContinuousClock()

    init(
        id: UInt64,
        channel: any Channel,
        outbound: NIOAsyncChannelOutboundWriter<Frame>,
        configuration: ServerConfiguration,
        responder: any Responder,
        logger: Logger
    ) {
        self.id = id
        self.channel = channel
        self.outbound = outbound
        self.configuration = configuration
        self.responder = responder
        let address = channel.remoteAddress
        self.remoteAddress = address?.ipAddress
        var logger = logger
        logger[metadataKey: "connection"] = "\(id)"
        if let address { logger[metadataKey: "remote"] = "\(Self.describe(address))" }
        self.logger = logger
        self.state = Mutex(ConnectionState(now: clock.now))
    }

    /// How the frame loop ended.
    enum End {
        /// The client closed the connection (or the server did, for a reason already logged).
        case closed
        /// The connection ended inside a frame.
        case truncated
        /// A connection error was sent.
        case connectionError(ErrorCode)
        /// The client reported a connection error of its own.
        case peerError(ErrorCode)
        /// The transport failed (TLS, I/O) or the server stopped.
        case transport(any Error)
    }

    // MARK: - Running

    /// Serves the connection until it is closed.
    func run(inbound: NIOAsyncChannelInboundStream<Frame>) async {
        logger.debug("connection accepted")
        await withDiscardingTaskGroup { group in
            group.addTask { await self.watchTimeouts() }
            let end = await readFrames(from: inbound, group: &group)
            close(after: end)
            group.cancelAll()
        }
        // Let the half-close flush what was written (a connection error, the last answers) before the
        // caller closes the channel outright; bounded by the forced close of `closeFlushingWrites`.
        try? await channel.closeFuture.get()
    }

    /// Reads and dispatches the client's frames in order until the connection ends.
    private func readFrames(
        from inbound: NIOAsyncChannelInboundStream<Frame>,
        group: inout DiscardingTaskGroup
    ) async -> End {
        do {
            for try await frame in inbound {
                touch()
                if let end = await handle(frame, group: &group) { return end }
            }
            return .closed
        } catch let error as WireError {
            // FrameDecoder judged a header (before buffering its payload) or the input ended inside a frame.
            if case .truncatedFrame = error { return .truncated }
            return fail(error.code, error.description)
        } catch is CancellationError {
            return .closed
        } catch {
            return .transport(error)
        }
    }

    /// Stops what is still running and closes the channel, once the frame loop has ended.
    private func close(after end: End) {
        let (stoppable, startClose) = state.withLock { state in
            let stoppable = state.beginClosing()
            defer { state.closeStarted = true }
            return (stoppable, !state.closeStarted)
        }
        stoppable.cancel()
        if startClose { channel.closeFlushingWrites() }
        switch end {
        case .closed: logger.debug("connection closed")
        case .truncated: logger.info("connection closed inside a frame")
        case .connectionError(let code):
            logger.debug("connection closed after a connection error", metadata: ["code": "\(code)"])
        case .peerError(let code): logger.info("client reported a connection error", metadata: ["code": "\(code)"])
        case .transport(let error): logger.info("connection failed", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Frames

    /// Handles one frame; returns how the connection ends if it does.
    private func handle(_ frame: Frame, group: inout DiscardingTaskGroup) async -> End? {
        guard let established = state.withLock({ $0.established }) else {
            return await handshake(frame)
        }
        // FrameDecoder accepts the versions a connection may use before its handshake; after it, only
        // the negotiated one (PROTOCOL.md 3.3). In version 1 both are [1]; checked here so that a later
        // version narrows without replacing the decoder.
        if !frame.type.isHandshake, frame.version != established.codec.version {
            return fail(
                .unsupportedVersion,
                WireError.unsupportedVersion(frame.version, supported: [established.codec.version]).description
            )
        }
        if frame.flags.contains(.error) != (frame.type == .error) {
            return fail(.malformedFrame, WireError.errorFlagMismatch(frame.type, flags: frame.flags).description)
        }
        switch frame.type {
        case .hello:
            return fail(.malformedFrame, "a second hello arrived; the handshake of this connection is complete")
        case .welcome:
            return fail(.malformedFrame, "a client must not send welcome")
        case .ping, .pong, .cancel, .error:
            return await handleConnectionLevel(frame, codec: established.codec)
        default:
            if frame.type.isResponse {
                return fail(.malformedFrame, "a client must not send \(frame.type), which is a response type")
            }
            guard frame.requestID != 0 else {
                return fail(.malformedFrame, "a \(frame.type) request must carry a non-zero request id")
            }
            return await admit(frame, established, group: &group)
        }
    }

    /// `ping`, `pong`, `cancel` and a client's `error`: the connection's own frames, request id 0.
    private func handleConnectionLevel(_ frame: Frame, codec: FrameCodec) async -> End? {
        guard frame.requestID == 0 else {
            return fail(.malformedFrame, "a \(frame.type) frame must carry request id 0, not \(frame.requestID)")
        }
        let message: WireMessage
        do {
            message = try codec.message(in: frame)
        } catch {
            let (code, text) = Self.payloadFailure(error)
            return fail(code, text, logsReason: false)
        }
        switch message {
        case .ping(let ping):
            let pong = state.withLock {
                try? $0.encoder.frame(.pong(Pong(nonce: ping.nonce)), requestID: 0, final: true)
            }
            if let pong { try? await write(pong) }
        case .cancel(let cancel):
            stop(cancel.requestID, reason: .cancelledByClient)
        case .error(let error):
            return .peerError(error.code)
        default:
            break  // pong: keep-alive traffic only; the server sends no pings of its own
        }
        return nil
    }

    // MARK: - Handshake

    /// The first frame of the connection: it must be `hello` (PROTOCOL.md 3.1).
    private func handshake(_ frame: Frame) async -> End? {
        guard frame.type == .hello else {
            return fail(.handshakeRequired, "the first frame of a connection must be hello, not \(frame.type)")
        }
        guard frame.requestID == 0 else {
            return fail(.malformedFrame, "hello must carry request id 0, not \(frame.requestID)")
        }
        let hello: Hello
        do {
            let codec = FrameCodec(limits: FrameLimits(configuration.limits), compression: nil)
            guard case .hello(let decoded) = try codec.message(in: frame) else {
                return fail(.malformedFrame, "the first frame of a connection must be hello")
            }
            hello = decoded
        } catch {
            let (code, text) = Self.payloadFailure(error)
            return fail(code, text, logsReason: false)
        }
        // What the server sends from now on respects what the client announced it accepts.
        state.withLock { $0.encoder.adopt(peerLimits: hello.limits) }

        guard let version = hello.supportedVersions.filter(WireVersion.supported.contains).max() else {
            let offered = hello.supportedVersions.map(String.init).joined(separator: ", ")
            let spoken = WireVersion.supported.map(String.init).joined(separator: ", ")
            return fail(
                .unsupportedVersion,
                "none of the offered protocol versions (\(offered)) is supported; this server speaks \(spoken)"
            )
        }

        let responder = self.responder
        let address = remoteAddress
        let authentication = Task { await responder.authenticate(hello, remoteAddress: address) }
        let started = state.withLock { state in
            guard !state.closing else { return false }
            state.authentication = authentication
            return true
        }
        guard started else {
            authentication.cancel()
            return nil
        }
        let result = await withTaskCancellationHandler {
            await authentication.value
        } onCancel: {
            authentication.cancel()
        }
        state.withLock { $0.authentication = nil }

        switch result {
        case .failure(let failure):
            logger.info("handshake refused", metadata: ["code": "\(failure.code)"])
            return fail(failure.code, failure.message)
        case .success(let session):
            return await welcome(hello, session: session, version: version)
        }
    }

    /// Chooses compression and sends `welcome`; from then on the connection takes requests.
    private func welcome(_ hello: Hello, session: Session, version: UInt8) async -> End? {
        let compression: CompressionPolicy? =
            configuration.allowsCompression && hello.compression.contains(CompressionAlgorithm.zlib)
            ? CompressionPolicy(threshold: max(0, configuration.compressionThreshold)) : nil
        let codec = FrameCodec(
            limits: FrameLimits(configuration.limits, acceptedVersions: [version]),
            compression: compression,
            version: version
        )
        let welcome = Welcome(
            version: version,
            serverName: configuration.serverName,
            principal: session.principal,
            limits: configuration.limits,
            compression: compression == nil ? nil : CompressionAlgorithm.zlib,
            compressionThreshold: compression.map { UInt32(clamping: $0.threshold) }
        )
        enum Outcome {
            case send(Frame)
            case closing
            case tooLarge(any Error)
        }
        let outcome = state.withLock { state -> Outcome in
            guard !state.closing else { return .closing }
            state.encoder.version = version
            state.encoder.compression = compression
            do {
                let frame = try state.encoder.frame(.welcome(welcome), requestID: 0, final: true)
                state.established = Established(session: session, codec: codec)
                return .send(frame)
            } catch {
                return .tooLarge(error)
            }
        }
        switch outcome {
        case .closing:
            return nil
        case .tooLarge(let error):
            return fail(.frameTooLarge, "welcome does not fit the limits this client announced: \(error)")
        case .send(let frame):
            do {
                try await write(frame)
            } catch {
                return .transport(error)
            }
            logger.info(
                "handshake complete",
                metadata: [
                    "principal": "\(session.name)",
                    "client": "\(hello.clientName)",
                    "version": "\(version)",
                    "compression": "\(welcome.compression ?? "none")",
                ]
            )
            return nil
        }
    }

    // MARK: - Requests

    /// Starts a request, or refuses it with a request error, or fails the connection for a duplicate id.
    private func admit(_ frame: Frame, _ established: Established, group: inout DiscardingTaskGroup) async -> End? {
        let id = frame.requestID
        let limit = Int(configuration.limits.maxInFlightRequests)
        enum Admission {
            case start(UInt64)
            case duplicate
            case refuse(ErrorCode, String)
            case closing
        }
        let admission = state.withLock { state -> Admission in
            if state.closing { return .closing }
            // An id whose final frame is out may be used again (PROTOCOL.md 2.3).
            if let existing = state.inFlight[id], !existing.finalSent { return .duplicate }
            if state.draining {
                return .refuse(.shuttingDown, "the server is shutting down and takes no new requests; retry later")
            }
            // A request whose final frame is out has ended for the client, which may send the next
            // one at once; its entry only lingers until its task has cleaned up.
            if state.inFlight.values.count(where: { !$0.finalSent }) >= limit {
                return .refuse(
                    .tooManyRequests,
                    "\(limit) requests are already in flight on this connection; wait for one to end"
                )
            }
            state.nextGeneration += 1
            state.inFlight[id] = RequestEntry(type: frame.type, generation: state.nextGeneration)
            return .start(state.nextGeneration)
        }
        switch admission {
        case .closing:
            return nil
        case .duplicate:
            return fail(.malformedFrame, "request id \(id) is already in flight on this connection")
        case .refuse(let code, let message):
            logger.debug(
                "request refused",
                metadata: ["request": "\(id)", "type": "\(frame.type)", "code": "\(code)"]
            )
            let error = state.withLock { $0.encoder.errorFrame(code, message, requestID: id) }
            if let error { try? await write(error) }
            return nil
        case .start(let generation):
            group.addTask { await self.serve(frame, established, generation: generation) }
            return nil
        }
    }

    /// Runs one request to its end: the responder in a task of its own (so that it alone can be
    /// cancelled), then the error that ends the request if the responder did not end it.
    private func serve(_ frame: Frame, _ established: Established, generation: UInt64) async {
        let id = frame.requestID
        var logger = self.logger
        logger[metadataKey: "request"] = "\(id)"
        logger[metadataKey: "type"] = "\(frame.type)"
        logger.debug("request started")

        let sink = RequestSink(connection: self, requestID: id, generation: generation)
        let responder = self.responder
        let work = Task {
            let request = try established.codec.message(in: frame)
            try await responder.respond(to: request, session: established.session, sink: sink)
        }
        let stopAtOnce = state.withLock { state in
            guard state.entry(id, generation) != nil else { return true }
            state.inFlight[id]?.task = work
            return state.closing || state.inFlight[id]?.stopReason != nil
        }
        if stopAtOnce { work.cancel() }
        let result = await withTaskCancellationHandler {
            await work.result
        } onCancel: {
            work.cancel()
        }

        let failure = Self.requestFailure(result, logger: logger)
        enum Ending {
            case answered
            case silent
            case error(ErrorCode, String)
        }
        let ending = state.withLock { state -> Ending in
            guard let entry = state.entry(id, generation), !state.closing else { return .silent }
            if entry.finalSent { return .answered }
            state.inFlight[id]?.finalSent = true
            switch entry.stopReason {
            case .cancelledByClient:
                return .error(.cancelled, "request \(id) was cancelled")
            case .shutdown:
                return .error(.shuttingDown, "the server is shutting down; request \(id) was stopped before it ended")
            case nil:
                return failure.map { .error($0.code, $0.message) } ?? .answered
            }
        }
        if case .error(let code, let message) = ending {
            if case .success = result {
                logger.error("responder returned without sending a final frame")
            }
            logger.debug("request ended with an error", metadata: ["code": "\(code)"])
            let frame = state.withLock { $0.encoder.errorFrame(code, message, requestID: id) }
            if let frame { try? await write(frame) }
        } else {
            logger.debug("request ended")
        }
        let closeNow = state.withLock { state -> Bool in
            if state.entry(id, generation) != nil { state.inFlight[id] = nil }
            return state.draining && !state.closing && state.inFlight.isEmpty
        }
        if closeNow { closeDrained() }
    }

    /// The error that ends a request whose responder finished with `result`, or `nil` if the
    /// responder ended it itself (it returned after a final frame).
    private static func requestFailure(_ result: Result<Void, any Error>, logger: Logger) -> RequestFailure? {
        switch result {
        case .success:
            // Whether a final frame was sent is checked by the caller; if not, this is the answer.
            return RequestFailure(.internalError, "the server ended the request without an answer")
        case .failure(let failure as RequestFailure):
            return failure
        case .failure(let error as WireError):
            // The request's payload could not be inflated or decoded. The description names the problem
            // for the client; it is not logged, as it may quote the payload.
            return RequestFailure(error.code, error.description)
        case .failure(is CancellationError):
            return RequestFailure(.cancelled, "the request was cancelled")
        case .failure(let error):
            logger.error("responder failed", metadata: ["error": "\(error)"])
            return RequestFailure(.internalError, "the server failed to answer this request")
        }
    }

    /// Sends one response frame for a request: the ``ResponseSink`` behind ``RequestSink``.
    func sendResponse(_ message: WireMessage, final: Bool, requestID: UInt32, generation: UInt64) async throws {
        try Task.checkCancellation()
        let type = message.type
        guard type.isResponse, type != .welcome, type != .pong, type != .error else {
            throw ResponseSinkError.notAResponse(type)
        }
        let encoder = try state.withLock { state in
            try state.checkSendable(requestID, generation)
            return state.encoder
        }
        let frame: Frame
        do {
            frame = try encoder.frame(message, requestID: requestID, final: final)
        } catch WireError.payloadTooLarge(let length, let limit) {
            throw RequestFailure(
                .frameTooLarge,
                "the \(type) answer takes \(length) bytes, more than the \(limit) this client accepts in a frame; ask for smaller batches"
            )
        }
        try state.withLock { state in
            try state.checkSendable(requestID, generation)
            if final { state.inFlight[requestID]?.finalSent = true }
        }
        try await write(frame)
    }

    // MARK: - Stopping, draining, closing

    /// Stops a request in flight; it then ends with the error `reason` calls for. A request that has
    /// ended, or sent its final frame, or was never seen is left alone (PROTOCOL.md 9.2).
    func stop(_ requestID: UInt32, reason: StopReason) {
        let task = state.withLock { state -> Task<Void, any Error>? in
            guard var entry = state.inFlight[requestID], !entry.finalSent, entry.stopReason == nil else { return nil }
            entry.stopReason = reason
            state.inFlight[requestID] = entry
            return entry.task
        }
        task?.cancel()
    }

    /// Stops every request in flight (the shutdown grace period has run out).
    func stopAll(reason: StopReason) {
        let ids = state.withLock { Array($0.inFlight.keys) }
        for id in ids { stop(id, reason: reason) }
    }

    /// The server is shutting down: refuse new requests, and close once the requests in flight end.
    func beginDrain() {
        let closeNow = state.withLock { state -> Bool in
            guard !state.draining, !state.closing else { return false }
            state.draining = true
            return state.established == nil || state.inFlight.isEmpty
        }
        if closeNow { closeDrained() }
    }

    /// Closes a drained connection, telling the client why.
    private func closeDrained() {
        logger.debug("closing drained connection")
        failConnection(.shuttingDown, "the server is shutting down; reconnect later")
    }

    /// Closes the channel at once (the server is stopping and the connection did not drain in time).
    func forceClose() {
        channel.close(promise: nil)
    }

    /// Sends a connection error, stops everything in flight and closes the connection
    /// (PROTOCOL.md 7.2). Nothing is sent after it.
    /// - Parameter logsReason: whether `message` may be logged; not for payload errors, whose text may
    ///   quote the payload (a hello's credentials).
    private func fail(_ code: ErrorCode, _ message: String, logsReason: Bool = true) -> End {
        failConnection(code, message, logsReason: logsReason)
        return .connectionError(code)
    }

    private func failConnection(_ code: ErrorCode, _ message: String, logsReason: Bool = true) {
        let (frame, stoppable, startClose) = state.withLock { state -> (Frame?, Stoppable, Bool) in
            guard !state.closing else { return (nil, Stoppable(), false) }
            let stoppable = state.beginClosing()
            let frame = state.encoder.errorFrame(code, message, requestID: 0)
            defer { state.closeStarted = true }
            return (frame, stoppable, !state.closeStarted)
        }
        stoppable.cancel()
        guard startClose else { return }
        var metadata: Logger.Metadata = ["code": "\(code)"]
        if logsReason { metadata["reason"] = "\(message)" }
        logger.info("connection error", metadata: metadata)
        // Written past the outbound writer, which may hold frames of requests that are being stopped;
        // the half-close that follows waits for it to be flushed.
        if let frame { channel.writeAndFlush(frame, promise: nil) }
        channel.closeFlushingWrites()
    }

    // MARK: - Timeouts

    /// Closes the connection when its handshake takes longer than `handshakeTimeout`, or when it has
    /// been idle for `idleTimeout`.
    private func watchTimeouts() async {
        enum Timer {
            case handshake
            case idle
        }
        while !Task.isCancelled {
            let next = state.withLock { state -> (deadline: ContinuousClock.Instant, timer: Timer)? in
                if state.closing { return nil }
                if state.established == nil { return (state.openedAt + configuration.handshakeTimeout, .handshake) }
                return (state.lastActivity + configuration.idleTimeout, .idle)
            }
            guard let next else { return }
            let now = clock.now
            if now >= next.deadline {
                switch next.timer {
                case .handshake:
                    failConnection(
                        .handshakeRequired,
                        "no hello arrived within \(configuration.handshakeTimeout) of connecting"
                    )
                case .idle:
                    logger.info("closing idle connection")
                    closeQuietly()
                }
                return
            }
            // During the handshake, wake up in time for an idle deadline that may start when it completes.
            let wake = next.timer == .handshake ? min(next.deadline, now + configuration.idleTimeout) : next.deadline
            try? await Task.sleep(until: wake, clock: clock)
        }
    }

    /// Closes without an error frame (idle timeout): there is no error code for it, and the protocol
    /// allows a peer to close at any time.
    private func closeQuietly() {
        let (stoppable, startClose) = state.withLock { state in
            let stoppable = state.beginClosing()
            defer { state.closeStarted = true }
            return (stoppable, !state.closeStarted)
        }
        stoppable.cancel()
        if startClose { channel.closeFlushingWrites() }
    }

    // MARK: - Helpers

    /// Writes a frame through the outbound writer: suspends while the channel is not writable.
    private func write(_ frame: Frame) async throws {
        try await outbound.write(frame)
        touch()
    }

    /// Records traffic for the idle timeout.
    private func touch() {
        let now = clock.now
        state.withLock { $0.lastActivity = now }
    }

    /// The code and message for a payload that could not be inflated or decoded.
    private static func payloadFailure(_ error: any Error) -> (ErrorCode, String) {
        if let error = error as? WireError { return (error.code, error.description) }
        return (.invalidPayload, "the payload is not a valid message: \(error)")
    }

    /// `127.0.0.1:54321`, `[::1]:54321`.
    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress else { return "\(address)" }
        let host = address.protocol == .inet6 ? "[\(ip)]" : ip
        return address.port.map { "\(host):\($0)" } ?? host
    }
}

/// Why a response could not be sent through a ``RequestSink``.
enum ResponseSinkError: Error, CustomStringConvertible {
    /// The message is not a response type; a responder ends a request with an error by throwing a
    /// ``RequestFailure``.
    case notAResponse(MessageType)
    /// The request's final frame was already sent.
    case requestEnded(UInt32)

    var description: String {
        switch self {
        case .notAResponse(let type): "\(type) is not a response; throw a RequestFailure to end a request with an error"
        case .requestEnded(let id): "request \(id) has already sent its final frame"
        }
    }
}

extension ConnectionState {
    /// Throws unless a frame may still be sent for `requestID`.
    func checkSendable(_ requestID: UInt32, _ generation: UInt64) throws {
        guard !closing, let entry = entry(requestID, generation) else { throw CancellationError() }
        guard entry.stopReason == nil else { throw CancellationError() }
        guard !entry.finalSent else { throw ResponseSinkError.requestEnded(requestID) }
    }
}

/// The ``ResponseSink`` a responder answers one request through.
struct RequestSink: ResponseSink {
    let connection: Connection
    let requestID: UInt32
    let generation: UInt64

    func send(_ message: WireMessage, final: Bool) async throws {
        try await connection.sendResponse(message, final: final, requestID: requestID, generation: generation)
    }
}
