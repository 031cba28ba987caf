import Foundation
import Testing

@testable import JamforKolada

@Suite struct KoladaDataWriterTests {
    private func written(_ rows: [KoladaRow]) throws -> String {
        let sink = MemorySink()
        let writer = KoladaDataWriter(sink: sink)
        for row in rows { try writer.append(row) }
        try writer.finish()
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    @Test func writesKoladasV2ShapeMergingConsecutiveRows() throws {
        let text = try written([
            KoladaRow(kpi: "N05401", municipality: "0880", year: 2022, gender: "T", count: 1, value: 82.46),
            KoladaRow(kpi: "N05401", municipality: "0880", year: 2022, gender: "K", value: 83.1),
            KoladaRow(
                kpi: "N05401",
                municipality: "G124026",
                year: 2022,
                count: 3,
                status: "..",
                value: nil,
                isGroup: true
            ),
            KoladaRow(kpi: "N05401", municipality: "0780", year: 2022, count: 1, status: "-", value: nil),
            KoladaRow(kpi: "hme", municipality: "0780", year: 2024, month: 8, value: 78, visibility: "network"),
        ])
        #expect(
            text == """
                {"values": [
                {"kpi": "N05401", "municipality": "0880", "period": 2022, "values": [{"gender": "T", "count": 1, "status": "", "value": 82.46}, {"gender": "K", "count": null, "status": "", "value": 83.1}]},
                {"kpi": "N05401", "municipality": "G124026", "period": 2022, "is_group": true, "values": [{"gender": "T", "count": 3, "status": "..", "value": null}]},
                {"kpi": "N05401", "municipality": "0780", "period": 2022, "values": [{"gender": "T", "count": 1, "status": "-", "value": null}]},
                {"kpi": "hme", "municipality": "0780", "period": "2024-08", "values": [{"gender": "T", "count": null, "status": "", "value": 78, "visibility": "network"}]}
                ], "count": 4}

                """
        )
        #expect(try written([]) == "{\"values\": [\n], \"count\": 0}\n")
    }

    @Test func aKeyChangeOpensANewEntry() throws {
        let rows = [
            KoladaRow(kpi: "A", municipality: "0880", year: 2022, value: 1),
            KoladaRow(kpi: "A", municipality: "0880", year: 2023, value: 2),
            KoladaRow(kpi: "B", municipality: "0880", year: 2023, value: 3),
            KoladaRow(kpi: "B", municipality: "0780", year: 2023, value: 4),
            KoladaRow(kpi: "B", municipality: "0780", year: 2023, value: 5, isGroup: true),
            KoladaRow(kpi: "A", municipality: "0880", year: 2022, gender: "K", value: 6),
            KoladaRow(kpi: "A", municipality: "0880", year: 2022, month: 6, gender: "K", value: 7),
            KoladaRow(
                kpi: "A",
                municipality: "0880",
                year: 2022,
                month: 6,
                gender: "M",
                value: 8,
                visibility: "network"
            ),
            KoladaRow(kpi: "A", municipality: "0880", year: 2022, month: 7, value: 9),
        ]
        let sink = MemorySink()
        let writer = KoladaDataWriter(sink: sink)
        for row in rows { try writer.append(row) }
        try writer.finish()
        #expect(writer.entriesWritten == 8)
        #expect(writer.valuesWritten == 9)
        let (values, summary) = try KoladaDataReader.readAll(bytes: sink.bytes)
        #expect(values.map(\.row) == rows)
        #expect(summary.entries == 8)
        #expect(summary.pages.map(\.declaredCount) == [8])
        #expect(summary.warnings.isEmpty)
    }

    /// Rows that exercise numbers and strings at their edges.
    static let edgeRows: [KoladaRow] = {
        let values: [Double?] = [
            0, -0.0, 1.0 / 3, 0.1 + 0.2, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude,
            .leastNormalMagnitude, 1e-7, 1e21, 123_456_789_012_345_680, 0.1, -82.46, 100, 2.5e-3, nil,
            .ulpOfOne, 1 + .ulpOfOne, 0x1p53 + 2, 4503599627370495.5,
        ]
        var rows: [KoladaRow] = []
        for (index, value) in values.enumerated() {
            rows.append(
                KoladaRow(
                    kpi: "N\(index)",
                    municipality: index % 2 == 0 ? "0880" : "G124026",
                    year: 2000 + index,
                    gender: ["T", "K", "M"][index % 3],
                    count: index % 4 == 0 ? nil : index,
                    status: value == nil ? ".." : nil,
                    value: value,
                    isGroup: index % 5 == 0
                )
            )
        }
        rows += [
            KoladaRow(kpi: "N05401", municipality: "0780", year: 2022, status: "-", value: nil),
            KoladaRow(kpi: "N05401", municipality: "0780", year: 2022, gender: "K", status: "..", value: nil),
            KoladaRow(kpi: "\"quoted\" \\ back\\slash /", municipality: "Växjö", year: 2022, gender: "ö", value: 1),
            KoladaRow(kpi: "tab\tnew\nline\r\u{1}\u{1f}\u{7f}", municipality: "Malmö 📊", year: -1, value: -1),
            KoladaRow(kpi: "", municipality: "", year: 0, gender: "", count: -5, status: "status \"x\"", value: 7),
            KoladaRow(kpi: "N1", municipality: "0880", year: Int.max, count: Int.min, value: 1),
            KoladaRow(kpi: "N1", municipality: "0880", year: 2024, month: 1, value: 1, visibility: "network"),
            KoladaRow(
                kpi: "N1",
                municipality: "0880",
                year: 2024,
                month: 12,
                gender: "K",
                value: nil,
                visibility: "public"
            ),
            KoladaRow(kpi: "N1", municipality: "0880", year: 0, month: 9, value: 1, visibility: "övrig \"synlighet\""),
        ]
        return rows
    }()

    @Test func roundTripsThroughTheReaderInMemory() throws {
        let sink = MemorySink()
        let writer = KoladaDataWriter(sink: sink)
        for row in Self.edgeRows { try writer.append(row) }
        try writer.finish()
        let values = try KoladaDataReader.readAll(bytes: sink.bytes).values
        #expect(values.map(\.row) == Self.edgeRows)
        // Bit for bit: == alone would let -0.0 pass for 0.
        #expect(values.map { $0.value?.bitPattern } == Self.edgeRows.map { $0.value?.bitPattern })
    }

    @Test(arguments: [false, true])
    func roundTripsThroughFiles(gzip: Bool) throws {
        try withTemporaryDirectory { directory in
            let path = directory + (gzip ? "/export.json.gz" : "/export.json")
            let sink: any ByteSink = gzip ? try GzipFileSink(path: path) : try FileSink(path: path)
            let writer = KoladaDataWriter(sink: sink)
            // Many rows, so that the staging buffer, the file buffer and the gzip chunks all fill several times.
            var rows = Self.edgeRows
            for index in 0..<60_000 {
                rows.append(
                    KoladaRow(
                        kpi: "N0\(5400 + index / 3000)",
                        municipality: String(1000 + (index / 3) % 290),
                        year: 2010 + index % 3,
                        gender: "T",
                        count: 1,
                        value: Double(index) / 7
                    )
                )
            }
            for row in rows { try writer.append(row) }
            try writer.finish()
            let (values, summary) = try KoladaDataReader.readAll(path: path)
            #expect(values.map(\.row) == rows)
            #expect(values.map { $0.value?.bitPattern } == rows.map { $0.value?.bitPattern })
            #expect(summary.isCompressed == gzip)
            #expect(summary.entries == writer.entriesWritten)
            #expect(summary.warnings.isEmpty)
        }
    }

    @Test func streamsInsteadOfHoldingRows() throws {
        let sink = MemorySink()
        let writer = KoladaDataWriter(sink: sink)
        for index in 0..<5_000 {
            try writer.append(KoladaRow(kpi: "N05401", municipality: String(1000 + index), year: 2022, value: 1))
        }
        // Bytes reach the sink long before finish(); at most one staging buffer is held back.
        #expect(sink.bytes.count > 5_000 * 80 - OutputStaging.size)
        try writer.finish()
    }

    @Test func nonFiniteValuesAreRefusedWithTheirRow() throws {
        let sink = MemorySink()
        let writer = KoladaDataWriter(sink: sink)
        try writer.append(KoladaRow(kpi: "N05401", municipality: "0880", year: 2022, value: 1))
        #expect(throws: KoladaWriteError.nonFiniteValue(row: 2, key: "N05401 0780 2022 T", value: "inf")) {
            try writer.append(KoladaRow(kpi: "N05401", municipality: "0780", year: 2022, value: .infinity))
        }
        #expect(throws: KoladaWriteError.self) {
            try writer.append(KoladaRow(kpi: "N05401", municipality: "0780", year: 2022, value: .nan))
        }
        // The refused rows left no trace.
        try writer.finish()
        #expect(try KoladaDataReader.readAll(bytes: sink.bytes).values.count == 1)
    }

    @Test func partYearPeriodsNeedAValidMonth() throws {
        let writer = KoladaDataWriter(sink: MemorySink())
        for (year, month) in [(2024, 0), (2024, 13), (-1, 8)] {
            #expect(throws: KoladaWriteError.invalidPeriod(row: 1, key: "hme 0880 T", year: year, month: month)) {
                try writer.append(KoladaRow(kpi: "hme", municipality: "0880", year: year, month: month, value: 1))
            }
        }
    }

    @Test func finishingTwiceIsHarmlessButAppendingAfterIsNot() throws {
        let sink = MemorySink()
        let writer = KoladaDataWriter(sink: sink)
        try writer.finish()
        try writer.finish()
        #expect(throws: KoladaWriteError.writerFinished) {
            try writer.append(KoladaRow(kpi: "N05401", municipality: "0880", year: 2022, value: 1))
        }
        #expect(throws: KoladaWriteError.closed(path: "(memory)")) {
            try [UInt8(1)].withUnsafeBytes { try sink.write($0) }
        }
    }
}
