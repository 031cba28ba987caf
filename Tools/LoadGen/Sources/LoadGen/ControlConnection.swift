import JamforWire
import JamforWireNIO
import NIOCore
import NIOPosix

/// A connection that sends one request at a time and hands back the decoded answer: used before the
/// load to read the server's catalog (networks, municipalities, indicators).
final class ControlHandler: ChannelInboundHandler {
    typealias InboundIn = Frame
    typealias OutboundOut = ByteBuffer

    private var codec = FrameCodec()
    private var pending: [UInt32: EventLoopPromise<WireMessage>] = [:]

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let promise = pending.removeValue(forKey: frame.requestID) else { return }
        do {
            let message = try codec.message(in: frame)
            if case .welcome(let welcome) = message {
                if welcome.compression == CompressionAlgorithm.zlib {
                    codec.compression = CompressionPolicy(threshold: Int(welcome.compressionThreshold ?? 1024))
                }
                codec.version = welcome.version
            }
            promise.succeed(message)
        } catch {
            promise.fail(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        for promise in pending.values { promise.fail(ControlError.closed) }
        pending.removeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        for promise in pending.values { promise.fail(error) }
        pending.removeAll()
        context.close(promise: nil)
    }

    /// Sends `message` with `requestID` (0 for hello) and returns its answer.
    func request(
        _ message: WireMessage,
        requestID: UInt32,
        context: ChannelHandlerContext
    ) -> EventLoopFuture<WireMessage> {
        let promise = context.eventLoop.makePromise(of: WireMessage.self)
        do {
            let frame = try codec.frame(message, requestID: requestID)
            pending[requestID] = promise
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: frame.bytes)), promise: nil)
        } catch {
            promise.fail(error)
        }
        return promise.futureResult
    }
}

enum ControlError: Error, CustomStringConvertible {
    case closed
    case refused(ErrorMessage)
    case unexpected(String)

    var description: String {
        switch self {
        case .closed: "the server closed the control connection"
        case .refused(let error): "the server answered \(error.code): \(error.message)"
        case .unexpected(let what): "unexpected answer: \(what)"
        }
    }
}

/// The control connection: connects, shakes hands, reads the catalog, closes.
enum ControlConnection {
    /// The server's welcome (to a hello like the load connections') and its catalog.
    static func fetchCatalog(
        host: String,
        port: Int,
        hello: Hello,
        group: any EventLoopGroup
    ) async throws -> (Welcome, Catalog) {
        let channel: any Channel
        do {
            channel = try await connect(host: host, port: port, group: group)
        } catch {
            throw LoadError("cannot connect to \(host):\(port): \(error)")
        }
        do {
            let welcome: Welcome
            switch try await ask(.hello(hello), requestID: 0, on: channel) {
            case .welcome(let accepted): welcome = accepted
            case .error(let error): throw ControlError.refused(error)
            case let other: throw ControlError.unexpected("\(other.type) instead of welcome")
            }
            guard
                case .networks(let networks) = try await expect(
                    ask(.listNetworks(ListNetworksRequest()), requestID: 1, on: channel)
                )
            else { throw ControlError.unexpected("not networks") }
            guard
                case .municipalities(let municipalities) = try await expect(
                    ask(.listMunicipalities(ListMunicipalitiesRequest()), requestID: 2, on: channel)
                )
            else { throw ControlError.unexpected("not municipalities") }
            guard
                case .indicators(let indicators) = try await expect(
                    ask(.listIndicators(ListIndicatorsRequest()), requestID: 3, on: channel)
                )
            else { throw ControlError.unexpected("not indicators") }
            try? await channel.close()
            let catalog = Catalog(
                networks: Dictionary(networks.networks.map { ($0.id, $0.members) }, uniquingKeysWith: { a, _ in a }),
                municipalities: municipalities.municipalities.map(\.code),
                directions: Dictionary(
                    indicators.indicators.map { ($0.id, $0.direction) },
                    uniquingKeysWith: { a, _ in a }
                )
            )
            return (welcome, catalog)
        } catch {
            try? await channel.close()
            throw error
        }
    }

    private static func connect(host: String, port: Int, group: any EventLoopGroup) async throws -> any Channel {
        try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(FrameDecoder()),
                        ControlHandler()
                    )
                }
            }
            .connect(host: host, port: port)
            .get()
    }

    /// `message` unless it is an error frame's, which is thrown.
    private static func expect(_ message: WireMessage) throws -> WireMessage {
        if case .error(let error) = message { throw ControlError.refused(error) }
        return message
    }

    private static func ask(_ message: WireMessage, requestID: UInt32, on channel: any Channel) async throws
        -> WireMessage
    {
        try await channel.eventLoop.flatSubmit {
            do {
                let context = try channel.pipeline.syncOperations.context(handlerType: ControlHandler.self)
                guard let handler = context.handler as? ControlHandler else {
                    throw ControlError.unexpected("no control handler")
                }
                return handler.request(message, requestID: requestID, context: context)
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        }.get()
    }
}
