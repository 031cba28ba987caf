public import JamforWire
import NIOCore

/// One connection to a Jamfor server. Safe to use from several tasks at once: requests are
/// multiplexed with distinct request ids and answered as they come. Requests beyond the server's
/// `maxInFlightRequests` wait for a slot (within the request timeout) instead of being refused.
///
/// Every method throws ``ClientError``, or `CancellationError` when the calling task is cancelled;
/// a cancelled request is cancelled at the server as well (a `cancel` frame), and the connection
/// stays usable.
public final class JamforClient: Sendable {
    /// What the server said at the handshake: who this connection is, the limits in force, compression.
    public let welcome: Welcome
    let connection: Connection

    init(welcome: Welcome, connection: Connection) {
        self.welcome = welcome
        self.connection = connection
    }

    /// Connects, does the handshake, runs `body`, and closes the connection (also when `body` throws).
    ///
    /// Connecting (TCP, TLS and the handshake) takes at most ``ClientConfiguration/connectTimeout``.
    /// - Throws: ``ClientError`` when connecting fails (`invalidAddress`, `cannotConnect`,
    ///   `credentialsRefused`, `handshakeFailed`, `timedOut`, `protocolViolation`); whatever `body`
    ///   throws; `CancellationError` when the task is cancelled while connecting.
    public static func withConnection<Result: Sendable>(
        _ configuration: ClientConfiguration,
        _ body: (JamforClient) async throws -> Result
    ) async throws -> Result {
        let clock = ContinuousClock()
        let started = clock.now
        let channel = try await Connector.connect(configuration)
        return try await channel.executeThenClose { inbound, _ in
            let connection = Connection(configuration: configuration, channel: channel.channel)
            // The frame reader runs beside `body` and ends when the connection closes, which the
            // defer makes sure of before the group waits for it.
            return try await withThrowingDiscardingTaskGroup(returning: Result.self) { group in
                group.addTask { await connection.readFrames(from: inbound) }
                defer { connection.close(.connectionClosed("the client closed the connection")) }
                let remaining = configuration.connectTimeout - (clock.now - started)
                let welcome = try await connection.handshake(within: remaining)
                return try await body(JamforClient(welcome: welcome, connection: connection))
            }
        }
    }

    /// The indicator catalog.
    public func indicators() async throws -> [IndicatorInfo] {
        try await call(.listIndicators(ListIndicatorsRequest())) {
            guard case .indicators(let answer) = $0 else { return nil }
            return answer.indicators
        }
    }

    /// The municipalities, ordered by code; only those of `county` (its full name) and of `network`
    /// (an id) when given.
    public func municipalities(county: String? = nil, network: String? = nil) async throws -> [MunicipalityInfo] {
        try await call(.listMunicipalities(ListMunicipalitiesRequest(county: county, network: network))) {
            guard case .municipalities(let answer) = $0 else { return nil }
            return answer.municipalities
        }
    }

    /// The benchmarking networks and their members.
    public func networks() async throws -> [NetworkInfo] {
        try await call(.listNetworks(ListNetworksRequest())) {
            guard case .networks(let answer) = $0 else { return nil }
            return answer.networks
        }
    }

    /// One indicator ranked over a set of municipalities.
    public func rank(_ request: RankRequest) async throws -> RankResponse {
        try await call(.rank(request)) {
            guard case .rankResult(let answer) = $0 else { return nil }
            return answer
        }
    }

    /// Several indicators side by side, with a weighted composite.
    public func compare(_ request: CompareRequest) async throws -> CompareResponse {
        try await call(.compare(request)) {
            guard case .compareResult(let answer) = $0 else { return nil }
            return answer
        }
    }

    /// Time series of one indicator, with group means and targets.
    public func trend(_ request: TrendRequest) async throws -> TrendResponse {
        try await call(.trend(request)) {
            guard case .trendResult(let answer) = $0 else { return nil }
            return answer
        }
    }

    /// Stores observations. Resending with the same idempotency key replays the first answer
    /// (`replayed`) and stores nothing, so a submission whose answer was lost can be retried safely.
    public func submit(_ request: SubmitRequest) async throws -> SubmitResponse {
        try await call(.submit(request)) {
            guard case .submitResult(let answer) = $0 else { return nil }
            return answer
        }
    }

    /// Streams the observations that match `request`, batch by batch, as the consumer takes them.
    ///
    /// The request is sent when iteration starts; each iteration sends it anew. Leaving the loop
    /// early, or cancelling the iterating task, sends `cancel` to the server. See ``ExportStream``.
    public func export(_ request: ExportRequest) -> ExportStream {
        ExportStream(connection: connection, request: request)
    }

    /// Sends a ping and waits for the pong.
    /// - Returns: the round trip time.
    public func ping() async throws -> Duration {
        try await connection.ping()
    }

    /// Sends `request`, waits for its answer and takes the response out of it.
    private func call<Answer>(
        _ request: WireMessage,
        _ extract: (WireMessage) -> Answer?
    ) async throws -> Answer {
        let operation = request.type.name ?? "\(request.type)"
        let answer = try await connection.call(request, operation: operation)
        // The connection checked the answer's type already; this only unwraps it.
        guard let value = extract(answer) else {
            throw ClientError.protocolViolation("\(operation) was answered with \(answer.type)")
        }
        return value
    }
}
