public import JamforWire
public import NIOSSL

/// How a ``JamforClient`` connects: where, as whom, over what, and how long it waits.
public struct ClientConfiguration: Sendable {
    /// The server to connect to.
    public var address: ServerAddress
    /// Who the client claims to be; `nil` asks for anonymous, public-only access (which a server may
    /// refuse).
    public var credentials: Credentials?
    /// TLS from the first byte, or `nil` for plain TCP.
    public var tls: TLSConfiguration?
    /// The name sent in TLS's server name indication and checked against the server's certificate;
    /// `nil` uses the host when it is a name. For an IP address the certificate is checked against
    /// the address.
    public var tlsServerName: String?
    /// How long connecting may take: TCP, TLS and the protocol handshake together.
    public var connectTimeout: Duration
    /// How long one request may wait for its answer, including waiting for a free request slot;
    /// for an export, how long the consumer may wait for each next batch.
    public var requestTimeout: Duration
    /// The client program's name, for the server's logs.
    public var clientName: String
    /// Whether to offer zlib compression; the server decides whether it is used.
    public var compression: Bool

    public init(
        address: ServerAddress,
        credentials: Credentials? = nil,
        tls: TLSConfiguration? = nil,
        tlsServerName: String? = nil,
        connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(30),
        clientName: String = "jamfor/1",
        compression: Bool = true
    ) {
        self.address = address
        self.credentials = credentials
        self.tls = tls
        self.tlsServerName = tlsServerName
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.clientName = clientName
        self.compression = compression
    }

    /// The name for SNI and certificate checks: ``tlsServerName``, else the host, unless it is an IP
    /// address (which SNI cannot carry; NIOSSL then checks the certificate against the peer's address).
    var effectiveServerName: String? {
        let name = tlsServerName ?? address.host
        return ServerAddress.isIPAddress(name) ? nil : name
    }

    /// The `hello` this configuration sends.
    var hello: Hello {
        Hello(
            supportedVersions: WireVersion.supported,
            clientName: clientName,
            credentials: credentials,
            compression: compression ? [CompressionAlgorithm.zlib] : [],
            limits: Self.receiveLimits
        )
    }

    /// What the client accepts in the frames it receives, announced in `Hello.limits`: the protocol's
    /// defaults, which are also what a server enforces by default.
    static let receiveLimits = WireLimits()
}
