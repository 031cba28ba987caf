import JamforClient
import JamforWire
import NIOCore
import NIOPosix
import Synchronization
import Testing

// A fake server for what a real one does not do on demand: never answering, answering the wrong
// request, streaming at full speed, pinging the client. It speaks raw frames (JamforWire's
// FrameCodec over a NIOAsyncChannel of bytes) and runs a script for each connection.

/// One accepted connection, as a script sees it. Used by one task.
final class ScriptedPeer {
    /// Decodes what the client sends and encodes what the script sends; compression is switched on
    /// by ``handshake(limits:compression:)`` when the script agrees to it.
    var codec = FrameCodec()
    let channel: any Channel
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var buffered: [UInt8] = []

    init(
        channel: any Channel,
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.channel = channel
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// The next frame from the client, or `nil` once it has closed the connection.
    func nextFrame() async throws -> Frame? {
        while true {
            let parsed = try buffered.withUnsafeBytes { try codec.parseFrame($0) }
            if let (frame, consumed) = parsed {
                buffered.removeFirst(consumed)
                return frame
            }
            guard let bytes = try await inbound.next() else { return nil }
            buffered += Array(bytes.readableBytesView)
        }
    }

    /// The next frame's message, or `nil` once the client has closed the connection. Pings are
    /// answered here, as every server must, and not returned.
    func nextMessage() async throws -> (frame: Frame, message: WireMessage)? {
        while let frame = try await nextFrame() {
            let message = try codec.message(in: frame)
            guard case .ping(let ping) = message else { return (frame, message) }
            try await send(.pong(Pong(nonce: ping.nonce)), requestID: 0)
        }
        return nil
    }

    /// Reads `hello` and answers with a `welcome` announcing `limits`, compressing from then on if
    /// `compression` and the client offered it.
    @discardableResult
    func handshake(limits: WireLimits = WireLimits(), compression: Bool = false) async throws -> Hello {
        guard let (_, message) = try await nextMessage(), case .hello(let hello) = message else {
            throw ScriptError("the client did not start with hello")
        }
        let agreed = compression && hello.compression.contains(CompressionAlgorithm.zlib)
        let welcome = Welcome(
            version: 1,
            serverName: "scripted/1",
            principal: Principal(name: hello.credentials?.user ?? "anonymous"),
            limits: limits,
            compression: agreed ? CompressionAlgorithm.zlib : nil,
            compressionThreshold: agreed ? 256 : nil
        )
        try await send(.welcome(welcome), requestID: 0)
        if agreed { codec.compression = CompressionPolicy(threshold: 256) }
        return hello
    }

    func send(_ message: WireMessage, requestID: UInt32, flags: FrameFlags? = nil) async throws {
        try await sendRaw(codec.frame(message, requestID: requestID, flags: flags).bytes)
    }

    func sendRaw(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// A handle that sends from another task, with the codec as it is now.
    var sender: ScriptedSender { ScriptedSender(codec: codec, outbound: outbound) }

    /// Reads until the client closes the connection; returns the frames that came.
    @discardableResult
    func drain() async throws -> [Frame] {
        var frames: [Frame] = []
        while let frame = try await nextFrame() { frames.append(frame) }
        return frames
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// Sends frames for a ``ScriptedPeer`` from a task other than the script's.
struct ScriptedSender: Sendable {
    let codec: FrameCodec
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    func send(_ message: WireMessage, requestID: UInt32) async throws {
        try await outbound.write(ByteBuffer(bytes: codec.frame(message, requestID: requestID).bytes))
    }
}

struct ScriptError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A fake server: each connection runs ``script`` in a task of its own; what a script throws ends its
/// connection.
struct ScriptedServer: Sendable {
    let script: @Sendable (ScriptedPeer) async throws -> Void

    init(_ script: @escaping @Sendable (ScriptedPeer) async throws -> Void) {
        self.script = script
    }

    /// Runs the server on a free loopback port while `body` runs, then stops it.
    func run<Result: Sendable>(_ body: (ServerAddress) async throws -> Result) async throws -> Result {
        let script = self.script
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = try #require(listener.channel.localAddress?.port)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await listener.executeThenClose { connections in
                    await withDiscardingTaskGroup { running in
                        do {
                            for try await connection in connections {
                                running.addTask {
                                    try? await connection.executeThenClose { inbound, outbound in
                                        let peer = ScriptedPeer(
                                            channel: connection.channel,
                                            inbound: inbound,
                                            outbound: outbound
                                        )
                                        try await script(peer)
                                    }
                                }
                            }
                        } catch {
                            // The listener was closed or cancelled: the test is over.
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            return try await body(ServerAddress(host: "127.0.0.1", port: port))
        }
    }
}

/// A free loopback port that nothing listens on: bound, then closed again.
func unusedPort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0)
        .get()
    let port = try #require(channel.localAddress?.port)
    try await channel.close()
    return port
}

/// Values that a script records for the test to check.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}

/// Waits until `condition` holds, polling it. It sets no deadline of its own, so that a slow machine
/// cannot fail a test here: the suite's time limit ends (and cancels) a wait that never ends.
func waitUntil(_ condition: () -> Bool) async throws {
    while !condition() {
        try await Task.sleep(for: .milliseconds(10))
    }
}
