import Foundation
import Testing

@testable import JamforKolada

@Suite struct GzipFileSinkTests {
    @Test(arguments: [Int32(1), 6, 9])
    func compressesAStreamThatInflatesBack(level: Int32) throws {
        let text = Array(
            String(repeating: "{\"kpi\": \"N05401\", \"municipality\": \"0880\", \"period\": 2022}\n", count: 20_000)
                .utf8
        )
        try withTemporaryDirectory { directory in
            let path = directory + "/out.gz"
            let sink = try GzipFileSink(path: path, level: level)
            // In pieces of varied size.
            var offset = 0
            var size = 1
            while offset < text.count {
                let end = min(text.count, offset + size)
                try text[offset..<end].withUnsafeBytes { try sink.write($0) }
                offset = end
                size = size * 3 % 100_003
            }
            try sink.close()
            #expect(sink.bytesIn == text.count)
            let compressed = try fileBytes(path)
            #expect(sink.bytesWritten == compressed.count)
            #expect(Array(compressed.prefix(3)) == [0x1f, 0x8b, 0x08])
            #expect(compressed.count < text.count / 20)
            #expect(try inflated(compressed) == text)
        }
    }

    @Test func anEmptyStreamIsAValidGzipFile() throws {
        let compressed = try gzipped([])
        #expect(Array(compressed.prefix(2)) == [0x1f, 0x8b])
        #expect(try inflated(compressed).isEmpty)
    }

    @Test func anUnfinishedStreamReadsAsTruncated() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/out.gz"
            let sink = try GzipFileSink(path: path)
            // 3 MB that barely compress, so that well over the file sink's 1 MiB buffer reaches the file.
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            let text = (0..<3_000_000).map { _ in
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                return UInt8(truncatingIfNeeded: state)
            }
            try text.withUnsafeBytes { try sink.write($0) }
            // Drop the sink without gzip's trailer (and without its buffered tail).
            sink.abandon()
            #expect(throws: KoladaWriteError.closed(path: path)) { try text.withUnsafeBytes { try sink.write($0) } }
            let partial = try fileBytes(path)
            #expect(partial.count >= 1 << 20)
            #expect(throws: KoladaReadError.truncatedGzip(file: "test.gz", compressedOffset: partial.count)) {
                try inflated(partial)
            }
        }
    }

    @Test func refusesInvalidLevels() {
        #expect(throws: KoladaWriteError.invalidCompressionLevel(10)) {
            try GzipFileSink(path: "/tmp/never", level: 10)
        }
        #expect(throws: KoladaWriteError.invalidCompressionLevel(-2)) {
            try GzipFileSink(path: "/tmp/never", level: -2)
        }
    }
}

/// Everything `InputSource` delivers for `bytes`.
func inflated(_ bytes: [UInt8], limits: KoladaReadLimits = KoladaReadLimits()) throws -> [UInt8] {
    let source = try InputSource(bytes: bytes, name: "test.gz", limits: limits)
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 10_000)
    while true {
        let count = try chunk.withUnsafeMutableBytes { buffer in try source.read(into: buffer) }
        if count == 0 { return output }
        output += chunk[..<count]
    }
}
