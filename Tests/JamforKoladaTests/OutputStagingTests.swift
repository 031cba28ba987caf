import Testing

@testable import JamforKolada

@Suite struct OutputStagingTests {
    private func json(_ text: String) -> String {
        var buffer = [UInt8](repeating: 0, count: Emit.jsonStringBound(text.utf8.count))
        let count = buffer.withUnsafeMutableBufferPointer { buffer -> Int in
            guard let start = buffer.baseAddress else { return 0 }
            var cursor = start
            Emit.jsonString(text, &cursor)
            return cursor - start
        }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }

    @Test func escapesJSONStrings() {
        #expect(json("") == "\"\"")
        #expect(json("Växjö 📊") == "\"Växjö 📊\"")
        #expect(json("a\"b\\c/d") == "\"a\\\"b\\\\c/d\"")
        #expect(json("\n\r\t\u{8}\u{c}") == "\"\\n\\r\\t\\b\\f\"")
        #expect(json("\u{0}\u{1}\u{1f}\u{7f}") == "\"\\u0000\\u0001\\u001f\u{7f}\"")
        // The bound holds for the worst case.
        let worst = String(repeating: "\u{1}", count: 10)
        #expect(json(worst).utf8.count == Emit.jsonStringBound(10))
    }

    @Test func aRowLargerThanTheStagingBufferGrowsIt() throws {
        let long = String(repeating: "ö\u{1}", count: OutputStaging.size)
        let sink = MemorySink()
        let writer = KoladaDataWriter(sink: sink)
        let rows = [
            KoladaRow(kpi: "N1", municipality: "0880", year: 2022, value: 1),
            KoladaRow(kpi: long, municipality: "0880", year: 2022, status: long, value: nil),
            KoladaRow(kpi: "N2", municipality: "0880", year: 2022, value: 2),
        ]
        for row in rows { try writer.append(row) }
        try writer.finish()
        var limits = KoladaReadLimits()
        limits.maxStringBytes = 10 * OutputStaging.size
        #expect(try KoladaDataReader.readAll(bytes: sink.bytes, limits: limits).values.map(\.row) == rows)
    }
}
