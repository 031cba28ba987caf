import JamforWire
import Testing

@testable import JamforServer

/// The connection's outbound encoder builds the same frames as `FrameCodec.frame`, and refuses what
/// the client's announced limits forbid.
@Suite struct ConnectionEncoderTests {
    static let big = WireMessage.exportBatch(
        ExportBatch(
            sequence: 4,
            observations: (0..<100).map { index in
                ObservationRecord(indicator: "hme", municipality: "0880", period: "2023", value: Double(index))
            }
        )
    )

    @Test(arguments: [nil, CompressionPolicy()])
    func framesMatchTheReferenceCodec(compression: CompressionPolicy?) throws {
        let encoder = OutboundEncoder(compression: compression)
        let codec = FrameCodec(compression: compression)
        let messages: [(WireMessage, UInt32, Bool)] = [
            (Self.big, 9, false),
            (Self.big, 9, true),
            (.pong(Pong(nonce: 3)), 0, true),
            (.error(ErrorMessage(code: .notFound, message: "no such thing", requestID: 5)), 5, true),
            (
                .welcome(Welcome(version: 1, serverName: "s", principal: Principal(name: "p"), limits: WireLimits())),
                0, true
            ),
        ]
        for (message, id, final) in messages {
            let flags: FrameFlags = final ? [.endOfStream] : []
            #expect(
                try encoder.frame(message, requestID: id, final: final)
                    == codec.frame(message, requestID: id, flags: flags)
            )
        }
    }

    @Test func clientLimitsAreRespected() throws {
        var encoder = OutboundEncoder(compression: CompressionPolicy())
        let plain = try Self.big.encodePayload().count
        encoder.adopt(peerLimits: WireLimits(maxDecompressedLength: UInt32(plain - 1)))
        #expect(throws: WireError.self) { try encoder.frame(Self.big, requestID: 1, final: true) }
        encoder.adopt(peerLimits: WireLimits(maxFrameLength: 10))
        #expect(throws: WireError.self) { try encoder.frame(Self.big, requestID: 1, final: true) }
        // An error that does not fit loses its message; one that still does not fit is not sent.
        let error = try #require(encoder.errorFrame(.frameTooLarge, String(repeating: "x", count: 100), requestID: 1))
        #expect(error.payload.count <= 10)
        encoder.adopt(peerLimits: WireLimits(maxFrameLength: 2))
        #expect(encoder.errorFrame(.frameTooLarge, "x", requestID: 1) == nil)
    }
}
