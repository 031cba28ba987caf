import JamforDomain
import JamforWire
import Synchronization

/// Answers to comparison requests (rank, compare, trend), kept until a submission changes any
/// stored figure.
///
/// An answer depends only on the request, on which figures the asker may see, and on the stored
/// figures, so the key is the request with the asker's visibility class (not the account: two
/// members of one network share answers). Any submission that stores something clears the cache.
/// A reader that began before that submission cannot put its stale answer back: answers are only
/// kept if no submission happened since the reader looked up the generation.
final class ComparisonCache: Sendable {
    struct Key: Hashable, Sendable {
        let request: WireMessage
        let seesEverything: Bool
        let networkMembers: Set<MunicipalityCode>
    }

    private struct State {
        var generation: UInt64 = 0
        var answers: [Key: WireMessage] = [:]
    }

    /// The most answers kept; beyond it the cache starts afresh, which bounds its memory.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) { self.capacity = capacity }

    /// The key for `request` asked by someone who sees what `viewer` sees.
    func key(_ request: WireMessage, _ viewer: Viewer) -> Key {
        Key(request: request, seesEverything: viewer.seesEverything, networkMembers: viewer.networkMembers)
    }

    /// The kept answer and the current generation.
    func lookUp(_ key: Key) -> (answer: WireMessage?, generation: UInt64) {
        state.withLock { ($0.answers[key], $0.generation) }
    }

    /// Keeps `answer`, computed from the figures as they were at `generation`, unless a submission
    /// has happened since.
    func keep(_ answer: WireMessage, for key: Key, computedAt generation: UInt64) {
        guard capacity > 0 else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.answers.count >= capacity { state.answers.removeAll(keepingCapacity: true) }
            state.answers[key] = answer
        }
    }

    /// Forgets every answer: the stored figures have changed.
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.answers.removeAll()
        }
    }

    /// How many answers are kept.
    var count: Int { state.withLock { $0.answers.count } }
}
