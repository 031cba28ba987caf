import Foundation
import JamforWire
import NIOCore
import NIOPosix
import Testing

@testable import JamforWireNIO

/// Answers each frame on a real TCP connection: a ping with a pong, anything else with its own
/// message, and a frame it cannot decode with an error frame.
final class EchoHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = Frame
    typealias OutboundOut = Frame

    let codec = FrameCodec(compression: CompressionPolicy())

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = Self.unwrapInboundIn(data)
        let reply: WireMessage
        do {
            switch try codec.message(in: frame) {
            case .ping(let ping): reply = .pong(Pong(nonce: ping.nonce))
            case let other: reply = other
            }
        } catch let error as WireError {
            reply = .error(ErrorMessage(code: error.code, message: "\(error)", requestID: frame.requestID))
        } catch {
            reply = .error(ErrorMessage(code: .internalError, message: "\(error)", requestID: frame.requestID))
        }
        do {
            let out = try codec.frame(reply, requestID: frame.requestID)
            context.writeAndFlush(Self.wrapOutboundOut(out), promise: nil)
        } catch {
            context.close(promise: nil)
        }
    }
}

/// Collects frames on the client side until a given number have arrived.
///
/// `@unchecked Sendable` is sound here: `frames` is only touched in handler callbacks, which all run on
/// the channel's one event loop, and the test reads the frames only through `done`, whose completion
/// happens after the last write.
final class Collector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = Frame

    private var frames: [Frame] = []
    private let expected: Int
    let done: EventLoopPromise<[Frame]>

    init(expected: Int, eventLoop: any EventLoop) {
        self.expected = expected
        self.done = eventLoop.makePromise()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        frames.append(Self.unwrapInboundIn(data))
        if frames.count == expected { done.succeed(frames) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        done.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.fail(ChannelError.eof)
    }
}

@Suite struct LoopbackTests {
    @Test func framesCrossARealTCPConnection() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
                    try channel.pipeline.syncOperations.addHandler(EchoHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)

        let clientLoop = group.next()
        let collector = Collector(expected: 3, eventLoop: clientLoop)
        let client = try await ClientBootstrap(group: clientLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()

        let codec = FrameCodec(compression: CompressionPolicy())
        let observations = (0..<3000).map { index in
            ObservationRecord(
                indicator: ["hme", "nki", "sick-leave", "turnover"][index % 4],
                municipality: String(format: "%04d", 100 + index % 290),
                period: "2023",
                value: Double(index % 1000) / 10,
                source: "synthetic:loopback-test"
            )
        }
        let big = WireMessage.exportBatch(ExportBatch(sequence: 0, observations: observations))
        try await client.writeAndFlush(try codec.frame(.ping(Ping(nonce: 77)), requestID: 0, flags: [])).get()
        try await client.writeAndFlush(try codec.frame(big, requestID: 5)).get()
        // A payload that is not a Rank request: the server answers with an error frame for request 6.
        try await client.writeAndFlush(Frame(flags: [], type: .rank, requestID: 6, payload: [0x01])).get()

        let frames = try await collector.done.futureResult.get()
        #expect(try codec.message(in: frames[0]) == .pong(Pong(nonce: 77)))
        #expect(frames[1].flags.contains(.compressed))
        #expect(frames[1].requestID == 5)
        #expect(try codec.message(in: frames[1]) == big)
        #expect(frames[2].flags.contains(.error) && frames[2].requestID == 6)
        guard case .error(let error) = try codec.message(in: frames[2]) else {
            Issue.record("expected an error frame")
            return
        }
        #expect(error.code == .invalidPayload)

        try await client.close()
        try await server.close()
        try await group.shutdownGracefully()
    }
}
