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
        #expect(throws: WireError.malformedPayload(.ping, .nestingTooDeep(limit: 8, offset: 10))) {
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
