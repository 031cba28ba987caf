import Foundation
import JamforWire
import Testing

@testable import jamfor

@Suite("Reading a member's submission file")
struct SubmitFileTests {
    static let lookup = LookupTests.lookup

    func read(_ text: String) throws -> SubmitFile {
        try SubmitFile(text: text, path: "figures.csv", lookup: Self.lookup)
    }

    @Test("Swedish CSV: semicolons, decimal commas, Swedish column names, names for municipalities")
    func swedish() throws {
        let file = try read(
            "indikator;kommun;period;värde;kön;;\nsick-leave;Enköping;2024-08;7,4;K\nHME;381;2024;79;\n"
        )
        #expect(file.problems.isEmpty)
        #expect(file.rows.map(\.line) == [2, 3])
        let first = file.rows[0].record
        #expect(first.indicator == "sick-leave")
        #expect(first.municipality == "0381")
        #expect(first.period == "2024-08")
        #expect(first.value == 7.4)
        #expect(first.gender == "K")
        #expect(first.scope == "kommun")
        #expect(first.visibility == .network, "unpublished by default")
        #expect(first.source == nil, "the server records the submitting municipality")
        #expect(file.rows[1].record.gender == "T")
    }

    @Test("English CSV with quotes, CRLF, a status marker, public visibility and a source")
    func english() throws {
        let text =
            "indicator,municipality,period,value,status,visibility,source\r\n"
            + "\"nki\",\"Växjö\",2023,\"71.5\",,public,report:Årsredovisning 2023\r\n"
            + "turnover,Kalmar,2023,,..,,\r\n"
        let file = try read(text)
        #expect(file.problems.isEmpty)
        #expect(file.rows.count == 2)
        #expect(file.rows[0].record.value == 71.5)
        #expect(file.rows[0].record.visibility == .public)
        #expect(file.rows[0].record.source == "report:Årsredovisning 2023")
        #expect(file.rows[1].record.status == "..")
        #expect(file.rows[1].record.value == nil)
        #expect(file.rows[1].line == 3)
    }

    @Test("a header without rows, and a row with more fields than the header names, are refused")
    func shapes() throws {
        #expect(throws: SubmitFileError.noRows(path: "figures.csv")) {
            try read("indicator;municipality;period;value\n\n")
        }
        let file = try read("indicator;municipality;period;value\nhme;Kalmar;2024;80;extra\nhme;Kalmar;2023;79\n")
        #expect(file.rows.map(\.line) == [3])
        #expect(file.problems.map(\.line) == [2])
        #expect(file.problems.first?.reason.contains("the header names 4 columns") == true)
    }

    @Test("lone CR line ends count lines and do not decide the separator")
    func carriageReturns() throws {
        let records = try SubmitFile.records("a,b\rc;d,e\r", path: "f")
        #expect(records.map(\.fields) == [["a", "b"], ["c;d", "e"]])
        #expect(records.map(\.line) == [1, 2])
    }

    @Test("a quoted field may hold the separator, a doubled quote and a line break")
    func quoting() throws {
        let records = try SubmitFile.records("a;b\n\"x;y\";\"say \"\"hi\"\"\nthere\"\nlast;1", path: "f")
        #expect(records.map(\.fields) == [["a", "b"], ["x;y", "say \"hi\"\nthere"], ["last", "1"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test("rows that cannot be read are reported with their line and the reason, the rest are kept")
    func problems() throws {
        let text = """
            indicator;municipality;period;value;status
            hme;Kalamr;2024;80;
            hme;Kalmar;2024-13;80;
            hme;Kalmar;2024;åttio;
            hme;Kalmar;2024;80;..
            hme;Kalmar;2024;;
            hme;Kalmar;2024;80;
            hmee;Kalmar;2024;80;
            """
        let file = try read(text)
        #expect(file.rows.map(\.line) == [7])
        #expect(file.problems.map(\.line) == [2, 3, 4, 5, 6, 8])
        #expect(file.problems.last?.reason.contains("Did you mean hme?") == true)
        #expect(file.problems[0].reason.contains("Did you mean Kalmar (0880)?"))
        #expect(file.problems[1].reason.contains("2024-13"))
        #expect(file.problems[2].reason.contains("'åttio' is not a number"))
        #expect(file.problems[3].reason.contains("both a value and a status"))
        #expect(file.problems[4].reason.contains("neither a value nor a status"))
    }

    @Test("a file that cannot be read at all says what is wrong with it")
    func wholeFileErrors() {
        #expect(throws: SubmitFileError.empty(path: "figures.csv")) { try read("") }
        #expect(throws: SubmitFileError.missingColumns(path: "figures.csv", missing: ["period", "value"])) {
            try read("indicator;municipality\nhme;Kalmar\n")
        }
        #expect(throws: SubmitFileError.unknownColumn(path: "figures.csv", column: "colour")) {
            try read("indicator;municipality;period;value;colour\n")
        }
        #expect(throws: SubmitFileError.duplicateColumn(path: "figures.csv", column: "värde")) {
            try read("indicator;municipality;period;value;värde\n")
        }
        #expect(throws: SubmitFileError.unterminatedQuote(path: "figures.csv", line: 2)) {
            try read("indicator;municipality;period;value\n\"hme;Kalmar;2024;80\n")
        }
        let long =
            "indicator;municipality;period;value\n" + String(repeating: "x", count: SubmitFile.maximumLineBytes + 1)
        #expect(throws: SubmitFileError.lineTooLong(path: "figures.csv", line: 2, limit: SubmitFile.maximumLineBytes)) {
            try read(long)
        }
    }

    @Test("files on disk: a missing one, one that is not UTF-8, and a BOM")
    func files() throws {
        #expect(throws: SubmitFileError.self) {
            try SubmitFile(path: "/nonexistent/figures.csv", lookup: Self.lookup)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "jamfor-submit-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let latin1 = directory.appendingPathComponent("latin1.csv")
        try Data([0x6B, 0x6F, 0x6D, 0x6D, 0x75, 0x6E, 0x3B, 0xE4, 0x0A]).write(to: latin1)
        #expect(throws: SubmitFileError.notUTF8(path: latin1.path)) {
            try SubmitFile(path: latin1.path, lookup: Self.lookup)
        }
        let bom = directory.appendingPathComponent("bom.csv")
        try Data(("\u{FEFF}indikator;kommun;period;värde\nhme;Kalmar;2024;80\n").utf8).write(to: bom)
        let file = try SubmitFile(path: bom.path, lookup: Self.lookup)
        #expect(file.rows.count == 1)
        #expect(file.rows[0].record.source == nil)
        #expect(throws: SubmitFileError.unreadable(path: directory.path, reason: "it is a directory, not a CSV file")) {
            try SubmitFile(path: directory.path, lookup: Self.lookup)
        }
    }
}
