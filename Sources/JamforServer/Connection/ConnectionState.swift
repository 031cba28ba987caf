import JamforWire

/// Why a request in flight was stopped before its responder finished.
enum StopReason: Sendable {
    /// The client sent `cancel`: the request ends with `cancelled`.
    case cancelledByClient
    /// The shutdown grace period ran out: the request ends with `shuttingDown`.
    case shutdown
}

/// One request in flight on a connection: from its frame's arrival until its final frame is sent.
struct RequestEntry: Sendable {
    /// The request's message type, for logs.
    let type: MessageType
    /// Tells this request from an earlier one with the same id: a client may reuse an id as soon as
    /// it has the final frame, while the earlier request's task may not have returned yet.
    let generation: UInt64
    /// The task running the responder, once it has started.
    var task: Task<Void, any Error>?
    /// Whether the final frame (end-of-stream or error) has been handed to the channel; after that the
    /// request can no longer be cancelled and nothing more is sent for it.
    var finalSent = false
    /// Set when the request is stopped; decides the error that ends it.
    var stopReason: StopReason?
}

/// What a connection knows after its handshake.
struct Established: Sendable {
    /// Who the client is.
    let session: Session
    /// Decodes the client's frames: the connection's limits, the agreed compression and version.
    let codec: FrameCodec
}

/// The mutable state of one connection, guarded by the connection's mutex.
struct ConnectionState: Sendable {
    /// Before `welcome`: `nil`; after it, the session and codec.
    var established: Established?
    /// Encodes what the server sends, within the client's announced limits.
    var encoder = OutboundEncoder()
    /// The authentication in progress, cancelled if the handshake times out.
    var authentication: Task<Result<Session, RequestFailure>, Never>?
    /// Requests in flight by id.
    var inFlight: [UInt32: RequestEntry] = [:]
    /// The generation the next request gets.
    var nextGeneration: UInt64 = 0
    /// The server is shutting down: new requests are refused with `shuttingDown`, and the connection
    /// closes once its requests in flight have ended.
    var draining = false
    /// The connection is being closed: nothing more is sent on it.
    var closing = false
    /// Whether ``Channel/closeFlushingWrites(flushTimeout:linger:)`` was started.
    var closeStarted = false
    /// When the connection was accepted.
    let openedAt: ContinuousClock.Instant
    /// When a frame was last received from, or handed to the channel for, the client.
    var lastActivity: ContinuousClock.Instant

    init(now: ContinuousClock.Instant) {
        openedAt = now
        lastActivity = now
    }

    /// Marks the connection as closing and returns what must be stopped (outside the lock): every
    /// request task and the authentication in progress. Their results are discarded; nothing more is
    /// sent.
    mutating func beginClosing() -> Stoppable {
        closing = true
        defer { authentication = nil }
        return Stoppable(requests: inFlight.values.compactMap(\.task), authentication: authentication)
    }
}

/// Tasks to cancel once the lock is released: cancellation handlers run synchronously and must not
/// find the connection's lock held.
struct Stoppable: Sendable {
    var requests: [Task<Void, any Error>] = []
    var authentication: Task<Result<Session, RequestFailure>, Never>?

    func cancel() {
        authentication?.cancel()
        for task in requests { task.cancel() }
    }
}

extension ConnectionState {
    /// The entry of request `id` if it is still the one of `generation`.
    func entry(_ id: UInt32, _ generation: UInt64) -> RequestEntry? {
        guard let entry = inFlight[id], entry.generation == generation else { return nil }
        return entry
    }
}
