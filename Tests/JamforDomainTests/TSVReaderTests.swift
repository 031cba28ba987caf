import Foundation
import Testing

@testable import JamforDomain

@Suite("TSV reader")
struct TSVReaderTests {
    let directory: TemporaryDatasetDirectory

    init() throws { directory = try TemporaryDatasetDirectory() }

    struct ReadRow: Equatable, CustomStringConvertible {
        let line: Int
        let fields: [String]
        var description: String { "\(line): \(fields)" }
    }

    /// The header's columns and every row the reader hands over.
    private func readAll(_ url: URL, header required: [String] = []) throws(DatasetError) -> (
        columns: [String], rows: [ReadRow]
    ) {
        var columns: [String] = []
        var rows: [ReadRow] = []
        try TSVReader(url: url).read(header: required) { header in
            columns = header.columns
        } row: { row, _ in
            rows.append(ReadRow(line: row.line, fields: row.fields.map(String.init)))
        }
        return (columns, rows)
    }

    private func write(_ text: String) throws -> URL { try directory.write("table.tsv", text) }
    private func write(bytes: [UInt8]) throws -> URL { try directory.write("table.tsv", bytes: bytes) }

    // MARK: Lines

    @Test func commentsAndBlankLinesAreSkippedButCounted() throws {
        let url = try write("# a comment\n\na\tb\n# between rows\n1\t2\n\n\n3\t4\n# trailing comment\n")
        let (columns, rows) = try readAll(url, header: ["a", "b"])
        #expect(columns == ["a", "b"])
        #expect(rows == [ReadRow(line: 5, fields: ["1", "2"]), ReadRow(line: 8, fields: ["3", "4"])])
    }

    @Test func lineNumbersInErrorsCountSkippedLines() throws {
        let url = try write("# comment\n\na\tb\n\n# comment\n1\n")
        expectDatasetError(.fieldCount(file: url.path, line: 6, expected: 2, found: 1)) {
            try readAll(url)
        }
    }

    @Test func crlfLineEndingsAreAccepted() throws {
        let url = try write("# comment\r\na\tb\r\n1\t2\r\n\r\n3\t4\r\n")
        let (columns, rows) = try readAll(url, header: ["a", "b"])
        #expect(columns == ["a", "b"])
        #expect(rows == [ReadRow(line: 3, fields: ["1", "2"]), ReadRow(line: 5, fields: ["3", "4"])])
    }

    @Test(arguments: [
        ("\u{FEFF}a\tb\n1\t2\n", 2),
        ("\u{FEFF}a\tb\r\n1\t2\r\n", 2),
        ("\u{FEFF}# comment\na\tb\n1\t2\n", 3),
    ])
    func byteOrderMarkOnTheFirstLineIsAccepted(text: String, dataLine: Int) throws {
        let url = try write(text)
        let (columns, rows) = try readAll(url, header: ["a", "b"])
        #expect(columns == ["a", "b"])
        #expect(rows == [ReadRow(line: dataLine, fields: ["1", "2"])])
    }

    @Test func byteOrderMarkLaterInTheFileIsPartOfTheField() throws {
        let url = try write("a\tb\n\u{FEFF}1\t2\n")
        let (_, rows) = try readAll(url)
        #expect(rows == [ReadRow(line: 2, fields: ["\u{FEFF}1", "2"])])
    }

    @Test func finalLineWithoutNewlineIsRead() throws {
        let url = try write("a\tb\n1\t2\n3\t4")
        let (_, rows) = try readAll(url)
        #expect(rows == [ReadRow(line: 2, fields: ["1", "2"]), ReadRow(line: 3, fields: ["3", "4"])])
    }

    @Test func finalLineWithoutNewlineEndingInCarriageReturnIsRead() throws {
        let url = try write("a\tb\r\n1\t2\r")
        let (_, rows) = try readAll(url)
        #expect(rows == [ReadRow(line: 2, fields: ["1", "2"])])
    }

    @Test func emptyFieldsAreKept() throws {
        let url = try write("a\tb\tc\n\t\t\nx\t\t\n")
        let (_, rows) = try readAll(url)
        #expect(rows == [ReadRow(line: 2, fields: ["", "", ""]), ReadRow(line: 3, fields: ["x", "", ""])])
    }

    // MARK: Encoding and size

    @Test func invalidUTF8IsReportedWithItsLine() throws {
        let bytes = Array("# comment\na\tb\n1\t2\n".utf8) + [0x33, 0x09, 0xFF, 0xFE] + Array("\n5\t6\n".utf8)
        let url = try write(bytes: bytes)
        expectDatasetError(.notUTF8(file: url.path, line: 4)) { try readAll(url) }
    }

    @Test func invalidUTF8InTheHeaderIsReported() throws {
        let url = try write(bytes: [0x61, 0x09, 0xC3, 0x28, 0x0A])
        expectDatasetError(.notUTF8(file: url.path, line: 1)) { try readAll(url) }
    }

    @Test func lineOfTheMaximumLengthIsAccepted() throws {
        let long = String(repeating: "x", count: TSVReader.maximumLineLength)
        let url = try write("a\n\(long)\n")
        let (_, rows) = try readAll(url)
        #expect(rows.count == 1)
        #expect(rows.first?.fields.first?.utf8.count == TSVReader.maximumLineLength)
    }

    @Test(arguments: ["\n", "", "\n1\n"])
    func lineLongerThanTheMaximumIsRefused(ending: String) throws {
        let long = String(repeating: "x", count: TSVReader.maximumLineLength + 1)
        let url = try write("# comment\na\n\(long)\(ending)")
        expectDatasetError(.lineTooLong(file: url.path, line: 3, limit: TSVReader.maximumLineLength)) {
            try readAll(url)
        }
    }

    @Test func lineLongerThanAReadChunkIsRefused() throws {
        let long = String(repeating: "y", count: (1 << 20) + 10)
        let url = try write("a\n1\n\(long)\n")
        expectDatasetError(.lineTooLong(file: url.path, line: 3, limit: TSVReader.maximumLineLength)) {
            try readAll(url)
        }
    }

    // MARK: Header and fields

    @Test(arguments: [
        (["1"], 1),
        (["1", "2", "3", "4"], 4),
        (["1", "2", "3", ""], 4),
    ])
    func wrongFieldCountIsReported(fields: [String], found: Int) throws {
        let url = try write("a\tb\tc\n1\t2\t3\n\(fields.joined(separator: "\t"))\n")
        expectDatasetError(.fieldCount(file: url.path, line: 3, expected: 3, found: found)) {
            try readAll(url)
        }
    }

    @Test func missingRequiredColumnsAreListed() throws {
        let url = try write("# comment\na\tc\n1\t2\n")
        expectDatasetError(.missingColumns(file: url.path, columns: ["b", "d"])) {
            try readAll(url, header: ["a", "b", "c", "d"])
        }
    }

    @Test func headerNamesAreTrimmedAndLookedUpByName() throws {
        let url = try write("name \t code\tcode\n")
        var positions: [Int?] = []
        try TSVReader(url: url).read(header: ["code", "name"]) { header in
            positions = [header.index(of: "code"), header.index(of: "name"), header.index(of: "other")]
        } row: { _, _ in
        }
        // A repeated column name resolves to its first position.
        #expect(positions == [1, 0, nil])
    }

    @Test(arguments: ["", "# only a comment\n", "# one\n\n# two", "\n\r\n\n"])
    func fileWithoutAHeaderIsRefused(text: String) throws {
        let url = try write(text)
        expectDatasetError(.missingHeader(file: url.path)) { try readAll(url) }
    }

    @Test func headerWithoutRowsIsAnEmptyTable() throws {
        let url = try write("# comment\na\tb\n")
        let (columns, rows) = try readAll(url, header: ["a"])
        #expect(columns == ["a", "b"])
        #expect(rows.isEmpty)
    }

    // MARK: Files

    @Test func missingFileIsUnreadable() throws {
        let url = directory.file("absent.tsv")
        let error = #expect(throws: DatasetError.self) { try readAll(url) }
        guard case .unreadable(let file, let reason) = error else {
            Issue.record("expected .unreadable, got \(String(describing: error))")
            return
        }
        #expect(file == url.path)
        #expect(!reason.isEmpty)
        if let error { expectDescriptionNamesPlace(error) }
    }

    @Test func directoryIsUnreadable() throws {
        let url = directory.url
        let error = #expect(throws: DatasetError.self) { try readAll(url) }
        guard case .unreadable(let file, _) = error else {
            Issue.record("expected .unreadable, got \(String(describing: error))")
            return
        }
        #expect(file == url.path)
    }

    @Test func displayNameIsUsedInErrors() throws {
        let url = try write("a\tb\n1\n")
        #expect(throws: DatasetError.fieldCount(file: "shown.tsv", line: 2, expected: 2, found: 1)) {
            try TSVReader(url: url, displayName: "shown.tsv").read(header: []) { _, _ in }
        }
    }

    @Test func rowHelpersReportEmptyAndInvalidFields() throws {
        let url = try write("code\tnote\n\t\n88\tx\n")
        var results: [String] = []
        var errors: [DatasetError] = []
        try TSVReader(url: url).read(header: ["code"]) { row, header in
            #expect(row.optional(header.index(of: "missing")) == nil)
            results.append(row.optional(1) ?? "nil")
            do throws(DatasetError) {
                _ = try row.parse(0, "code") { (text) throws(DomainError) in try MunicipalityCode(text) }
            } catch {
                errors.append(error)
            }
        }
        #expect(results == ["nil", "x"])
        #expect(
            errors == [
                .emptyField(file: url.path, line: 2, column: "code"),
                .invalidField(file: url.path, line: 3, column: "code", .invalidMunicipalityCode("88")),
            ]
        )
        for error in errors { expectDescriptionNamesPlace(error) }
    }

    // MARK: Header-driven reading through a loader

    @Test func columnsInAnotherOrderAreReadByName() throws {
        let url = try directory.write(
            "municipalities.tsv",
            DatasetFixtures.tsv(
                """
                county_name|extra|name|county_code|code
                Kalmar län|ignored|Kalmar|08|0880
                Kronobergs län||Växjö|07|0780
                """
            )
        )
        let municipalities = try DatasetFiles.municipalities(url)
        #expect(
            municipalities == [
                try DatasetFixtures.municipality("0880", "Kalmar", county: "08", "Kalmar län"),
                try DatasetFixtures.municipality("0780", "Växjö", county: "07", "Kronobergs län"),
            ]
        )
    }
}
