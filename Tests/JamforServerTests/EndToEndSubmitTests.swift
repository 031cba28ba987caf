import Foundation
import JamforServer
import JamforWire
import Testing

/// `submit` and `submit-result` against the real storage (PROTOCOL.md 6.9): storing, updating,
/// idempotent replays, per-row rejections and the batch limit.
@Suite(.timeLimit(.minutes(1)))
struct EndToEndSubmitTests {
    /// Kalmar's hme for January–April 2019: a cut no dataset has.
    static let kalmar2019 = ExportRequest(indicators: ["hme"], municipalities: ["0880"], from: "2019-04", to: "2019-04")

    @Test func submittedFiguresAreStoredWithTheServersSubmitterAndTime() async throws {
        try await withEndToEnd { stack in
            try await stack.connect(as: .kalmar) { client in
                let batch = [
                    record("hme", "0880", "2019-04", value: 81),
                    record("hme", "0880", "2019-04", value: 82, gender: "K"),
                    record("hme", "0880", "2019-04", status: "..", gender: "M"),
                ]
                let first = try await client.submit("kalmar-2019-04", batch)
                #expect(first == SubmitResponse(inserted: 3, updated: 0, unchanged: 0, rejected: [], replayed: false))

                let stored = try await client.exportRecords(Self.kalmar2019)
                #expect(stored.map(\.gender) == ["T", "K", "M"])
                #expect(stored.map(\.value) == [81, 82, nil])
                #expect(stored.map(\.status) == [nil, nil, ".."])
                for record in stored {
                    #expect(record.period == "2019-04")
                    #expect(record.scope == "kommun")
                    #expect(record.submitter == "kalmar-member")
                    #expect(record.submittedAt == EndToEnd.now)
                    #expect(record.source == "submission:0880")
                    #expect(record.visibility == .public)
                }

                // A client's own submitter and time are not trusted.
                var changed = record("hme", "0880", "2019-04", value: 83)
                changed.submitter = "someone-else"
                changed.submittedAt = Date(timeIntervalSince1970: 0)
                let second = try await client.submit(
                    "kalmar-2019-04-fix",
                    [changed, batch[1], batch[2], record("hme", "0880", "2019-08", value: 80, visibility: .network)]
                )
                #expect(second == SubmitResponse(inserted: 1, updated: 1, unchanged: 2, rejected: []))
                let after = try await client.exportRecords(Self.kalmar2019)
                #expect(after.map(\.value) == [83, 82, nil])
                #expect(after.first?.submitter == "kalmar-member")
                #expect(after.first?.submittedAt == EndToEnd.now)

                let rank = try await client.rank(
                    RankRequest(indicator: "hme", period: "2019-04", set: .network("kkvh"))
                )
                let kalmar = try #require(rank.rows.first)
                #expect(kalmar.municipality == "0880")
                #expect(kalmar.value == 83)
                #expect(kalmar.rank == 1)
                #expect(kalmar.synthetic == nil)
                #expect(rank.rows.dropFirst().allSatisfy { $0.rank == nil && $0.colour == .grey })
                #expect(rank.country?.count == 1)
                #expect(rank.previousPeriod == nil)
            }
            // An administrator's identical figure changes nothing; a different one replaces it.
            try await stack.connect(as: .admin) { client in
                let same = try await client.submit("kalmar-2019-04", [record("hme", "0880", "2019-04", value: 83)])
                #expect(same == SubmitResponse(inserted: 0, updated: 0, unchanged: 1, rejected: [], replayed: false))
                let answer = try await client.submit("kalmar-2019-04-b", [record("hme", "0880", "2019-04", value: 84)])
                #expect(answer == SubmitResponse(inserted: 0, updated: 1, unchanged: 0, rejected: [], replayed: false))
                let stored = try await client.exportRecords(Self.kalmar2019)
                #expect(stored.first?.submitter == "e2e-admin")
                #expect(stored.first?.source == "submission:0880")
            }
        }
    }

    @Test func aRankingAnsweredBeforeASubmissionShowsTheNewFigureAfterIt() async throws {
        try await withEndToEnd { stack in
            try await stack.connect(as: .kalmar) { client in
                let request = RankRequest(indicator: "hme", period: "2019-04", set: .network("kkvh"))
                let before = try await client.rank(request)
                #expect(before.rows.first { $0.municipality == "0880" }?.value == nil)
                // Asked twice: the second answer may come from the cache, and must be the same.
                #expect(try await client.rank(request) == before)
                _ = try await client.submit("cache-1", [record("hme", "0880", "2019-04", value: 77)])
                let after = try await client.rank(request)
                #expect(after.rows.first { $0.municipality == "0880" }?.value == 77)
                _ = try await client.submit("cache-2", [record("hme", "0880", "2019-04", value: 78)])
                #expect(try await client.rank(request).rows.first { $0.municipality == "0880" }?.value == 78)
            }
        }
    }

    @Test func resubmittingTheSameBatchWithTheSameKeyReplaysTheFirstAnswer() async throws {
        try await withEndToEnd { stack in
            let batch = [
                record("hme", "0880", "2019-04", value: 81),
                record("hme", "0381", "2019-04", value: 70),
                record("hme", "0880", "2019-04", value: 81, gender: "K"),
            ]
            try await stack.connect(as: .kalmar) { client in
                let first = try await client.submit("once", batch)
                #expect(first.inserted == 2)
                #expect(first.rejected.map(\.index) == [1])
                #expect(first.rejected.map(\.code) == [.notAuthorized])
                #expect(!first.replayed)

                let again = try await client.submit("once", batch)
                #expect(again.replayed)
                #expect(again.inserted == first.inserted)
                #expect(again.updated == first.updated)
                #expect(again.unchanged == first.unchanged)
                #expect(again.rejected == first.rejected)
                #expect(try await client.exportRecords(Self.kalmar2019).count == 2)

                // A retry that stamps its own time and submitter is still the same batch.
                let restamped = batch.map { record in
                    var copy = record
                    copy.submittedAt = Date(timeIntervalSince1970: 1_700_000_000)
                    copy.submitter = "retry"
                    return copy
                }
                let retried = try await client.submit("once", restamped)
                #expect(retried.replayed)
                #expect(retried.inserted == first.inserted)
            }
            // The replay survives a new connection.
            try await stack.connect(as: .kalmar) { client in
                let third = try await client.submit("once", batch)
                #expect(third.replayed)
                #expect(third.inserted == 2)

                var different = batch
                different[0].value = 99
                let conflict = try await client.failure(
                    .submit(SubmitRequest(idempotencyKey: "once", observations: different))
                )
                #expect(conflict.code == .conflict)
                #expect(conflict.message.contains("once"))
                let stored = try await client.exportRecords(Self.kalmar2019)
                #expect(stored.map(\.value) == [81, 81])

                let empty = try await client.failure(.submit(SubmitRequest(idempotencyKey: "", observations: batch)))
                #expect(empty.code == .invalidArgument)
                let long = String(repeating: "k", count: 201)
                let tooLong = try await client.failure(
                    .submit(SubmitRequest(idempotencyKey: long, observations: batch))
                )
                #expect(tooLong.code == .invalidArgument)
            }
            // Another principal's key of the same name is its own.
            try await stack.connect(as: .vaxjo) { client in
                let answer = try await client.submit("once", [record("hme", "0780", "2019-04", value: 77)])
                #expect(answer == SubmitResponse(inserted: 1, updated: 0, unchanged: 0, rejected: [], replayed: false))
            }
            try await stack.connect(as: .admin) { client in
                let answer = try await client.submit("once", batch)
                #expect(!answer.replayed)
                #expect(answer.rejected.isEmpty)
                // Enköping's row is new; Kalmar's two are the same figures, with the same source.
                #expect(answer.inserted == 1)
                #expect(answer.unchanged == 2)
                #expect(answer.updated == 0)
                let stored = try await client.exportRecords(
                    ExportRequest(
                        indicators: ["hme"],
                        municipalities: ["0880", "0381", "0780"],
                        from: "2019-04",
                        to: "2019-04"
                    )
                )
                #expect(stored.count == 4)
                #expect(Set(stored.map(\.municipality)) == ["0880", "0381", "0780"])
            }
        }
    }

    @Test func badObservationsAreRejectedOneByOneAndTheRestStored() async throws {
        try await withEndToEnd { stack in
            try await stack.connect(as: .kalmar) { client in
                var both = record("hme", "0880", "2018-08", value: 75)
                both.status = "-"
                var badScope = record("hme", "0880", "2018-08", value: 75)
                badScope.scope = "region"
                let batch: [(ObservationRecord, ErrorCode?, String)] = [
                    (record("hme", "0880", "2018-08", value: 75), nil, ""),
                    (record("hme", "9999", "2018-08", value: 75), .notFound, "9999"),
                    (record("happiness", "0880", "2018-08", value: 75), .notFound, "happiness"),
                    (record("hme", "0880", "2018-04", value: 101), .invalidArgument, "bounds"),
                    (record("sick-leave", "0880", "2018-04", value: -0.5), .invalidArgument, "bounds"),
                    (record("hme", "0880", "2018-04", value: .nan), .invalidArgument, "finite"),
                    (record("hme", "0880", "2018-04", value: .infinity), .invalidArgument, "finite"),
                    (record("hme", "0880", "2018-04", value: -.infinity), .invalidArgument, "finite"),
                    (both, .invalidArgument, "not both"),
                    (record("hme", "0880", "2018-04"), .invalidArgument, "neither"),
                    (record("hme", "0880", "2018-04", status: "?"), .invalidArgument, "status"),
                    (record("hme", "0880", "2026", value: 75), .invalidArgument, "not ended"),
                    (record("hme", "0880", "2025", value: 75), .invalidArgument, "not ended"),
                    (record("hme", "0880", "2025-03", value: 75), .invalidArgument, "not ended"),
                    (record("hme", "0880", "2025-02", value: 75), nil, ""),
                    (record("hme", "0880", "2023-13", value: 75), .invalidArgument, "2023-13"),
                    (record("hme", "0880", "2023-12", value: 75), .invalidArgument, "whole year"),
                    (record("hme", "0880", "1989", value: 75), .invalidArgument, "1989"),
                    (record("nki", "0880", "2018", value: 75, gender: "K"), .invalidArgument, "total only"),
                    (record("hme", "0880", "2018-08", value: 75, gender: "X"), .invalidArgument, "gender"),
                    (badScope, .invalidArgument, "scope"),
                    (record("hme", "88", "2018-08", value: 75), .invalidArgument, "municipality code"),
                    (record("hme", "0880", "2018-08", value: 76), .invalidArgument, "earlier in the batch"),
                    (record("sick-leave", "0880", "2018-08", status: ".."), nil, ""),
                ]
                let answer = try await client.submit("mixed", batch.map(\.0))
                #expect(answer.inserted == 3)
                #expect(answer.updated == 0)
                #expect(answer.unchanged == 0)
                #expect(!answer.replayed)
                let expected = batch.enumerated().compactMap { index, item in item.1.map { (index, $0, item.2) } }
                #expect(answer.rejected.map(\.index) == expected.map { UInt32($0.0) })
                for (rejection, (index, code, mention)) in zip(answer.rejected, expected) {
                    #expect(rejection.code == code, "row \(index): \(rejection.reason)")
                    #expect(
                        rejection.reason.localizedCaseInsensitiveContains(mention),
                        "row \(index): '\(rejection.reason)' does not mention \(mention)"
                    )
                }
                #expect(Int(answer.inserted) + answer.rejected.count == batch.count)

                let stored = try await client.exportRecords(
                    ExportRequest(municipalities: ["0880"], from: "2018-04", to: "2018-08")
                )
                #expect(stored.map(\.indicator) == ["hme", "sick-leave"])
                #expect(stored.map(\.value) == [75, nil])
                #expect(stored.map(\.status) == [nil, ".."])
                let thisYear = try await client.exportRecords(ExportRequest(municipalities: ["0880"], from: "2025-01"))
                #expect(thisYear.map(\.period) == ["2025-02"])
            }
        }
    }

    @Test func aBatchOverTheLimitIsRefusedWholeAndNothingStored() async throws {
        try await withEndToEnd(maximumSubmitObservations: 3) { stack in
            try await stack.connect(as: .kalmar) { client in
                #expect(client.welcome.limits.maxSubmitObservations == 3)
                let batch = ["T", "K", "M", "T"].enumerated().map { index, gender in
                    record("hme", "0880", index == 3 ? "2019-08" : "2019-04", value: 80, gender: gender)
                }
                let error = try await client.failure(.submit(SubmitRequest(idempotencyKey: "big", observations: batch)))
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains("3"))
                #expect(error.message.contains("nothing was stored"))
                let none = try await client.exportRecords(
                    ExportRequest(indicators: ["hme"], municipalities: ["0880"], from: "2019-04", to: "2019-08")
                )
                #expect(none.isEmpty)

                // The refused batch did not use up its key.
                let answer = try await client.submit("big", Array(batch.prefix(3)))
                #expect(answer == SubmitResponse(inserted: 3, updated: 0, unchanged: 0, rejected: []))
                #expect(try await client.exportRecords(Self.kalmar2019).count == 3)
            }
        }
    }
}
