/// The protocol versions this implementation speaks.
public enum WireVersion {
    /// The newest version this implementation speaks.
    public static let current: UInt8 = 1
    /// Every version this implementation speaks.
    public static let supported: [UInt8] = [1]
    /// The version every `hello` and `welcome` frame header carries, whatever version is negotiated:
    /// the handshake format is frozen so that peers of any versions can always negotiate.
    public static let handshake: UInt8 = 1
}

/// The compression algorithms defined by the protocol.
public enum CompressionAlgorithm {
    /// zlib (RFC 1950) wrapping deflate (RFC 1951).
    public static let zlib = "zlib"
}

/// The message type code carried in every frame header.
public struct MessageType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let hello = MessageType(rawValue: 0x0001)
    public static let welcome = MessageType(rawValue: 0x0002)
    public static let ping = MessageType(rawValue: 0x0003)
    public static let pong = MessageType(rawValue: 0x0004)
    public static let error = MessageType(rawValue: 0x0005)
    public static let cancel = MessageType(rawValue: 0x0006)
    public static let listMunicipalities = MessageType(rawValue: 0x0010)
    public static let municipalities = MessageType(rawValue: 0x0011)
    public static let listNetworks = MessageType(rawValue: 0x0012)
    public static let networks = MessageType(rawValue: 0x0013)
    public static let listIndicators = MessageType(rawValue: 0x0014)
    public static let indicators = MessageType(rawValue: 0x0015)
    public static let rank = MessageType(rawValue: 0x0020)
    public static let rankResult = MessageType(rawValue: 0x0021)
    public static let compare = MessageType(rawValue: 0x0022)
    public static let compareResult = MessageType(rawValue: 0x0023)
    public static let trend = MessageType(rawValue: 0x0024)
    public static let trendResult = MessageType(rawValue: 0x0025)
    public static let submit = MessageType(rawValue: 0x0030)
    public static let submitResult = MessageType(rawValue: 0x0031)
    public static let export = MessageType(rawValue: 0x0032)
    public static let exportBatch = MessageType(rawValue: 0x0033)

    /// Every message type of protocol version 1, with its name.
    public static let version1: [(MessageType, String)] = [
        (.hello, "hello"), (.welcome, "welcome"), (.ping, "ping"), (.pong, "pong"), (.error, "error"),
        (.cancel, "cancel"), (.listMunicipalities, "list-municipalities"), (.municipalities, "municipalities"),
        (.listNetworks, "list-networks"), (.networks, "networks"), (.listIndicators, "list-indicators"),
        (.indicators, "indicators"), (.rank, "rank"), (.rankResult, "rank-result"), (.compare, "compare"),
        (.compareResult, "compare-result"), (.trend, "trend"), (.trendResult, "trend-result"),
        (.submit, "submit"), (.submitResult, "submit-result"), (.export, "export"), (.exportBatch, "export-batch"),
    ]

    /// Whether the type is defined in the given protocol version.
    public func isDefined(in version: UInt8) -> Bool {
        version == 1 && Self.version1.contains { $0.0 == self }
    }

    /// Whether the type is part of the handshake (`hello`, `welcome`), whose frames always carry
    /// header version ``WireVersion/handshake``.
    public var isHandshake: Bool { self == .hello || self == .welcome }

    /// Whether frames of this type answer something: `welcome`, `pong`, `error` and every response
    /// type (`municipalities`, `networks`, `indicators`, `rank-result`, `compare-result`,
    /// `trend-result`, `submit-result`, `export-batch`). The last frame of such an answer carries
    /// end-of-stream; requests, `hello`, `ping` and `cancel` do not answer anything.
    public var isResponse: Bool { Self.responses.contains(self) }

    private static let responses: Set<MessageType> = [
        .welcome, .pong, .error, .municipalities, .networks, .indicators, .rankResult, .compareResult,
        .trendResult, .submitResult, .exportBatch,
    ]

    /// The type's name in the specification, such as `"rank-result"`.
    public var name: String? { Self.version1.first { $0.0 == self }?.1 }

    public var description: String { name ?? "type(0x\(String(rawValue, radix: 16)))" }
}
