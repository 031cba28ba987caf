import JamforServer
import JamforWire
import Testing

/// Requests after the handshake: dispatch, multiplexing, cancellation, limits, payload errors and
/// protocol violations (PROTOCOL.md 2.3, 7, 8, 9).
@Suite(.timeLimit(.minutes(1)))
struct ConnectionRequestTests {
    @Test func pingsAreAnsweredInOrderAndPongsIgnored() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.send(.pong(Pong(nonce: 99)))
                for nonce: UInt64 in [7, 0x0123_4567_89AB_CDEF, 3] {
                    try await client.send(.ping(Ping(nonce: nonce)))
                }
                for nonce: UInt64 in [7, 0x0123_4567_89AB_CDEF, 3] {
                    let frame = try #require(try await client.nextFrame())
                    #expect(frame.requestID == 0)
                    #expect(try client.codec.message(in: frame) == .pong(Pong(nonce: nonce)))
                }
            }
        }
    }

    @Test func severalRequestsInFlightAreAnsweredByIDAsTheyFinish() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.send(.trend(TrendRequest(indicator: "sleep-400", municipalities: [])), requestID: 1)
                try await client.send(.trend(TrendRequest(indicator: "sleep-100", municipalities: [])), requestID: 2)
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 3)
                var order: [UInt32] = []
                for _ in 0..<3 {
                    let frame = try #require(try await client.nextFrame())
                    #expect(frame.flags.contains(.endOfStream))
                    order.append(frame.requestID)
                }
                #expect(order == [3, 2, 1])
            }
        }
    }

    @Test func eachRequestTypeReachesTheResponderWithTheSession() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.send(
                    .listMunicipalities(ListMunicipalitiesRequest(county: "Kalmar län")),
                    requestID: 9
                )
                let info = MunicipalityInfo(code: "0880", name: "anonymous", county: "Kalmar län")
                #expect(
                    try await client.message(for: 9)
                        == .municipalities(ListMunicipalitiesResponse(municipalities: [info]))
                )
            }
        }
    }

    @Test func cancelMidStreamEndsWithCancelledAndNothingAfter() async throws {
        let responder = FakeResponder(exportBatches: 1000, exportDelay: .milliseconds(10))
        try await withServer(responder: responder) { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.send(.export(ExportRequest()), requestID: 7)
                for expected: UInt32 in 0..<2 {
                    let frame = try await client.nextFrame(for: 7)
                    #expect(!frame.flags.contains(.endOfStream))
                    guard case .exportBatch(let batch) = try client.codec.message(in: frame) else {
                        Issue.record("expected an export batch")
                        return
                    }
                    #expect(batch.sequence == expected)
                }
                try await client.send(.cancel(Cancel(requestID: 7)))
                var batches = 2
                while true {
                    let frame = try await client.nextFrame(for: 7)
                    if frame.type == .exportBatch {
                        batches += 1
                        continue
                    }
                    guard case .error(let error) = try client.codec.message(in: frame) else {
                        Issue.record("expected the cancelled error, got \(frame.type)")
                        return
                    }
                    #expect(error.code == .cancelled)
                    #expect(error.requestID == 7)
                    #expect(frame.requestID == 7)
                    break
                }
                #expect(batches < 1000)
                // Nothing more for request 7: a ping round trip later, and again after a pause.
                try await client.ping(1)
                try await Task.sleep(for: .milliseconds(100))
                try await client.ping(2)
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 8)
                #expect(try await client.message(for: 8) == .networks(FakeResponder.networks))
                #expect(responder.stats.exportFramesSent < 1000)
            }
            #expect(responder.stats.cancelled == 1)
        }
    }

    @Test func cancelStopsASleepingRequest() async throws {
        let responder = FakeResponder(slowDelay: .seconds(30))
        try await withServer(responder: responder) { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.send(.trend(TrendRequest(indicator: "slow", municipalities: [])), requestID: 3)
                #expect(await eventually { responder.stats.started == 1 })
                try await client.send(.cancel(Cancel(requestID: 3)))
                let error = try await client.error(for: 3, within: .seconds(2))
                #expect(error.code == .cancelled)
            }
            #expect(responder.stats.cancelled == 1)
        }
    }

    @Test func cancelOfAnUnknownOrFinishedRequestIsIgnored() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 1)
                _ = try await client.message(for: 1)
                try await client.send(.cancel(Cancel(requestID: 1)))
                try await client.send(.cancel(Cancel(requestID: 4242)))
                // The next frame is the pong: the cancels were not answered.
                try await client.send(.ping(Ping(nonce: 5)))
                let frame = try #require(try await client.nextFrame())
                #expect(try client.codec.message(in: frame) == .pong(Pong(nonce: 5)))
            }
        }
    }

    @Test func tooManyRequestsInFlightIsARequestErrorThatDoesNotCount() async throws {
        try await withServer(.testing(limits: WireLimits(maxInFlightRequests: 2))) { server in
            try await server.connect { client in
                try await client.handshake()
                let slow = TrendRequest(indicator: "slow", municipalities: [])
                try await client.send(.trend(slow), requestID: 1)
                try await client.send(.trend(slow), requestID: 2)
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 3)
                #expect(try await client.error(for: 3).code == .tooManyRequests)
                // Refused requests do not count: id 3 can be reused once refused; still two in flight.
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 3)
                #expect(try await client.error(for: 3).code == .tooManyRequests)
                // Ending one makes room.
                try await client.send(.cancel(Cancel(requestID: 1)))
                #expect(try await client.error(for: 1).code == .cancelled)
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 4)
                #expect(try await client.message(for: 4) == .networks(FakeResponder.networks))
            }
        }
    }

    /// Answers as ``FakeResponder`` does, then takes a while to return, as a responder does that
    /// logs or updates statistics after answering.
    struct LingeringResponder: Responder {
        let inner = FakeResponder()

        func authenticate(_ hello: Hello, remoteAddress: String?) async -> Result<Session, RequestFailure> {
            await inner.authenticate(hello, remoteAddress: remoteAddress)
        }

        func respond(to request: WireMessage, session: Session, sink: any ResponseSink) async throws {
            try await inner.respond(to: request, session: session, sink: sink)
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test func aRequestMayBeSentAsSoonAsTheLastOneIsAnswered() async throws {
        // At the in-flight limit, the slot of an answered request is free the moment its final frame
        // arrives, even while the server's task for it has not returned.
        try await withServer(
            .testing(limits: WireLimits(maxInFlightRequests: 1)),
            responder: LingeringResponder()
        ) { server in
            try await server.connect { client in
                try await client.handshake()
                for id in UInt32(1)...3 {
                    try await client.send(.listNetworks(ListNetworksRequest()), requestID: id)
                    #expect(try await client.message(for: id) == .networks(FakeResponder.networks), "request \(id)")
                }
                // An id is free again once its final frame has arrived, even while the server's task
                // for the earlier request is still returning.
                for round in 1...3 {
                    try await client.send(.listNetworks(ListNetworksRequest()), requestID: 7)
                    #expect(try await client.message(for: 7) == .networks(FakeResponder.networks), "round \(round)")
                }
            }
        }
    }

    @Test func aRequestIDAlreadyInFlightIsAConnectionError() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.send(.trend(TrendRequest(indicator: "slow", municipalities: [])), requestID: 1)
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 1)
                let error = try await client.connectionError()
                #expect(error.code == .malformedFrame)
                #expect(error.message.contains("already in flight"))
            }
        }
    }

    @Test func malformedPayloadIsARequestErrorAndTheConnectionStaysUsable() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                // Not CBOR at all (a reserved initial byte).
                try await client.sendRaw(TestClient.header(length: 1, type: 0x0012, requestID: 5) + [0xFC])
                #expect(try await client.error(for: 5).code == .invalidPayload)
                // Well-formed CBOR, but a rank without its required fields.
                try await client.sendRaw(TestClient.header(length: 1, type: 0x0020, requestID: 6) + [0xA0])
                #expect(try await client.error(for: 6).code == .invalidPayload)
                // An empty payload.
                try await client.sendRaw(TestClient.header(length: 0, type: 0x0012, requestID: 7))
                #expect(try await client.error(for: 7).code == .invalidPayload)
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 8)
                #expect(try await client.message(for: 8) == .networks(FakeResponder.networks))
                try await client.ping(1)
            }
        }
    }

    @Test func badConnectionLevelPayloadIsAConnectionError() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.sendRaw(TestClient.header(length: 1, type: 0x0003) + [0xA0])
                #expect(try await client.connectionError().code == .invalidPayload)
            }
        }
    }

    @Test func compressedRequestsAreInflatedAndLargeAnswersCompressed() async throws {
        let responder = FakeResponder(exportBatches: 1, exportPayloadBytes: 8 * 1024)
        try await withServer(responder: responder) { server in
            try await server.connect { client in
                try await client.handshake()
                let observations = (0..<200).map { index in
                    ObservationRecord(indicator: "hme", municipality: "0880", period: "2023", value: Double(index))
                }
                let frame = try client.codec.frame(
                    .submit(SubmitRequest(idempotencyKey: "k1", observations: observations)),
                    requestID: 1
                )
                #expect(frame.flags.contains(.compressed))
                try await client.send(frame)
                guard case .submitResult(let result) = try await client.message(for: 1) else {
                    Issue.record("expected a submit result")
                    return
                }
                #expect(result.inserted == 200)

                try await client.send(.export(ExportRequest()), requestID: 2)
                let batch = try await client.nextFrame(for: 2)
                #expect(batch.flags == [.compressed, .endOfStream])
                guard case .exportBatch(let decoded) = try client.codec.message(in: batch) else {
                    Issue.record("expected an export batch")
                    return
                }
                #expect(decoded.observations.first?.source?.count == 8 * 1024)
            }
        }
    }

    @Test func compressionProblemsAreRequestErrors() async throws {
        let limits = WireLimits(maxDecompressedLength: 2000)
        try await withServer(.testing(limits: limits)) { server in
            try await server.connect { client in
                try await client.handshake(.testing(compression: []))
                // Compressed without agreement.
                let frame = try FrameCodec(compression: CompressionPolicy(threshold: 0))
                    .frame(.listNetworks(ListNetworksRequest()), requestID: 1)
                #expect(frame.flags.contains(.compressed))
                try await client.send(frame)
                #expect(try await client.error(for: 1).code == .malformedFrame)
                try await client.ping(1)
            }
            try await server.connect { client in
                try await client.handshake()
                // Not a zlib stream.
                try await client.sendRaw(
                    TestClient.header(length: 3, flags: 0x01, type: 0x0012, requestID: 2) + [1, 2, 3]
                )
                #expect(try await client.error(for: 2).code == .malformedFrame)
                // Inflates past maxDecompressedLength.
                let observations = (0..<100).map { _ in
                    ObservationRecord(indicator: "hme", municipality: "0880", period: "2023", source: "padding")
                }
                let submit = WireMessage.submit(SubmitRequest(idempotencyKey: "k", observations: observations))
                let frame = try client.codec.frame(submit, requestID: 3)
                #expect(frame.flags.contains(.compressed))
                try await client.send(frame)
                #expect(try await client.error(for: 3).code == .decompressedTooLarge)
                try await client.ping(2)
            }
        }
    }

    @Test func responderFailuresBecomeErrorFrames() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                let rank = RankRequest(indicator: "nope", period: "2023", set: ComparisonSet(kind: .country))
                try await client.send(.rank(rank), requestID: 1)
                let notFound = try await client.error(for: 1)
                #expect(notFound.code == .notFound)
                #expect(notFound.message == "no indicator nope")

                let compare = CompareRequest(indicators: [], period: "2023", set: .country)
                try await client.send(.compare(compare), requestID: 2)
                let internalError = try await client.error(for: 2)
                #expect(internalError.code == .internalError)
                #expect(!internalError.message.contains("on fire"))
                try await client.ping(1)
            }
            // The detail is logged for the operator, with the request's metadata.
            #expect(await eventually { server.logs.text.contains("on fire") })
            let record = try #require(server.logs.all.first { $0.message == "responder failed" })
            #expect(record.metadata["request"] == "2")
            #expect(record.metadata["type"] == "compare")
            #expect(record.metadata["connection"] != nil)
        }
    }

    @Test func answersBeyondTheClientsAnnouncedLimitsAreFrameTooLarge() async throws {
        let responder = FakeResponder(exportBatches: 2, exportPayloadBytes: 4096)
        try await withServer(responder: responder) { server in
            try await server.connect { client in
                try await client.handshake(.testing(compression: [], limits: WireLimits(maxFrameLength: 1024)))
                try await client.send(.export(ExportRequest()), requestID: 1)
                let error = try await client.error(for: 1)
                #expect(error.code == .frameTooLarge)
                // Small answers still flow.
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 2)
                #expect(try await client.message(for: 2) == .networks(FakeResponder.networks))
            }
        }
    }

    @Test func protocolViolationsAreMalformedFrameConnectionErrors() async throws {
        try await withServer { server in
            // A request with request id 0.
            try await server.connect { client in
                try await client.handshake()
                try await client.send(.listNetworks(ListNetworksRequest()), requestID: 0)
                #expect(try await client.connectionError().code == .malformedFrame)
            }
            // A connection-level type with a non-zero id.
            try await server.connect { client in
                try await client.handshake()
                try await client.send(.ping(Ping(nonce: 1)), requestID: 4)
                #expect(try await client.connectionError().code == .malformedFrame)
            }
            // A response type from the client.
            try await server.connect { client in
                try await client.handshake()
                try await client.send(.networks(FakeResponder.networks), requestID: 1)
                #expect(try await client.connectionError().code == .malformedFrame)
            }
            // The error flag on a request.
            try await server.connect { client in
                try await client.handshake()
                var frame = try client.codec.frame(.listNetworks(ListNetworksRequest()), requestID: 1)
                frame.flags.insert(.error)
                try await client.send(frame)
                #expect(try await client.connectionError().code == .malformedFrame)
            }
            // An error frame from the client with a request id.
            try await server.connect { client in
                try await client.handshake()
                try await client.send(
                    .error(ErrorMessage(code: .internalError, message: "x", requestID: 3)),
                    requestID: 3
                )
                #expect(try await client.connectionError().code == .malformedFrame)
            }
        }
    }

    @Test func aClientsConnectionErrorClosesTheConnection() async throws {
        try await withServer { server in
            try await server.connect { client in
                try await client.handshake()
                try await client.send(.error(ErrorMessage(code: .malformedFrame, message: "bye", requestID: 0)))
                let frames = try await client.expectClosed()
                #expect(frames.isEmpty)
            }
        }
    }
}
