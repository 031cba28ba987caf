import Dispatch
import Foundation

/// The person pressed Ctrl-C: the command stopped what it was doing and cleaned up.
struct Interrupted: Error, CustomStringConvertible {
    var description: String { "interrupted" }
}

/// Runs `body` in a task that Ctrl-C (SIGINT) cancels, so that it unwinds through its cleanup (closing
/// connections, stopping an embedded server, removing temporary and partial files) instead of the
/// process dying in the middle.
/// - Throws: ``Interrupted`` when Ctrl-C ended it, else what `body` throws.
func cancellingOnInterrupt<Result: Sendable>(_ body: @escaping @Sendable () async throws -> Result) async throws
    -> Result
{
    let task = Task { try await body() }
    // Ignored as a signal, so that the dispatch source alone sees it and the process is not killed.
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler { task.cancel() }
    source.resume()
    defer {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
    let result = await task.result
    if task.isCancelled, case .failure = result { throw Interrupted() }
    return try result.get()
}
