public import JamforWire

/// Why a client operation failed. Each case carries what went wrong; ``description`` names the
/// problem and what to do about it.
public enum ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A server address could not be read; `reason` says why.
    case invalidAddress(String, reason: String)
    /// No connection could be made: refused, unreachable, the name did not resolve, or TLS failed.
    case cannotConnect(ServerAddress, reason: String)
    /// The server did not accept the credentials (`authenticationFailed` at the handshake).
    case credentialsRefused(ServerAddress, message: String)
    /// The server refused the handshake for another reason, such as no common protocol version.
    case handshakeFailed(ServerAddress, code: ErrorCode, message: String)
    /// The account may not do or see what the request asks (`notAuthorized`).
    case forbidden(message: String)
    /// A named indicator, municipality, network or period does not exist (`notFound`).
    case notFound(message: String)
    /// The server found a value of the request unacceptable (`invalidArgument`); the server's message
    /// names it.
    case invalidArgument(message: String)
    /// The server answered with another error code.
    case server(code: ErrorCode, message: String)
    /// `operation` got no answer within `after`.
    case timedOut(operation: String, after: Duration)
    /// The connection ended before the answer came; the string says how.
    case connectionClosed(String)
    /// The server sent something the protocol does not allow; the string says what.
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .invalidAddress(let text, let reason):
            "invalid server address \"\(text)\": \(reason). Write it as host, host:port or [IPv6]:port, for example 127.0.0.1:7411"
        case .cannotConnect(let address, let reason):
            "cannot connect to the Jamfor server at \(address): \(reason). Check that a server runs there (start one with `jamfor serve`) and that --server or JAMFOR_SERVER names it"
        case .credentialsRefused(let address, let message):
            "the server at \(address) refused the credentials: \(message). Check JAMFOR_USER and JAMFOR_TOKEN (or --user and --token); an administrator can issue a new token with `jamfor token create`"
        case .handshakeFailed(let address, let code, let message):
            "the server at \(address) refused the connection (\(code)): \(message). \(Self.handshakeAdvice(code))"
        case .forbidden(let message):
            "not allowed: \(message). Connect as an account that may do this (JAMFOR_USER and JAMFOR_TOKEN)"
        case .notFound(let message):
            "not found: \(message). `jamfor indicators`, `jamfor municipalities` and `jamfor networks` list what exists"
        case .invalidArgument(let message):
            "the server refused the request: \(message)"
        case .server(let code, let message):
            "the server answered \(code): \(message). \(Self.serverAdvice(code))"
        case .timedOut(let operation, let after):
            "\(operation) got no answer within \(after.spoken). The server may be busy or unreachable: try again, or allow more time (--timeout)"
        case .connectionClosed(let reason):
            "the connection to the server ended: \(reason). Try again; if it keeps happening, check the server's log"
        case .protocolViolation(let detail):
            "the server broke the Jamfor protocol: \(detail). Check that --server names a Jamfor server whose version matches this client"
        }
    }

    private static func handshakeAdvice(_ code: ErrorCode) -> String {
        switch code {
        case .unsupportedVersion:
            "This client speaks protocol version \(WireVersion.supported.map(String.init).joined(separator: ", ")); upgrade the client or the server so that they share one"
        case .tooManyRequests:
            "The server is serving as many connections as it accepts; try again later"
        case .shuttingDown:
            "The server is shutting down; try again when it is back"
        default:
            "Check that --server or JAMFOR_SERVER names a Jamfor server"
        }
    }

    private static func serverAdvice(_ code: ErrorCode) -> String {
        switch code {
        case .tooManyRequests: "Send fewer requests at once, or try again shortly"
        case .shuttingDown: "The server is shutting down; try again when it is back"
        case .conflict: "The idempotency key was already used for different data; use a new key for a new submission"
        case .cancelled: "The request was cancelled before it finished"
        case .internalError: "The failure is the server's; try again later, and check the server's log if it persists"
        case .frameTooLarge, .decompressedTooLarge:
            "The answer is too large for one frame; ask for less at a time (smaller batches, fewer indicators)"
        default: "Check that the client and the server versions match"
        }
    }

    /// The error for a request-level `error` frame (PROTOCOL.md 7.1).
    static func answer(_ error: ErrorMessage) -> ClientError {
        switch error.code {
        case .notAuthorized: .forbidden(message: error.message)
        case .notFound: .notFound(message: error.message)
        case .invalidArgument: .invalidArgument(message: error.message)
        default: .server(code: error.code, message: error.message)
        }
    }

    /// The error for a connection-level `error` frame that arrives after the handshake: every request
    /// in flight fails with it.
    static func connectionLevel(_ error: ErrorMessage) -> ClientError {
        switch error.code {
        case .shuttingDown: .connectionClosed("the server is shutting down (\(error.message))")
        default: answer(error)
        }
    }

    /// The error for an `error` frame that answers `hello` (PROTOCOL.md 3.1).
    static func handshake(_ error: ErrorMessage, address: ServerAddress) -> ClientError {
        switch error.code {
        case .authenticationFailed: .credentialsRefused(address, message: error.message)
        default: .handshakeFailed(address, code: error.code, message: error.message)
        }
    }
}

extension Duration {
    /// `5 s`, `250 ms`, `1500 ms`: short and exact enough for a message.
    var spoken: String {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(milliseconds) ms"
    }
}
