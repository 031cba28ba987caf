import Foundation
import JamforClient
import JamforWire

/// Sends figures to the server in batches of at most the server's limit and adds up its answers,
/// keeping for every figure sent where it came from, so that a rejection names its file and line.
struct BatchSender {
    let client: JamforClient
    let batchSize: Int
    /// One key per run and batch: a batch resent in this run (after a lost answer) is stored once;
    /// the same figures sent again in a later run are compared one by one, and what is already stored
    /// counts as unchanged.
    private let run = UUID().uuidString
    private var number = 0
    /// The sum of the answers; rejection indices point into ``origins``.
    private(set) var response = SubmitResponse(inserted: 0, updated: 0, unchanged: 0, rejected: [], replayed: false)
    /// Where each figure sent came from, in the order sent.
    private(set) var origins: [Int] = []

    init(client: JamforClient, batchSize: Int? = nil) {
        self.client = client
        let limit = max(1, Int(client.welcome.limits.maxSubmitObservations))
        self.batchSize = min(limit, batchSize ?? limit)
    }

    /// How many figures have been answered for.
    var sent: Int { origins.count }

    /// Sends `records` (at most ``batchSize``), each with the origin it came from.
    mutating func send(_ records: [ObservationRecord], origins batchOrigins: [Int]) async throws {
        guard !records.isEmpty else { return }
        precondition(records.count == batchOrigins.count, "one origin per record")
        let answer = try await client.submit(
            SubmitRequest(idempotencyKey: "jamfor-\(run)-\(number)", observations: records)
        )
        number += 1
        let accounted = Int(answer.inserted) + Int(answer.updated) + Int(answer.unchanged) + answer.rejected.count
        guard accounted == records.count, answer.rejected.allSatisfy({ Int($0.index) < records.count }) else {
            throw ClientError.protocolViolation(
                "the server's answer to a batch of \(records.count) figures accounts for \(accounted) "
                    + "or names a figure outside the batch"
            )
        }
        response.inserted += answer.inserted
        response.updated += answer.updated
        response.unchanged += answer.unchanged
        for rejection in answer.rejected {
            var moved = rejection
            moved.index = UInt32(clamping: origins.count + Int(rejection.index))
            response.rejected.append(moved)
        }
        origins += batchOrigins
    }

    /// Adds a figure that was not sent because it could not be read, as a rejection at `origin`.
    mutating func reject(origin: Int, reason: String) {
        response.rejected.append(
            Rejection(index: UInt32(clamping: origins.count), code: .invalidArgument, reason: reason)
        )
        origins.append(origin)
    }
}
