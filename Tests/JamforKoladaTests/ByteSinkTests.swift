import Testing

@testable import JamforKolada

@Suite struct ByteSinkTests {
    @Test func theMemorySinkKeepsWhatIsWritten() throws {
        let sink = MemorySink()
        try Array("abc".utf8).withUnsafeBytes { try sink.write($0) }
        try [UInt8]().withUnsafeBytes { try sink.write($0) }
        try Array("dé".utf8).withUnsafeBytes { try sink.write($0) }
        #expect(sink.bytes == Array("abcdé".utf8))
        try sink.finish()
        #expect(throws: KoladaWriteError.closed(path: "(memory)")) {
            try [UInt8(0)].withUnsafeBytes { try sink.write($0) }
        }
        #expect(sink.bytes == Array("abcdé".utf8))
    }
}
