import Foundation
import Testing

@testable import JamforKolada

@Suite struct FileSinkTests {
    @Test func buffersAndWritesEverythingInOrder() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/out.bin"
            let sink = try FileSink(path: path, bufferSize: 4096)
            var expected: [UInt8] = []
            // Small writes that fill the buffer, and large ones that bypass it.
            for size in [1, 100, 4000, 4096, 10_000, 3, 70_000, 0, 5] {
                let chunk = (0..<size).map { UInt8(truncatingIfNeeded: $0 &+ size) }
                try chunk.withUnsafeBytes { try sink.write($0) }
                expected += chunk
            }
            #expect(sink.bytesWritten < expected.count)
            try sink.finish()
            #expect(sink.bytesWritten == expected.count)
            #expect(try fileBytes(path) == expected)
            try sink.sync()
            try sink.close()
            #expect(try fileBytes(path) == expected)
        }
    }

    @Test func writesAfterFinishFail() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/out.bin"
            let sink = try FileSink(path: path)
            try sink.finish()
            try sink.finish()
            #expect(throws: KoladaWriteError.closed(path: path)) {
                try [UInt8(1)].withUnsafeBytes { try sink.write($0) }
            }
        }
    }

    @Test func anUnfinishedSinkLeavesItsBufferUnwritten() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/out.bin"
            do {
                let sink = try FileSink(path: path)
                try [UInt8](repeating: 7, count: 100).withUnsafeBytes { try sink.write($0) }
            }
            #expect(try fileBytes(path).isEmpty)
        }
    }

    @Test func creatingInAMissingDirectoryFails() {
        #expect(throws: KoladaWriteError.cannotCreate(path: "/nonexistent-jamfor/out.json", errno: ENOENT)) {
            try FileSink(path: "/nonexistent-jamfor/out.json")
        }
        #expect(
            KoladaWriteError.cannotCreate(path: "/x/y", errno: ENOENT).description.contains("No such file or directory")
        )
    }
}
