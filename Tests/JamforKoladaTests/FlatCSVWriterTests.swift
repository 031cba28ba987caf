import Testing

@testable import JamforKolada

@Suite struct FlatCSVWriterTests {
    static let rows = [
        FlatCSVRow(
            indicator: "hme",
            koladaID: "U00200",
            municipalityCode: "0780",
            municipalityName: "Växjö",
            period: "2024",
            scope: "kommun",
            gender: "T",
            value: 82.46,
            source: "Kolada",
            visibility: "public"
        ),
        FlatCSVRow(
            indicator: "sick-leave",
            municipalityCode: "0880",
            municipalityName: "Kalmar",
            period: "2024-08",
            scope: "förvaltning; vård",
            gender: "K",
            value: nil,
            status: "..",
            source: "egen \"enkät\", HR",
            visibility: "network"
        ),
        FlatCSVRow(
            indicator: "turnover",
            koladaID: "N00011",
            municipalityCode: "0381",
            municipalityName: "Enköping",
            period: "2023",
            gender: "M",
            value: -1234.5,
            source: "rad 1\nrad 2"
        ),
        FlatCSVRow(
            indicator: "x",
            municipalityCode: "G124026",
            municipalityName: "4M",
            period: "2022",
            value: 100,
            status: "\r"
        ),
    ]

    private func written(_ locale: CSVLocale) throws -> [UInt8] {
        let sink = MemorySink()
        let writer = FlatCSVWriter(sink: sink, locale: locale)
        for row in Self.rows { try writer.append(row) }
        try writer.finish()
        #expect(writer.rowsWritten == Self.rows.count)
        return sink.bytes
    }

    @Test func writesSwedishCSVForExcel() throws {
        let bytes = try written(.sv)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(
            text
                == "indikator;kolada_id;kommunkod;kommun;period;omfattning;kön;värde;status;källa;synlighet\r\n"
                + "hme;U00200;0780;Växjö;2024;kommun;T;82,46;;Kolada;public\r\n"
                + "sick-leave;;0880;Kalmar;2024-08;\"förvaltning; vård\";K;;..;\"egen \"\"enkät\"\", HR\";network\r\n"
                + "turnover;N00011;0381;Enköping;2023;;M;-1234,5;;\"rad 1\nrad 2\";\r\n"
                + "x;;G124026;4M;2022;;T;100;\"\r\";;\r\n"
        )
    }

    @Test func writesEnglishCSV() throws {
        let bytes = try written(.en)
        #expect(bytes.first == UInt8(ascii: "i"))
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "indicator,kolada_id,municipality,municipality_name,period,scope,gender,value,status,source,visibility\r\n"
                + "hme,U00200,0780,Växjö,2024,kommun,T,82.46,,Kolada,public\r\n"
                + "sick-leave,,0880,Kalmar,2024-08,förvaltning; vård,K,,..,\"egen \"\"enkät\"\", HR\",network\r\n"
                + "turnover,N00011,0381,Enköping,2023,,M,-1234.5,,\"rad 1\nrad 2\",\r\n"
                + "x,,G124026,4M,2022,,T,100,\"\r\",,\r\n"
        )
    }

    @Test func valuesKeepFullPrecision() throws {
        let values: [Double] = [1.0 / 3, 0.1 + 0.2, -0.0, 1e-7, 1e21, .leastNonzeroMagnitude]
        for locale in CSVLocale.allCases {
            let sink = MemorySink()
            let writer = FlatCSVWriter(sink: sink, locale: locale)
            for value in values {
                try writer.append(
                    FlatCSVRow(
                        indicator: "i",
                        municipalityCode: "0880",
                        municipalityName: "K",
                        period: "2024",
                        value: value
                    )
                )
            }
            try writer.finish()
            let lines = String(decoding: sink.bytes, as: UTF8.self).components(separatedBy: "\r\n").dropFirst()
                .dropLast()
            let fields = lines.map {
                $0.split(separator: Character(UnicodeScalar(locale.separator)), omittingEmptySubsequences: false)[7]
            }
            let read = fields.map { Double($0.replacingOccurrences(of: ",", with: ".")) }
            #expect(read.map { $0?.bitPattern } == values.map(\.bitPattern), "\(locale)")
            if locale == .sv { #expect(fields[0] == "0,3333333333333333") }
        }
    }

    @Test func refusesNonFiniteValuesAndLateRows() throws {
        let sink = MemorySink()
        let writer = FlatCSVWriter(sink: sink, locale: .en)
        let row = FlatCSVRow(
            indicator: "hme",
            municipalityCode: "0880",
            municipalityName: "Kalmar",
            period: "2024",
            value: .nan
        )
        #expect(throws: KoladaWriteError.nonFiniteValue(row: 1, key: "hme 0880 2024 T", value: "nan")) {
            try writer.append(row)
        }
        try writer.finish()
        #expect(throws: KoladaWriteError.writerFinished) { try writer.append(Self.rows[0]) }
        #expect(String(decoding: sink.bytes, as: UTF8.self).components(separatedBy: "\r\n").count == 2)
    }

    @Test func theLocalesDescribeThemselves() {
        #expect(CSVLocale.sv.columns.count == 11)
        #expect(CSVLocale.en.columns.count == 11)
        #expect(CSVLocale.sv.writesByteOrderMark)
        #expect(!CSVLocale.en.writesByteOrderMark)
        #expect(CSVLocale(rawValue: "sv") == .sv)
    }
}
