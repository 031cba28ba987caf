/// A numeric error code carried in an ``ErrorMessage``; unknown codes are kept, not rejected.
public struct ErrorCode: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The frame could not be parsed: bad header, reserved flag bits, corrupt compression.
    public static let malformedFrame = ErrorCode(rawValue: 1)
    /// The frame's protocol version is not the one negotiated, or none could be agreed.
    public static let unsupportedVersion = ErrorCode(rawValue: 2)
    /// The frame's message type is not defined for its version.
    public static let unknownMessageType = ErrorCode(rawValue: 3)
    /// The frame's payload is longer than the receiver's frame limit.
    public static let frameTooLarge = ErrorCode(rawValue: 4)
    /// The payload decompressed to more than the receiver's limit.
    public static let decompressedTooLarge = ErrorCode(rawValue: 5)
    /// The payload is not valid CBOR of the message's shape, or breaks a decoding limit.
    public static let invalidPayload = ErrorCode(rawValue: 6)
    /// The handshake's credentials were not accepted.
    public static let authenticationFailed = ErrorCode(rawValue: 7)
    /// The principal may not do or see what the request asks.
    public static let notAuthorized = ErrorCode(rawValue: 8)
    /// A named indicator, municipality, network or period does not exist.
    public static let notFound = ErrorCode(rawValue: 9)
    /// A field's value is well-formed but not acceptable (an unknown scope, a month 13).
    public static let invalidArgument = ErrorCode(rawValue: 10)
    /// The request was stopped by a ``Cancel``.
    public static let cancelled = ErrorCode(rawValue: 11)
    /// Too many requests are in flight on this connection.
    public static let tooManyRequests = ErrorCode(rawValue: 12)
    /// The server failed in a way that is not the client's fault.
    public static let internalError = ErrorCode(rawValue: 13)
    /// A request arrived before the handshake completed.
    public static let handshakeRequired = ErrorCode(rawValue: 14)
    /// An idempotency key was reused for a different batch.
    public static let conflict = ErrorCode(rawValue: 15)
    /// The server is shutting down and takes no new requests.
    public static let shuttingDown = ErrorCode(rawValue: 16)

    static let names: [UInt16: String] = [
        1: "malformedFrame", 2: "unsupportedVersion", 3: "unknownMessageType", 4: "frameTooLarge",
        5: "decompressedTooLarge", 6: "invalidPayload", 7: "authenticationFailed", 8: "notAuthorized",
        9: "notFound", 10: "invalidArgument", 11: "cancelled", 12: "tooManyRequests", 13: "internalError",
        14: "handshakeRequired", 15: "conflict", 16: "shuttingDown",
    ]

    public var description: String { Self.names[rawValue] ?? "error(\(rawValue))" }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(UInt16.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Reports that a request, or the connection, failed. Sent in a frame with the error flag set.
public struct ErrorMessage: Codable, Sendable, Hashable, Error {
    /// What kind of failure this is.
    public var code: ErrorCode
    /// A human-readable explanation that names the problem and, where there is one, the fix.
    public var message: String
    /// The request that failed, or 0 when the error concerns the whole connection.
    public var requestID: UInt32

    public init(code: ErrorCode, message: String, requestID: UInt32) {
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    enum CodingKeys: Int, CodingKey {
        case code = 1
        case message = 2
        case requestID = 3
    }
}
