import Foundation
import Testing

@testable import JamforKolada

@Suite struct KoladaReadLimitsTests {
    @Test func theDefaultsAreGenerousButBounded() {
        let limits = KoladaReadLimits()
        #expect(limits.maxNestingDepth == 64)
        #expect(limits.maxStringBytes == 1 << 20)
        #expect(limits.maxFileBytes == 8 << 30)
        #expect(limits.maxDecompressedBytes == 32 << 30)
        #expect(limits.maxValuesPerEntry == 100_000)
    }

    @Test func aFileNestedTooDeepIsRefused() throws {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let text = "{\"extra\": \(deep), \"values\": []}"
        guard case .nestingTooDeep(let location, 64)? = readError(text) else {
            Issue.record("expected nestingTooDeep, got \(String(describing: readError(text)))")
            return
        }
        // The page is level 1, so the 64th level is the 63rd bracket.
        #expect(location.position.byteOffset == 10 + 63)
        #expect(location.page == 1)
        // Within the limit, the same shape reads.
        let shallow = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect(readError("{\"extra\": \(shallow), \"values\": []}") == nil)
        // Kolada's own shape needs 5 levels (6 with an array of pages).
        var tight = KoladaReadLimits()
        tight.maxNestingDepth = 5
        #expect(readError(page(entry(value("1"))), limits: tight) == nil)
        guard case .nestingTooDeep(_, 5)? = readError("[" + page(entry(value("1"))) + "]", limits: tight) else {
            Issue.record("expected nestingTooDeep at 5")
            return
        }
        // Deep nesting is skipped iteratively: a limit of a million does not overflow the stack.
        var loose = KoladaReadLimits()
        loose.maxNestingDepth = 1_000_000
        let veryDeep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(readError("{\"extra\": \(veryDeep), \"values\": []}", limits: loose) == nil)
    }

    @Test func aStringTooLongIsRefused() throws {
        var limits = KoladaReadLimits()
        limits.maxStringBytes = 16
        #expect(readError(page(entry(kpi: String(repeating: "N", count: 16), value("1"))), limits: limits) == nil)
        let long = String(repeating: "N", count: 17)
        let offset = "{\"values\": [{\"kpi\": ".utf8.count
        #expect(
            readError(page(entry(kpi: long, value("1"))), limits: limits)
                == .stringTooLong(
                    KoladaLocation(
                        file: "test.json",
                        page: 1,
                        position: KoladaPosition(byteOffset: offset, line: 1, column: offset + 1)
                    ),
                    limit: 16
                )
        )
        // Escapes count as written, and the limit holds on the slow path and in skipped fields too.
        guard
            case .stringTooLong? = readError(
                page(entry(kpi: String(repeating: "\\u00e5", count: 3), value("1"))),
                limits: limits
            )
        else {
            Issue.record("expected stringTooLong for an escaped string")
            return
        }
        guard case .stringTooLong? = readError("{\"note\": \"\(long)\", \"values\": []}", limits: limits) else {
            Issue.record("expected stringTooLong in a skipped field")
            return
        }
        // A string of 800 KB, longer than the read window, streamed from a file across refills.
        try withTemporaryDirectory { directory in
            let path = directory + "/long.json"
            let huge = String(repeating: "å", count: 400_000)
            try Data("{\"note\": \"\(huge)\", \"values\": []}".utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: Never.self) { try KoladaDataReader.readAll(path: path) }
            var limits = KoladaReadLimits()
            limits.maxStringBytes = 700_000
            #expect(
                throws: KoladaReadError.stringTooLong(
                    KoladaLocation(file: path, page: 1, position: KoladaPosition(byteOffset: 9, line: 1, column: 10)),
                    limit: 700_000
                )
            ) {
                try KoladaDataReader.readAll(path: path, limits: limits)
            }
        }
    }

    @Test func aDecompressedSizeOverTheLimitIsRefused() throws {
        // 2 MB of whitespace inside a valid page compresses to a few KiB.
        let text = "{\"values\": [" + String(repeating: " ", count: 2_000_000) + "]}"
        let compressed = try gzipped(Array(text.utf8))
        #expect(compressed.count < 10_000)
        var limits = KoladaReadLimits()
        limits.maxDecompressedBytes = 1_000_000
        #expect(readError(compressed, limits: limits) == .decompressedTooLarge(file: "test.json", limit: 1_000_000))
        limits.maxDecompressedBytes = text.utf8.count
        #expect(readError(compressed, limits: limits) == nil)
        limits.maxDecompressedBytes = text.utf8.count - 1
        #expect(
            readError(compressed, limits: limits)
                == .decompressedTooLarge(file: "test.json", limit: text.utf8.count - 1)
        )
    }

    @Test func aFileOverTheSizeLimitIsRefusedBeforeReading() throws {
        var limits = KoladaReadLimits()
        limits.maxFileBytes = 100
        let path = fixture("kolada-v2-two-pages.json")
        let size = try fixtureBytes("kolada-v2-two-pages.json").count
        #expect(throws: KoladaReadError.fileTooLarge(file: path, size: size, limit: 100)) {
            try KoladaDataReader(path: path, limits: limits)
        }
        #expect(
            readError(Array(repeating: 0x20, count: 101), limits: limits)
                == .fileTooLarge(file: "test.json", size: 101, limit: 100)
        )
    }

    @Test func tooManyValuesInOneEntryAreRefused() {
        var limits = KoladaReadLimits()
        limits.maxValuesPerEntry = 2
        #expect(readError(page(entry(value("1"), value("2"))), limits: limits) == nil)
        guard
            case .tooManyValuesInEntry(_, 2)? = readError(
                page(entry(value("1"), value("2"), value("3"))),
                limits: limits
            )
        else {
            Issue.record("expected tooManyValuesInEntry")
            return
        }
    }

    @Test func limitErrorsSayWhatToDo() {
        let location = KoladaLocation(
            file: "f.json",
            page: 2,
            position: KoladaPosition(byteOffset: 9, line: 3, column: 4)
        )
        #expect(
            KoladaReadError.nestingTooDeep(location, limit: 64).description
                == "f.json, page 2, line 3, column 4 (byte 9): objects and arrays nest deeper than 64 levels; this is not "
                + "a Kolada file (or raise the limit)"
        )
        #expect(KoladaReadError.stringTooLong(location, limit: 16).description.contains("longer than 16 bytes"))
        #expect(
            KoladaReadError.decompressedTooLarge(file: "f.json.gz", limit: 10).description
                == "f.json.gz: the gzip file inflates to more than 10 bytes; split it into smaller files or raise the limit"
        )
    }
}
