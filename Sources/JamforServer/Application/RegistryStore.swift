import JamforDomain
import JamforStorage
import Synchronization

/// The registry a running server answers from, read again from storage when the catalog may have
/// grown: `jamfor indicators add` adds indicators to the database beside a running server, and its
/// users expect them at once, without a restart.
///
/// It is read again when a client lists the indicators (as `jamfor import` and `jamfor submit` do
/// before they send figures) and when a request names an indicator the registry lacks, at most once
/// per ``missInterval`` so that requests with made-up ids cannot keep the database busy.
final class RegistryStore: Sendable {
    private struct State {
        var registry: Registry
        var lastMiss: ContinuousClock.Instant?
    }

    private let state: Mutex<State>
    private let storage: any Storage
    private let clock = ContinuousClock()
    /// The shortest time between two readings caused by unknown indicator ids.
    let missInterval: Duration

    init(_ registry: Registry, storage: any Storage, missInterval: Duration = .seconds(1)) {
        self.state = Mutex(State(registry: registry))
        self.storage = storage
        self.missInterval = missInterval
    }

    /// The registry as last read.
    var current: Registry { state.withLock { $0.registry } }

    /// Reads the registry from storage if it holds more indicators than the one kept; returns whether
    /// it did.
    ///
    /// Indicators are only ever added beside a running server (municipalities and networks change by
    /// loading a dataset, which restarts it), so the count says whether anything is new, and a reading
    /// with fewer indicators than the kept one is older: two readings that finish out of order must
    /// not put back the older catalog. The count is one small query; the whole registry is read only
    /// when it grew.
    @discardableResult
    func reload() async throws(StorageError) -> Bool {
        let kept = current.indicators.count
        guard try await storage.indicatorCount() > kept else { return false }
        let fresh = try await storage.registry()
        return state.withLock { state in
            guard fresh.indicators.count > state.registry.indicators.count else { return false }
            state.registry = fresh
            return true
        }
    }

    /// Reads the registry again if one of `ids` is not in it and the last such reading is at least
    /// ``missInterval`` ago; returns whether its indicators changed.
    func reload(ifMissing ids: some Sequence<String>) async throws(StorageError) -> Bool {
        let now = clock.now
        let due = state.withLock { state in
            let registry = state.registry
            let missing = ids.contains { text in
                guard let id = try? IndicatorID(text) else { return false }
                return registry.indicator(id) == nil
            }
            guard missing else { return false }
            if let last = state.lastMiss, last.duration(to: now) < missInterval { return false }
            state.lastMiss = now
            return true
        }
        guard due else { return false }
        return try await reload()
    }
}
