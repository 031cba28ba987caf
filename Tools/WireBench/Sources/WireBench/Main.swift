import Foundation
import JamforWire
import SwiftProtobuf

/// Benchmarks JamforWire's CBOR codec against Foundation's JSON and swift-protobuf on the same data.
///
/// Progress goes to stderr; the table and the final `RESULT …` line go to stdout, and nothing is written after the
/// RESULT line, so it is the last line of the output however the two streams are combined.
@main
struct BenchMain {
    static func main() {
        do {
            try run()
        } catch {
            fail("WireBench: \(error)")
        }
    }

    static func run() throws {
        let clock = ContinuousClock()
        let generationStart = clock.now
        let workloads = Workloads()
        progress("generated workloads in \(formatted(clock.now - generationStart))")

        // Protobuf mirrors built from the very same values; not part of any timing.
        let rankMessage = PBRankResponse(workloads.rank)
        let bulkMessage = try PBExportBatch(workloads.bulk)
        let doublesMessage = PBDoubleArray(workloads.doubles)

        // Correctness first: a fast codec that loses data is not worth timing.
        var verifier = Verifier()
        verifier.checkAll(workload: "rank", workloads.rank, message: rankMessage, fromMessage: RankResponse.init)
        verifier.checkAll(workload: "bulk", workloads.bulk, message: bulkMessage, fromMessage: ExportBatch.init)
        verifier.checkAll(
            workload: "doubles",
            workloads.doubles,
            message: doublesMessage,
            fromMessage: { $0.values }
        )
        guard verifier.failures.isEmpty else {
            for failure in verifier.failures { progress("MISMATCH \(failure)") }
            fail("WireBench: \(verifier.failures.count) round-trip check(s) failed; not timing")
        }
        progress("round trips verified: cbor, json, protobuf × rank, bulk, doubles")

        let sink = Sink()
        var rows: [ResultRow] = []
        rows += try benchmark(
            workload: "rank",
            workloads.rank,
            message: rankMessage,
            sink: sink,
            weight: { $0.rows.count },
            messageWeight: { $0.rows.count }
        )
        rows += try benchmark(
            workload: "bulk",
            workloads.bulk,
            message: bulkMessage,
            sink: sink,
            weight: { $0.observations.count },
            messageWeight: { $0.observations.count }
        )
        rows += try benchmark(
            workload: "doubles",
            workloads.doubles,
            message: doublesMessage,
            sink: sink,
            weight: { $0.count },
            messageWeight: { $0.values.count }
        )

        // What Codable's machinery alone costs on the same values: the floor under any Codable codec.
        let floors = [
            (
                "rank",
                try measure(sink: sink) { try CodableFloor.encode(workloads.rank) },
                try measure(sink: sink) {
                    try CodableFloor.decode(RankResponse.self, arrayLength: workloads.rank.rows.count).rows.count
                }
            ),
            (
                "bulk",
                try measure(sink: sink) { try CodableFloor.encode(workloads.bulk) },
                try measure(sink: sink) {
                    try CodableFloor.decode(ExportBatch.self, arrayLength: workloads.bulk.observations.count)
                        .observations.count
                }
            ),
        ]

        let report = try Report(rows: rows)
        print(report.table(checksum: sink.total))
        print("")
        print("Codable floor: a coder that reads and writes no bytes, on the same values (ns/op)")
        for (workload, encode, decode) in floors {
            var line = "\(workload)  encode \(String(format: "%.0f", encode.medianNanoseconds))"
            line += "  decode \(String(format: "%.0f", decode.medianNanoseconds))"
            if let ours = rows.first(where: { $0.workload == workload && $0.codec == .cbor }) {
                let encodeRatio = ours.encode.medianNanoseconds / encode.medianNanoseconds
                let decodeRatio = ours.decode.medianNanoseconds / decode.medianNanoseconds
                line += "   jamfor-cbor / floor: encode \(String(format: "%.2f", encodeRatio))"
                line += "  decode \(String(format: "%.2f", decodeRatio))"
            }
            print(line)
        }
        print(report.resultLine())
    }

    /// Times encode and decode of one workload with all three codecs.
    static func benchmark<Value: Codable, Message: SwiftProtobuf.Message>(
        workload: String,
        _ value: Value,
        message: Message,
        sink: Sink,
        weight: (Value) -> Int,
        messageWeight: (Message) -> Int
    ) throws -> [ResultRow] {
        var rows: [ResultRow] = []

        // Encoders and decoders are created once, as a long-lived connection would keep them.
        let cborEncoder = CBOREncoder()
        let cborDecoder = CBORDecoder()
        let cborBytes = try cborEncoder.encode(value)
        rows.append(
            ResultRow(
                workload: workload,
                codec: .cbor,
                bytes: cborBytes.count,
                encode: try measure(sink: sink) { try cborEncoder.encode(value).count },
                decode: try measure(sink: sink) { weight(try cborDecoder.decode(Value.self, from: cborBytes)) }
            )
        )
        progress(rows[rows.count - 1].summary)

        let jsonEncoder = JSONEncoder()
        let jsonDecoder = JSONDecoder()
        let jsonBytes = try jsonEncoder.encode(value)
        rows.append(
            ResultRow(
                workload: workload,
                codec: .json,
                bytes: jsonBytes.count,
                encode: try measure(sink: sink) { try jsonEncoder.encode(value).count },
                decode: try measure(sink: sink) { weight(try jsonDecoder.decode(Value.self, from: jsonBytes)) }
            )
        )
        progress(rows[rows.count - 1].summary)

        let protobufBytes: [UInt8] = try message.serializedBytes()
        rows.append(
            ResultRow(
                workload: workload,
                codec: .protobuf,
                bytes: protobufBytes.count,
                encode: try measure(sink: sink) {
                    let bytes: [UInt8] = try message.serializedBytes()
                    return bytes.count
                },
                decode: try measure(sink: sink) { messageWeight(try Message(serializedBytes: protobufBytes)) }
            )
        )
        progress(rows[rows.count - 1].summary)
        return rows
    }
}

/// Writes a progress line to stderr, keeping stdout for the table and the RESULT line.
func progress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Reports a fatal problem and exits non-zero so `Tools/bench.sh` and CI notice.
func fail(_ message: String) -> Never {
    progress(message)
    exit(1)
}

func formatted(_ duration: Duration) -> String {
    String(format: "%.2f s", nanoseconds(duration) / 1e9)
}
