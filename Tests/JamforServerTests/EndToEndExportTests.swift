import JamforDomain
import JamforServer
import JamforWire
import Testing

/// `export` and `export-batch` over the real storage (PROTOCOL.md 6.10, 9.1, 9.2): filters, batch
/// sizes, sequence numbers and cancellation mid-stream.
@Suite(.timeLimit(.minutes(1)))
struct EndToEndExportTests {
    @Test func filtersCombineAndBatchesAreNumberedWithoutGaps() async throws {
        try await withEndToEnd { stack in
            try await stack.connect(as: .reader) { client in
                let request = ExportRequest(
                    indicators: ["hme", "sick-leave"],
                    municipalities: ["0381"],
                    from: "2021",
                    to: "2023",
                    scope: "kommun",
                    gender: "T",
                    batchSize: 2
                )
                let batches = try await client.export(request)
                let records = batches.flatMap(\.observations)
                #expect(batches.allSatisfy { $0.observations.count <= 2 })
                #expect(batches.dropLast().allSatisfy { $0.observations.count == 2 })

                let from = try Period("2021")
                let to = try Period("2023")
                let expected = stack.dataset.observations.filter { observation in
                    ["hme", "sick-leave"].contains(observation.key.indicator.rawValue)
                        && observation.key.municipality.rawValue == "0381" && observation.key.scope == .kommun
                        && observation.key.gender == .total && observation.key.period >= from
                        && observation.key.period <= to && observation.visibility == .public
                }
                #expect(records.count == expected.count)
                #expect(batches.count == (expected.count + 1) / 2)
                let byKey = Dictionary(
                    uniqueKeysWithValues: expected.map { ("\($0.key.indicator)/\($0.key.period)", $0) }
                )
                #expect(Set(records.map { "\($0.indicator)/\($0.period)" }) == Set(byKey.keys))
                for record in records {
                    let observation = try #require(byKey["\(record.indicator)/\(record.period)"])
                    #expect(record.value == observation.value)
                    #expect(record.status == observation.reading.status?.rawValue)
                    #expect(record.source == observation.source.description)
                    #expect(record.municipality == "0381")
                    #expect(record.scope == "kommun")
                    #expect(record.gender == "T")
                    #expect(record.visibility == .public)
                }
                // The real figures of Enköping's report are among them, with their source.
                let real = records.first { $0.indicator == "hme" && $0.period == "2023-08" }
                #expect(real?.value == 78)
                #expect(real?.source == "report:001_034fdc850437dc3c.txt")
                // Cuts of 2023 come before the whole year 2023, so `to: 2023` includes them; 2020 is out.
                #expect(records.contains { $0.period == "2023-04" })
                #expect(!records.contains { $0.period.hasPrefix("2020") || $0.period.hasPrefix("2024") })
            }
        }
    }

    @Test func batchSizeIsHonouredCappedAndDefaulted() async throws {
        try await withEndToEnd(exportBatchSize: 7, maximumExportBatchSize: 10) { stack in
            try await stack.connect(as: .enkoping) { client in
                let all = ExportRequest(indicators: ["hme"], municipalities: ["0381"])
                let count = stack.dataset.observations.filter {
                    $0.key.indicator.rawValue == "hme" && $0.key.municipality.rawValue == "0381"
                }.count
                #expect(count > 30)

                let capped = try await client.export(withBatchSize(all, 1000))
                #expect(capped.dropLast().allSatisfy { $0.observations.count == 10 })
                #expect(capped.count == (count + 9) / 10)

                let defaulted = try await client.export(all)
                #expect(defaulted.dropLast().allSatisfy { $0.observations.count == 7 })
                #expect(defaulted.count == (count + 6) / 7)

                let small = try await client.export(withBatchSize(all, 3))
                #expect(small.dropLast().allSatisfy { $0.observations.count == 3 })
                #expect(small.count == (count + 2) / 3)

                // A batch size of 0 is taken as 1.
                let single = try await client.export(
                    ExportRequest(indicators: ["hme"], municipalities: ["0381"], from: "2024", batchSize: 0)
                )
                #expect(single.count == 3)
                #expect(single.allSatisfy { $0.observations.count == 1 })

                // Every batch size gives the same observations in the same order.
                let keys = { (batches: [ExportBatch]) in
                    batches.flatMap(\.observations).map { "\($0.period)/\($0.scope)/\($0.gender)" }
                }
                #expect(keys(capped) == keys(defaulted))
                #expect(keys(capped) == keys(small))
                #expect(keys(capped).count == count)
            }
        }
    }

    @Test func anExportThatMatchesNothingIsOneEmptyFinalBatch() async throws {
        try await withEndToEnd { stack in
            try await stack.connect(as: .kalmar) { client in
                let batches = try await client.export(
                    ExportRequest(indicators: ["voter-turnout"], municipalities: ["0880"])
                )
                #expect(batches == [ExportBatch(sequence: 0, observations: [])])
                let future = try await client.export(ExportRequest(from: "2030"))
                #expect(future == [ExportBatch(sequence: 0, observations: [])])
            }
        }
    }

    @Test func exportsShowNetworkOnlyFiguresToTheirNetworkOnly() async throws {
        try await withEndToEnd(allowsAnonymous: true) { stack in
            // Enköping's synthetic 2024 cuts are network-only (4M).
            let cuts = ExportRequest(indicators: ["hme"], municipalities: ["0381"], from: "2024-01", to: "2024-11")
            let expected: [Login?: Int] = [.admin: 6, .enkoping: 6, .kalmar: 0, .reader: 0, nil: 0]
            for (login, count) in expected {
                try await stack.connect(as: login) { client in
                    let records = try await client.exportRecords(cuts)
                    #expect(records.count == count, "\(login?.user ?? "anonymous")")
                    #expect(records.allSatisfy { $0.visibility == .network })
                    #expect(Set(records.map(\.period)).isSubset(of: ["2024-04", "2024-08"]))
                    // The public whole year is there for everyone.
                    let year = try await client.exportRecords(
                        ExportRequest(indicators: ["hme"], municipalities: ["0381"], from: "2024", to: "2024")
                    )
                    #expect(year.count == 3)
                }
            }
        }
    }

    @Test func cancellingAnExportMidStreamEndsItWithCancelled() async throws {
        try await withEndToEnd { stack in
            // A small receive window: the server is held back soon after the client stops reading.
            try await stack.connect(as: .admin, receiveBufferSize: 4096) { client in
                let raw = client.raw
                let id = client.nextRequestID()
                // Every observation, one per batch: tens of thousands of batches, far from done when cancelled.
                try await raw.send(.export(ExportRequest(batchSize: 1)), requestID: id)
                let first = try await raw.nextFrame(for: id)
                guard case .exportBatch(let batch) = try raw.codec.message(in: first) else {
                    Issue.record("expected the first export batch, got \(first.type)")
                    return
                }
                #expect(batch.sequence == 0)
                #expect(batch.observations.count == 1)
                #expect(!first.flags.contains(.endOfStream))
                try await raw.send(.cancel(Cancel(requestID: id)))

                // Batches already on their way may arrive, in sequence, then the cancellation.
                var next: UInt32 = 1
                var error: ErrorMessage?
                while error == nil {
                    let frame = try await raw.nextFrame(for: id)
                    switch try raw.codec.message(in: frame) {
                    case .exportBatch(let batch):
                        #expect(batch.sequence == next)
                        #expect(!frame.flags.contains(.endOfStream), "the export finished before the cancel")
                        next += 1
                    case .error(let message):
                        #expect(frame.flags.contains(.error) && frame.flags.contains(.endOfStream))
                        error = message
                    case let other:
                        Issue.record("unexpected \(other.type)")
                        return
                    }
                }
                #expect(error?.code == .cancelled)
                #expect(error?.requestID == id)
                // A cancellation is not logged as a failure of storage, even when it stopped a page read.
                #expect(!stack.responderLogs.text.contains("storage failed"), "\(stack.responderLogs.text)")

                // Nothing more for the export: the ping's answer comes next, and the connection still works.
                try await raw.send(.ping(Ping(nonce: 7)))
                while true {
                    let frame = try #require(try await raw.nextFrame())
                    #expect(frame.requestID != id, "a frame for the cancelled export after its error")
                    if frame.requestID == 0, case .pong(let pong) = try raw.codec.message(in: frame) {
                        #expect(pong.nonce == 7)
                        break
                    }
                }
                #expect(try await client.networks().count == 3)
                let small = try await client.export(
                    ExportRequest(indicators: ["hme"], municipalities: ["0880"], from: "2024")
                )
                // The whole year 2024 (T, K, M): `from: 2024` starts after the year's cuts.
                #expect(small.flatMap(\.observations).map(\.period) == ["2024", "2024", "2024"])
            }
        }
    }

    private func withBatchSize(_ request: ExportRequest, _ size: UInt32) -> ExportRequest {
        var request = request
        request.batchSize = size
        return request
    }
}
