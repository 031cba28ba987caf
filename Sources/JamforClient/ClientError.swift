public import JamforWire

/// Why a client operation failed. Each case carries what went wrong; ``description`` names the
/// problem and what to do about it.
///
/// Text that comes from the server (the messages of its `error` frames) is made printable before it
/// is stored: control characters, which could move the cursor or change a terminal's settings when
/// printed, are replaced (see ``printable(_:)``). ``description`` is made printable as a whole.
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
    /// `operation` got no answer within `after`. Connecting (TCP, TLS and the handshake) times out
    /// with an operation that starts with "connecting to" (see ``connectTimedOut(_:after:)``); a
    /// request with the request's type name; an export waiting for its next batch with "export".
    case timedOut(operation: String, after: Duration)
    /// The connection ended before the answer came; the string says how.
    case connectionClosed(String)
    /// The server sent something the protocol does not allow; the string says what.
    case protocolViolation(String)

    /// Connecting to `address` took longer than `after`.
    public static func connectTimedOut(_ address: ServerAddress, after: Duration) -> ClientError {
        .timedOut(operation: "\(Self.connectingPrefix) \(address)", after: after)
    }

    private static let connectingPrefix = "connecting to"

    public var description: String {
        Self.printable(text)
    }

    private var text: String {
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
            "\(operation) got no answer within \(after.spoken). \(Self.timeoutAdvice(operation))"
        case .connectionClosed(let reason):
            "the connection to the server ended: \(reason). Try again; if it keeps happening, check the server's log"
        case .protocolViolation(let detail):
            "the server broke the Jamfor protocol: \(detail). Check that --server names a Jamfor server whose version matches this client"
        }
    }

    private static func timeoutAdvice(_ operation: String) -> String {
        if operation.hasPrefix(connectingPrefix) {
            return
                "Is the server up and reachable? Check that a server runs there (`jamfor serve`), that --server or JAMFOR_SERVER names it and that no firewall drops the connection; on a slow network, allow more time (--timeout)"
        }
        switch operation {
        case "ping":
            return "The server is busy or the network is slow: try again, or allow more time (--timeout)"
        case "export":
            return
                "The server is busy or the export is large: try again, export less at once (fewer indicators or municipalities, smaller batches), or allow more time per batch (--timeout)"
        default:
            return
                "The server is busy or the query is large: try again, ask for less at once (fewer indicators, municipalities or periods), or allow more time (--timeout)"
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
        let message = printable(error.message)
        return switch error.code {
        case .notAuthorized: .forbidden(message: message)
        case .notFound: .notFound(message: message)
        case .invalidArgument: .invalidArgument(message: message)
        default: .server(code: error.code, message: message)
        }
    }

    /// The error for a connection-level `error` frame that arrives after the handshake: every request
    /// in flight fails with it.
    static func connectionLevel(_ error: ErrorMessage) -> ClientError {
        switch error.code {
        case .shuttingDown: .connectionClosed("the server is shutting down (\(printable(error.message)))")
        default: answer(error)
        }
    }

    /// The error for an `error` frame that answers `hello` (PROTOCOL.md 3.1).
    static func handshake(_ error: ErrorMessage, address: ServerAddress) -> ClientError {
        let message = printable(error.message)
        return switch error.code {
        case .authenticationFailed: .credentialsRefused(address, message: message)
        default: .handshakeFailed(address, code: error.code, message: message)
        }
    }

    /// `text` with nothing in it that a terminal would act on: tab, line feed and carriage return
    /// become a space, and the other C0 and C1 control characters (ESC and CSI, which start escape
    /// sequences, BEL, backspace, DEL) and the bidirectional overrides and isolates (which reorder what
    /// is shown) become U+FFFD. Text from the server passes through this before it is shown, so that a
    /// hostile server cannot smuggle escape sequences to the user's terminal.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnprintable) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: scalars.append(" ")
            case _ where isUnprintable(scalar): scalars.append("\u{FFFD}")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    private static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        // LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
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
