import Foundation
import Testing

@testable import JamforWire

/// Each decoding limit, fed input that breaks it.
@Suite struct CBORLimitsTests {
    indirect enum Nested: Codable, Equatable {
        case leaf
        case node([Nested])
    }

    struct Tree: Codable { var children: [Tree] }

    /// Reads arrays of arrays to any depth.
    struct AnyArray: Decodable {
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            while !container.isAtEnd { _ = try container.decode(AnyArray.self) }
        }
    }

    @Test func nestingDeeperThanTheLimitIsRefused() throws {
        // 100 nested arrays around an empty one: [[[...[]...]]]
        let bytes = [UInt8](repeating: 0x81, count: 100) + [0x80]
        #expect(throws: CBORError.nestingTooDeep(limit: 64, offset: 64)) {
            try CBORDecoder().decode(AnyArray.self, from: bytes)
        }
        // A recursive type hits the limit where the depth passes it.
        var tree: [UInt8] = []
        for _ in 0..<80 { tree += [0xa1, 0x68] + Array("children".utf8) + [0x81] }
        tree += [0xa1, 0x68] + Array("children".utf8) + [0x80]
        #expect {
            try CBORDecoder().decode(Tree.self, from: tree)
        } throws: { error in
            guard case CBORError.nestingTooDeep(let limit, _) = error else { return false }
            return limit == 64
        }
        // The same input passes with a higher limit.
        _ = try CBORDecoder(maxNestingDepth: 200).decode(Tree.self, from: tree)
    }

    struct Small: Codable { var a: Int }

    @Test func deepNestingInAnUnknownKeyIsRefusedToo() {
        // {"b": [[[...]]], "a": 1}: the skipped value is as bounded as a decoded one.
        let bytes = [0xa2, 0x61, 0x62] + [UInt8](repeating: 0x81, count: 10_000) + [0x80, 0x61, 0x61, 0x01]
        #expect {
            try CBORDecoder().decode(Small.self, from: bytes)
        } throws: { error in
            guard case CBORError.nestingTooDeep(let limit, _) = error else { return false }
            return limit == 64
        }
    }

    @Test func longTagChainsAreBounded() throws {
        // 55799 ("self-described CBOR") may be stepped over, but not without end.
        let bytes = Array([[UInt8]](repeating: [0xd9, 0xd9, 0xf7], count: 1000).joined()) + [0x01]
        #expect {
            try CBORDecoder().decode(Int.self, from: bytes)
        } throws: { error in
            guard case CBORError.nestingTooDeep(let limit, _) = error else { return false }
            return limit == 64
        }
        #expect(try CBORDecoder().decode(Int.self, from: [0xd9, 0xd9, 0xf7, 0xd9, 0xd9, 0xf7, 0x01]) == 1)
    }

    @Test func countsLargerThanTheInputAreRefusedBeforeAllocating() {
        // An array of 2^32 - 1 elements in 6 bytes.
        #expect(throws: CBORError.countExceedsInput(count: 0xffff_ffff, remaining: 1, offset: 0)) {
            try CBORDecoder().decode([Int].self, from: [0x9a, 0xff, 0xff, 0xff, 0xff, 0x01])
        }
        // A map of 2^63 entries.
        #expect(throws: CBORError.countExceedsInput(count: 1 << 63, remaining: 0, offset: 0)) {
            try CBORDecoder().decode([String: Int].self, from: [0xbb, 0x80, 0, 0, 0, 0, 0, 0, 0])
        }
        // A map needs two bytes per entry at least.
        #expect(throws: CBORError.countExceedsInput(count: 2, remaining: 3, offset: 0)) {
            try CBORDecoder().decode([String: Int].self, from: [0xa2, 0x61, 0x61, 0x01])
        }
        // A text string longer than what follows.
        #expect(throws: CBORError.countExceedsInput(count: 1000, remaining: 2, offset: 0)) {
            try CBORDecoder().decode(String.self, from: [0x79, 0x03, 0xe8, 0x61, 0x62])
        }
        // A byte string, and a typed array, likewise.
        #expect(throws: CBORError.countExceedsInput(count: 0x7fff_ffff_ffff_ffff, remaining: 0, offset: 0)) {
            try CBORDecoder().decode(Data.self, from: [0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        }
        #expect(throws: CBORError.countExceedsInput(count: 800, remaining: 8, offset: 2)) {
            try CBORDecoder().decode(
                [Double].self,
                from: [0xd8, 0x56, 0x59, 0x03, 0x20] + [UInt8](repeating: 0, count: 8)
            )
        }
    }

    @Test func typedArraysMustHoldWholeElements() {
        #expect(throws: CBORError.invalidTypedArrayLength(tag: 86, byteCount: 7, offset: 0)) {
            try CBORDecoder().decode([Double].self, from: [0xd8, 0x56, 0x47] + [UInt8](repeating: 0, count: 7))
        }
    }

    @Test func textMustBeValidUTF8() {
        // A lone continuation byte, an overlong encoding, a surrogate, and a truncated sequence.
        for bad: [UInt8] in [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]] {
            #expect(throws: CBORError.invalidUTF8(offset: 0)) {
                try CBORDecoder().decode(String.self, from: [0x60 | UInt8(bad.count)] + bad)
            }
        }
        // Inside a message, with the field's offset.
        #expect(throws: CBORError.invalidUTF8(offset: 4)) {
            try CBORDecoder().decode(ErrorMessage.self, from: [0xa3, 0x01, 0x06, 0x02, 0x61, 0xff, 0x03, 0x00])
        }
    }

    @Test func malformedHeadsAreTypedErrors() {
        #expect(throws: CBORError.reservedAdditionalInformation(byte: 0x1c, offset: 0)) {
            try CBORDecoder().decode(Int.self, from: [0x1c])
        }
        #expect(throws: CBORError.invalidIndefiniteLength(offset: 0)) {
            try CBORDecoder().decode(Int.self, from: [0x1f])
        }
        #expect(throws: CBORError.invalidSimpleValue(5, offset: 0)) {
            try CBORDecoder().decode(Bool.self, from: [0xf8, 0x05])
        }
        #expect(throws: CBORError.trailingBytes(count: 1, offset: 1)) {
            try CBORDecoder().decode(Int.self, from: [0x01, 0x02])
        }
        #expect(throws: CBORError.truncated(offset: 0, needed: 1)) {
            try CBORDecoder().decode(Int.self, from: [])
        }
        // A chunk of the wrong type inside an indefinite text string.
        #expect(throws: CBORError.invalidIndefiniteLength(offset: 1)) {
            try CBORDecoder().decode(String.self, from: [0x7f, 0x41, 0x61, 0xff])
        }
    }

    @Test func everyPrefixOfEveryVectorPayloadFailsCleanly() throws {
        for vector in GoldenVectors.all where !vector.compressed {
            let payload = try vector.message.encodePayload()
            for length in 0..<payload.count {
                let prefix = Array(payload.prefix(length))
                #expect(throws: (any Error).self, "\(vector.name) cut at \(length)") {
                    try prefix.withUnsafeBytes { try WireMessage.decode(type: vector.message.type, payload: $0) }
                }
            }
        }
    }
}
