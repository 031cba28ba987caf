import Foundation
import JamforWire
import SwiftProtobuf

/// Checks, once and outside any timing, that every codec gives back exactly what it was given.
struct Verifier {
    private(set) var failures: [String] = []

    mutating func checkAll<Value: Codable & Equatable, Message: SwiftProtobuf.Message & Equatable>(
        workload: String,
        _ value: Value,
        message: Message,
        fromMessage: (Message) throws -> Value
    ) {
        check("\(workload)/cbor decode(encode(x)) == x", expected: value) {
            let bytes = try CBOREncoder().encode(value)
            return try CBORDecoder().decode(Value.self, from: bytes)
        }
        // The raw-buffer entry point is the one a network frame handler would use; it must agree with the array one.
        check("\(workload)/cbor decode(UnsafeRawBufferPointer) == x", expected: value) {
            let bytes = try CBOREncoder().encode(value)
            return try bytes.withUnsafeBytes { try CBORDecoder().decode(Value.self, from: $0) }
        }
        check("\(workload)/json decode(encode(x)) == x", expected: value) {
            let data = try JSONEncoder().encode(value)
            return try JSONDecoder().decode(Value.self, from: data)
        }
        check("\(workload)/protobuf parse(serialize(m)) == m", expected: message) {
            let bytes: [UInt8] = try message.serializedBytes()
            return try Message(serializedBytes: bytes)
        }
        // Proves the .proto mirror holds the same information as the Swift type, so sizes are comparable.
        check("\(workload)/protobuf → Swift == x", expected: value) {
            let bytes: [UInt8] = try message.serializedBytes()
            return try fromMessage(try Message(serializedBytes: bytes))
        }
    }

    private mutating func check<T: Equatable>(_ label: String, expected: T, _ roundTrip: () throws -> T) {
        do {
            let actual = try roundTrip()
            if actual != expected {
                failures.append("\(label): \(describeDifference(expected: expected, actual: actual))")
            }
        } catch {
            failures.append("\(label): threw \(String(reflecting: error))")
        }
    }
}

/// Pinpoints the first difference, so a mismatch report names the field instead of dumping 100,000 records.
func describeDifference<T>(expected: T, actual: T) -> String {
    if let expected = expected as? RankResponse, let actual = actual as? RankResponse {
        if expected.rows != actual.rows {
            return "rows differ: " + firstDifference(expected.rows, actual.rows)
        }
        var expectedHeader = expected
        var actualHeader = actual
        expectedHeader.rows = []
        actualHeader.rows = []
        return "rows equal; rest differs: expected \(expectedHeader), got \(actualHeader)"
    }
    if let expected = expected as? ExportBatch, let actual = actual as? ExportBatch {
        if expected.sequence != actual.sequence {
            return "sequence: expected \(expected.sequence), got \(actual.sequence)"
        }
        return "observations differ: " + firstDifference(expected.observations, actual.observations)
    }
    if let expected = expected as? [Double], let actual = actual as? [Double] {
        return firstDifference(expected, actual) { "\($0) (bits 0x\(String($0.bitPattern, radix: 16)))" }
    }
    return "expected \(clipped(String(reflecting: expected))), got \(clipped(String(reflecting: actual)))"
}

/// Describes the first index where two arrays differ, or their lengths when one is a prefix of the other.
func firstDifference<T: Equatable>(
    _ expected: [T],
    _ actual: [T],
    describe: (T) -> String = { String(reflecting: $0) }
) -> String {
    for index in 0..<min(expected.count, actual.count) where expected[index] != actual[index] {
        var text = "first at [\(index)]: expected \(describe(expected[index])), got \(describe(actual[index]))"
        let differing = zip(expected, actual).lazy.filter { $0 != $1 }.count
        text += "; \(differing) of \(expected.count) elements differ"
        return text
    }
    return "count: expected \(expected.count), got \(actual.count)"
}

private func clipped(_ text: String, limit: Int = 400) -> String {
    text.count <= limit ? text : String(text.prefix(limit)) + "…"
}
