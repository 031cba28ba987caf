import JamforWire
import NIOCore
import NIOEmbedded
import Testing

@testable import JamforWireNIO

@Suite struct FrameDecoderTests {
    func makeChannel(limits: FrameLimits = FrameLimits()) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(limits: limits)))
        return channel
    }

    @Test func framesArrivingByteByByteAreReassembled() throws {
        let channel = try makeChannel()
        let frames = try [1, 2].map { try FrameCodec().frame(.ping(Ping(nonce: $0)), requestID: 0, flags: []) }
        for byte in frames.flatMap(\.bytes) {
            var buffer = channel.allocator.buffer(capacity: 1)
            buffer.writeInteger(byte)
            try channel.writeInbound(buffer)
        }
        #expect(try channel.readInbound(as: Frame.self) == frames[0])
        #expect(try channel.readInbound(as: Frame.self) == frames[1])
        #expect(try channel.readInbound(as: Frame.self) == nil)
        #expect(try channel.finish().isClean)
    }

    @Test func oversizedFrameFailsOnItsHeaderBeforeTheBodyArrives() throws {
        let channel = try makeChannel(limits: FrameLimits(maxFrameLength: 100))
        var header: [UInt8] = []
        FrameHeader(payloadLength: 5000, version: 1, flags: [], type: .submit, requestID: 1).write(into: &header)
        #expect(throws: WireError.frameTooLarge(length: 5000, limit: 100)) {
            try channel.writeInbound(channel.allocator.buffer(bytes: header))
        }
        _ = try? channel.finish()
    }

    @Test func streamEndingInsideAFrameIsReported() throws {
        let channel = try makeChannel()
        let bytes = try FrameCodec().frame(.ping(Ping(nonce: 7)), requestID: 0).bytes
        try channel.writeInbound(channel.allocator.buffer(bytes: bytes.prefix(14)))
        #expect(throws: WireError.truncatedFrame(available: 14, needed: bytes.count)) { try channel.finish() }
    }

    @Test func encoderWritesHeaderAndPayload() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
        let frame = try FrameCodec().frame(.pong(Pong(nonce: 9)), requestID: 4)
        try channel.writeOutbound(frame)
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(Array(written.readableBytesView) == frame.bytes)
        #expect(try channel.finish().isClean)
    }
}
