import JamforClient
import JamforWire
import Synchronization
import Testing

/// The connection's protocol work against scripted servers: timeouts, cancellation, the in-flight
/// limit, compression, pings from the server, and answers that break the protocol.
@Suite(.timeLimit(.minutes(1)))
struct ConnectionTests {
    // MARK: Timeouts and cancellation

    @Test func aServerThatNeverAnswersHelloTimesOutTheConnect() async throws {
        try await ScriptedServer { peer in
            try await peer.drain()
        }.run { address in
            // The connect timeout is what ends the wait: the error says so; a hang would hit the
            // suite's time limit.
            let configuration = ClientConfiguration(address: address, connectTimeout: .milliseconds(300))
            let error = await clientError {
                try await JamforClient.withConnection(configuration) { _ in }
            }
            #expect(error == .timedOut(operation: "connecting to \(address)", after: .milliseconds(300)))
        }
    }

    @Test func aRequestWithoutAnswerTimesOutIsCancelledAndTheConnectionStaysUsable() async throws {
        let cancels = Recorder<UInt32>()
        let ranks = Recorder<UInt32>()
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, message) = try await peer.nextMessage() {
                switch message {
                case .rank: ranks.append(frame.requestID)
                case .cancel(let cancel): cancels.append(cancel.requestID)
                default: break
                }
            }
        }.run { address in
            // Long enough for the ping below even on a busy machine.
            let configuration = ClientConfiguration(address: address, requestTimeout: .seconds(2))
            try await JamforClient.withConnection(configuration) { client in
                let error = await clientError {
                    _ = try await client.rank(RankRequest(indicator: "hme", period: "2024", set: .country))
                }
                #expect(error == .timedOut(operation: "rank", after: .seconds(2)))
                #expect(error?.description.contains("2 s") == true)
                try await waitUntil { cancels.all == ranks.all && ranks.all.count == 1 }
                let roundTrip = try await client.ping()
                #expect(roundTrip > .zero)
            }
        }
    }

    @Test func cancellingTheCallingTaskEndsTheWaitAndSendsCancel() async throws {
        let cancels = Recorder<UInt32>()
        let requests = Recorder<UInt32>()
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, message) = try await peer.nextMessage() {
                switch message {
                case .trend: requests.append(frame.requestID)
                case .cancel(let cancel): cancels.append(cancel.requestID)
                default: break
                }
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                let call = Task { try await client.trend(TrendRequest(indicator: "hme", municipalities: ["0381"])) }
                try await waitUntil { requests.all.count == 1 }
                // Cancellation, not the 30 s request timeout, ends the call: it throws
                // CancellationError rather than timedOut.
                call.cancel()
                let outcome = await call.result
                #expect(throws: CancellationError.self) { try outcome.get() }
                try await waitUntil { cancels.all == requests.all }
            }
        }
    }

    // MARK: Request ids and the in-flight limit

    @Test func requestsBeyondTheServersLimitWaitForASlot() async throws {
        let limit = 2
        let ids = Recorder<UInt32>()
        let mostOutstanding = Mutex(0)
        try await ScriptedServer { peer in
            try await peer.handshake(limits: WireLimits(maxInFlightRequests: UInt16(limit)))
            var outstanding: [UInt32] = []
            while let (frame, message) = try await peer.nextMessage() {
                guard case .listNetworks = message else { continue }
                ids.append(frame.requestID)
                outstanding.append(frame.requestID)
                mostOutstanding.withLock { $0 = max($0, outstanding.count) }
                // Answer only when the client has filled its slots, so that a client ignoring the
                // limit would be seen sending a third.
                if outstanding.count == limit {
                    for id in outstanding {
                        let networks = [NetworkInfo(id: "n\(id)", name: "N", members: [])]
                        try await peer.send(.networks(ListNetworksResponse(networks: networks)), requestID: id)
                    }
                    outstanding = []
                }
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                #expect(client.welcome.limits.maxInFlightRequests == UInt16(limit))
                let answers = try await withThrowingTaskGroup(of: [NetworkInfo].self) { group in
                    for _ in 0..<10 { group.addTask { try await client.networks() } }
                    var answers: [String] = []
                    for try await networks in group { answers += networks.map(\.id) }
                    return answers
                }
                #expect(answers.count == 10)
                #expect(Set(answers).count == 10)
            }
        }
        #expect(mostOutstanding.withLock { $0 } == limit)
        let sent = ids.all
        #expect(sent.count == 10)
        #expect(!sent.contains(0))
        #expect(sent == sent.sorted())
        #expect(Set(sent).count == sent.count)
    }

    /// What a scripted server saw, in the order the frames arrived.
    enum WireEvent: Sendable, Equatable {
        case request(UInt32)
        case cancel(UInt32)
    }

    // Several rounds, run side by side, because the race this guards against is one of threads.
    @Test(arguments: 1...4)
    func framesReachTheWireInTheOrderTheConnectionDecidedThem(round: Int) async throws {
        // Many tasks send and cancel at once, from several threads: the request ids must arrive in
        // increasing order, and every cancel after the request it cancels.
        let calls = 400
        let events = Recorder<WireEvent>()
        try await ScriptedServer { peer in
            try await peer.handshake(limits: WireLimits(maxInFlightRequests: UInt16(calls)))
            while let (frame, message) = try await peer.nextMessage() {
                switch message {
                case .trend: events.append(.request(frame.requestID))
                case .cancel(let cancel): events.append(.cancel(cancel.requestID))
                default: break
                }
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                await withTaskGroup(of: Void.self) { group in
                    for index in 0..<calls {
                        group.addTask {
                            let call = Task {
                                try await client.trend(TrendRequest(indicator: "hme", municipalities: ["0381"]))
                            }
                            for _ in 0..<(index % 4) { await Task.yield() }
                            call.cancel()
                            _ = await call.result
                        }
                    }
                }
                // Every cancel was handed on before its call returned, so the ping goes out after
                // them, and its pong comes back once the server has read them all.
                _ = try await client.ping()
            }
        }
        let all = events.all
        let requests = all.compactMap { if case .request(let id) = $0 { id } else { nil } }
        #expect(!requests.isEmpty)
        let outOfOrder = zip(requests, requests.dropFirst()).filter { $0 >= $1 }.map { "\($0) before \($1)" }
        #expect(outOfOrder.isEmpty, "request ids out of order on the wire")
        var seen: Set<UInt32> = []
        var cancelled: [UInt32] = []
        for event in all {
            switch event {
            case .request(let id):
                seen.insert(id)
            case .cancel(let id):
                #expect(seen.contains(id), "the cancel of request \(id) arrived before the request")
                cancelled.append(id)
            }
        }
        // Every request that went out was cancelled, once.
        #expect(cancelled.sorted() == requests.sorted())
    }

    @Test func aCancelledRequestKeepsItsSlotUntilTheServerEndsIt() async throws {
        let events = Recorder<String>()
        try await ScriptedServer { peer in
            try await peer.handshake(limits: WireLimits(maxInFlightRequests: 1))
            try await withThrowingTaskGroup(of: Void.self) { group in
                while let (frame, message) = try await peer.nextMessage() {
                    switch message {
                    case .trend:
                        events.append("trend \(frame.requestID)")
                    case .cancel(let cancel):
                        events.append("cancel \(cancel.requestID)")
                        // End the request a little later, reading on meanwhile: a client that ignored
                        // the limit would be seen sending its next request before this.
                        let sender = peer.sender
                        group.addTask {
                            try await Task.sleep(for: .milliseconds(300))
                            events.append("cancelled \(cancel.requestID)")
                            let error = ErrorMessage(
                                code: .cancelled,
                                message: "cancelled",
                                requestID: cancel.requestID
                            )
                            try await sender.send(.error(error), requestID: cancel.requestID)
                        }
                    case .listNetworks:
                        events.append("networks \(frame.requestID)")
                        try await peer.send(.networks(ListNetworksResponse(networks: [])), requestID: frame.requestID)
                    default:
                        break
                    }
                }
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                let call = Task { try await client.trend(TrendRequest(indicator: "hme", municipalities: ["0381"])) }
                try await waitUntil { events.all.count == 1 }
                call.cancel()
                _ = await call.result
                // The only slot is still the cancelled request's until `cancelled` arrives; then this goes.
                let networks = try await client.networks()
                #expect(networks.isEmpty)
            }
        }
        #expect(events.all == ["trend 1", "cancel 1", "cancelled 1", "networks 2"])
    }

    @Test func aRequestRefusedWithTooManyRequestsIsSentAgain() async throws {
        let ids = Recorder<UInt32>()
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, message) = try await peer.nextMessage() {
                guard case .listNetworks = message else { continue }
                ids.append(frame.requestID)
                if ids.all.count == 1 {
                    // As a server does whose count lags behind a request that just ended.
                    let error = ErrorMessage(code: .tooManyRequests, message: "busy", requestID: frame.requestID)
                    try await peer.send(.error(error), requestID: frame.requestID)
                } else {
                    let networks = [NetworkInfo(id: "kkvh", name: "KKVH", members: [])]
                    try await peer.send(.networks(ListNetworksResponse(networks: networks)), requestID: frame.requestID)
                }
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                let networks = try await client.networks()
                #expect(networks.map(\.id) == ["kkvh"])
            }
        }
        #expect(ids.all == [1, 2])
    }

    // MARK: Compression, pings, connection errors

    @Test func compressionAgreedAtTheHandshakeIsUsedBothWays() async throws {
        let compressedRequests = Recorder<Bool>()
        let bigList = (0..<500).map {
            NetworkInfo(id: "network-\($0)", name: "Network \($0)", members: ["0381", "0880"])
        }
        try await ScriptedServer { peer in
            let hello = try await peer.handshake(compression: true)
            #expect(hello.compression == [CompressionAlgorithm.zlib])
            while let (frame, message) = try await peer.nextMessage() {
                switch message {
                case .submit(let submit):
                    compressedRequests.append(frame.flags.contains(.compressed))
                    let answer = SubmitResponse(
                        inserted: UInt32(submit.observations.count),
                        updated: 0,
                        unchanged: 0,
                        rejected: []
                    )
                    try await peer.send(.submitResult(answer), requestID: frame.requestID)
                case .listNetworks:
                    try await peer.send(.networks(ListNetworksResponse(networks: bigList)), requestID: frame.requestID)
                default:
                    break
                }
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                #expect(client.welcome.compression == CompressionAlgorithm.zlib)
                let observations = (0..<200).map {
                    ObservationRecord(indicator: "hme", municipality: "0381", period: "\(1990 + $0 % 100)", value: 70)
                }
                let answer = try await client.submit(SubmitRequest(idempotencyKey: "k", observations: observations))
                #expect(answer.inserted == 200)
                let networks = try await client.networks()
                #expect(networks == bigList)
            }
        }
        #expect(compressedRequests.all == [true])
    }

    @Test func withoutCompressionNothingIsOffered() async throws {
        let offers = Recorder<[String]>()
        try await ScriptedServer { peer in
            let hello = try await peer.handshake(compression: true)
            offers.append(hello.compression)
            try await peer.drain()
        }.run { address in
            let configuration = ClientConfiguration(address: address, compression: false)
            try await JamforClient.withConnection(configuration) { client in
                #expect(client.welcome.compression == nil)
            }
        }
        #expect(offers.all == [[]])
    }

    @Test func theClientAnswersTheServersPings() async throws {
        let pongs = Recorder<UInt64>()
        try await ScriptedServer { peer in
            try await peer.handshake()
            try await peer.send(.ping(Ping(nonce: 0xfeed)), requestID: 0)
            while let (_, message) = try await peer.nextMessage() {
                if case .pong(let pong) = message { pongs.append(pong.nonce) }
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { _ in
                try await waitUntil { pongs.all == [0xfeed] }
            }
        }
    }

    @Test func aConnectionErrorFailsEveryWaitingRequest() async throws {
        let requests = Recorder<UInt32>()
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, _) = try await peer.nextMessage() {
                requests.append(frame.requestID)
                if requests.all.count == 3 {
                    let error = ErrorMessage(
                        code: .internalError,
                        message: "the server lost its database",
                        requestID: 0
                    )
                    try await peer.send(.error(error), requestID: 0)
                    peer.close()
                    return
                }
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                let errors = await withTaskGroup(of: ClientError?.self) { group in
                    for _ in 0..<3 {
                        group.addTask {
                            do {
                                _ = try await client.indicators()
                                return nil
                            } catch {
                                return error as? ClientError
                            }
                        }
                    }
                    var errors: [ClientError?] = []
                    for await error in group { errors.append(error) }
                    return errors
                }
                let expected = ClientError.server(code: .internalError, message: "the server lost its database")
                #expect(errors == [expected, expected, expected])
                // Nothing is sent on a closed connection; the same error comes back at once.
                let later = await clientError { _ = try await client.networks() }
                #expect(later == expected)
            }
        }
    }

    // MARK: Answers that break the protocol

    @Test func anAnswerForARequestNotInFlightIsAProtocolViolation() async throws {
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, _) = try await peer.nextMessage() {
                try await peer.send(.networks(ListNetworksResponse(networks: [])), requestID: frame.requestID + 100)
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                let error = await clientError { _ = try await client.networks() }
                guard case .protocolViolation(let detail)? = error else {
                    Issue.record("expected protocolViolation, got \(String(describing: error))")
                    return
                }
                #expect(detail.contains("101") && detail.contains("not in flight"))
                // The connection is closed after a violation.
                let later = await clientError { _ = try await client.networks() }
                #expect(later == error)
            }
        }
    }

    @Test func anAnswerOfTheWrongTypeIsAProtocolViolation() async throws {
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, _) = try await peer.nextMessage() {
                try await peer.send(.indicators(ListIndicatorsResponse(indicators: [])), requestID: frame.requestID)
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                let error = await clientError { _ = try await client.networks() }
                guard case .protocolViolation(let detail)? = error else {
                    Issue.record("expected protocolViolation, got \(String(describing: error))")
                    return
                }
                #expect(detail.contains("indicators") && detail.contains("networks"))
            }
        }
    }

    @Test func aHandshakeRefusalOtherThanCredentialsIsHandshakeFailed() async throws {
        try await ScriptedServer { peer in
            _ = try await peer.nextFrame()
            let error = ErrorMessage(code: .unsupportedVersion, message: "this server speaks version 2", requestID: 0)
            try await peer.send(.error(error), requestID: 0)
            peer.close()
        }.run { address in
            let error = await clientError {
                try await JamforClient.withConnection(ClientConfiguration(address: address)) { _ in }
            }
            #expect(
                error == .handshakeFailed(address, code: .unsupportedVersion, message: "this server speaks version 2")
            )
            #expect(error?.description.contains("protocol version 1") == true)
        }
    }

    @Test(
        arguments: [
            ("HTTP/1.1 400 Bad Request\r\n\r\n", "it speaks HTTP"),
            ("SSH-2.0-OpenSSH_9.6\r\n", "it speaks SSH"),
            ("<html><body>Bad Request</body></html>\r\n", "HTML"),
            ("{\"error\":\"bad request\"}\n", "JSON"),
            ("220 mail.example ESMTP ready\r\n", "text"),
            // Fewer bytes than a frame header, then the end.
            ("<", "HTML"),
        ]
    )
    func aServerOfAnotherProtocolIsToldApart(answer: String, speaks: String) async throws {
        try await ScriptedServer { peer in
            _ = try await peer.nextFrame()
            try await peer.sendRaw(Array(answer.utf8))
            peer.close()
        }.run { address in
            let error = await clientError {
                try await JamforClient.withConnection(ClientConfiguration(address: address)) { _ in }
            }
            guard case .cannotConnect(let failed, let reason)? = error else {
                Issue.record("expected cannotConnect, got \(String(describing: error))")
                return
            }
            #expect(failed == address)
            #expect(reason.contains("not a Jamfor server"))
            #expect(reason.contains(speaks))
            #expect(!reason.contains("bytes"))
        }
    }

    @Test func aServerThatSpeaksTLSIsToldApart() async throws {
        try await ScriptedServer { peer in
            _ = try await peer.nextFrame()
            // A TLS alert record (handshake failure), as a TLS server sends on reading a non-TLS hello.
            try await peer.sendRaw([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])
            peer.close()
        }.run { address in
            let error = await clientError {
                try await JamforClient.withConnection(ClientConfiguration(address: address)) { _ in }
            }
            #expect(
                error
                    == .cannotConnect(
                        address,
                        reason: "the server speaks TLS; connect with TLS (--tls or JAMFOR_TLS=1)"
                    )
            )
        }
    }

    @Test func theServersMessagesCannotSendEscapesToTheTerminal() async throws {
        let hostile = "no such network\u{1B}]0;owned\u{07}\u{1B}[2J\r\nfake prompt$ \u{9B}31m"
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, _) = try await peer.nextMessage() {
                let error = ErrorMessage(code: .notFound, message: hostile, requestID: frame.requestID)
                try await peer.send(.error(error), requestID: frame.requestID)
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                let error = await clientError { _ = try await client.municipalities(network: "x") }
                guard case .notFound(let message)? = error, let error else {
                    Issue.record("expected notFound, got \(String(describing: error))")
                    return
                }
                for text in [message, error.description] {
                    #expect(text.contains("no such network"))
                    #expect(text.contains("fake prompt"))
                    #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
                }
            }
        }
    }

    @Test func garbageInsteadOfWelcomeIsAProtocolViolation() async throws {
        try await ScriptedServer { peer in
            _ = try await peer.nextFrame()
            // A header announcing a 1 GiB payload: refused on the header, before any payload.
            try await peer.sendRaw([0x40, 0, 0, 0, 1, 0x02, 0, 0x02, 0, 0, 0, 0])
            try await peer.drain()
        }.run { address in
            let error = await clientError {
                try await JamforClient.withConnection(ClientConfiguration(address: address)) { _ in }
            }
            guard case .protocolViolation(let detail)? = error else {
                Issue.record("expected protocolViolation, got \(String(describing: error))")
                return
            }
            #expect(detail.contains("exceeds the limit"))
        }
    }
}
