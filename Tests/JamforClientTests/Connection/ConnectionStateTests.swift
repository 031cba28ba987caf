import JamforWire
import Testing

@testable import JamforClient

/// The connection's bookkeeping without a network: request ids, slots, abandoned requests, export
/// buffers and retries, driven by hand-made frames.
struct ConnectionStateTests {
    /// A state after a welcome announcing `slots` requests in flight.
    private func openState(slots: UInt16) -> ConnectionState {
        var state = ConnectionState(
            address: ServerAddress(host: "127.0.0.1"),
            offersCompression: true,
            handshake: Completion<Welcome>()
        )
        let welcome = Welcome(
            version: 1,
            serverName: "test",
            principal: Principal(name: "anonymous"),
            limits: WireLimits(maxInFlightRequests: slots)
        )
        _ = state.receive(frame(.welcome, id: 0), .welcome(welcome))
        return state
    }

    private func frame(_ type: MessageType, id: UInt32, final: Bool = true) -> Frame {
        var flags: FrameFlags = final ? [.endOfStream] : []
        if type == .error { flags.insert(.error) }
        return Frame(flags: flags, type: type, requestID: id, payload: [0xa0])
    }

    /// Queues a `list-networks` call; returns its serial and the ids of the frames sent.
    private func enqueue(_ state: inout ConnectionState) throws -> (serial: UInt64, sent: [UInt32]) {
        let serial = state.makeSerial()
        let request = QueuedRequest(
            serial: serial,
            operation: "list-networks",
            frame: Frame(flags: [], type: .listNetworks, requestID: 0, payload: [0xa0]),
            awaiting: .answer(Completion<WireMessage>(), expected: .networks)
        )
        return (serial, sentIDs(try state.enqueue(request).get()))
    }

    private func sentIDs(_ effects: [Effect]) -> [UInt32] {
        effects.compactMap { effect in
            guard case .send(let frame) = effect, frame.type != .cancel else { return nil }
            return frame.requestID
        }
    }

    private func cancelFrames(_ effects: [Effect]) -> Int {
        effects.count(where: { effect in
            guard case .send(let frame) = effect else { return false }
            return frame.type == .cancel
        })
    }

    private let networks = WireMessage.networks(ListNetworksResponse(networks: []))

    @Test func requestIDsIncreaseWrapToOneAndSkipIDsInFlight() throws {
        var state = openState(slots: 8)
        state.nextRequestID = .max
        #expect(try enqueue(&state).sent == [.max])
        #expect(try enqueue(&state).sent == [1])
        // A full wrap later, ids max and 1 are still in flight: the next free one is 2.
        state.nextRequestID = .max
        #expect(try enqueue(&state).sent == [2])
        #expect(Set(state.inFlight.keys) == [.max, 1, 2])
    }

    @Test func requestsBeyondTheSlotsWaitUntilAFinalFrameFreesOne() throws {
        var state = openState(slots: 2)
        #expect(try enqueue(&state).sent == [1])
        #expect(try enqueue(&state).sent == [2])
        #expect(try enqueue(&state).sent == [])
        let reception = state.receive(frame(.networks, id: 1), networks)
        #expect(sentIDs(reception.effects) == [3])
        #expect(Set(state.inFlight.keys) == [2, 3])
    }

    @Test func anAbandonedRequestKeepsItsSlotUntilItsFinalFrame() throws {
        var state = openState(slots: 1)
        let first = try enqueue(&state)
        #expect(first.sent == [1])
        let effects = state.abandonCall(first.serial, with: CancellationError())
        #expect(cancelFrames(effects) == 1)
        #expect(try enqueue(&state).sent == [])
        // The server's `cancelled` answer is swallowed and frees the slot for the queued request.
        let cancelled = ErrorMessage(code: .cancelled, message: "cancelled", requestID: 1)
        let reception = state.receive(frame(.error, id: 1), .error(cancelled))
        #expect(sentIDs(reception.effects) == [2])
        #expect(!reception.effects.contains { if case .answer = $0 { true } else { false } })
    }

    @Test func anAbandonedRequestsIDIsNotReusedBeforeItsFinalFrameEvenAfterAWrap() throws {
        // PROTOCOL.md 2.3 and 9.2: the id of a cancelled request stays in flight until the server's
        // final frame for it arrives, however long the server takes to clean up.
        var state = openState(slots: 4)
        state.nextRequestID = .max
        let first = try enqueue(&state)
        #expect(first.sent == [.max])
        #expect(cancelFrames(state.abandonCall(first.serial, with: CancellationError())) == 1)
        // Abandoning it again sends no second cancel.
        #expect(state.abandonCall(first.serial, with: CancellationError()).isEmpty)
        state.nextRequestID = .max
        #expect(try enqueue(&state).sent == [1])
        #expect(state.inFlight[.max] != nil)
        // The request's normal answer, which crossed the cancel, ends it as well as `cancelled` would.
        let reception = state.receive(frame(.networks, id: .max), networks)
        #expect(reception.effects.isEmpty)
        #expect(state.inFlight[.max] == nil)
        state.nextRequestID = .max
        #expect(try enqueue(&state).sent == [.max])
    }

    @Test func aQueuedRequestThatIsAbandonedIsNeverSent() throws {
        var state = openState(slots: 1)
        _ = try enqueue(&state)
        let queued = try enqueue(&state)
        #expect(queued.sent == [])
        let effects = state.abandonCall(queued.serial, with: CancellationError())
        #expect(sentIDs(effects) == [])
        #expect(cancelFrames(effects) == 0)
        let reception = state.receive(frame(.networks, id: 1), networks)
        #expect(sentIDs(reception.effects) == [])
        #expect(state.inFlight.isEmpty)
    }

    @Test func anExportHoldsAFewBatchesThenMakesTheReaderWait() throws {
        var state = openState(slots: 4)
        let serial = state.makeSerial()
        let request = QueuedRequest(
            serial: serial,
            operation: "export",
            frame: Frame(flags: [], type: .export, requestID: 0, payload: [0xa0]),
            awaiting: .stream
        )
        #expect(sentIDs(try state.enqueue(request).get()) == [1])
        var waits: [Completion<Void>] = []
        for sequence in 0..<ConnectionState.batchesHeldPerExport {
            let batch = ExportBatch(sequence: UInt32(sequence), observations: [])
            let reception = state.receive(frame(.exportBatch, id: 1, final: false), .exportBatch(batch))
            if let wait = reception.wait { waits.append(wait) }
        }
        // Only the batch that filled the buffer makes the reader wait.
        #expect(waits.count == 1)
        let (step, effects) = state.takeBatch(serial)
        guard case .batch(let batch) = step else {
            Issue.record("expected a batch, got \(step)")
            return
        }
        #expect(batch.sequence == 0)
        #expect(
            effects.contains { if case .wake(let completion, _) = $0 { completion === waits.first } else { false } }
        )
    }

    @Test func aRequestRefusedWithTooManyRequestsIsParkedAndSentAgainWithANewID() throws {
        var state = openState(slots: 2)
        let call = try enqueue(&state)
        let busy = ErrorMessage(code: .tooManyRequests, message: "busy", requestID: 1)
        let reception = state.receive(frame(.error, id: 1), .error(busy))
        #expect(reception.effects.contains { if case .retry(call.serial) = $0 { true } else { false } })
        #expect(!reception.effects.contains { if case .answer = $0 { true } else { false } })
        #expect(sentIDs(state.unpark(call.serial)) == [2])
    }

    @Test func aConnectTimerThatFiresAfterTheWelcomeLeavesTheConnectionOpen() throws {
        // The welcome arrived just before the timer fired, and before the timer could be cancelled.
        var state = openState(slots: 1)
        let effects = state.handshakeTimedOut(.timedOut(operation: "connecting to 127.0.0.1:7411", after: .seconds(5)))
        #expect(effects.isEmpty)
        #expect(state.closedError == nil)
        #expect(try enqueue(&state).sent == [1])
    }

    @Test func aConnectTimerThatFiresDuringTheHandshakeFailsIt() {
        let handshake = Completion<Welcome>()
        var state = ConnectionState(
            address: ServerAddress(host: "127.0.0.1"),
            offersCompression: true,
            handshake: handshake
        )
        let error = ClientError.timedOut(operation: "connecting to 127.0.0.1:7411", after: .seconds(5))
        let effects = state.handshakeTimedOut(error)
        #expect(state.closedError == error)
        #expect(
            effects.contains { effect in
                guard case .welcome(let completion, .failure(let failure)) = effect else { return false }
                return completion === handshake && failure as? ClientError == error
            }
        )
        #expect(effects.contains { if case .closeChannel = $0 { true } else { false } })
    }

    @Test func closingFailsEveryWaiterAndLaterCalls() throws {
        var state = openState(slots: 1)
        _ = try enqueue(&state)
        _ = try enqueue(&state)
        let effects = state.close(.connectionClosed("gone"))
        let failures = effects.filter { if case .answer(_, .failure) = $0 { true } else { false } }
        #expect(failures.count == 2)
        #expect(effects.contains { if case .closeChannel = $0 { true } else { false } })
        #expect(state.closedError == .connectionClosed("gone"))
        #expect(throws: ClientError.connectionClosed("gone")) { try enqueue(&state) }
    }
}
