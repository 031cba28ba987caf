import Foundation
import Testing

@testable import jamfor

/// The streaming CSV splitter: the records do not depend on where the input's blocks end.
@Suite("Splitting CSV as it arrives")
struct CSVSplitterTests {
    static let text =
        "\u{FEFF}indikator;kommun;period;värde\r\n"
        + "hme;Växjö;2024;\"7,5\"\r\n"
        + "\"sick;leave\";\"say \"\"hi\"\"\r\nthere\";2024-08;1\r"
        + "nki;Enköping;2023;\"\"\n"
        + "\n"
        + "last;Åre;2022;3"

    /// The records of `bytes` fed in blocks of `size`.
    func split(_ bytes: [UInt8], blocks size: Int) throws -> [SubmitFile.Record] {
        var splitter = CSVSplitter(path: "f.csv", maximumLineBytes: 1000)
        var records: [SubmitFile.Record] = []
        var start = 0
        while start < bytes.count {
            let block = Array(bytes[start..<min(start + size, bytes.count)])
            try block.withUnsafeBytes { try splitter.feed($0, into: &records) }
            start += size
        }
        try splitter.finish(into: &records)
        return records
    }

    @Test(
        "any block size gives the same records: BOM, CRLF, quotes and UTF-8 split anywhere",
        arguments: [1, 2, 3, 5, 7, 64, 4096]
    )
    func blocks(_ size: Int) throws {
        let records = try split(Array(Self.text.utf8), blocks: size)
        #expect(
            records.map(\.fields) == [
                ["indikator", "kommun", "period", "värde"],
                ["hme", "Växjö", "2024", "7,5"],
                ["sick;leave", "say \"hi\"\r\nthere", "2024-08", "1"],
                ["nki", "Enköping", "2023", ""],
                [""],
                ["last", "Åre", "2022", "3"],
            ]
        )
        #expect(records.map(\.line) == [1, 2, 3, 5, 6, 7])
        #expect(records.allSatisfy { $0.separator == ";" })
    }

    @Test("the same records as the whole-text reader", arguments: [1, 3, 4096])
    func sameAsWhole(_ size: Int) throws {
        let text = "a,b\rc;d,e\r\"x\"\"y\",z\n"
        #expect(
            try split(Array(text.utf8), blocks: size).map(\.fields) == [["a", "b"], ["c;d", "e"], ["x\"y", "z"]]
        )
        #expect(try SubmitFile.records(text, path: "f").map(\.fields) == [["a", "b"], ["c;d", "e"], ["x\"y", "z"]])
    }

    @Test("a first line with no end is bounded; bad UTF-8 and an open quote are named")
    func failures() throws {
        #expect(throws: SubmitFileError.lineTooLong(path: "f.csv", line: 1, limit: 1000)) {
            try split(Array(repeating: UInt8(ascii: "x"), count: 5000), blocks: 100)
        }
        #expect(throws: SubmitFileError.notUTF8(path: "f.csv")) {
            try split(Array("a;b\nx;".utf8) + [0xE4] + Array("\n".utf8), blocks: 2)
        }
        #expect(throws: SubmitFileError.unterminatedQuote(path: "f.csv", line: 2)) {
            try split(Array("a;b\n\"x;y\nz".utf8), blocks: 3)
        }
        // A quote left open is found once the record outgrows sixteen lines' worth, not at the end of
        // the file: the rest of a large file never becomes one field in memory.
        var open = Array("a;b\n1;\"x\n".utf8)
        for _ in 0..<2000 { open += Array("short line\n".utf8) }
        #expect(throws: SubmitFileError.unterminatedQuote(path: "f.csv", line: 2)) {
            var splitter = CSVSplitter(path: "f.csv", maximumLineBytes: 1000)
            var records: [SubmitFile.Record] = []
            try open.withUnsafeBytes { try splitter.feed($0, into: &records) }
        }
    }

    @Test("a file larger than a block streams in batches, with every row's line")
    func streamsAFile() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "jamfor-stream-\(UUID().uuidString).csv"
        )
        defer { try? FileManager.default.removeItem(at: url) }
        var text = "indicator;municipality;period;value\n"
        let count = 60_000
        for index in 0..<count {
            // Every 1000th row names an unknown municipality: a problem, not a row.
            let place = index % 1000 == 999 ? "Kalamr" : "Kalmar"
            text += "hme;\(place);\(1990 + index % 35);\(index % 100),5\n"
        }
        try Data(text.utf8).write(to: url)
        #expect(text.utf8.count > CSVFileReader.blockBytes)
        var batches: [Int] = []
        var lines: [Int] = []
        let file = try await SubmitFile.stream(path: url.path, lookup: LookupTests.lookup, batchSize: 7_000) { rows in
            batches.append(rows.count)
            lines += rows.map(\.line)
        }
        #expect(batches.dropLast().allSatisfy { $0 == 7_000 })
        #expect(batches.reduce(0, +) == count - count / 1000)
        #expect(lines == (2...(count + 1)).filter { ($0 - 2) % 1000 != 999 })
        #expect(file.problems.count == count / 1000)
        #expect(file.problems.first?.line == 1001)
        #expect(file.rows.isEmpty)
    }
}
