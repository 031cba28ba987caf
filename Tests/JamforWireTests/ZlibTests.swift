import Foundation
import Testing

@testable import JamforWire

@Suite struct ZlibTests {
    @Test func roundTripsAndWritesAZlibHeader() throws {
        let text = [UInt8](String(repeating: "Kalmar Karlskrona Kristianstad Växjö Halmstad ", count: 200).utf8)
        let compressed = try text.withUnsafeBytes { try Zlib.compress($0) }
        // RFC 1950: CMF 0x78 (deflate, 32 KiB window), FLG 0x9c at the default level.
        #expect(Array(compressed.prefix(2)) == [0x78, 0x9c])
        #expect(compressed.count < text.count / 10)
        #expect(try compressed.withUnsafeBytes { try Zlib.decompress($0, limit: text.count) } == text)
        let empty = try [UInt8]().withUnsafeBytes { try Zlib.compress($0) }
        #expect(try empty.withUnsafeBytes { try Zlib.decompress($0, limit: 0) } == [])
    }

    @Test func theLimitIsExact() throws {
        let bytes = [UInt8](repeating: 0x41, count: 10_000)
        let compressed = try bytes.withUnsafeBytes { try Zlib.compress($0) }
        #expect(try compressed.withUnsafeBytes { try Zlib.decompress($0, limit: 10_000) }.count == 10_000)
        #expect(throws: WireError.decompressedTooLarge(limit: 9_999)) {
            try compressed.withUnsafeBytes { try Zlib.decompress($0, limit: 9_999) }
        }
    }

    @Test func damagedStreamsAreRefused() throws {
        let compressed = try [UInt8](repeating: 7, count: 3000).withUnsafeBytes { try Zlib.compress($0) }
        var flipped = compressed
        flipped[flipped.count - 1] ^= 0xff  // the Adler-32 checksum
        for damaged in [flipped, Array(compressed.dropLast(5)), [0x78], [0x00, 0x00]] {
            #expect {
                try damaged.withUnsafeBytes { try Zlib.decompress($0, limit: 1 << 20) }
            } throws: { error in
                guard case WireError.corruptCompression = error else { return false }
                return true
            }
        }
    }
}
