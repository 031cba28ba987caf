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

    @Test func everyMessageTypeHasAVector() {
        let covered = Set(GoldenVectors.all.map(\.message.type))
        for (type, name) in MessageType.version1 {
            #expect(covered.contains(type), "no golden vector for \(name)")
        }
        #expect(GoldenVectors.all.contains { $0.compressed })
    }
}
