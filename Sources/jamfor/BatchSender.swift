import Foundation
import JamforClient
import JamforWire

/// Sends figures to the server in batches of at most the server's limit and adds up its answers,
/// keeping for every figure sent where it came from, so that a rejection names its file and line.
///
/// Pipelined, it keeps two batches in flight on the one connection: `send` returns once the batch is
/// on its way and the previous batch's answer is in, so the server decodes and checks a batch while
/// it stores the one before, and the caller reads on meanwhile. Sending batch by batch left the
/// server's storage idle while the next batch was read, sent and checked: importing 1,000,000 figures
/// took 8.1 s one batch at a time and 5.4 s two at a time (Tools/ExportBench, 2 cores). Batches that share a key
/// are not sent together, so that a later figure for a key is still stored after an earlier one.
/// When a batch fails, the one sent after it is cancelled, but it may have been stored already;
/// importing again stores nothing twice. Call ``finish()`` after the last batch.
struct BatchSender {
    let client: JamforClient
    let batchSize: Int
    /// Whether two batches may be in flight at once.
    let pipelined: Bool
    /// One key per run and batch: a batch resent in this run (after a lost answer) is stored once;
    /// the same figures sent again in a later run are compared one by one, and what is already stored
    /// counts as unchanged.
    private let run = UUID().uuidString
    private var number = 0
    /// The sum of the answers; rejection indices point into ``origins``.
    private(set) var response = SubmitResponse(inserted: 0, updated: 0, unchanged: 0, rejected: [], replayed: false)
    /// Where each figure sent came from, in the order sent.
    private(set) var origins: [Int] = []
    /// The batch in flight whose answer has not been added up yet (pipelined only).
    private var pending: Pending?

    private struct Pending {
        let answer: Task<SubmitResponse, any Error>
        /// Its figures and where in ``origins`` they start.
        let count: Int
        let start: Int
        /// The hashes of its keys, to keep a batch with one of them from being sent beside it.
        let keys: Set<Int>
    }

    init(client: JamforClient, batchSize: Int? = nil, pipelined: Bool = false) {
        self.client = client
        let limit = max(1, Int(client.welcome.limits.maxSubmitObservations))
        self.batchSize = min(limit, batchSize ?? limit)
        self.pipelined = pipelined
    }

    /// The first batch's size when pipelined; each next one is twice the last, up to ``batchSize``.
    ///
    /// The server's storage can start on nothing before the first batch has been read, sent, decoded
    /// and checked; a full first batch kept it idle for that long (an import of 1,000,000 figures
    /// took 3.33 s with full batches from the start and 3.28 s with this, Tools/ExportBench). Reading
    /// and checking a batch takes less time than storing it, so a batch twice as large as the last is
    /// ready by the time that one is stored, and the storage is not left waiting again.
    static let firstPipelinedBatch = 4_096

    /// The size the caller should give the next batch: ``batchSize``, or when pipelined, a smaller
    /// one for the first few (see ``firstPipelinedBatch``).
    var nextBatchSize: Int {
        guard pipelined, number < 16 else { return batchSize }
        return min(batchSize, Self.firstPipelinedBatch << number)
    }

    /// How many figures have been answered for (or rejected before sending).
    var sent: Int { origins.count - (pending?.count ?? 0) }

    /// Sends `records` (at most ``batchSize``), each with the origin it came from.
    mutating func send(_ records: [ObservationRecord], origins batchOrigins: [Int]) async throws {
        guard !records.isEmpty else { return }
        precondition(records.count == batchOrigins.count, "one origin per record")
        let request = SubmitRequest(idempotencyKey: "jamfor-\(run)-\(number)", observations: records)
        number += 1
        let start = origins.count
        origins += batchOrigins
        guard pipelined else {
            try add(try await client.submit(request), count: records.count, start: start)
            return
        }
        let keys = Set(records.lazy.map(Self.keyHash))
        if let pending, !pending.keys.isDisjoint(with: keys) { try await finish() }
        let client = self.client
        let answer = Task { try await client.submit(request) }
        let previous = pending
        pending = Pending(answer: answer, count: records.count, start: start, keys: keys)
        guard let previous else { return }
        do {
            try add(try await Self.value(of: previous.answer), count: previous.count, start: previous.start)
        } catch {
            cancel()
            throw error
        }
    }

    /// Waits for the answer to the batch still in flight and adds it up.
    mutating func finish() async throws {
        guard let pending else { return }
        self.pending = nil
        try add(try await Self.value(of: pending.answer), count: pending.count, start: pending.start)
    }

    /// Gives up the batch still in flight, if any, asking the server to stop it: after a failure.
    mutating func cancel() {
        pending?.answer.cancel()
        pending = nil
    }

    /// Adds a figure that was not sent because it could not be read, as a rejection at `origin`.
    mutating func reject(origin: Int, reason: String) {
        response.rejected.append(
            Rejection(index: UInt32(clamping: origins.count), code: .invalidArgument, reason: reason)
        )
        origins.append(origin)
    }

    /// Adds up the answer to a batch of `count` figures whose origins start at `start`.
    private mutating func add(_ answer: SubmitResponse, count: Int, start: Int) throws {
        let accounted = Int(answer.inserted) + Int(answer.updated) + Int(answer.unchanged) + answer.rejected.count
        guard accounted == count, answer.rejected.allSatisfy({ Int($0.index) < count }) else {
            throw ClientError.protocolViolation(
                "the server's answer to a batch of \(count) figures accounts for \(accounted) "
                    + "or names a figure outside the batch"
            )
        }
        response.inserted += answer.inserted
        response.updated += answer.updated
        response.unchanged += answer.unchanged
        for rejection in answer.rejected {
            var moved = rejection
            moved.index = UInt32(clamping: start + Int(rejection.index))
            response.rejected.append(moved)
        }
    }

    /// The answer of a batch in flight; cancelling the waiting task cancels the batch too (the task
    /// that sends it is not a child of the caller, so cancellation does not reach it by itself).
    private static func value(of answer: Task<SubmitResponse, any Error>) async throws -> SubmitResponse {
        try await withTaskCancellationHandler {
            try await answer.value
        } onCancel: {
            answer.cancel()
        }
    }

    /// A hash of the figure's key; equal keys give equal hashes (different keys rarely do, and then
    /// two batches only wait for each other needlessly).
    private static func keyHash(_ record: ObservationRecord) -> Int {
        var hasher = Hasher()
        hasher.combine(record.indicator)
        hasher.combine(record.municipality)
        hasher.combine(record.period)
        hasher.combine(record.scope)
        hasher.combine(record.gender)
        return hasher.finalize()
    }
}
