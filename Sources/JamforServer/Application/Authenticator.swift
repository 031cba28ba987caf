import Foundation
import JamforDomain
import JamforStorage
import JamforWire

/// Checks handshake credentials against the stored accounts, and slows down addresses that keep
/// failing.
actor Authenticator {
    /// Whether a client without credentials gets public, read-only access.
    let allowsAnonymous: Bool
    /// The delay after the first failure from an address; it doubles with each further failure.
    let baseDelay: Duration
    /// The longest delay.
    let maximumDelay: Duration
    /// How long an address's failures are remembered.
    let memory: Duration

    private let storage: any Storage
    private let registry: @Sendable () async -> Registry
    private var failures: [String: (count: Int, last: ContinuousClock.Instant)] = [:]
    private let clock = ContinuousClock()

    init(
        storage: any Storage,
        registry: @escaping @Sendable () async -> Registry,
        allowsAnonymous: Bool,
        baseDelay: Duration = .milliseconds(250),
        maximumDelay: Duration = .seconds(8),
        memory: Duration = .seconds(600)
    ) {
        self.storage = storage
        self.registry = registry
        self.allowsAnonymous = allowsAnonymous
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.memory = memory
    }

    /// The session for `hello`, or the refusal to send. A refusal is answered only after a delay
    /// that grows with the address's recent failures, so that guessing tokens is slow.
    func authenticate(_ hello: Hello, remoteAddress: String?) async -> Result<Session, RequestFailure> {
        let address = remoteAddress ?? "unknown"
        let result = await check(hello)
        switch result {
        case .success:
            failures[address] = nil
        case .failure:
            let now = clock.now
            var entry = failures[address] ?? (0, now)
            if now - entry.last > memory { entry.count = 0 }
            entry.count += 1
            entry.last = now
            failures[address] = entry
            try? await Task.sleep(for: delay(afterFailures: entry.count))
        }
        return result
    }

    /// The delay after `count` consecutive failures: base · 2^(count − 1), at most the maximum.
    func delay(afterFailures count: Int) -> Duration {
        var delay = baseDelay
        for _ in 1..<max(count, 1) {
            delay *= 2
            if delay >= maximumDelay { return maximumDelay }
        }
        return min(delay, maximumDelay)
    }

    private func check(_ hello: Hello) async -> Result<Session, RequestFailure> {
        guard let credentials = hello.credentials else {
            guard allowsAnonymous else {
                return .failure(
                    RequestFailure(
                        .authenticationFailed,
                        "this server does not allow anonymous access: give a user name and token (JAMFOR_TOKEN)"
                    )
                )
            }
            return .success(Session(name: "anonymous", role: .reader, viewer: .publicOnly, isAnonymous: true))
        }
        // The same refusal for an unknown name, a wrong token and a revoked token: a client cannot
        // learn which names exist.
        let refusal = RequestFailure(
            .authenticationFailed,
            "the user name or token was not accepted; check them, or ask an administrator for a new token"
        )
        let account: Account?
        do {
            account = try await storage.account(named: credentials.user)
        } catch {
            return .failure(RequestFailure(.internalError, "the server cannot check accounts right now; try again"))
        }
        let presented = Tokens.hash(credentials.token)
        // Compare against a stand-in digest for unknown names too, so the time taken does not tell.
        let stored = account?.tokenHash ?? Array(repeating: 0, count: presented.count)
        let matches = Tokens.constantTimeEqual(stored, presented)
        guard let account, matches, account.revokedAt == nil else { return .failure(refusal) }
        let registry = await registry()
        switch account.role {
        case .admin:
            return .success(
                Session(name: account.name, role: .admin, networks: registry.networks.map(\.id), viewer: .everything)
            )
        case .reader:
            return .success(Session(name: account.name, role: .reader, viewer: .publicOnly))
        case .member:
            guard let municipality = account.municipality else { return .failure(refusal) }
            return .success(
                Session(
                    name: account.name,
                    role: .member,
                    municipality: municipality,
                    networks: registry.networks(containing: municipality).map(\.id),
                    viewer: .member(of: municipality, in: registry)
                )
            )
        }
    }
}
