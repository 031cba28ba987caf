import JamforWire
import NIOCore
import NIOSSL
import Synchronization

/// One connection's protocol machinery: the handshake, request ids and slots, routing the server's
/// frames to the calls waiting for them, timeouts and cancellation.
///
/// One task, ``readFrames(from:)``, reads the channel; calls from any number of tasks register in the
/// state (under a mutex) before their frame is written, and wait on a ``Completion`` that the reader,
/// a timer, a cancellation handler or the closing connection completes, whichever comes first.
/// Frames are written with `Channel.writeAndFlush`, which never suspends, so that whether a frame was
/// sent does not depend on the sending task being cancelled; the slots bound how much can queue.
final class Connection: Sendable {
    let configuration: ClientConfiguration
    let channel: any Channel
    private let state: Mutex<ConnectionState>
    private let handshakeCompletion: Completion<Welcome>

    init(configuration: ClientConfiguration, channel: any Channel) {
        self.configuration = configuration
        self.channel = channel
        let handshake = Completion<Welcome>()
        self.handshakeCompletion = handshake
        self.state = Mutex(
            ConnectionState(
                address: configuration.address,
                offersCompression: configuration.compression,
                handshake: handshake
            )
        )
    }

    private var address: ServerAddress { configuration.address }

    // MARK: - Handshake

    /// Sends `hello` and waits for `welcome`, for at most `timeout`.
    /// - Throws: ``ClientError`` (`credentialsRefused`, `handshakeFailed`, `cannotConnect`, `timedOut`,
    ///   `protocolViolation`), or `CancellationError`.
    func handshake(within timeout: Duration) async throws -> Welcome {
        let codec = state.withLock { $0.codec }
        let hello: Frame
        do {
            hello = try codec.frame(.hello(configuration.hello), requestID: 0)
        } catch {
            throw ClientError.cannotConnect(address, reason: "the hello message could not be encoded (\(error))")
        }
        send(hello)
        let connectTimeout = configuration.connectTimeout
        let operation = "connecting to \(address)"
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            self.close(.timedOut(operation: operation, after: connectTimeout))
        }
        defer { timer.cancel() }
        let completion = handshakeCompletion
        return try await withTaskCancellationHandler {
            try await completion.value()
        } onCancel: {
            completion.complete(.failure(CancellationError()))
            self.close(.connectionClosed("the client stopped connecting"))
        }
    }

    // MARK: - Reading

    /// Reads the server's frames and routes them until the connection ends, then fails whatever still
    /// waits. While an export's consumer holds ``ConnectionState/batchesHeldPerExport`` batches, it
    /// stops reading, so that the channel stops reading from the socket and TCP slows the server.
    func readFrames(from inbound: NIOAsyncChannelInboundStream<Frame>) async {
        var codec = state.withLock { $0.codec }
        do {
            for try await frame in inbound {
                let message: WireMessage
                do {
                    message = try codec.message(in: frame)
                } catch {
                    close(
                        .protocolViolation(
                            "a \(frame.type) frame for request \(frame.requestID) could not be read: \(error)"
                        )
                    )
                    return
                }
                let reception = state.withLock { $0.receive(frame, message) }
                perform(reception.effects)
                if let next = reception.codec { codec = next }
                if let wait = reception.wait {
                    await withTaskCancellationHandler {
                        _ = try? await wait.value()
                    } onCancel: {
                        wait.complete(.success(()))
                    }
                }
                if state.withLock({ $0.closedError != nil }) { return }
            }
            close(endOfInput())
        } catch {
            close(failure(error))
        }
    }

    private var isHandshaking: Bool {
        state.withLock { state in
            if case .handshaking = state.phase { return true }
            return false
        }
    }

    /// The error for the server closing the connection.
    private func endOfInput() -> ClientError {
        guard isHandshaking else { return .connectionClosed("the server closed the connection") }
        let hint =
            configuration.tls == nil
            ? "; if the server speaks TLS, connect with TLS (--tls or JAMFOR_TLS=1)" : ""
        return .cannotConnect(address, reason: "the server closed the connection during the handshake\(hint)")
    }

    /// The error for reading failing with `error`.
    private func failure(_ error: any Error) -> ClientError {
        let handshaking = isHandshaking
        switch error {
        case WireError.truncatedFrame:
            return handshaking ? endOfInput() : .connectionClosed("the server closed the connection inside a frame")
        case let error as WireError:
            return .protocolViolation("the server sent a frame this client cannot accept: \(error)")
        case NIOSSLError.uncleanShutdown where !handshaking:
            return .connectionClosed("the server closed the connection")
        case is CancellationError:
            return .connectionClosed("the client closed the connection")
        default:
            if handshaking { return .cannotConnect(address, reason: Connector.reason(error)) }
            return .connectionClosed("reading from the server failed: \(Connector.reason(error))")
        }
    }

    // MARK: - Calls

    /// Sends `request` and waits for its single answer, for at most the request timeout (slot wait
    /// included).
    /// - Returns: the answer, whose type is the request's response type.
    /// - Throws: ``ClientError``, or `CancellationError` when the calling task is cancelled (the
    ///   server is then sent `cancel`).
    func call(_ request: WireMessage, operation: String) async throws -> WireMessage {
        try Task.checkCancellation()
        let frame = try encode(request)
        let completion = Completion<WireMessage>()
        let expected = MessageType(rawValue: request.type.rawValue + 1)
        let enqueued = state.withLock { state -> Result<(UInt64, [Effect]), ClientError> in
            let serial = state.makeSerial()
            let queued = QueuedRequest(
                serial: serial,
                operation: operation,
                frame: frame,
                awaiting: .answer(completion, expected: expected)
            )
            return state.enqueue(queued).map { (serial, $0) }
        }
        let (serial, effects) = try enqueued.get()
        perform(effects)

        let timeout = configuration.requestTimeout
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            self.abandonCall(serial, with: ClientError.timedOut(operation: operation, after: timeout))
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await completion.value()
        } onCancel: {
            self.abandonCall(serial, with: CancellationError())
        }
    }

    private func abandonCall(_ serial: UInt64, with error: any Error) {
        perform(state.withLock { $0.abandonCall(serial, with: error) })
    }

    /// Sends a ping and waits for its pong.
    /// - Returns: the round trip.
    func ping() async throws -> Duration {
        try Task.checkCancellation()
        let nonce = UInt64.random(in: .min ... .max)
        let completion = Completion<Void>()
        let (serial, frame) = try state.withLock { $0.startPing(nonce: nonce, completion: completion) }.get()
        let clock = ContinuousClock()
        let start = clock.now
        send(frame)
        let timeout = configuration.requestTimeout
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            self.abandonPing(nonce, serial, with: ClientError.timedOut(operation: "ping", after: timeout))
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await completion.value()
        } onCancel: {
            self.abandonPing(nonce, serial, with: CancellationError())
        }
        return clock.now - start
    }

    private func abandonPing(_ nonce: UInt64, _ serial: UInt64, with error: any Error) {
        perform(state.withLock { $0.abandonPing(nonce: nonce, serial: serial, with: error) })
    }

    // MARK: - Streams

    /// Sends an export request (when a slot is free) and returns the serial its batches are kept under.
    func openStream(_ request: ExportRequest) throws -> UInt64 {
        try Task.checkCancellation()
        let frame = try encode(.export(request))
        let enqueued = state.withLock { state -> Result<(UInt64, [Effect]), ClientError> in
            let serial = state.makeSerial()
            let queued = QueuedRequest(serial: serial, operation: "export", frame: frame, awaiting: .stream)
            return state.enqueue(queued).map { (serial, $0) }
        }
        let (serial, effects) = try enqueued.get()
        perform(effects)
        return serial
    }

    /// The next batch of stream `serial`, or `nil` after the last. Waits at most the request timeout
    /// for a batch to arrive.
    /// - Throws: ``ClientError``, or `CancellationError` when the calling task is cancelled (the server
    ///   is then sent `cancel`).
    func nextBatch(_ serial: UInt64) async throws -> ExportBatch? {
        while true {
            let (step, effects) = state.withLock { $0.takeBatch(serial) }
            perform(effects)
            switch step {
            case .batch(let batch):
                return batch
            case .end(let end):
                try end.get()
                return nil
            case .wait(let completion):
                let timeout = configuration.requestTimeout
                let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                    let error = ClientError.timedOut(operation: "export", after: timeout)
                    self.perform(self.state.withLock { $0.streamTimedOut(serial, waiting: completion, error: error) })
                }
                defer { timer.cancel() }
                try await withTaskCancellationHandler {
                    try await completion.value()
                } onCancel: {
                    self.dropStream(serial, reason: CancellationError())
                }
            }
        }
    }

    /// Gives up on stream `serial` (see ``ConnectionState/dropStream(_:reason:)``).
    func dropStream(_ serial: UInt64, reason: (any Error)?) {
        perform(state.withLock { $0.dropStream(serial, reason: reason) })
    }

    // MARK: - Closing

    /// Ends the connection; everything waiting fails with `error`. Later calls do nothing.
    func close(_ error: ClientError) {
        perform(state.withLock { $0.close(error) })
    }

    // MARK: - Helpers

    /// The request's frame, with request id 0 until it gets a slot.
    private func encode(_ request: WireMessage) throws(ClientError) -> Frame {
        let codec = state.withLock { $0.codec }
        do {
            return try codec.frame(request, requestID: 0)
        } catch WireError.payloadTooLarge(let length, let limit) {
            throw .invalidArgument(
                message:
                    "the \(request.type) request takes \(length) bytes, more than the \(limit) bytes the server accepts in a frame; send less at once (split a submission into several)"
            )
        } catch {
            throw .invalidArgument(message: "the \(request.type) request could not be encoded: \(error)")
        }
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .answer(let completion, let result): completion.complete(result)
            case .wake(let completion, let result): completion.complete(result)
            case .welcome(let completion, let result): completion.complete(result)
            case .send(let frame): send(frame)
            case .retry(let serial):
                channel.eventLoop.scheduleTask(in: .milliseconds(20)) {
                    self.perform(self.state.withLock { $0.unpark(serial) })
                }
            case .closeChannel: channel.close(promise: nil)
            }
        }
    }

    /// Writes a frame. A failed write means the channel is closing; the frame reader then reports
    /// why (an error or the end of input), which says more than the failed write, so only the channel
    /// is closed here.
    private func send(_ frame: Frame) {
        let channel = self.channel
        channel.writeAndFlush(frame).whenFailure { _ in
            channel.close(promise: nil)
        }
    }
}
