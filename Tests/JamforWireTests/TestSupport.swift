import Foundation
import Testing

@testable import JamforWire

/// Parses "a1 01 02"-style hex, ignoring spaces.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

func encode<T: Encodable>(_ value: T) throws -> String {
    hexString(try CBOREncoder().encode(value))
}

func roundTrip<T: Codable & Equatable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let bytes = try CBOREncoder().encode(value)
    let decoded = try CBORDecoder().decode(T.self, from: bytes)
    #expect(decoded == value, "round trip of \(value) through \(hexString(bytes))", sourceLocation: sourceLocation)
}
