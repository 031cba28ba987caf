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
///
/// Frames are handed to the channel's event loop while the mutex is held (see ``schedule(_:)``), so
/// they reach the wire in the order the state decided them: request ids in increasing order, and a
/// `cancel` after the request it cancels. Handing a frame on never suspends, so that whether a frame
/// was sent does not depend on the sending task being cancelled; the slots bound how much can queue.
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
        state.withLock { _ in write([hello]) }
        let error = ClientError.connectTimedOut(address, after: configuration.connectTimeout)
        // Acts only while the handshake still runs: a welcome that arrived just before the timer fired
        // (and before it was cancelled) wins.
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            self.update { $0.handshakeTimedOut(error) }
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
                let (reception, deferred) = state.withLock { state in
                    let reception = state.receive(frame, message)
                    return (reception, schedule(reception.effects))
                }
                perform(deferred)
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
        case let foreign as ForeignProtocol:
            return .cannotConnect(address, reason: foreign.reason)
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
        let enqueued = state.withLock { state -> Result<(UInt64, Deferred), ClientError> in
            let serial = state.makeSerial()
            let queued = QueuedRequest(
                serial: serial,
                operation: operation,
                frame: frame,
                awaiting: .answer(completion, expected: expected)
            )
            return state.enqueue(queued).map { (serial, schedule($0)) }
        }
        let (serial, deferred) = try enqueued.get()
        perform(deferred)

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
        update { $0.abandonCall(serial, with: error) }
    }

    /// Sends a ping and waits for its pong.
    /// - Returns: the round trip.
    func ping() async throws -> Duration {
        try Task.checkCancellation()
        let nonce = UInt64.random(in: .min ... .max)
        let completion = Completion<Void>()
        let clock = ContinuousClock()
        let start = clock.now
        let serial = try state.withLock { state in
            try state.startPing(nonce: nonce, completion: completion).map { serial, frame in
                write([frame])
                return serial
            }.get()
        }
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
        update { $0.abandonPing(nonce: nonce, serial: serial, with: error) }
    }

    // MARK: - Streams

    /// Sends an export request (when a slot is free) and returns the serial its batches are kept under.
    func openStream(_ request: ExportRequest) throws -> UInt64 {
        try Task.checkCancellation()
        let frame = try encode(.export(request))
        let enqueued = state.withLock { state -> Result<(UInt64, Deferred), ClientError> in
            let serial = state.makeSerial()
            let queued = QueuedRequest(serial: serial, operation: "export", frame: frame, awaiting: .stream)
            return state.enqueue(queued).map { (serial, schedule($0)) }
        }
        let (serial, deferred) = try enqueued.get()
        perform(deferred)
        return serial
    }

    /// The next batch of stream `serial`, or `nil` after the last. Waits at most the request timeout
    /// for a batch to arrive.
    /// - Throws: ``ClientError``, or `CancellationError` when the calling task is cancelled (the server
    ///   is then sent `cancel`).
    func nextBatch(_ serial: UInt64) async throws -> ExportBatch? {
        while true {
            let (step, deferred) = state.withLock { state in
                let (step, effects) = state.takeBatch(serial)
                return (step, schedule(effects))
            }
            perform(deferred)
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
                    self.update { $0.streamTimedOut(serial, waiting: completion, error: error) }
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
        update { $0.dropStream(serial, reason: reason) }
    }

    // MARK: - Closing

    /// Ends the connection; everything waiting fails with `error`. Later calls do nothing.
    func close(_ error: ClientError) {
        update { $0.close(error) }
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

    /// Changes the state with `body` and performs the effects it returns.
    private func update(_ body: (inout ConnectionState) -> [Effect]) {
        perform(state.withLock { schedule(body(&$0)) })
    }

    /// Hands the channel work among `effects` (frames to write, closing) to the event loop, in order,
    /// and returns the rest, to be performed once the lock is released.
    ///
    /// Call it with the lock held, in the same critical section that decided the effects: the event
    /// loop runs what it is handed in the order it was handed, so frames reach the wire in the order
    /// the state decided them, whichever threads decided them. `EventLoop.execute` never runs its task
    /// synchronously, so nothing calls back into the connection while the lock is held.
    private func schedule(_ effects: [Effect]) -> Deferred {
        var frames: [Frame] = []
        var rest: [Effect] = []
        var closes = false
        for effect in effects {
            switch effect {
            case .send(let frame): frames.append(frame)
            case .closeChannel: closes = true
            case .answer, .wake, .welcome, .retry: rest.append(effect)
            }
        }
        write(frames)
        if closes {
            let channel = self.channel
            channel.eventLoop.execute { channel.close(promise: nil) }
        }
        return Deferred(effects: rest)
    }

    /// Hands `frames` to the event loop, to be written in this order and flushed. Call it with the lock
    /// held (see ``schedule(_:)``).
    ///
    /// A failed write means the channel is closing; the frame reader then reports why (an error or the
    /// end of input), which says more than the failed write, so only the channel is closed here.
    private func write(_ frames: [Frame]) {
        guard !frames.isEmpty else { return }
        let channel = self.channel
        channel.eventLoop.execute {
            for frame in frames {
                channel.write(frame).whenFailure { _ in channel.close(promise: nil) }
            }
            channel.flush()
        }
    }

    /// Completes waiters and schedules retries; the channel work was handed on by ``schedule(_:)``.
    private func perform(_ deferred: Deferred) {
        for effect in deferred.effects {
            switch effect {
            case .answer(let completion, let result): completion.complete(result)
            case .wake(let completion, let result): completion.complete(result)
            case .welcome(let completion, let result): completion.complete(result)
            case .retry(let serial):
                channel.eventLoop.scheduleTask(in: .milliseconds(20)) {
                    self.update { $0.unpark(serial) }
                }
            case .send, .closeChannel:
                // Never here: schedule(_:) keeps them.
                break
            }
        }
    }
}

/// The effects left once ``Connection/schedule(_:)`` has handed the channel work to the event loop:
/// only that function makes one, so that no frame is written outside the lock.
private struct Deferred {
    fileprivate let effects: [Effect]
}
