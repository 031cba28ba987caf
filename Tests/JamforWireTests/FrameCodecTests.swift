import Foundation
import Testing

@testable import JamforWire

@Suite struct FrameCodecTests {
    static func header(length: UInt32, version: UInt8 = 1, flags: UInt8 = 0, type: UInt16 = 3, request: UInt32 = 0)
        -> [UInt8]
    {
        var bytes: [UInt8] = []
        FrameHeader(
            payloadLength: length,
            version: version,
            flags: FrameFlags(rawValue: flags),
            type: MessageType(rawValue: type),
            requestID: request
        ).write(into: &bytes)
        return bytes
    }

    @Test func headerLayoutIsTwelveBigEndianBytes() {
        #expect(
            hexString(Self.header(length: 0x0102_0304, version: 1, flags: 0x06, type: 0x0021, request: 0xa0b0_c0d0))
                == "01020304" + "01" + "06" + "0021" + "a0b0c0d0"
        )
    }

    @Test func framesRoundTrip() throws {
        let codec = FrameCodec()
        let frame = try codec.frame(.ping(Ping(nonce: 42)), requestID: 0, flags: [])
        let bytes = frame.bytes
        let parsed = try #require(try bytes.withUnsafeBytes { try codec.parseFrame($0) })
        #expect(parsed.consumed == bytes.count)
        #expect(parsed.frame == frame)
        #expect(try codec.message(in: parsed.frame) == .ping(Ping(nonce: 42)))
    }

    @Test func errorMessagesGetTheErrorFlag() throws {
        let frame = try FrameCodec().frame(
            .error(ErrorMessage(code: .notFound, message: "x", requestID: 3)),
            requestID: 3
        )
        #expect(frame.flags == [.error, .endOfStream])
        // The error flag is the codec's: added to error messages, removed from all others.
        let ping = try FrameCodec().frame(.ping(Ping(nonce: 1)), requestID: 0, flags: [.error])
        #expect(ping.flags == [])
    }

    static let sample: [WireMessage] = [
        .hello(Hello(clientName: "c")),
        .welcome(Welcome(version: 1, serverName: "s", principal: Principal(name: "anonymous"), limits: WireLimits())),
        .ping(Ping(nonce: 1)), .pong(Pong(nonce: 1)), .error(ErrorMessage(code: .notFound, message: "x", requestID: 2)),
        .cancel(Cancel(requestID: 2)), .listNetworks(ListNetworksRequest()),
        .networks(ListNetworksResponse(networks: [])), .exportBatch(ExportBatch(sequence: 0, observations: [])),
    ]

    @Test func onlyAnswersAreResponses() {
        let answers: Set<MessageType> = [
            .welcome, .pong, .error, .municipalities, .networks, .indicators, .rankResult, .compareResult,
            .trendResult, .submitResult, .exportBatch,
        ]
        for (type, name) in MessageType.version1 {
            #expect(type.isResponse == answers.contains(type), "\(name)")
            // Apart from the connection-level types, responses are exactly the odd codes.
            if type.rawValue >= 0x10 { #expect(type.isResponse == (type.rawValue % 2 == 1), "\(name)") }
        }
        #expect(!MessageType(rawValue: 0x7777).isResponse)
    }

    @Test func defaultFlagsEndAnswersOnly() throws {
        let codec = FrameCodec()
        for message in Self.sample {
            let frame = try codec.frame(message, requestID: 0)
            var expected: FrameFlags = message.type.isResponse ? [.endOfStream] : []
            if message.type == .error { expected.insert(.error) }
            #expect(frame.flags == expected, "\(message.type)")
        }
        #expect(
            try codec.frame(.rank(RankRequest(indicator: "hme", period: "2023", set: .country)), requestID: 1).flags
                == []
        )
        // Explicit flags win: a batch that is not the last of its export has no end-of-stream.
        let batch = WireMessage.exportBatch(ExportBatch(sequence: 0, observations: []))
        #expect(try codec.frame(batch, requestID: 8, flags: []).flags == [])
        // Every golden vector but the non-final export batch uses the default flags.
        for vector in GoldenVectors.all where vector.name != "export-batch" {
            let codec = FrameCodec(compression: vector.compressed ? CompressionPolicy() : nil)
            let frame = try codec.frame(vector.message, requestID: vector.requestID)
            var expected = vector.flags
            if vector.compressed { expected.insert(.compressed) }
            if vector.message.type == .error { expected.insert(.error) }
            #expect(frame.flags == expected, "\(vector.name)")
        }
    }

    @Test func handshakeFramesAlwaysCarryVersionOne() throws {
        // A connection that negotiated a later version still writes hello and welcome as version 1.
        let codec = FrameCodec(compression: CompressionPolicy(threshold: 0), version: 2)
        for message in Self.sample {
            let frame = try codec.frame(message, requestID: 0)
            #expect(frame.version == (message.type.isHandshake ? 1 : 2), "\(message.type)")
            // Handshake frames are never compressed; everything else reaches the threshold of 0.
            #expect(frame.flags.contains(.compressed) == !message.type.isHandshake, "\(message.type)")
        }
        #expect(WireVersion.handshake == 1)
    }

    @Test func handshakeFramesAreAcceptedWithVersionOneAfterNarrowing() throws {
        let narrowed = FrameCodec(limits: FrameLimits(acceptedVersions: [2]))
        for type: MessageType in [.hello, .welcome] {
            let bytes = Self.header(length: 0, type: type.rawValue)
            let parsed = try bytes.withUnsafeBytes { try narrowed.parseFrame($0) }
            #expect(parsed?.frame.version == 1)
            // The handshake version is the only one they may carry, whatever else is accepted.
            let wide = FrameCodec(limits: FrameLimits(acceptedVersions: [1, 2]))
            #expect(throws: WireError.unsupportedVersion(2, supported: [1])) {
                try Self.header(length: 0, version: 2, type: type.rawValue).withUnsafeBytes { try wide.parseFrame($0) }
            }
        }
        // Any other frame must carry an accepted version, including an error before the handshake ends.
        for type: MessageType in [.ping, .error, .rank] {
            #expect(throws: WireError.unsupportedVersion(1, supported: [2])) {
                try Self.header(length: 0, type: type.rawValue, request: 1).withUnsafeBytes {
                    try narrowed.parseFrame($0)
                }
            }
        }
        // A welcome written by a version-2 codec reads back through a codec narrowed to version 2.
        let welcome = WireMessage.welcome(
            Welcome(version: 2, serverName: "s", principal: Principal(name: "anonymous"), limits: WireLimits())
        )
        let bytes = try FrameCodec(version: 2).frame(welcome, requestID: 0).bytes
        let frame = try #require(try bytes.withUnsafeBytes { try narrowed.parseFrame($0) }).frame
        #expect(try narrowed.message(in: frame) == welcome)
    }

    @Test func messagesAreDecodedInTheFramesVersion() throws {
        let payload = try WireMessage.ping(Ping(nonce: 5)).encodePayload()
        #expect(throws: WireError.unknownMessageType(.ping, version: 2)) {
            try payload.withUnsafeBytes { try WireMessage.decode(type: .ping, version: 2, payload: $0) }
        }
        #expect(throws: WireError.unknownMessageType(MessageType(rawValue: 0x7777), version: 1)) {
            try payload.withUnsafeBytes { try WireMessage.decode(type: MessageType(rawValue: 0x7777), payload: $0) }
        }
        let frame = Frame(version: 2, flags: [], type: .ping, requestID: 0, payload: payload)
        #expect(throws: WireError.unknownMessageType(.ping, version: 2)) { try FrameCodec().message(in: frame) }
        #expect(
            try FrameCodec().message(in: Frame(flags: [], type: .ping, requestID: 0, payload: payload))
                == .ping(Ping(nonce: 5))
        )
    }

    @Test func errorFlagMustMatchTheType() throws {
        let codec = FrameCodec()
        let ping = try WireMessage.ping(Ping(nonce: 5)).encodePayload()
        let flagged = Frame(flags: [.error, .endOfStream], type: .ping, requestID: 0, payload: ping)
        #expect(throws: WireError.errorFlagMismatch(.ping, flags: [.error, .endOfStream])) {
            try codec.message(in: flagged)
        }
        let error = try WireMessage.error(ErrorMessage(code: .notFound, message: "x", requestID: 4)).encodePayload()
        let unflagged = Frame(flags: [.endOfStream], type: .error, requestID: 4, payload: error)
        #expect(throws: WireError.errorFlagMismatch(.error, flags: [.endOfStream])) { try codec.message(in: unflagged) }
        // Checked before the payload is looked at: even a compressed frame without agreed compression.
        let compressed = Frame(flags: [.compressed, .error], type: .rank, requestID: 4, payload: [0x00])
        #expect(throws: WireError.errorFlagMismatch(.rank, flags: [.compressed, .error])) {
            try codec.message(in: compressed)
        }
        #expect(WireError.errorFlagMismatch(.ping, flags: [.error]).code == .malformedFrame)
        #expect(
            "\(WireError.errorFlagMismatch(.ping, flags: [.error]))".contains(
                "ping frame set the error flag (flags 0x4)"
            )
        )
        #expect(
            "\(WireError.errorFlagMismatch(.error, flags: [.endOfStream]))".contains(
                "without the error flag (flags 0x2)"
            )
        )
        // With matching flags the same payloads decode.
        let errorFrame = Frame(flags: [.error, .endOfStream], type: .error, requestID: 4, payload: error)
        #expect(try codec.message(in: errorFrame) == .error(ErrorMessage(code: .notFound, message: "x", requestID: 4)))
    }

    @Test func announcedLimitsBecomeFrameLimits() throws {
        // One source of truth for the defaults.
        #expect(FrameLimits() == FrameLimits(WireLimits()))
        #expect(FrameLimits().maxFrameLength == 16 << 20)
        #expect(FrameLimits().maxDecompressedLength == 64 << 20)
        #expect(FrameLimits().maxNestingDepth == 64)
        let announced = WireLimits(maxFrameLength: 4096, maxDecompressedLength: 65536, maxNestingDepth: 16)
        #expect(
            FrameLimits(announced, acceptedVersions: [1])
                == FrameLimits(
                    maxFrameLength: 4096,
                    maxDecompressedLength: 65536,
                    maxNestingDepth: 16,
                    acceptedVersions: [1]
                )
        )
        let limits = FrameLimits(WireLimits(maxFrameLength: .max, maxDecompressedLength: .max))
        #expect(limits.maxFrameLength == Int(UInt32.max) && limits.maxDecompressedLength == Int(UInt32.max))
    }

    @Test func helloCarriesOptionalClientLimits() throws {
        let limits = WireLimits(maxFrameLength: 1 << 20, maxDecompressedLength: 8 << 20, maxNestingDepth: 32)
        let hello = WireMessage.hello(Hello(clientName: "c", compression: [], limits: limits))
        let payload = try hello.encodePayload()
        // Key 5 holds the limits, after the other keys.
        #expect(hexString(payload).hasPrefix("a4" + "01d8404101" + "026163" + "0480" + "05a5011a00100000"))
        #expect(try payload.withUnsafeBytes { try WireMessage.decode(type: .hello, payload: $0) } == hello)
        // Without key 5 a hello decodes with no limits.
        let anonymous = try #require(GoldenVectors.all.first { $0.name == "hello-anonymous" })
        guard
            case .hello(let decoded) = try anonymous.message.encodePayload().withUnsafeBytes({
                try WireMessage.decode(type: .hello, payload: $0)
            })
        else {
            Issue.record("not a hello")
            return
        }
        #expect(decoded.limits == nil)
    }

    @Test func framesLargerThanThePeerAcceptsAreNotBuilt() throws {
        let message = WireMessage.exportBatch(GoldenVectors.largeExport)
        let length = try message.encodePayload().count
        #expect(throws: WireError.payloadTooLarge(length: length, limit: 1000)) {
            try FrameCodec(peerMaxFrameLength: 1000).frame(message, requestID: 8)
        }
        #expect(WireError.payloadTooLarge(length: length, limit: 1000).code == .frameTooLarge)
        // Exactly the limit is fine, and the limit applies to the payload as it travels.
        #expect(try FrameCodec(peerMaxFrameLength: length).frame(message, requestID: 8).payload.count == length)
        let compressed = try FrameCodec(compression: CompressionPolicy(), peerMaxFrameLength: 10_000)
            .frame(message, requestID: 8)
        #expect(compressed.flags.contains(.compressed) && compressed.payload.count <= 10_000)
        // Without an announced limit only the 32-bit header field bounds a frame.
        #expect(try FrameCodec().frame(message, requestID: 8).payload.count == length)
    }

    @Test func oversizedFrameIsRefusedFromItsHeaderAlone() {
        let codec = FrameCodec(limits: FrameLimits(maxFrameLength: 1000))
        // Only the header has arrived: the refusal does not wait for the 1001 payload bytes.
        let bytes = Self.header(length: 1001)
        #expect(throws: WireError.frameTooLarge(length: 1001, limit: 1000)) {
            try bytes.withUnsafeBytes { try codec.parseFrame($0) }
        }
        #expect(throws: WireError.frameTooLarge(length: .max, limit: 16 << 20)) {
            try Self.header(length: .max).withUnsafeBytes { try FrameCodec().parseFrame($0) }
        }
    }

    @Test func unknownVersionsTypesAndFlagsAreRefused() {
        let codec = FrameCodec()
        #expect(throws: WireError.unsupportedVersion(9, supported: [1])) {
            try Self.header(length: 0, version: 9).withUnsafeBytes { try codec.parseFrame($0) }
        }
        #expect(throws: WireError.unknownMessageType(MessageType(rawValue: 0x7777), version: 1)) {
            try Self.header(length: 0, type: 0x7777).withUnsafeBytes { try codec.parseFrame($0) }
        }
        #expect(throws: WireError.reservedFlags(0x81)) {
            try Self.header(length: 0, flags: 0x81).withUnsafeBytes { try codec.parseFrame($0) }
        }
        // After the handshake a connection accepts only the negotiated version.
        let narrowed = FrameCodec(limits: FrameLimits(acceptedVersions: [2]))
        #expect(throws: WireError.unsupportedVersion(1, supported: [2])) {
            try Self.header(length: 0).withUnsafeBytes { try narrowed.parseFrame($0) }
        }
    }

    @Test func largePayloadsAreCompressedOnlyWhenAgreed() throws {
        let message = WireMessage.exportBatch(GoldenVectors.largeExport)
        let plain = try FrameCodec().frame(message, requestID: 1)
        #expect(!plain.flags.contains(.compressed))
        let codec = FrameCodec(compression: CompressionPolicy(threshold: 1024))
        let compressed = try codec.frame(message, requestID: 1)
        #expect(compressed.flags.contains(.compressed))
        #expect(compressed.payload.count < plain.payload.count / 4)
        #expect(Array(compressed.payload.prefix(2)) == [0x78, 0x9c])
        #expect(try codec.message(in: compressed) == message)
        // Small payloads stay plain even when compression is agreed.
        #expect(!(try codec.frame(.ping(Ping(nonce: 1)), requestID: 0)).flags.contains(.compressed))
        // A compressed frame where none was agreed is refused.
        #expect(throws: WireError.compressionNotNegotiated(.exportBatch)) { try FrameCodec().message(in: compressed) }
    }

    @Test func zlibBombStopsAtTheLimit() throws {
        // 64 MiB of zeros compress to about 64 KiB.
        let zeros = [UInt8](repeating: 0, count: 64 << 20)
        let bomb = try zeros.withUnsafeBytes { try Zlib.compress($0) }
        #expect(bomb.count < 100_000)
        let frame = Frame(flags: [.compressed], type: .exportBatch, requestID: 1, payload: bomb)
        let codec = FrameCodec(limits: FrameLimits(maxDecompressedLength: 1 << 20), compression: CompressionPolicy())
        #expect(throws: WireError.decompressedTooLarge(limit: 1 << 20)) { try codec.message(in: frame) }
    }

    @Test func corruptCompressedPayloadsAreRefused() throws {
        let codec = FrameCodec(compression: CompressionPolicy())
        let good = try [UInt8](repeating: 7, count: 5000).withUnsafeBytes { try Zlib.compress($0) }
        for payload in [Array(good.prefix(good.count - 3)), [0x78, 0x9c, 0xff, 0xff], good + [0x00], [0x01]] {
            let frame = Frame(flags: [.compressed], type: .ping, requestID: 0, payload: payload)
            #expect {
                try codec.message(in: frame)
            } throws: { error in
                guard case WireError.corruptCompression = error else { return false }
                return true
            }
        }
    }

    @Test func invalidPayloadsNameTheirType() throws {
        let frame = Frame(flags: [], type: .rank, requestID: 5, payload: [0xa1, 0x01, 0x05])
        #expect {
            try FrameCodec().message(in: frame)
        } throws: { error in
            guard case WireError.invalidPayload(let type, let reason) = error else { return false }
            return type == .rank && reason.contains("typeMismatch")
        }
        // A nesting limit from the frame limits reaches the CBOR decoder.
        // {5: [[[…]]], 1: 1}: the deep value sits under a key Ping does not know.
        let deep = Frame(
            flags: [],
            type: .ping,
            requestID: 0,
            payload: [0xa2, 0x05] + [UInt8](repeating: 0x81, count: 20) + [0x80, 0x01, 0x01]
        )
        let codec = FrameCodec(limits: FrameLimits(maxNestingDepth: 8))
        #expect(throws: WireError.malformedPayload(.ping, .nestingTooDeep(limit: 8, offset: 9))) {
            try codec.message(in: deep)
        }
    }

    @Test func everyPrefixOfEveryVectorFrameIsIncompleteNotAnError() throws {
        for vector in GoldenVectors.all {
            let codec = FrameCodec(compression: vector.compressed ? CompressionPolicy() : nil)
            let bytes = try codec.frame(vector.message, requestID: vector.requestID, flags: vector.flags).bytes
            for length in 0..<bytes.count {
                let result = try Array(bytes.prefix(length)).withUnsafeBytes { try codec.parseFrame($0) }
                #expect(result == nil, "\(vector.name) cut at \(length)")
            }
            // A frame whose payload is cut short but whose header claims the cut length decodes to an error.
            for length in stride(from: 0, to: bytes.count - FrameHeader.size, by: max(1, (bytes.count - 12) / 200)) {
                var frame = try #require(try bytes.withUnsafeBytes { try codec.parseFrame($0) }).frame
                frame.payload = Array(frame.payload.prefix(length))
                #expect(throws: WireError.self, "\(vector.name) payload cut at \(length)") {
                    try codec.message(in: frame)
                }
            }
        }
    }

    @Test func severalFramesInOneBufferAreReadInOrder() throws {
        let codec = FrameCodec()
        let bytes = try [1, 2, 3].flatMap { try codec.frame(.ping(Ping(nonce: $0)), requestID: 0, flags: []).bytes }
        var offset = 0
        var nonces: [UInt64] = []
        while let (frame, consumed) = try Array(bytes[offset...]).withUnsafeBytes({ try codec.parseFrame($0) }) {
            if case .ping(let ping) = try codec.message(in: frame) { nonces.append(ping.nonce) }
            offset += consumed
        }
        #expect(nonces == [1, 2, 3])
        #expect(offset == bytes.count)
    }
}
