public import JamforWire
import Synchronization

/// The batches of an export, in order, as an `AsyncSequence`.
///
/// Each iteration sends the export request when it first asks for a batch and ends after the
/// server's last batch. Leaving the loop early, or cancelling the task, sends `cancel` to the
/// server; the connection stays usable.
///
/// The client holds only a few batches that the loop has not taken yet; beyond that it stops
/// reading from the connection, and TCP makes the server wait. Until the loop takes the next batch,
/// answers to other requests on the same connection wait behind the export's batches, so while
/// iterating slowly, send other requests on another connection.
///
/// `next()` throws ``ClientError`` (an `error` from the server after the batches received so far,
/// `timedOut` when no batch arrives within the request timeout, `connectionClosed`,
/// `protocolViolation` for a batch out of sequence), or `CancellationError` when the task is
/// cancelled.
public struct ExportStream: AsyncSequence, Sendable {
    public typealias Element = ExportBatch
    public typealias Failure = any Error

    let connection: Connection
    let request: ExportRequest

    public func makeAsyncIterator() -> Iterator {
        Iterator(cursor: ExportCursor(connection: connection, request: request))
    }

    /// Takes the batches of one run of the export.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        public typealias Element = ExportBatch
        public typealias Failure = any Error

        let cursor: ExportCursor

        public mutating func next() async throws -> ExportBatch? {
            try await cursor.next()
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> ExportBatch? {
            try await cursor.next()
        }
    }
}

/// One run of an export: starts it on the first `next()`, and cancels it at the server when dropped
/// before its end (which is how leaving a `for try await` loop early is noticed).
final class ExportCursor: Sendable {
    private enum Phase {
        case idle
        case running(UInt64)
        case finished
    }

    private let connection: Connection
    private let request: ExportRequest
    private let phase = Mutex(Phase.idle)

    init(connection: Connection, request: ExportRequest) {
        self.connection = connection
        self.request = request
    }

    deinit {
        if case .running(let serial) = phase.withLock({ $0 }) {
            connection.dropStream(serial, reason: nil)
        }
    }

    func next() async throws -> ExportBatch? {
        let serial: UInt64
        switch phase.withLock({ $0 }) {
        case .finished:
            return nil
        case .running(let running):
            serial = running
            // A cancelled task gets no more batches, even those already received.
            if Task.isCancelled { connection.dropStream(serial, reason: CancellationError()) }
        case .idle:
            do {
                serial = try connection.openStream(request)
            } catch {
                phase.withLock { $0 = .finished }
                throw error
            }
            phase.withLock { $0 = .running(serial) }
        }
        do {
            guard let batch = try await connection.nextBatch(serial) else {
                phase.withLock { $0 = .finished }
                return nil
            }
            return batch
        } catch {
            phase.withLock { $0 = .finished }
            throw error
        }
    }
}
