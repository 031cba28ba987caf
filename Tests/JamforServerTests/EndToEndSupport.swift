import Foundation
import JamforDomain
import JamforServer
import JamforStorage
import JamforWire
import Testing

// The real stack on loopback for the end-to-end tests: SQLiteStorage on a temporary file loaded with
// the committed Datasets/, accounts made with Tokens, JamforResponder and JamforServer on 127.0.0.1
// port 0, driven through the TestClient of ServerTestSupport.swift.
//
// Loading the dataset takes about half a second, so it is done once: the loaded database (with its
// accounts) is kept in memory as a template, and every test writes it to a fresh temporary directory
// of its own, which it removes afterwards.

// MARK: - Accounts

/// The principals of the end-to-end database. Each has an account in storage; the revoked one cannot
/// log in. Anonymous access has no account (`nil` where a `Login?` is taken).
enum Login: String, CaseIterable, Sendable, CustomStringConvertible {
    /// An administrator: submits anything, sees everything.
    case admin
    /// A member of 0880 Kalmar (network kkvh).
    case kalmar
    /// A member of 0780 Växjö (network kkvh), to see what another member of Kalmar's network sees.
    case vaxjo
    /// A member of 0381 Enköping (network 4m).
    case enkoping
    /// A reader: public figures only, no submissions.
    case reader
    /// A member of Kalmar whose token was revoked.
    case revoked

    /// The account name given in `Hello.credentials`.
    var user: String {
        switch self {
        case .admin: "e2e-admin"
        case .kalmar: "kalmar-member"
        case .vaxjo: "vaxjo-member"
        case .enkoping: "enkoping-member"
        case .reader: "e2e-reader"
        case .revoked: "revoked-member"
        }
    }

    var role: Role {
        switch self {
        case .admin: .admin
        case .kalmar, .vaxjo, .enkoping, .revoked: .member
        case .reader: .reader
        }
    }

    /// The municipality a member is bound to.
    var municipality: String? {
        switch self {
        case .kalmar, .revoked: "0880"
        case .vaxjo: "0780"
        case .enkoping: "0381"
        case .admin, .reader: nil
        }
    }

    var description: String { rawValue }
}

// MARK: - Template database

/// The loaded database, kept in memory, with the tokens of its accounts.
struct EndToEndTemplate: Sendable {
    struct File: Sendable {
        let name: String
        let bytes: Data
    }

    /// What was loaded: the source of the figures tests expect.
    let dataset: Dataset
    /// The database file (and a WAL file, should closing have left one).
    let files: [File]
    let tokens: [Login: String]

    func token(_ login: Login) -> String { tokens[login] ?? "" }

    /// Loads `Datasets/` and the accounts into a database in a temporary directory, reads the files
    /// back and removes the directory.
    static func build() async throws -> EndToEndTemplate {
        let dataset = try Dataset.load()
        let directory = try EndToEnd.temporaryDirectory("template")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try await SQLiteStorage(
            path: directory.appendingPathComponent(EndToEnd.databaseName).path,
            clock: { EndToEnd.now }
        )
        var tokens: [Login: String] = [:]
        do {
            try await storage.load(dataset)
            for login in Login.allCases {
                let token = Tokens.generate()
                tokens[login] = token
                try await storage.createAccount(
                    Account(
                        name: login.user,
                        role: login.role,
                        municipality: try login.municipality.map { try MunicipalityCode($0) },
                        tokenHash: Tokens.hash(token),
                        createdAt: EndToEnd.now,
                        revokedAt: login == .revoked ? EndToEnd.now : nil
                    )
                )
            }
        } catch {
            try? await storage.close()
            throw error
        }
        try await storage.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0 == EndToEnd.databaseName || $0 == EndToEnd.databaseName + "-wal" }
        let files = try names.map { name in
            File(name: name, bytes: try Data(contentsOf: directory.appendingPathComponent(name)))
        }
        return EndToEndTemplate(dataset: dataset, files: files, tokens: tokens)
    }
}

enum EndToEnd {
    /// The responder's and the storage's clock: 2025-03-15 12:00 UTC. 2024 and earlier have ended,
    /// 2025 has not.
    static let now = Date(timeIntervalSince1970: 1_742_040_000)
    static let databaseName = "jamfor.sqlite"
    /// Built on first use, shared by every test of the process.
    static let template = Task { try await EndToEndTemplate.build() }

    /// A new, empty temporary directory.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("jamfor-e2e-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}

// MARK: - Server

/// A running end-to-end stack: the server, the storage behind it and the template it was copied from.
struct EndToEndServer: Sendable {
    let server: TestServer
    let storage: SQLiteStorage
    let template: EndToEndTemplate
    /// What the responder logged.
    let responderLogs: LogCapture

    var dataset: Dataset { template.dataset }

    /// The hello a login sends: its user name and token, or none for anonymous access.
    func hello(_ login: Login?) -> Hello {
        login.map { Hello.testing(user: $0.user, token: template.token($0)) } ?? Hello.testing()
    }

    /// Connects, completes the handshake as `login` (anonymous for `nil`) and runs `body`.
    func connect<Result: Sendable>(
        as login: Login?,
        receiveBufferSize: Int? = nil,
        _ body: (EndToEndClient) async throws -> Result
    ) async throws -> Result {
        try await server.connect(receiveBufferSize: receiveBufferSize) { raw in
            let welcome = try await raw.handshake(hello(login))
            return try await body(EndToEndClient(raw: raw, welcome: welcome))
        }
    }

    /// Connects and sends `hello`, expecting the handshake to be refused and the connection closed.
    func refusedHandshake(_ hello: Hello) async throws -> ErrorMessage {
        try await server.connect { raw in
            do {
                let welcome = try await raw.handshake(hello)
                Issue.record("the handshake was accepted as \(welcome.principal.name)")
                throw TestClientError.unexpected("welcome")
            } catch TestClientError.refused(let error) {
                #expect(error.requestID == 0)
                let after = try await raw.expectClosed()
                #expect(after.isEmpty, "frames after a refused handshake")
                return error
            }
        }
    }
}

/// Runs `body` against the real stack on a fresh copy of the template database; stops the server,
/// closes the storage and removes the copy afterwards, whatever happens.
func withEndToEnd<Result: Sendable>(
    allowsAnonymous: Bool = false,
    exportBatchSize: Int = 1000,
    maximumExportBatchSize: Int = 10_000,
    maximumSubmitObservations: Int = 100_000,
    _ body: (EndToEndServer) async throws -> Result
) async throws -> Result {
    let template = try await EndToEnd.template.value
    let directory = try EndToEnd.temporaryDirectory("test")
    defer { try? FileManager.default.removeItem(at: directory) }
    for file in template.files {
        try file.bytes.write(to: directory.appendingPathComponent(file.name))
    }
    let storage = try await SQLiteStorage(
        path: directory.appendingPathComponent(EndToEnd.databaseName).path,
        clock: { EndToEnd.now }
    )
    do {
        let logs = LogCapture()
        let responder = try await JamforResponder(
            storage: storage,
            configuration: ResponderConfiguration(
                allowsAnonymous: allowsAnonymous,
                exportBatchSize: exportBatchSize,
                maximumExportBatchSize: maximumExportBatchSize,
                maximumSubmitObservations: maximumSubmitObservations,
                now: { EndToEnd.now }
            ),
            logger: logs.logger()
        )
        let limits = WireLimits(maxSubmitObservations: UInt32(maximumSubmitObservations))
        let result = try await withServer(.testing(limits: limits), responder: responder) { server in
            try await body(EndToEndServer(server: server, storage: storage, template: template, responderLogs: logs))
        }
        try await storage.close()
        return result
    } catch {
        try? await storage.close()
        throw error
    }
}

// MARK: - Client

/// A ``TestClient`` after its handshake, with a request id counter and typed requests. A request
/// answered with an `error` throws ``TestClientError/refused(_:)``; ``failure(_:)`` expects one.
final class EndToEndClient {
    let raw: TestClient
    let welcome: Welcome
    private var lastRequestID: UInt32 = 0

    init(raw: TestClient, welcome: Welcome) {
        self.raw = raw
        self.welcome = welcome
    }

    func nextRequestID() -> UInt32 {
        lastRequestID += 1
        return lastRequestID
    }

    /// Sends `request` and returns its single-frame answer.
    func call(_ request: WireMessage) async throws -> WireMessage {
        let id = nextRequestID()
        try await raw.send(request, requestID: id)
        let frame = try await raw.nextFrame(for: id)
        #expect(frame.flags.contains(.endOfStream), "\(frame.type) answering request \(id) without end-of-stream")
        let message = try raw.codec.message(in: frame)
        if case .error(let error) = message { throw TestClientError.refused(error) }
        return message
    }

    /// Sends `request` and returns the `error` that answers it.
    func failure(_ request: WireMessage) async throws -> ErrorMessage {
        let id = nextRequestID()
        try await raw.send(request, requestID: id)
        return try await raw.error(for: id)
    }

    func ping(_ nonce: UInt64 = 42) async throws {
        try await raw.ping(nonce)
    }

    func municipalities(county: String? = nil, network: String? = nil) async throws -> [MunicipalityInfo] {
        let answer = try await call(.listMunicipalities(ListMunicipalitiesRequest(county: county, network: network)))
        guard case .municipalities(let response) = answer else { throw unexpected(answer) }
        return response.municipalities
    }

    func networks() async throws -> [NetworkInfo] {
        let answer = try await call(.listNetworks(ListNetworksRequest()))
        guard case .networks(let response) = answer else { throw unexpected(answer) }
        return response.networks
    }

    func indicators() async throws -> [IndicatorInfo] {
        let answer = try await call(.listIndicators(ListIndicatorsRequest()))
        guard case .indicators(let response) = answer else { throw unexpected(answer) }
        return response.indicators
    }

    func rank(_ request: RankRequest) async throws -> RankResponse {
        let answer = try await call(.rank(request))
        guard case .rankResult(let response) = answer else { throw unexpected(answer) }
        return response
    }

    func compare(_ request: CompareRequest) async throws -> CompareResponse {
        let answer = try await call(.compare(request))
        guard case .compareResult(let response) = answer else { throw unexpected(answer) }
        return response
    }

    func trend(_ request: TrendRequest) async throws -> TrendResponse {
        let answer = try await call(.trend(request))
        guard case .trendResult(let response) = answer else { throw unexpected(answer) }
        return response
    }

    func submit(_ key: String, _ observations: [ObservationRecord]) async throws -> SubmitResponse {
        let answer = try await call(.submit(SubmitRequest(idempotencyKey: key, observations: observations)))
        guard case .submitResult(let response) = answer else { throw unexpected(answer) }
        return response
    }

    /// Every batch of an export, checking the stream's shape on the way (PROTOCOL.md 9.1): sequence
    /// numbers 0, 1, 2, … without gaps, end-of-stream on the last frame only.
    func export(_ request: ExportRequest) async throws -> [ExportBatch] {
        let id = nextRequestID()
        try await raw.send(.export(request), requestID: id)
        let frames = try await raw.stream(for: id)
        var batches: [ExportBatch] = []
        for (index, frame) in frames.enumerated() {
            let message = try raw.codec.message(in: frame)
            if case .error(let error) = message { throw TestClientError.refused(error) }
            guard case .exportBatch(let batch) = message else { throw unexpected(message) }
            #expect(batch.sequence == UInt32(index), "batch \(index) has sequence \(batch.sequence)")
            #expect(frame.flags.contains(.endOfStream) == (index == frames.count - 1))
            batches.append(batch)
        }
        return batches
    }

    /// The observations of an export, in the order sent.
    func exportRecords(_ request: ExportRequest) async throws -> [ObservationRecord] {
        try await export(request).flatMap(\.observations)
    }

    private func unexpected(_ message: WireMessage) -> TestClientError {
        .unexpected("\(message.type) answered the request")
    }
}

// MARK: - Requests

/// An observation record for a submission (kommun, total, public unless said otherwise).
func record(
    _ indicator: String,
    _ municipality: String,
    _ period: String,
    value: Double? = nil,
    status: String? = nil,
    scope: String = "kommun",
    gender: String = "T",
    visibility: JamforWire.Visibility = .public
) -> ObservationRecord {
    ObservationRecord(
        indicator: indicator,
        municipality: municipality,
        period: period,
        scope: scope,
        gender: gender,
        value: value,
        status: status,
        visibility: visibility
    )
}

// MARK: - Expected figures

extension Dataset {
    /// The dataset's observations of one slice that `viewer` may see, by municipality code.
    func slice(
        _ indicator: String,
        _ period: String,
        scope: String = "kommun",
        gender: String = "T",
        visibleTo viewer: Viewer = .publicOnly
    ) -> [String: Observation] {
        var figures: [String: Observation] = [:]
        for observation in observations
        where observation.key.indicator.rawValue == indicator && observation.key.period.description == period
            && observation.key.scope.rawValue == scope && observation.key.gender.rawValue == gender
            && viewer.maySee(observation)
        {
            figures[observation.key.municipality.rawValue] = observation
        }
        return figures
    }

    /// The values of a slice, by municipality code (status markers left out).
    func values(
        _ indicator: String,
        _ period: String,
        scope: String = "kommun",
        gender: String = "T",
        visibleTo viewer: Viewer = .publicOnly
    ) -> [String: Double] {
        slice(indicator, period, scope: scope, gender: gender, visibleTo: viewer).compactMapValues(\.value)
    }

    func indicator(_ id: String) throws -> Indicator {
        try #require(registry.indicators.first { $0.id.rawValue == id })
    }

    func members(of network: String) throws -> [String] {
        try #require(registry.networks.first { $0.id.rawValue == network }).members.map(\.rawValue)
    }
}

/// Expected answers, worked out in the tests from the figures themselves.
enum Expected {
    /// The colour classes of PROTOCOL.md 6.7, worked out here from the values themselves: sort best first;
    /// a group of equal values at positions a…b is green when (a + b) / 2 ≤ n/4, red when
    /// n + 1 − (a + b) / 2 ≤ n/4, yellow otherwise.
    static func colours(_ values: [String: Double], higherIsBetter: Bool) -> [String: JamforWire.ColourClass] {
        let sorted = values.sorted { higherIsBetter ? $0.value > $1.value : $0.value < $1.value }
        let n = Double(sorted.count)
        var colours: [String: JamforWire.ColourClass] = [:]
        var start = 0
        while start < sorted.count {
            var end = start
            while end + 1 < sorted.count && sorted[end + 1].value == sorted[start].value { end += 1 }
            let middle = Double(start + 1 + end + 1) / 2
            let colour: JamforWire.ColourClass =
                middle <= n / 4 ? .green : (n + 1 - middle <= n / 4 ? .red : .yellow)
            for index in start...end { colours[sorted[index].key] = colour }
            start = end + 1
        }
        return colours
    }

    /// Standard competition ranks (1, 2, 2, 4) of `values`, best first.
    static func ranks(_ values: [String: Double], higherIsBetter: Bool) -> [String: Int] {
        values.mapValues { value in
            1 + values.values.filter { higherIsBetter ? $0 > value : $0 < value }.count
        }
    }

    static func mean(_ values: some Collection<Double>) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    static func median(_ values: some Collection<Double>) -> Double? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }

    /// The statistics of PROTOCOL.md's GroupStatistics over `values`, for a group of `members`.
    static func statistics(_ values: some Collection<Double>, members: Int) -> JamforWire.GroupStatistics {
        JamforWire.GroupStatistics(
            mean: mean(values),
            median: median(values),
            minimum: values.min(),
            maximum: values.max(),
            count: UInt32(values.count),
            members: UInt32(members)
        )
    }
}

/// Whether two figures agree to within floating-point noise (both absent, or both NaN, counts).
func nearlyEqual(_ a: Double?, _ b: Double?, within tolerance: Double = 1e-6) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?): return (a.isNaN && b.isNaN) || abs(a - b) <= tolerance
    default: return false
    }
}

/// Expects two group statistics to agree, the floating-point fields to within noise.
func expectStatistics(
    _ actual: JamforWire.GroupStatistics?,
    _ expected: JamforWire.GroupStatistics,
    _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("\(label): no statistics", sourceLocation: sourceLocation)
        return
    }
    #expect(actual.count == expected.count, "\(label) count", sourceLocation: sourceLocation)
    #expect(actual.members == expected.members, "\(label) members", sourceLocation: sourceLocation)
    #expect(
        nearlyEqual(actual.mean, expected.mean),
        "\(label) mean \(String(describing: actual.mean))",
        sourceLocation: sourceLocation
    )
    #expect(nearlyEqual(actual.median, expected.median), "\(label) median", sourceLocation: sourceLocation)
    #expect(nearlyEqual(actual.minimum, expected.minimum), "\(label) minimum", sourceLocation: sourceLocation)
    #expect(nearlyEqual(actual.maximum, expected.maximum), "\(label) maximum", sourceLocation: sourceLocation)
}
