import Foundation
import JamforClient
import JamforServer
import JamforWire
import Testing

@testable import jamfor

/// Sending figures in batches, two in flight at a time: the answers add up in order, rejections
/// point at the figures' origins, and a later figure for a key is stored after an earlier one.
@Suite("Batch sender", .serialized)
struct BatchSenderTests {
    private static func figure(_ municipality: String, _ year: Int, _ value: Double) -> ObservationRecord {
        ObservationRecord(indicator: "hme", municipality: municipality, period: String(year), value: value)
    }

    /// Runs `body` with a client connected as the administrator of an empty server.
    private static func withClient(_ body: (JamforClient) async throws -> Void) async throws {
        try await CommandServer.withEmpty { server in
            let configuration = ClientConfiguration(
                address: ServerAddress(host: "127.0.0.1", port: server.port),
                credentials: Credentials(user: "admin", token: server.tokens["admin"] ?? "")
            )
            try await JamforClient.withConnection(configuration) { client in try await body(client) }
        }
    }

    /// The stored values of HME, gender T, for `municipality`, by year.
    private static func stored(_ client: JamforClient, _ municipality: String) async throws -> [String: Double] {
        var values: [String: Double] = [:]
        for try await batch in client.export(
            ExportRequest(indicators: ["hme"], municipalities: [municipality], gender: "T")
        ) {
            for record in batch.observations { values[record.period] = record.value }
        }
        return values
    }

    @Test("answers add up in order; rejections, the server's and the sender's own, name their origins")
    func accounting() async throws {
        try await Self.withClient { client in
            var sender = BatchSender(client: client, batchSize: 2, pipelined: true)
            try await sender.send([Self.figure("0381", 2015, 70), Self.figure("9999", 2015, 70)], origins: [10, 11])
            sender.reject(origin: 12, reason: "unreadable")
            try await sender.send([Self.figure("0381", 2016, 71), Self.figure("0381", 2017, 72)], origins: [13, 14])
            try await sender.send([Self.figure("0381", 2018, 150)], origins: [15])
            #expect(sender.sent <= 6)
            try await sender.finish()
            #expect(sender.sent == 6)
            #expect(sender.origins == [10, 11, 12, 13, 14, 15])
            let response = sender.response
            #expect(response.inserted == 3)
            let rejected = response.rejected.sorted { $0.index < $1.index }
            #expect(rejected.map { sender.origins[Int($0.index)] } == [11, 12, 15])
            #expect(rejected.map(\.code) == [.notFound, .invalidArgument, .invalidArgument])
        }
    }

    @Test("pipelined, the first batches start small and double up to the batch size; unpipelined, they do not")
    func rampUp() async throws {
        try await Self.withClient { client in
            var sender = BatchSender(client: client, batchSize: 20_000, pipelined: true)
            var sizes: [Int] = []
            var year = 0
            for _ in 0..<6 {
                let size = sender.nextBatchSize
                sizes.append(size)
                // Figures the server refuses (an unknown municipality) cost it nothing to store.
                let records = (0..<size).map { _ in
                    year += 1
                    return Self.figure("9999", year, 1)
                }
                try await sender.send(records, origins: Array(0..<size))
            }
            try await sender.finish()
            #expect(sizes == [4_096, 8_192, 16_384, 20_000, 20_000, 20_000])
            #expect(sender.sent == sizes.reduce(0, +))
            let plain = BatchSender(client: client, batchSize: 20_000)
            #expect(plain.nextBatchSize == 20_000)
            let small = BatchSender(client: client, batchSize: 100, pipelined: true)
            #expect(small.nextBatchSize == 100)
        }
    }

    @Test("a batch with a key of the batch in flight waits for it: the later figure is the one stored")
    func order() async throws {
        try await Self.withClient { client in
            var sender = BatchSender(client: client, batchSize: 3, pipelined: true)
            for round in 0..<6 {
                // Every batch gives 2020 again, with this round's value, beside a year of its own.
                let value = Double(60 + round)
                try await sender.send(
                    [Self.figure("0381", 2020, value), Self.figure("0381", 2000 + round, value)],
                    origins: [2 * round, 2 * round + 1]
                )
            }
            try await sender.finish()
            #expect(sender.response.inserted == 7)
            #expect(sender.response.updated == 5)
            let values = try await Self.stored(client, "0381")
            #expect(values["2020"] == 65)
            #expect(values["2005"] == 65)
        }
    }

    @Test("without pipelining each batch is answered before send returns")
    func sequential() async throws {
        try await Self.withClient { client in
            var sender = BatchSender(client: client, batchSize: 2)
            try await sender.send([Self.figure("0381", 2015, 70)], origins: [1])
            #expect(sender.sent == 1)
            #expect(sender.response.inserted == 1)
        }
    }
}
