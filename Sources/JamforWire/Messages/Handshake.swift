/// The first message a client sends on a new connection.
public struct Hello: Codable, Sendable, Hashable {
    /// Protocol versions the client can speak, in any order.
    public var supportedVersions: [UInt8]
    /// A name for the client program, for the server's logs (`"jamfor-cli/0.1"`).
    public var clientName: String
    /// Who the client claims to be; `nil` asks for anonymous, public-only access.
    public var credentials: Credentials?
    /// Compression algorithms the client accepts, in order of preference (`["zlib"]`).
    public var compression: [String]
    /// What the client accepts in the frames the server sends it, or `nil` to accept whatever the
    /// server's ``Welcome/limits`` allow. The server must not send a frame that breaks them;
    /// ``WireLimits/maxInFlightRequests`` and ``WireLimits/maxSubmitObservations`` have no meaning in
    /// this direction. The client enforces them with ``FrameLimits/init(_:acceptedVersions:)``.
    public var limits: WireLimits?

    public init(
        supportedVersions: [UInt8] = [WireVersion.current],
        clientName: String,
        credentials: Credentials? = nil,
        compression: [String] = [CompressionAlgorithm.zlib],
        limits: WireLimits? = nil
    ) {
        self.supportedVersions = supportedVersions
        self.clientName = clientName
        self.credentials = credentials
        self.compression = compression
        self.limits = limits
    }

    enum CodingKeys: Int, CodingKey {
        case supportedVersions = 1
        case clientName = 2
        case credentials = 3
        case compression = 4
        case limits = 5
    }
}

/// A user name and a secret token that the server checks at the handshake.
public struct Credentials: Codable, Sendable, Hashable {
    /// The account name.
    public var user: String
    /// The account's secret token.
    public var token: String

    public init(user: String, token: String) {
        self.user = user
        self.token = token
    }

    enum CodingKeys: Int, CodingKey {
        case user = 1
        case token = 2
    }
}

/// The server's answer to ``Hello``: the chosen version, who the client is, and the limits in force.
public struct Welcome: Codable, Sendable, Hashable {
    /// The protocol version every later frame on this connection uses.
    public var version: UInt8
    /// A name for the server program.
    public var serverName: String
    /// Who the server decided the client is.
    public var principal: Principal
    /// The limits the server enforces on this connection.
    public var limits: WireLimits
    /// The compression algorithm chosen from the client's offer, or `nil` for none.
    public var compression: String?
    /// Payloads of at least this many bytes are sent compressed when ``compression`` is set.
    public var compressionThreshold: UInt32?

    public init(
        version: UInt8,
        serverName: String,
        principal: Principal,
        limits: WireLimits,
        compression: String? = nil,
        compressionThreshold: UInt32? = nil
    ) {
        self.version = version
        self.serverName = serverName
        self.principal = principal
        self.limits = limits
        self.compression = compression
        self.compressionThreshold = compressionThreshold
    }

    enum CodingKeys: Int, CodingKey {
        case version = 1
        case serverName = 2
        case principal = 3
        case limits = 4
        case compression = 5
        case compressionThreshold = 6
    }
}

/// An authenticated identity and what it may see.
public struct Principal: Codable, Sendable, Hashable {
    /// The account name, or `"anonymous"`.
    public var name: String
    /// The municipality (SCB code) the account belongs to, if any.
    public var municipality: String?
    /// The networks whose unpublished figures this account may read and submit.
    public var networks: [String]

    public init(name: String, municipality: String? = nil, networks: [String] = []) {
        self.name = name
        self.municipality = municipality
        self.networks = networks
    }

    enum CodingKeys: Int, CodingKey {
        case name = 1
        case municipality = 2
        case networks = 3
    }
}

/// Limits a peer enforces: announced by the server in ``Welcome`` for the whole connection, and
/// optionally by the client in ``Hello`` for the frames it receives. ``FrameLimits/init(_:acceptedVersions:)``
/// turns them into the limits a receiver enforces.
public struct WireLimits: Codable, Sendable, Hashable {
    /// The protocol's default ``maxFrameLength``: 16 MiB.
    public static let defaultMaxFrameLength: UInt32 = 16 << 20
    /// The protocol's default ``maxDecompressedLength``: 64 MiB.
    public static let defaultMaxDecompressedLength: UInt32 = 64 << 20
    /// The protocol's default ``maxNestingDepth``: 64.
    public static let defaultMaxNestingDepth: UInt16 = 64
    /// The protocol's default ``maxInFlightRequests``: 32.
    public static let defaultMaxInFlightRequests: UInt16 = 32
    /// The protocol's default ``maxSubmitObservations``: 100 000.
    public static let defaultMaxSubmitObservations: UInt32 = 100_000

    /// Largest accepted payload, in bytes, as it travels (compressed or not).
    public var maxFrameLength: UInt32
    /// Largest accepted payload after decompression, in bytes.
    public var maxDecompressedLength: UInt32
    /// Deepest accepted nesting of CBOR arrays, maps and tags.
    public var maxNestingDepth: UInt16
    /// Most requests a client may have in flight at once.
    public var maxInFlightRequests: UInt16
    /// Most observations accepted in one ``SubmitRequest``.
    public var maxSubmitObservations: UInt32

    public init(
        maxFrameLength: UInt32 = WireLimits.defaultMaxFrameLength,
        maxDecompressedLength: UInt32 = WireLimits.defaultMaxDecompressedLength,
        maxNestingDepth: UInt16 = WireLimits.defaultMaxNestingDepth,
        maxInFlightRequests: UInt16 = WireLimits.defaultMaxInFlightRequests,
        maxSubmitObservations: UInt32 = WireLimits.defaultMaxSubmitObservations
    ) {
        self.maxFrameLength = maxFrameLength
        self.maxDecompressedLength = maxDecompressedLength
        self.maxNestingDepth = maxNestingDepth
        self.maxInFlightRequests = maxInFlightRequests
        self.maxSubmitObservations = maxSubmitObservations
    }

    enum CodingKeys: Int, CodingKey {
        case maxFrameLength = 1
        case maxDecompressedLength = 2
        case maxNestingDepth = 3
        case maxInFlightRequests = 4
        case maxSubmitObservations = 5
    }
}

/// A keep-alive probe; the peer answers with a ``Pong`` carrying the same nonce.
public struct Ping: Codable, Sendable, Hashable {
    /// An arbitrary value echoed back in the ``Pong``.
    public var nonce: UInt64

    public init(nonce: UInt64) { self.nonce = nonce }

    enum CodingKeys: Int, CodingKey {
        case nonce = 1
    }
}

/// The answer to a ``Ping``.
public struct Pong: Codable, Sendable, Hashable {
    /// The nonce of the ``Ping`` being answered.
    public var nonce: UInt64

    public init(nonce: UInt64) { self.nonce = nonce }

    enum CodingKeys: Int, CodingKey {
        case nonce = 1
    }
}

/// Asks the peer to stop working on a request; the request then ends with an `cancelled` error.
public struct Cancel: Codable, Sendable, Hashable {
    /// The request to stop.
    public var requestID: UInt32

    public init(requestID: UInt32) { self.requestID = requestID }

    enum CodingKeys: Int, CodingKey {
        case requestID = 1
    }
}
