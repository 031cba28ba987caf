import Synchronization

/// A result delivered once and awaited once: the handoff between the task that waits for an answer
/// and whoever produces it (the frame reader, a timer, a cancellation handler, the connection closing).
///
/// The first ``complete(_:)`` wins and later ones are ignored, so the parties can race without
/// coordinating: a cancellation that loses to the answer does nothing.
final class Completion<Value: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Value, any Error>)
        case completed(Result<Value, any Error>)
        case delivered
    }

    private let state = Mutex(State.pending)

    /// Delivers `result`, unless a result was already delivered.
    func complete(_ result: Result<Value, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Value, any Error>? in
            switch state {
            case .pending:
                state = .completed(result)
                return nil
            case .waiting(let continuation):
                state = .delivered
                return continuation
            case .completed, .delivered:
                return nil
            }
        }
        waiter?.resume(with: result)
    }

    /// Waits for the result. Cancellation is the caller's to arrange: its handler completes this with
    /// an error.
    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Value, any Error>? in
                switch state {
                case .pending:
                    state = .waiting(continuation)
                    return nil
                case .completed(let result):
                    state = .delivered
                    return result
                case .waiting, .delivered:
                    // Awaited twice: a bug in this module, answered with an error rather than a trap.
                    return .failure(ClientError.protocolViolation("internal: an answer was awaited twice"))
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
