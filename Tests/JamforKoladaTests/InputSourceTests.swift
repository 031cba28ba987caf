import Foundation
import Testing

@testable import JamforKolada

@Suite struct InputSourceTests {
    @Test func gzipIsDetectedByContentNotByName() throws {
        let plain = try fixtureBytes("kolada-v2-two-pages.json")
        let compressed = try fixtureBytes("kolada-v2-two-pages.json.gz")
        try withTemporaryDirectory { directory in
            // Compressed bytes under a plain name, plain bytes under a .gz name.
            try Data(compressed).write(to: URL(fileURLWithPath: directory + "/data.json"))
            try Data(plain).write(to: URL(fileURLWithPath: directory + "/data.json.gz"))
            let fromCompressed = try InputSource(path: directory + "/data.json", limits: KoladaReadLimits())
            let fromPlain = try InputSource(path: directory + "/data.json.gz", limits: KoladaReadLimits())
            #expect(fromCompressed.isCompressed)
            #expect(!fromPlain.isCompressed)
            #expect(try KoladaDataReader.readAll(path: directory + "/data.json").values.count == 12)
            #expect(try KoladaDataReader.readAll(path: directory + "/data.json.gz").values.count == 12)
        }
        #expect(try inflated(compressed) == plain)
        #expect(try inflated(plain) == plain)
    }

    @Test func concatenatedGzipMembersReadAsOneStream() throws {
        let first = Array("{\"values\": [], \"count\": 0}\n".utf8)
        let second = try fixtureBytes("kolada-v2-two-pages.json")
        let joined = try gzipped(first) + (try gzipped(second))
        #expect(try inflated(joined) == first + second)
        let (values, summary) = try KoladaDataReader.readAll(bytes: joined)
        #expect(values.count == 12)
        #expect(summary.pages.count == 3)
    }

    @Test func damagedGzipIsRefused() throws {
        let compressed = try fixtureBytes("kolada-v2-two-pages.json.gz")
        // Cut short: the stream ends before its trailer.
        #expect(throws: KoladaReadError.truncatedGzip(file: "test.gz", compressedOffset: compressed.count - 20)) {
            try inflated(Array(compressed.dropLast(20)))
        }
        // A flipped bit in the CRC-32 trailer.
        var damaged = compressed
        damaged[damaged.count - 6] ^= 0x01
        #expect {
            try inflated(damaged)
        } throws: { error in
            guard case KoladaReadError.corruptGzip(let file, _, let reason) = error else { return false }
            return file == "test.gz" && reason == "incorrect data check"
        }
        // Garbage after the last member.
        #expect {
            try inflated(compressed + [0x00, 0x01, 0x02])
        } throws: { error in
            if case KoladaReadError.corruptGzip = error { return true }
            return false
        }
        // Just the magic bytes.
        #expect(throws: KoladaReadError.self) { try inflated([0x1f, 0x8b]) }
    }

    @Test func aMissingFileCannotBeOpened() {
        #expect(throws: KoladaReadError.cannotOpen(file: "/nonexistent-jamfor/data.json", errno: ENOENT)) {
            try KoladaDataReader(path: "/nonexistent-jamfor/data.json")
        }
        #expect(
            KoladaReadError.cannotOpen(file: "a.json", errno: ENOENT).description
                == "a.json: cannot open: No such file or directory (errno 2); check the path and its permissions"
        )
    }

    @Test func aDirectoryCannotBeRead() throws {
        try withTemporaryDirectory { directory in
            #expect {
                try KoladaDataReader(path: directory)
            } throws: { error in
                guard case KoladaReadError.readFailed(_, 0, EISDIR) = error else { return false }
                return true
            }
        }
    }
}
