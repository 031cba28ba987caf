import Foundation
import Testing

@testable import JamforKolada

@Suite struct KoladaDataReaderTests {
    /// The rows of `kolada-v2-two-pages.json`, in file order.
    static let twoPageRows: [KoladaRow] = [
        KoladaRow(kpi: "N05401", municipality: "0880", year: 2018, gender: "T", count: 1, value: 86.03),
        KoladaRow(kpi: "N05401", municipality: "0880", year: 2018, gender: "K", count: 1, value: 86.9),
        KoladaRow(kpi: "N05401", municipality: "0880", year: 2018, gender: "M", count: 1, value: 85.14),
        KoladaRow(kpi: "N05401", municipality: "0880", year: 2022, gender: "T", count: 1, value: 82.46),
        KoladaRow(kpi: "N05401", municipality: "0780", year: 2018, gender: "T", count: 1, status: "..", value: nil),
        KoladaRow(kpi: "N05401", municipality: "0780", year: 2022, gender: "T", count: 1, value: 84.91),
        KoladaRow(kpi: "N05401", municipality: "0780", year: 2022, gender: "K", count: 0, status: "-", value: nil),
        KoladaRow(kpi: "N05401", municipality: "0381", year: 2022, gender: "T", count: 1, value: 81.97),
        KoladaRow(kpi: "N05401", municipality: "0381", year: 2022, gender: "M", count: 1, value: nil),
        KoladaRow(kpi: "N05401", municipality: "0381", year: 2018, gender: "T", count: 1, value: 85.6),
        KoladaRow(kpi: "N05401", municipality: "G124026", year: 2022, gender: "T", count: 3, value: 83.114),
        KoladaRow(kpi: "N05401", municipality: "0000", year: 2022, gender: "T", count: 290, value: 84.2),
    ]

    @Test func readsTheTwoPageV2Fixture() throws {
        let path = fixture("kolada-v2-two-pages.json")
        let (values, summary) = try KoladaDataReader.readAll(path: path)
        #expect(values.map(\.row) == Self.twoPageRows)
        #expect(values.map(\.page) == [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
        #expect(values.allSatisfy { !$0.isDeleted && !$0.isGroup })
        #expect(values.filter(\.isMunicipality).count == 10)
        #expect(values.filter { !$0.isMunicipality }.map(\.municipality) == ["G124026", "0000"])

        let bytes = try fixtureBytes("kolada-v2-two-pages.json")
        #expect(summary.file == path)
        #expect(!summary.isCompressed)
        #expect(summary.entries == 8)
        #expect(summary.values == 12)
        #expect(summary.deletedValues == 0)
        #expect(summary.textBytes == bytes.count)
        #expect(summary.warnings.isEmpty)
        #expect(summary.pages.map(\.index) == [1, 2])
        #expect(summary.pages.map(\.declaredCount) == [4, 4])
        #expect(summary.pages.map(\.entries) == [4, 4])
        #expect(summary.pages.map(\.values) == [7, 5])
        #expect(
            summary.pages.map(\.nextPage) == [
                "http://api.kolada.se/v2/data/kpi/N05401/year/2018,2022?page=2&per_page=4", nil,
            ]
        )
        let secondPageOffset = try #require(firstOffset(of: "}\n{", in: bytes)) + 2
        #expect(
            summary.pages.map(\.position) == [
                KoladaPosition(byteOffset: 0, line: 1, column: 1),
                KoladaPosition(
                    byteOffset: secondPageOffset,
                    line: bytes[..<secondPageOffset].filter { $0 == 0x0A }.count + 1,
                    column: 1
                ),
            ]
        )
        expectPositions(of: values, in: bytes, objectsStartWith: "{\"gender\"")
    }

    @Test func readsTheGzipTwinTheSameWay() throws {
        let plain = try KoladaDataReader.readAll(path: fixture("kolada-v2-two-pages.json"))
        let compressed = try KoladaDataReader.readAll(path: fixture("kolada-v2-two-pages.json.gz"))
        #expect(compressed.values == plain.values)
        #expect(compressed.summary.isCompressed)
        #expect(compressed.summary.textBytes == plain.summary.textBytes)
        #expect(compressed.summary.pages == plain.summary.pages)

        // The same, compressed in the test by GzipFileSink and read from memory.
        let recompressed = try gzipped(try fixtureBytes("kolada-v2-two-pages.json"))
        #expect(Array(recompressed.prefix(2)) == [0x1f, 0x8b])
        #expect(try KoladaDataReader.readAll(bytes: recompressed).values == plain.values)
    }

    @Test func readsTheV3FixtureWithAnArrayOfPagesAndCRLF() throws {
        let (values, summary) = try KoladaDataReader.readAll(path: fixture("kolada-v3-array-of-pages.json"))
        #expect(
            values.map(\.row) == [
                KoladaRow(kpi: "N00945", municipality: "0880", year: 2023, gender: "T", count: 1, value: 7.5),
                KoladaRow(kpi: "N00945", municipality: "0880", year: 2023, gender: "K", count: 1, value: 9.25),
                KoladaRow(kpi: "N00945", municipality: "0880", year: 2023, gender: "M", count: 1, value: 5),
                // This entry lists "values" before its kpi, municipality and period.
                KoladaRow(kpi: "N00945", municipality: "0780", year: 2023, gender: "T", count: 1, value: -0.15),
                KoladaRow(
                    kpi: "N00945",
                    municipality: "0381",
                    year: 2023,
                    gender: "T",
                    count: nil,
                    status: "..",
                    value: nil
                ),
            ]
        )
        #expect(values.map(\.isDeleted) == [false, true, false, false, false])
        #expect(values.map(\.page) == [1, 1, 1, 1, 2])
        #expect(summary.deletedValues == 1)
        #expect(summary.values == 5)
        #expect(summary.entries == 3)
        #expect(summary.pages.map(\.declaredCount) == [2, 1])
        #expect(summary.pages.map(\.values) == [4, 1])
        #expect(
            summary.pages.map(\.nextPage) == [
                "https://api.kolada.se/v3/data/kpi/N00945/year/2023?page=2&per_page=2", nil,
            ]
        )
        #expect(summary.warnings.isEmpty)
        // CRLF line ends count as one line each.
        #expect(values[0].position.line == 12)
        #expect(values[0].position.column == 11)
        let bytes = try fixtureBytes("kolada-v3-array-of-pages.json")
        expectPositions(of: values, in: bytes, objectsStartWith: "{\"")
    }

    @Test func whitespaceAndLayoutDoNotMatter() throws {
        let text = String(decoding: try fixtureBytes("kolada-v2-two-pages.json"), as: UTF8.self)
        let expected = Self.twoPageRows
        let variants = [
            text.replacingOccurrences(of: "\n", with: "\r\n"),
            text.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: ""),
            text.replacingOccurrences(of: " ", with: "\t \r\n "),
            "\u{FEFF}" + text,  // a byte order mark
            "[" + text.replacingOccurrences(of: "}\n{", with: "},\n{") + "]",  // an array of the two pages
        ]
        for variant in variants {
            let (values, summary) = try readAll(variant)
            #expect(values.map(\.row) == expected)
            #expect(summary.pages.count == 2)
        }
    }

    @Test func theIteratorYieldsTheSameValuesAndThenNil() throws {
        let reader = try KoladaDataReader(path: fixture("kolada-v2-two-pages.json"))
        var values: [KoladaValue] = []
        while let value = try reader.next() { values.append(value) }
        #expect(values == (try KoladaDataReader.readAll(path: fixture("kolada-v2-two-pages.json"))).values)
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
        #expect(reader.summary.values == 12)
    }

    @Test func theClosureSeesEveryValueAndItsErrorsPassThrough() throws {
        var seen = 0
        let summary = try KoladaDataReader.read(path: fixture("kolada-v2-two-pages.json.gz")) { _ in seen += 1 }
        #expect(seen == 12)
        #expect(summary.values == 12)

        struct Stop: Error, Equatable {}
        #expect(throws: Stop()) {
            _ = try KoladaDataReader.read(path: fixture("kolada-v2-two-pages.json")) { value in
                if value.municipality == "0780" { throw Stop() }
            }
        }
    }

    @Test func aTruncatedFileFailsWithItsPosition() throws {
        let bytes = try fixtureBytes("broken-truncated.json")
        let error = readError(bytes)
        guard case .unexpectedEnd(let location, let context)? = error else {
            Issue.record("expected unexpectedEnd, got \(String(describing: error))")
            return
        }
        #expect(location.page == 2)
        #expect(location.position.byteOffset == bytes.count)
        #expect(context == "a value")
        #expect(error?.description.contains("truncated") == true)
        // Every shorter prefix of a valid file fails too (and none crashes).
        let good = try fixtureBytes("kolada-v2-two-pages.json")
        for length in stride(from: 1, to: good.count - 1, by: 7) {
            #expect(readError(Array(good.prefix(length))) != nil, "prefix of \(length) bytes")
        }
    }

    @Test func invalidUTF8FailsAtTheOffendingByte() throws {
        let bytes = try fixtureBytes("broken-invalid-utf8.json")
        let offset = try #require(bytes.firstIndex(of: 0xE4))
        #expect(
            readError(bytes)
                == .invalidUTF8(
                    KoladaLocation(
                        file: "test.json",
                        page: 1,
                        position: KoladaPosition(byteOffset: offset, line: 1, column: offset + 1)
                    ),
                    bytes: [0xE4, 0x78]
                )
        )
        #expect(readError(bytes)?.description.contains("E4 78") == true)
    }

    @Test func valuesOfTheWrongTypeAreRefused() throws {
        let error = readError(try fixtureBytes("broken-values-not-array.json"))
        #expect(
            error
                == .wrongType(
                    KoladaLocation(
                        file: "test.json",
                        page: 1,
                        position: KoladaPosition(byteOffset: 23, line: 1, column: 24)
                    ),
                    field: "values",
                    expected: "an array of entries",
                    found: "an object"
                )
        )
    }

    @Test func garbageAfterTheLastPageIsRefused() throws {
        let bytes = try fixtureBytes("broken-trailing-garbage.json")
        let newline = try #require(bytes.firstIndex(of: 0x0A))
        #expect(
            readError(bytes)
                == .trailingGarbage(
                    KoladaLocation(
                        file: "test.json",
                        page: nil,
                        position: KoladaPosition(byteOffset: newline + 1, line: 2, column: 1)
                    ),
                    found: "'<'"
                )
        )
        for text in [page() + "}", page() + ",", page() + " 0", page() + "\0"] {
            guard case .trailingGarbage? = readError(text) else {
                Issue.record("expected trailing garbage for \(text)")
                continue
            }
        }
    }

    @Test func aPageWhoseCountDiffersGetsAWarning() throws {
        let (values, summary) = try readAll(page(entry(value("1")), entry(value("2")), count: 5))
        #expect(values.count == 2)
        #expect(
            summary.warnings == [
                .countMismatch(
                    KoladaLocation(
                        file: "test.json",
                        page: 1,
                        position: KoladaPosition(byteOffset: 0, line: 1, column: 1)
                    ),
                    declared: 5,
                    seen: 2
                )
            ]
        )
        #expect(summary.warnings[0].description.contains("declares \"count\": 5 but holds 2 entries"))
        #expect(try readAll(page(entry(value("1")), count: 1)).summary.warnings.isEmpty)
        #expect(try readAll(page(entry(value("1")))).summary.warnings.isEmpty)
    }

    @Test func emptyAndNonPageInputsAreRefused() throws {
        #expect(readError("") == .emptyInput(file: "test.json"))
        #expect(readError(" \r\n\t") == .emptyInput(file: "test.json"))
        #expect(try readAll("[]").summary.pages.isEmpty)
        #expect(try readAll(" [ ] ").values.isEmpty)
        for text in ["42", "\"values\"", "null", "<html>"] {
            guard case .syntax? = readError(text) else {
                Issue.record("expected a syntax error for \(text)")
                continue
            }
        }
        #expect(
            readError("{\"count\": 0}")
                == .missingField(
                    KoladaLocation(
                        file: "test.json",
                        page: 1,
                        position: KoladaPosition(byteOffset: 0, line: 1, column: 1)
                    ),
                    field: "values",
                    object: "the page"
                )
        )
        guard case .wrongType(_, "pages", _, "a number")? = readError("[1]") else {
            Issue.record("expected a wrong type for an array of numbers")
            return
        }
    }

    @Test func entriesAndValuesNeedTheirFields() {
        func missingField(_ text: String) -> String? {
            guard case .missingField(_, let field, _)? = readError(text) else { return nil }
            return field
        }
        #expect(missingField(page("{\"municipality\": \"0880\", \"period\": 2022, \"values\": []}")) == "kpi")
        #expect(missingField(page("{\"kpi\": \"N05401\", \"period\": 2022, \"values\": []}")) == "municipality")
        #expect(missingField(page("{\"kpi\": \"N05401\", \"municipality\": \"0880\", \"values\": []}")) == "period")
        #expect(missingField(page("{\"kpi\": \"N05401\", \"municipality\": \"0880\", \"period\": 2022}")) == "values")
        #expect(missingField(page(entry("{\"count\": 1, \"value\": 2}"))) == "gender")
        #expect(missingField(page("{}")) == "kpi")
        #expect(missingField(page(entry("{}"))) == "gender")
    }

    @Test func koladasVariationsAreAccepted() throws {
        // period as a string or an integral number in any form; flags as booleans, 0/1 or null; null counts.
        let text = page(
            entry(
                period: "\"2021\"",
                "{\"gender\": \"T\", \"count\": null, \"status\": null, \"value\": 1, \"isdeleted\": 1}"
            ),
            entry(
                period: "2.022e3",
                "{\"gender\": \"K\", \"count\": 2.0, \"status\": \"\", \"value\": 2, \"isdeleted\": null}"
            ),
            entry(period: "2023.0", "{\"gender\": \"M\", \"count\": 1e1, \"value\": 3, \"isdeleted\": 0}"),
            "{\"kpi\": \"N1\", \"municipality\": \"0880\", \"period\": 2024, \"is_group\": true, \"values\": [], \"x\": 1}",
            "{\"kpi\": \"N1\", \"municipality\": \"G1\", \"period\": 2024, \"is_group\": 1, \"values\": [{\"gender\": \"T\"}]}"
        )
        let (values, summary) = try readAll(text)
        #expect(values.map(\.year) == [2021, 2022, 2023, 2024])
        #expect(values.map(\.count) == [nil, 2, 10, nil])
        #expect(values.map(\.isDeleted) == [true, false, false, false])
        #expect(values.map(\.isGroup) == [false, false, false, true])
        #expect(values.map(\.status) == [nil, nil, nil, nil])
        #expect(values.map(\.value) == [1, 2, 3, nil])
        #expect(summary.entries == 5)
        #expect(summary.pages[0].entries == 5)
    }

    @Test func jamforsAdditionsReadBack() throws {
        // Part-year periods as "YYYY-MM" strings and a visibility per value, as Jamfor's exports write them.
        let text = page(
            entry(period: "\"2024-08\"", value("1"), "{\"gender\": \"K\", \"value\": 2, \"visibility\": \"network\"}"),
            entry(period: "2024", "{\"gender\": \"T\", \"value\": 3, \"visibility\": null}"),
            entry(period: "\"2023-12\"", "{\"gender\": \"T\", \"value\": 4, \"visibility\": \"public\"}"),
            entry("{\"gender\": \"T\", \"value\": 5, \"visibility\": \"nätverk\"}")
        )
        let (values, _) = try readAll(text)
        #expect(values.map(\.year) == [2024, 2024, 2024, 2023, 2022])
        #expect(values.map(\.month) == [8, 8, nil, 12, nil])
        #expect(values.map(\.visibility) == [nil, "network", nil, "public", "nätverk"])
        guard case .wrongType(_, "period", _, _)? = readError(page(entry(period: "\"2024-13\"", value("1")))) else {
            Issue.record("expected month 13 to be refused")
            return
        }
        guard
            case .wrongType(_, "visibility", _, "a number")? = readError(
                page(entry("{\"gender\": \"T\", \"visibility\": 1}"))
            )
        else {
            Issue.record("expected a wrong type for visibility")
            return
        }
    }

    @Test func unknownFieldsAreSkippedEverywhere() throws {
        let text = """
            {"meta": {"a": [1, {"b": null}], "c": "x\\"y"}, "values": [
              {"pre": [[], {}, [true, false]], "kpi": "N05401", "municipality": "0880", "period": 2022,
               "values": [{"x": {"y": [1.5e3, "\\u00e5"]}, "gender": "T", "status": "", "value": 1.25, "z": -0}],
               "post": "ok"}
            ], "count": 1, "next_page": null, "previous_url": "p", "extra": [{"values": "not these"}]}
            """
        let (values, summary) = try readAll(text)
        #expect(values.map(\.row) == [KoladaRow(kpi: "N05401", municipality: "0880", year: 2022, value: 1.25)])
        #expect(summary.warnings.isEmpty)
    }

    @Test func fieldsOfTheWrongTypeNameTheField() {
        func wrongField(_ valueObject: String) -> (field: String, found: String)? {
            guard case .wrongType(_, let field, _, let found)? = readError(page(entry(valueObject))) else { return nil }
            return (field, found)
        }
        #expect(wrongField("{\"gender\": \"T\", \"value\": \"82,5\"}")?.field == "value")
        #expect(wrongField("{\"gender\": \"T\", \"value\": \"82,5\"}")?.found == "a string")
        #expect(wrongField("{\"gender\": \"T\", \"value\": true}")?.field == "value")
        #expect(wrongField("{\"gender\": 1, \"value\": 1}")?.field == "gender")
        #expect(wrongField("{\"gender\": \"T\", \"status\": 0, \"value\": 1}")?.field == "status")
        #expect(wrongField("{\"gender\": \"T\", \"count\": \"1\", \"value\": 1}")?.field == "count")
        #expect(wrongField("{\"gender\": \"T\", \"isdeleted\": \"no\", \"value\": 1}")?.field == "isdeleted")
        #expect(wrongField("{\"gender\": \"T\", \"isdeleted\": 2, \"value\": 1}")?.field == "isdeleted")
        guard case .wrongType(_, "period", _, _)? = readError(page(entry(period: "\"20x2\"", value("1")))) else {
            Issue.record("expected a wrong type for period")
            return
        }
        guard case .numberOutOfRange(_, "count", _)? = readError(page(entry("{\"gender\": \"T\", \"count\": 1.5}")))
        else {
            Issue.record("expected count 1.5 out of range")
            return
        }
        guard case .wrongType(_, "values", _, "null")? = readError(page(entry(period: "2022") + ", null")) else {
            Issue.record("expected an entry of null to be refused")
            return
        }
    }

    @Test func numbersInEveryJSONForm() throws {
        let cases: [(String, Double)] = [
            ("0", 0), ("82", 82), ("-7", -7), ("82.46", 82.46), ("-0.001", -0.001), ("1e2", 100), ("1E+2", 100),
            ("2.5e-3", 0.0025), ("-1.5E-1", -0.15), ("0.1", 0.1),
            ("123456789012345678901234567890", 1.2345678901234568e29),
            ("0.30000000000000004", 0.1 + 0.2), ("1.7976931348623157e308", .greatestFiniteMagnitude),
            ("5e-324", .leastNonzeroMagnitude), ("4.9406564584124654e-324", .leastNonzeroMagnitude), ("1e-400", 0),
            ("0.000000000000000000000000000001", 1e-30), ("9007199254740993", 9_007_199_254_740_992),
            ("100000000000000000000000", 1e23),
        ]
        for (text, expected) in cases {
            let read = try readSingleValue(text)
            #expect(read?.bitPattern == expected.bitPattern, "\(text) read as \(String(describing: read))")
        }
        #expect(try readSingleValue("-0")?.sign == .minus)
        #expect(try readSingleValue("-0.0e5")?.sign == .minus)
        #expect(try readSingleValue("null") == nil)
    }

    @Test func malformedNumbersAreRefused() {
        for text in ["01", "1.", "1.e5", "1e", "1e+", "--1", "-", "0x10", "1.2.3", "1e5e5", "-a", "2,5"] {
            let error = readError(page(entry(value(text))))
            switch error {
            case .invalidNumber?, .syntax?: break
            default: Issue.record("\(text): expected an invalid number, got \(String(describing: error))")
            }
        }
        for text in [".5", "+1", "NaN", "Infinity"] {
            switch readError(page(entry(value(text)))) {
            case .wrongType?, .syntax?: break
            default: Issue.record("\(text): expected a wrong type")
            }
        }
        guard case .numberOutOfRange(_, _, let text)? = readError(page(entry(value("1e400")))) else {
            Issue.record("expected 1e400 out of range")
            return
        }
        #expect(text == "1e400")
    }

    @Test func stringsWithEscapesAndNonASCII() throws {
        let text = page(
            entry(kpi: "N\\u00305401", municipality: "V\\u00e4xj\\u00f6", value("1", gender: "\\u0054")),
            entry(
                kpi: "N05401",
                municipality: "Växjö",
                value("2", gender: "K", status: "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"")
            ),
            entry(kpi: "\\ud83d\\udcca", municipality: "Malmö 📊", value("3", gender: "\\u00c5"))
        )
        let (values, _) = try readAll(text)
        #expect(values.map(\.kpi) == ["N05401", "N05401", "📊"])
        #expect(values.map(\.municipality) == ["Växjö", "Växjö", "Malmö 📊"])
        #expect(values.map(\.gender) == ["T", "K", "Å"])
        #expect(values[1].status == "\"\\/\u{8}\u{c}\n\r\t")
    }

    @Test func brokenStringsAreRefused() {
        func error(_ municipality: [UInt8]) -> KoladaReadError? {
            let prefix = Array(
                "{\"values\": [{\"kpi\": \"N05401\", \"period\": 2022, \"values\": [], \"municipality\": \"".utf8
            )
            return readError(prefix + municipality + Array("\"}]}".utf8))
        }
        for escape in ["\\ud83d", "\\ud83dx", "\\ud83d\\u0041", "\\udcca", "\\x", "\\u00g0", "\\U00e5", "\\'"] {
            guard case .invalidEscape? = error(Array(escape.utf8)) else {
                Issue.record(
                    "\(escape): expected an invalid escape, got \(String(describing: error(Array(escape.utf8))))"
                )
                continue
            }
        }
        let invalidUTF8: [[UInt8]] = [
            [0xFF], [0xC0, 0x80], [0xC3], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5],
            [0x80], [0xE5, 0x41, 0x41], [0xF0, 0x9F, 0x93],
        ]
        for bytes in invalidUTF8 {
            guard case .invalidUTF8? = error(bytes) else {
                Issue.record("\(bytes): expected invalid UTF-8, got \(String(describing: error(bytes)))")
                continue
            }
        }
        for control: UInt8 in [0x00, 0x01, 0x09, 0x0A, 0x1F] {
            #expect(
                { if case .controlCharacterInString(_, control)? = error([0x41, control]) { true } else { false } }(),
                "control character \(control)"
            )
        }
        // Valid UTF-8 at the edges of the ranges reads.
        let valid: [[UInt8]] = [
            [0xC2, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        ]
        for bytes in valid {
            #expect(error(bytes) == nil, "\(bytes)")
        }
    }

    @Test func literalsMustBeSpelledOut() {
        for text in ["nul", "nulL", "tru", "fals", "nullx"] {
            #expect(readError(page(entry(value(text)))) != nil, "\(text)")
        }
    }

    @Test func errorsEndTheReadingAndRepeat() throws {
        let reader = try KoladaDataReader(bytes: Array((page(entry(value("1"))) + " x").utf8), name: "test.json")
        #expect(try reader.next()?.value == 1)
        #expect(throws: KoladaReadError.self) { try reader.next() }
        #expect(throws: KoladaReadError.self) { try reader.next() }
    }

    @Test func largeFilesStreamAcrossRefills() throws {
        // Entries with escaped, non-ASCII and long strings, laid out so that tokens of every kind straddle the
        // 256 KiB refills; one unknown field holds a 600 KiB string, which makes the window grow.
        var text = "{\"values\": ["
        var expected: [KoladaRow] = []
        for index in 0..<12_000 {
            if index > 0 { text += ",\n" }
            let name =
                index % 3 == 0
                ? "Växjö \\u00e5\\u00e4\\u00f6 \\ud83d\\udcca" : String(repeating: "x", count: index % 97)
            let padding = String(repeating: " ", count: index % 13)
            text +=
                "{\"kpi\": \"N\(10_000 + index % 50)\",\(padding)\"name\": \"\(name)\", \"municipality\": \"\(1000 + index % 290)\", "
            text +=
                "\"period\": \(2000 + index % 24), \"values\": [{\"gender\": \"T\", \"count\": \(index), \"status\": \"\", "
            text += "\"value\": \(Double(index) / 8)e-2}]}"
            expected.append(
                KoladaRow(
                    kpi: "N\(10_000 + index % 50)",
                    municipality: "\(1000 + index % 290)",
                    year: 2000 + index % 24,
                    count: index,
                    value: Double("\(Double(index) / 8)e-2")
                )
            )
            if index == 6_000 {
                text +=
                    ", {\"kpi\": \"N1\", \"big\": \"\(String(repeating: "å", count: 300_000))\", \"municipality\": \"1\", \"period\": 1, \"values\": []}"
            }
        }
        text += "], \"count\": 12001}"
        try withTemporaryDirectory { directory in
            let path = directory + "/large.json"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let (values, summary) = try KoladaDataReader.readAll(path: path)
            #expect(values.map(\.row) == expected)
            #expect(summary.entries == 12_001)
            #expect(summary.textBytes == text.utf8.count)
            #expect(summary.warnings.isEmpty)
            let gzipPath = directory + "/large.json.gz"
            let sink = try GzipFileSink(path: gzipPath)
            try Array(text.utf8).withUnsafeBytes { try sink.write($0) }
            try sink.close()
            #expect(try KoladaDataReader.readAll(path: gzipPath).values == values)
        }
    }

    /// Checks each value's position against the file: the offset points at its object, and line and column match.
    private func expectPositions(
        of values: [KoladaValue],
        in bytes: [UInt8],
        objectsStartWith prefix: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for value in values {
            let offset = value.position.byteOffset
            #expect(
                Array(bytes[offset..<offset + prefix.utf8.count]) == Array(prefix.utf8),
                sourceLocation: sourceLocation
            )
            let before = bytes[..<offset]
            let line = before.filter { $0 == 0x0A }.count + 1
            let lineStart = (before.lastIndex(of: 0x0A) ?? -1) + 1
            #expect(value.position.line == line, sourceLocation: sourceLocation)
            #expect(value.position.column == offset - lineStart + 1, sourceLocation: sourceLocation)
        }
    }
}
