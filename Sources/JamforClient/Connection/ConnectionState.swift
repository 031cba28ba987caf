import JamforWire

/// What a request waits for once it is on the wire.
enum Awaiting {
    /// A single answer frame of type `expected` (or an `error`), handed to the completion.
    case answer(Completion<WireMessage>, expected: MessageType)
    /// `export-batch` frames, kept in the connection's stream of the request's serial.
    case stream
}

/// A request the server has (or is about to have): its id stays reserved, and its slot taken, until
/// the server's final frame for it arrives (PROTOCOL.md 9.2).
struct InFlightRequest {
    /// The call this request belongs to; unique for the connection's life, unlike request ids.
    let serial: UInt64
    /// The request's type name, for messages.
    let operation: String
    /// The frame as sent, to send again should the server refuse it with `tooManyRequests`.
    let frame: Frame
    /// `nil` once the client gave up on it (cancelled, timed out, stream dropped): later frames for it
    /// are discarded, and its final frame frees the id and the slot.
    var awaiting: Awaiting?
}

/// A request waiting for one of the server's in-flight slots; it is encoded already and gets its id
/// when a slot frees up.
struct QueuedRequest {
    let serial: UInt64
    let operation: String
    /// The frame to send, whose request id is set when it leaves the queue.
    var frame: Frame
    let awaiting: Awaiting
}

/// The batches of one export that its consumer has not taken yet.
struct StreamState {
    /// Received, not yet taken; at most ``ConnectionState/batchesHeldPerExport`` while the stream runs.
    var buffer: [ExportBatch] = []
    /// The sequence number the next batch must carry (PROTOCOL.md 9.1).
    var nextSequence: UInt32 = 0
    /// Set when the stream has ended: after its final batch, an error, or when the client gave up.
    /// The consumer gets it once the buffer is empty.
    var end: Result<Void, any Error>?
    /// The consumer, when it waits for a batch.
    var consumer: Completion<Void>?
}

/// Something the connection does for a change of state. Writing and closing are handed to the
/// channel's event loop before the lock is released, so that frames go out in the order they were
/// decided; resuming waiters and retries happen after it is released (a resumed task may call back
/// into the connection at once).
enum Effect {
    case answer(Completion<WireMessage>, Result<WireMessage, any Error>)
    case wake(Completion<Void>, Result<Void, any Error>)
    case welcome(Completion<Welcome>, Result<Welcome, any Error>)
    case send(Frame)
    /// Put the parked request of this serial back in the queue after a short pause.
    case retry(UInt64)
    case closeChannel
}

/// Everything mutable about a connection, guarded by ``Connection``'s mutex. Its methods only change
/// state and return the ``Effect``s to perform.
struct ConnectionState {
    /// How many batches one export may hold for a slow consumer before the frame reader stops reading
    /// (and, through TCP, the server stops sending).
    static let batchesHeldPerExport = 4

    enum Phase {
        case handshaking(Completion<Welcome>)
        case open
        case closed(ClientError)
    }

    let address: ServerAddress
    /// Whether `hello` offered zlib.
    let offersCompression: Bool
    var phase: Phase
    /// Encodes what the client sends and decodes what it receives: compression, version and the
    /// server's frame limit are set from the `welcome`.
    var codec: FrameCodec
    /// The id the next request gets unless it is still in flight; not private so that tests can start
    /// near the wrap-around.
    var nextRequestID: UInt32 = 1
    private var nextSerial: UInt64 = 1
    /// Slots not taken by a request in flight; the server's `maxInFlightRequests` at the start.
    private var freeSlots = 0
    private(set) var inFlight: [UInt32: InFlightRequest] = [:]
    private var queue: [QueuedRequest] = []
    /// Requests the server refused with `tooManyRequests`, waiting to go back into the queue.
    private var parked: [UInt64: QueuedRequest] = [:]
    /// Pings waiting for their pong, by nonce.
    private var pings: [UInt64: (serial: UInt64, completion: Completion<Void>)] = [:]
    /// Export streams, by the serial of their call.
    private var streams: [UInt64: StreamState] = [:]
    /// The frame reader, when it waits for the consumer of the export `serial` to take a batch.
    private var readerWait: (serial: UInt64, completion: Completion<Void>)?

    init(address: ServerAddress, offersCompression: Bool, handshake: Completion<Welcome>) {
        self.address = address
        self.offersCompression = offersCompression
        self.phase = .handshaking(handshake)
        self.codec = FrameCodec(limits: FrameLimits(ClientConfiguration.receiveLimits), compression: nil)
    }

    var closedError: ClientError? {
        if case .closed(let error) = phase { return error }
        return nil
    }

    mutating func makeSerial() -> UInt64 {
        defer { nextSerial += 1 }
        return nextSerial
    }

    /// The connect timeout ran out: the connection fails with `error` if it is still handshaking, and
    /// nothing happens if the welcome won the race (or the connection has closed already).
    mutating func handshakeTimedOut(_ error: ClientError) -> [Effect] {
        guard case .handshaking = phase else { return [] }
        return close(error)
    }

    // MARK: - Sending requests

    /// Queues a request and sends what the free slots allow.
    mutating func enqueue(_ request: QueuedRequest) -> Result<[Effect], ClientError> {
        if let closedError { return .failure(closedError) }
        queue.append(request)
        if case .stream = request.awaiting { streams[request.serial] = StreamState() }
        return .success(grantSlots())
    }

    /// Moves queued requests into free slots, each with a fresh request id.
    private mutating func grantSlots() -> [Effect] {
        guard case .open = phase else { return [] }
        var effects: [Effect] = []
        while freeSlots > 0, !queue.isEmpty {
            freeSlots -= 1
            var request = queue.removeFirst()
            let id = allocateRequestID()
            request.frame.requestID = id
            inFlight[id] = InFlightRequest(
                serial: request.serial,
                operation: request.operation,
                frame: request.frame,
                awaiting: request.awaiting
            )
            effects.append(.send(request.frame))
        }
        return effects
    }

    /// The next id that is not in flight: increasing, never 0, wrapping from the largest to 1
    /// (PROTOCOL.md 2.3). There are never more ids in flight than slots, so the loop ends.
    ///
    /// An id leaves ``inFlight`` only when the server's final frame for it has arrived (``finish(_:)``,
    /// also for requests the client gave up on), or when the connection closes; nothing here assumes
    /// that the server has cleaned up sooner. A `cancel` for an id is written before the request's
    /// final frame can have been read, so it always reaches the server ahead of any later request
    /// that reuses the id.
    private mutating func allocateRequestID() -> UInt32 {
        while true {
            let id = nextRequestID
            nextRequestID = id == .max ? 1 : id + 1
            if inFlight[id] == nil { return id }
        }
    }

    /// The request `id` has ended: its id and slot are free again.
    private mutating func finish(_ id: UInt32) -> [Effect] {
        guard inFlight.removeValue(forKey: id) != nil else { return [] }
        freeSlots += 1
        return grantSlots()
    }

    /// The server refused request `id` with `tooManyRequests`: it counts a request that already sent
    /// its final frame a moment longer than this client does, or has fewer slots than it announced.
    /// The request was not run (PROTOCOL.md 8), so it is sent again after a pause, within the same
    /// request timeout.
    private mutating func park(_ id: UInt32) -> [Effect] {
        guard let request = inFlight[id], let awaiting = request.awaiting else { return finish(id) }
        parked[request.serial] = QueuedRequest(
            serial: request.serial,
            operation: request.operation,
            frame: request.frame,
            awaiting: awaiting
        )
        return finish(id) + [.retry(request.serial)]
    }

    /// Puts a parked request back at the front of the queue.
    mutating func unpark(_ serial: UInt64) -> [Effect] {
        guard let request = parked.removeValue(forKey: serial) else { return [] }
        queue.insert(request, at: 0)
        return grantSlots()
    }

    /// A `cancel` for request `id`, if the connection is open.
    private func cancelFrame(_ id: UInt32) -> Effect? {
        guard case .open = phase, let frame = try? codec.frame(.cancel(Cancel(requestID: id)), requestID: 0) else {
            return nil
        }
        return .send(frame)
    }

    /// The client gives up on the call `serial`: a queued request leaves the queue unsent; a request
    /// in flight is cancelled at the server, and its id stays reserved until the server ends it.
    /// Returns what the call was waiting with, if it was still waiting.
    private mutating func abandonRequest(_ serial: UInt64) -> (awaiting: Awaiting?, effects: [Effect]) {
        if let index = queue.firstIndex(where: { $0.serial == serial }) {
            return (queue.remove(at: index).awaiting, [])
        }
        if let request = parked.removeValue(forKey: serial) {
            return (request.awaiting, [])
        }
        guard let entry = inFlight.first(where: { $0.value.serial == serial }), entry.value.awaiting != nil else {
            return (nil, [])
        }
        inFlight[entry.key]?.awaiting = nil
        return (entry.value.awaiting, cancelFrame(entry.key).map { [$0] } ?? [])
    }

    /// A unary call ends without its answer: cancelled, or timed out.
    mutating func abandonCall(_ serial: UInt64, with error: any Error) -> [Effect] {
        let (awaiting, effects) = abandonRequest(serial)
        guard case .answer(let completion, _)? = awaiting else { return effects }
        return [.answer(completion, .failure(error))] + effects
    }

    // MARK: - Pings

    mutating func startPing(nonce: UInt64, completion: Completion<Void>) -> Result<(UInt64, Frame), ClientError> {
        if let closedError { return .failure(closedError) }
        do {
            let frame = try codec.frame(.ping(Ping(nonce: nonce)), requestID: 0)
            let serial = makeSerial()
            pings[nonce] = (serial, completion)
            return .success((serial, frame))
        } catch {
            return .failure(.protocolViolation("a ping could not be encoded: \(error)"))
        }
    }

    mutating func abandonPing(nonce: UInt64, serial: UInt64, with error: any Error) -> [Effect] {
        guard let ping = pings[nonce], ping.serial == serial else { return [] }
        pings[nonce] = nil
        return [.wake(ping.completion, .failure(error))]
    }

    // MARK: - Streams

    enum StreamStep {
        case batch(ExportBatch)
        case end(Result<Void, any Error>)
        case wait(Completion<Void>)
    }

    /// The consumer of stream `serial` asks for the next batch.
    mutating func takeBatch(_ serial: UInt64) -> (StreamStep, [Effect]) {
        guard var stream = streams[serial] else { return (.end(.success(())), []) }
        if !stream.buffer.isEmpty {
            let batch = stream.buffer.removeFirst()
            streams[serial] = stream
            var effects: [Effect] = []
            if let wait = readerWait, wait.serial == serial {
                readerWait = nil
                effects.append(.wake(wait.completion, .success(())))
            }
            return (.batch(batch), effects)
        }
        if let end = stream.end {
            streams[serial] = nil
            return (.end(end), [])
        }
        let completion = Completion<Void>()
        stream.consumer = completion
        streams[serial] = stream
        return (.wait(completion), [])
    }

    /// The consumer of stream `serial` waited `completion` out: the stream fails with `error`, unless
    /// a batch or the end arrived meanwhile.
    mutating func streamTimedOut(_ serial: UInt64, waiting completion: Completion<Void>, error: ClientError) -> [Effect]
    {
        guard var stream = streams[serial], stream.consumer === completion, stream.buffer.isEmpty, stream.end == nil
        else { return [] }
        stream.consumer = nil
        stream.end = .failure(error)
        streams[serial] = stream
        return [.wake(completion, .success(()))] + abandonRequest(serial).effects
    }

    /// The client gives up on stream `serial`: with `reason`, the consumer gets it next; without, the
    /// consumer is gone and the stream is forgotten. Either way the export is cancelled at the server
    /// and the frame reader, if it waits for this stream, reads on.
    mutating func dropStream(_ serial: UInt64, reason: (any Error)?) -> [Effect] {
        var effects = abandonRequest(serial).effects
        if let reason, var stream = streams[serial] {
            stream.buffer = []
            if stream.end == nil { stream.end = .failure(reason) }
            if let consumer = stream.consumer { effects.append(.wake(consumer, .success(()))) }
            stream.consumer = nil
            streams[serial] = stream
        } else {
            streams[serial] = nil
        }
        if let wait = readerWait, wait.serial == serial {
            readerWait = nil
            effects.append(.wake(wait.completion, .success(())))
        }
        return effects
    }

    // MARK: - Receiving

    /// What the frame reader does after a frame.
    struct Reception {
        var effects: [Effect] = []
        /// Wait for this before reading on: an export's consumer is behind.
        var wait: Completion<Void>?
        /// The handshake chose how frames are decoded from now on.
        var codec: FrameCodec?
    }

    /// Routes one decoded frame from the server.
    mutating func receive(_ frame: Frame, _ message: WireMessage) -> Reception {
        switch phase {
        case .closed:
            return Reception()
        case .handshaking(let completion):
            return receiveHandshake(frame, message, completion)
        case .open:
            if !frame.type.isHandshake, frame.version != codec.version {
                return Reception(
                    effects: close(
                        .protocolViolation(
                            "a frame of protocol version \(frame.version) arrived on a connection that agreed on version \(codec.version)"
                        )
                    )
                )
            }
            if frame.requestID == 0 { return receiveConnectionLevel(message) }
            return receiveAnswer(frame, message)
        }
    }

    private mutating func receiveHandshake(
        _ frame: Frame,
        _ message: WireMessage,
        _ completion: Completion<Welcome>
    ) -> Reception {
        guard frame.requestID == 0 else {
            return Reception(
                effects: close(
                    .protocolViolation("the server sent \(frame.type) for request \(frame.requestID) before welcome")
                )
            )
        }
        switch message {
        case .welcome(let welcome):
            guard WireVersion.supported.contains(welcome.version) else {
                return Reception(
                    effects: close(
                        .protocolViolation(
                            "the server chose protocol version \(welcome.version), which this client did not offer"
                        )
                    )
                )
            }
            var compression: CompressionPolicy?
            if let algorithm = welcome.compression {
                guard algorithm == CompressionAlgorithm.zlib, offersCompression else {
                    return Reception(
                        effects: close(
                            .protocolViolation(
                                "the server chose compression \"\(algorithm)\", which this client did not offer"
                            )
                        )
                    )
                }
                // PROTOCOL.md 4: a name without a threshold means 1024 bytes.
                compression = CompressionPolicy(
                    threshold: welcome.compressionThreshold.map { Int($0) } ?? CompressionPolicy.defaultThreshold
                )
            }
            codec = FrameCodec(
                limits: FrameLimits(ClientConfiguration.receiveLimits, acceptedVersions: [welcome.version]),
                compression: compression,
                version: welcome.version,
                peerMaxFrameLength: Int(welcome.limits.maxFrameLength)
            )
            // A server announcing 0 could never be sent anything; one at a time is the most it can mean.
            freeSlots = max(1, Int(welcome.limits.maxInFlightRequests))
            phase = .open
            return Reception(effects: [.welcome(completion, .success(welcome))] + grantSlots(), codec: codec)
        case .error(let error):
            return Reception(effects: close(.handshake(error, address: address)))
        default:
            return Reception(
                effects: close(.protocolViolation("the server answered hello with \(frame.type) instead of welcome"))
            )
        }
    }

    private mutating func receiveConnectionLevel(_ message: WireMessage) -> Reception {
        switch message {
        case .pong(let pong):
            // PROTOCOL.md 9.3: a pong that matches no ping is ignored.
            guard let ping = pings.removeValue(forKey: pong.nonce) else { return Reception() }
            return Reception(effects: [.wake(ping.completion, .success(()))])
        case .ping(let ping):
            guard let pong = try? codec.frame(.pong(Pong(nonce: ping.nonce)), requestID: 0) else { return Reception() }
            return Reception(effects: [.send(pong)])
        case .error(let error):
            return Reception(effects: close(.connectionLevel(error)))
        default:
            return Reception(
                effects: close(
                    .protocolViolation(
                        "the server sent \(message.type) with request id 0, where only ping, pong and error may travel"
                    )
                )
            )
        }
    }

    private mutating func receiveAnswer(_ frame: Frame, _ message: WireMessage) -> Reception {
        let id = frame.requestID
        guard let request = inFlight[id] else {
            return Reception(
                effects: close(
                    .protocolViolation("the server sent \(frame.type) for request \(id), which is not in flight")
                )
            )
        }
        let final = frame.flags.contains(.endOfStream) || frame.type == .error
        guard let awaiting = request.awaiting else {
            // Given up on by the client: discard, and free the id once the server has ended it.
            return Reception(effects: final ? finish(id) : [])
        }
        switch awaiting {
        case .answer(let completion, let expected):
            if case .error(let error) = message, error.code == .tooManyRequests {
                return Reception(effects: park(id))
            }
            if case .error(let error) = message {
                return Reception(effects: [.answer(completion, .failure(ClientError.answer(error)))] + finish(id))
            }
            guard message.type == expected, final else {
                let missing = final ? "" : " without end-of-stream"
                return Reception(
                    effects: close(
                        .protocolViolation(
                            "\(request.operation) request \(id) was answered with \(frame.type)\(missing) instead of \(expected)"
                        )
                    )
                )
            }
            return Reception(effects: [.answer(completion, .success(message))] + finish(id))
        case .stream:
            return receiveBatch(frame, message, request: request, final: final)
        }
    }

    private mutating func receiveBatch(
        _ frame: Frame,
        _ message: WireMessage,
        request: InFlightRequest,
        final: Bool
    ) -> Reception {
        let id = frame.requestID
        guard var stream = streams[request.serial] else {
            // The consumer is gone; dropping the stream abandons the request first, so this is only a
            // safety net.
            inFlight[id]?.awaiting = nil
            return Reception(effects: final ? finish(id) : cancelFrame(id).map { [$0] } ?? [])
        }
        var effects: [Effect] = []
        var wait: Completion<Void>?
        switch message {
        case .error(let error) where error.code == .tooManyRequests && stream.nextSequence == 0:
            return Reception(effects: park(id))
        case .error(let error):
            stream.end = .failure(ClientError.answer(error))
            effects = finish(id)
        case .exportBatch(let batch) where batch.sequence != stream.nextSequence:
            // PROTOCOL.md 9.1: a gap or a repeat fails the export.
            stream.end = .failure(
                ClientError.protocolViolation(
                    "export request \(id) got batch \(batch.sequence) where batch \(stream.nextSequence) was due"
                )
            )
            if final {
                effects = finish(id)
            } else {
                inFlight[id]?.awaiting = nil
                effects = cancelFrame(id).map { [$0] } ?? []
            }
        case .exportBatch(let batch):
            stream.nextSequence &+= 1
            stream.buffer.append(batch)
            if final {
                stream.end = .success(())
                effects = finish(id)
            } else if stream.buffer.count >= Self.batchesHeldPerExport {
                let completion = Completion<Void>()
                readerWait = (request.serial, completion)
                wait = completion
            }
        default:
            return Reception(
                effects: close(
                    .protocolViolation("export request \(id) was answered with \(frame.type) instead of export-batch")
                )
            )
        }
        if let consumer = stream.consumer {
            stream.consumer = nil
            effects.append(.wake(consumer, .success(())))
        }
        streams[request.serial] = stream
        return Reception(effects: effects, wait: wait)
    }

    // MARK: - Closing

    /// Ends the connection: every waiter fails with `error` (exports after the batches they hold), new
    /// calls fail with it, and the channel is closed. Closing twice keeps the first error.
    mutating func close(_ error: ClientError) -> [Effect] {
        var effects: [Effect] = []
        switch phase {
        case .closed:
            return []
        case .handshaking(let completion):
            effects.append(.welcome(completion, .failure(error)))
        case .open:
            break
        }
        phase = .closed(error)
        let waiting = queue.map(\.awaiting) + parked.values.map(\.awaiting) + inFlight.values.compactMap(\.awaiting)
        for awaiting in waiting {
            if case .answer(let completion, _) = awaiting { effects.append(.answer(completion, .failure(error))) }
        }
        queue = []
        parked = [:]
        inFlight = [:]
        for (serial, var stream) in streams {
            if stream.end == nil { stream.end = .failure(error) }
            if let consumer = stream.consumer { effects.append(.wake(consumer, .success(()))) }
            stream.consumer = nil
            streams[serial] = stream
        }
        for ping in pings.values { effects.append(.wake(ping.completion, .failure(error))) }
        pings = [:]
        if let wait = readerWait { effects.append(.wake(wait.completion, .success(()))) }
        readerWait = nil
        effects.append(.closeChannel)
        return effects
    }
}
