import Dispatch
import Foundation
import Synchronization

/// The person pressed Ctrl-C (or the process got SIGTERM): the command stopped what it was doing
/// and cleaned up.
struct Interrupted: Error, CustomStringConvertible {
    var description: String { "interrupted" }
}

/// Runs `body` in a task that Ctrl-C (SIGINT) or SIGTERM cancels, so that it unwinds through its
/// cleanup (closing connections, stopping an embedded server, removing temporary and partial files)
/// instead of the process dying in the middle. A second signal while it unwinds ends the process at
/// once, for when the cleanup itself hangs.
/// - Throws: ``Interrupted`` when a signal ended it, else what `body` throws.
func cancellingOnInterrupt<Result: Sendable>(_ body: @escaping @Sendable () async throws -> Result) async throws
    -> Result
{
    let signals = [SIGINT, SIGTERM]
    // The task to cancel is made after the handlers, so that no signal falls between the two.
    let target = Mutex<Task<Result, any Error>?>(nil)
    let received = Atomic<Int>(0)
    var previous: [Int32: sighandler_t?] = [:]
    var sources: [any DispatchSourceSignal] = []
    for number in signals {
        // Ignored as signals, so that the dispatch sources alone see them and the process is not
        // killed; what was set before is put back afterwards.
        previous[number] = signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
            if received.add(1, ordering: .relaxed).newValue > 1 {
                let message = "jamfor: stopped at once; files being written may remain as .partial files\n"
                _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
                _exit(130)
            }
            target.withLock { $0?.cancel() }
        }
        source.resume()
        sources.append(source)
    }
    defer {
        for source in sources { source.cancel() }
        for number in signals {
            if let handler = previous[number] { signal(number, handler ?? SIG_DFL) }
        }
    }
    let task = Task { try await body() }
    target.withLock { $0 = task }
    // A signal that came before the task existed cancels it now.
    if received.load(ordering: .relaxed) > 0 { task.cancel() }
    let result = await task.result
    if task.isCancelled, case .failure = result { throw Interrupted() }
    return try result.get()
}
