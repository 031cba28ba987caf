import Foundation
import Testing

@testable import JamforWire

/// Checks every frame in `Protocol/vectors/` against the message it was made from. Run with
/// `JAMFOR_WRITE_VECTORS=1` to write the files anew after a deliberate change to the format.
@Suite struct GoldenVectorTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors")

    static let writing = ProcessInfo.processInfo.environment["JAMFOR_WRITE_VECTORS"] == "1"

    static func codec(for vector: GoldenVectors.Vector) -> FrameCodec {
        FrameCodec(compression: vector.compressed ? CompressionPolicy() : nil)
    }

    static func describe(_ frame: Frame, name: String, plain: [UInt8]) throws -> String {
        var flagNames: [String] = []
        if frame.flags.contains(.compressed) { flagNames.append("\"compressed\"") }
        if frame.flags.contains(.endOfStream) { flagNames.append("\"end-of-stream\"") }
        if frame.flags.contains(.error) { flagNames.append("\"error\"") }
        return """
            {
              "name": \(CBORJSON.string(name)),
              "length": \(frame.payload.count),
              "version": \(frame.version),
              "flags": \(frame.flags.rawValue),
              "flag_names": [\(flagNames.joined(separator: ", "))],
              "type": \(frame.type.rawValue),
              "type_name": \(CBORJSON.string(frame.type.name ?? "")),
              "request_id": \(frame.requestID),
              "payload_length_uncompressed": \(plain.count),
              "payload": \(try CBORJSON.render(plain))
            }

            """
    }

    @Test(arguments: GoldenVectors.all.map(\.name))
    func vectorMatchesItsMessage(name: String) throws {
        let vector = try #require(GoldenVectors.all.first { $0.name == name })
        let codec = Self.codec(for: vector)
        let frame = try codec.frame(vector.message, requestID: vector.requestID, flags: vector.flags)
        let plain = try codec.plainPayload(of: frame)
        let json = try Self.describe(frame, name: name, plain: plain)
        let binURL = Self.directory.appendingPathComponent("\(name).bin")
        let jsonURL = Self.directory.appendingPathComponent("\(name).json")
        if Self.writing {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(frame.bytes).write(to: binURL)
            try Data(json.utf8).write(to: jsonURL)
        }
        let stored = try [UInt8](Data(contentsOf: binURL))
        #expect(stored == frame.bytes, "re-encoding \(name) must reproduce \(name).bin byte for byte")
        #expect(try String(contentsOf: jsonURL, encoding: .utf8) == json)
        #expect(vector.compressed == frame.flags.contains(.compressed))

        // Reading the stored frame gives back a message that encodes to the same payload.
        let parsed = try #require(try stored.withUnsafeBytes { try codec.parseFrame($0) })
        #expect(parsed.consumed == stored.count)
        let message = try codec.message(in: parsed.frame)
        #expect(message.type == vector.message.type)
        #expect(try message.encodePayload() == (try vector.message.encodePayload()))
    }

    static func message(_ name: String) throws -> WireMessage {
        try #require(GoldenVectors.all.first { $0.name == name }).message
    }

    /// The vectors are separate examples, but each response must answer the request of its pair.
    @Test func responsesAnswerTheirRequests() throws {
        guard case .compare(let compare) = try Self.message("compare"),
            case .compareResult(let compared) = try Self.message("compare-result"),
            case .trend(let trend) = try Self.message("trend"),
            case .trendResult(let trended) = try Self.message("trend-result"),
            case .submit(let submit) = try Self.message("submit"),
            case .submitResult(let submitted) = try Self.message("submit-result"),
            case .export(let export) = try Self.message("export"),
            case .exportBatch(let batch) = try Self.message("export-batch"),
            case .exportBatch(let lastBatch) = try Self.message("export-batch-compressed"),
            case .rank(let rank) = try Self.message("rank"),
            case .rankResult(let ranked) = try Self.message("rank-result"),
            case .networks(let networks) = try Self.message("networks")
        else {
            Issue.record("a vector holds the wrong message type")
            return
        }
        // compare: a row per requested municipality, a value and a score per indicator, a composite
        // and rank exactly when the coverage reaches the minimum, best composite first.
        #expect(compared.indicators == compare.indicators.map(\.indicator))
        #expect(Set(compared.rows.map(\.municipality)) == Set(compare.set.codes ?? []))
        #expect(compared.rows.count == compare.set.codes?.count)
        let minimum = try #require(compare.minimumCoverage)
        for row in compared.rows {
            #expect(row.values.count == compare.indicators.count && row.scores.count == compare.indicators.count)
            #expect((row.composite != nil) == (row.coverage >= minimum), "\(row.municipality)")
            #expect((row.rank != nil) == (row.composite != nil), "\(row.municipality)")
            #expect(row.scores.allSatisfy { $0.isNaN || (0...100).contains($0) })
        }
        let kalmar = try #require(compared.rows.first { $0.municipality == "0880" })
        #expect(kalmar.composite == nil && abs(kalmar.coverage - 2.0 / 3.0) < 1e-12)
        #expect(compared.rows.compactMap(\.rank) == [1, 2])
        // trend: a series per requested municipality, then one per group.
        let labels = trend.municipalities + trend.groups.map { $0.kind == .country ? "country" : $0.network ?? "" }
        #expect(trended.series.map(\.label) == labels)
        #expect(trended.series.allSatisfy { $0.values.count == trended.periods.count })
        // submit: every observation counted once; the rejection names one with a value and a status.
        let counted = submitted.inserted + submitted.updated + submitted.unchanged
        #expect(Int(counted) + submitted.rejected.count == submit.observations.count)
        for rejection in submitted.rejected {
            let observation = submit.observations[Int(rejection.index)]
            #expect(observation.value != nil && observation.status != nil)
            #expect(rejection.code == .invalidArgument)
        }
        // export: only the indicators asked for, each figure once.
        for observations in [batch.observations, lastBatch.observations] {
            #expect(observations.allSatisfy { export.indicators.contains($0.indicator) })
            let keys = observations.map { [$0.indicator, $0.municipality, $0.period, $0.scope, $0.gender] }
            #expect(Set(keys).count == keys.count)
        }
        #expect(lastBatch.observations.count >= 600)
        // rank: a row per network member.
        let members = try #require(networks.networks.first { $0.id == rank.set.network }).members
        #expect(Set(ranked.rows.map(\.municipality)) == Set(members))
    }

    @Test func jsonRendererRefusesMalformedTypedArrays() throws {
        let malformed: [(bytes: String, offset: Int)] = [
            ("d8 56 63 61 62 63", 2),  // binary64 typed array around a text string
            ("d8 56 80", 2),  // around an array
            ("d8 40 a0", 2),  // uint8 typed array around a map
            ("d8 56 47 00 00 00 00 00 00 f8", 2),  // 7 bytes: not a whole binary64
            ("d8 46 46 01 00 00 00 02 00", 2),  // 6 bytes: not whole uint32s
            ("d8 46 5b ff ff ff ff ff ff ff ff", 3),  // a length beyond the input
            ("d8 56", 2),  // no content at all
            ("5b ff ff ff ff ff ff ff ff", 1),  // byte string longer than the input
            ("9b 7f ff ff ff ff ff ff ff", 1),  // array count beyond the input
        ]
        for (bytes, offset) in malformed {
            #expect(throws: CBORJSON.Failure.malformed(offset), "\(bytes)") { try CBORJSON.render(hex(bytes)) }
        }
        // An indefinite-length byte string is not a typed array's content either.
        #expect(throws: CBORJSON.Failure.self) { try CBORJSON.render(hex("d8 56 5f 48 00 00 00 00 00 00 f8 7f ff")) }
        // Deep nesting is refused, not recursed into without end.
        let deep = [UInt8](repeating: 0x81, count: 10_000) + [0x00]
        #expect(throws: CBORJSON.Failure.self) { try CBORJSON.render(deep) }
        // Well-formed typed arrays and the most negative integer still render.
        #expect(try CBORJSON.render(hex("d8 46 48 01 00 00 00 02 00 00 00")) == "[1, 2]")
        #expect(try CBORJSON.render(hex("d8 46 40")) == "[]")
        #expect(try CBORJSON.render(hex("3b ff ff ff ff ff ff ff ff")) == "-18446744073709551616")
    }

    @Test func everyMessageTypeHasAVector() {
        let covered = Set(GoldenVectors.all.map(\.message.type))
        for (type, name) in MessageType.version1 {
            #expect(covered.contains(type), "no golden vector for \(name)")
        }
        #expect(GoldenVectors.all.contains { $0.compressed })
    }
}
