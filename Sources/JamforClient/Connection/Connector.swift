import JamforWire
import JamforWireNIO
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens the TCP (and TLS) connection and sets up its pipeline: TLS, the frame decoder with the
/// client's receive limits (which also recognises a server of another protocol), the frame encoder,
/// and an `NIOAsyncChannel` whose inbound buffer is small, so that a reader that stops reading soon
/// stops the socket being read.
enum Connector {
    /// How many frames the channel buffers ahead of the frame reader before it stops reading.
    static let inboundBackPressure = NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark(
        lowWatermark: 2,
        highWatermark: 8
    )

    /// Connects to the configured address within the connect timeout.
    /// - Throws: ``ClientError/cannotConnect(_:reason:)``, ``ClientError/timedOut(operation:after:)``
    ///   or ``ClientError/invalidAddress(_:reason:)``; `CancellationError` when the task is cancelled.
    static func connect(_ configuration: ClientConfiguration) async throws -> NIOAsyncChannel<Frame, Frame> {
        let address = configuration.address
        guard (1...65535).contains(address.port) else {
            throw ClientError.invalidAddress(
                address.description,
                reason: "the port \(address.port) is out of range; give a port from 1 to 65535"
            )
        }
        let sslContext: NIOSSLContext?
        do {
            sslContext = try configuration.tls.map { try NIOSSLContext(configuration: $0) }
        } catch {
            throw ClientError.cannotConnect(address, reason: "the TLS configuration cannot be used (\(error))")
        }
        let serverName = configuration.effectiveServerName
        let limits = FrameLimits(ClientConfiguration.receiveLimits)
        do {
            return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(configuration.connectTimeout))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: address.host, port: address.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let sslContext {
                            try pipeline.addHandler(
                                NIOSSLClientHandler(context: sslContext, serverHostname: serverName)
                            )
                        }
                        try pipeline.addHandler(ByteToMessageHandler(ClientFrameDecoder(limits: limits)))
                        try pipeline.addHandler(MessageToByteHandler(FrameEncoder()))
                        return try NIOAsyncChannel<Frame, Frame>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(backPressureStrategy: inboundBackPressure)
                        )
                    }
                }
        } catch ChannelError.connectTimeout {
            throw ClientError.connectTimedOut(address, after: configuration.connectTimeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ClientError.cannotConnect(address, reason: reason(error))
        }
    }

    /// A short explanation of a connection failure, for ``ClientError`` messages.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return "the host name \"\(error.host)\" could not be resolved"
            }
            if let first = error.connectionErrors.first { return reason(first.error) }
            return "no address of \"\(error.host)\" could be connected to"
        case is SocketAddressError:
            return "the host name could not be resolved"
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED: return "the connection was refused (nothing listens on that port)"
            case ECONNRESET: return "the connection was reset"
            case ENETUNREACH, EHOSTUNREACH: return "the network or host is unreachable"
            case ETIMEDOUT: return "the connection attempt timed out"
            default: return "\(error)"
            }
        case let error as NIOSSLError:
            return "the TLS handshake failed (\(error)); check --tls-ca and that the certificate names the host"
        case let error as BoringSSLError:
            return "the TLS handshake failed (\(error)); check --tls-ca and that the certificate names the host"
        case let error as NIOSSLExtraError:
            return "TLS could not be set up (\(error))"
        case ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.outputClosed:
            return "the connection is closed"
        default:
            return "\(error)"
        }
    }
}
