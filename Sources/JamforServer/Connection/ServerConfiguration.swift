public import JamforWire
public import NIOSSL

/// How a ``JamforServer`` listens and what it allows on each connection.
public struct ServerConfiguration: Sendable {
    /// The address to bind (default `"127.0.0.1"`, loopback only).
    public var host: String
    /// The TCP port to bind (default 7411); 0 asks the system for a free port, which
    /// ``JamforServer/listeningAddress()`` then reports.
    public var port: Int
    /// TLS for every connection from its first byte, or `nil` for plain TCP. The caller loads the
    /// certificate chain and private key into the configuration.
    public var tls: TLSConfiguration?
    /// The limits announced in `Welcome.limits` and enforced on every connection (frame length,
    /// decompressed length, nesting depth, requests in flight, submit batch size).
    public var limits: WireLimits
    /// The most connections served at once. A connection beyond it is answered with a
    /// connection-level `tooManyRequests` error and closed.
    public var maxConnections: Int
    /// A connection on which nothing has been received, and to which nothing has been sent, for this
    /// long is closed. Pings count as traffic.
    public var idleTimeout: Duration
    /// A connection that has not completed its handshake (TLS, then `hello`) within this time is
    /// closed.
    public var handshakeTimeout: Duration
    /// Whether zlib compression is agreed when a client offers it.
    public var allowsCompression: Bool
    /// Payloads of at least this many bytes are sent compressed when compression is agreed; announced
    /// in `Welcome.compressionThreshold`.
    public var compressionThreshold: Int
    /// The name announced in `Welcome.serverName`.
    public var serverName: String
    /// How long a graceful shutdown lets requests in flight finish before it cancels them.
    public var shutdownGracePeriod: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 7411,
        tls: TLSConfiguration? = nil,
        limits: WireLimits = WireLimits(),
        maxConnections: Int = 1024,
        idleTimeout: Duration = .seconds(300),
        handshakeTimeout: Duration = .seconds(10),
        allowsCompression: Bool = true,
        compressionThreshold: Int = CompressionPolicy.defaultThreshold,
        serverName: String = "jamfor-server/0.1",
        shutdownGracePeriod: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.limits = limits
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.handshakeTimeout = handshakeTimeout
        self.allowsCompression = allowsCompression
        self.compressionThreshold = compressionThreshold
        self.serverName = serverName
        self.shutdownGracePeriod = shutdownGracePeriod
    }
}
