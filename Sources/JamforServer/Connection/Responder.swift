public import JamforDomain
public import JamforWire

/// Who a connection is after its handshake: the principal the server accepted and what it may see.
public struct Session: Sendable, Hashable {
    /// The account name, or `"anonymous"`.
    public var name: String
    /// The account's role; anonymous sessions are readers.
    public var role: Role
    /// The municipality a member is bound to.
    public var municipality: MunicipalityCode?
    /// The networks whose network-only figures the principal may read (and, for a member, submit).
    public var networks: [NetworkID]
    /// Which figures the principal may see.
    public var viewer: Viewer
    /// Whether this is anonymous, public-only access.
    public var isAnonymous: Bool

    public init(
        name: String,
        role: Role,
        municipality: MunicipalityCode? = nil,
        networks: [NetworkID] = [],
        viewer: Viewer,
        isAnonymous: Bool = false
    ) {
        self.name = name
        self.role = role
        self.municipality = municipality
        self.networks = networks
        self.viewer = viewer
        self.isAnonymous = isAnonymous
    }

    /// The principal as the `welcome` message names it.
    public var principal: Principal {
        Principal(name: name, municipality: municipality?.rawValue, networks: networks.map(\.rawValue))
    }
}

/// A request or handshake refused with a protocol error code and a message for the client.
public struct RequestFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    /// Names the problem and, where there is one, the fix. Never contains a token or a network-only figure.
    public var message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// Where a request's answer goes: one frame per call, in order.
public protocol ResponseSink: Sendable {
    /// Sends one response message for the request; `final` marks the last frame (end-of-stream).
    /// Suspends while the connection cannot take more data, so a slow reader slows the sender
    /// instead of making the server buffer the whole answer. Throws when the connection is gone
    /// or the request was cancelled.
    func send(_ message: WireMessage, final: Bool) async throws
}

/// The application behind the connection layer: authenticates handshakes and answers requests.
///
/// The connection layer owns framing, the handshake's version and compression choice, ping,
/// cancellation, limits and timeouts; the responder owns who may do what and what the answers say.
public protocol Responder: Sendable {
    /// Decides who the client of `hello` is. A failure is sent as a connection error
    /// (normally `authenticationFailed`) and the connection is closed.
    func authenticate(_ hello: Hello, remoteAddress: String?) async -> Result<Session, RequestFailure>

    /// Answers one request (any client-to-server type but `hello`, `ping`, `pong`, `cancel` and
    /// `error`): sends its response through `sink`, the last one with `final`. Throws a
    /// ``RequestFailure`` to end the request with an `error` frame instead. Runs in a task that is
    /// cancelled when the client cancels the request or the connection closes.
    func respond(to request: WireMessage, session: Session, sink: any ResponseSink) async throws
}
