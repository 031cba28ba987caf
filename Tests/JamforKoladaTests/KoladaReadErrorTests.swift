import Testing

@testable import JamforKolada

@Suite struct KoladaReadErrorTests {
    static let location = KoladaLocation(
        file: "data.json",
        page: 2,
        position: KoladaPosition(byteOffset: 120, line: 7, column: 13)
    )

    @Test func descriptionsNameTheLocationTheProblemAndTheFix() {
        #expect(Self.location.description == "data.json, page 2, line 7, column 13 (byte 120)")
        #expect(
            KoladaLocation(file: "data.json", page: nil, position: KoladaPosition(byteOffset: 0, line: 1, column: 1))
                .description == "data.json, line 1, column 1 (byte 0)"
        )
        #expect(
            KoladaReadError.unexpectedEnd(Self.location, context: "a value").description
                == "data.json, page 2, line 7, column 13 (byte 120): the file ends inside a value; it is truncated — "
                + "download or save the page again"
        )
        #expect(
            KoladaReadError.syntax(Self.location, expected: "',' or '}'", found: "'x'").description
                == "data.json, page 2, line 7, column 13 (byte 120): expected ',' or '}' but found 'x'; the file is not "
                + "valid Kolada JSON"
        )
        #expect(
            KoladaReadError.wrongType(Self.location, field: "value", expected: "a number or null", found: "a string")
                .description
                == "data.json, page 2, line 7, column 13 (byte 120): \"value\" should be a number or null but is a "
                + "string; the file does not have Kolada's data shape"
        )
        #expect(KoladaReadError.invalidUTF8(Self.location, bytes: [0xE4, 0x0A]).description.contains("(E4 0A)"))
        #expect(KoladaReadError.invalidNumber(Self.location, text: "82,5").description.contains("not a comma"))
        #expect(KoladaReadError.truncatedGzip(file: "d.json.gz", compressedOffset: 9).description.contains("truncated"))
        #expect(KoladaReadError.emptyInput(file: "e.json").description.hasPrefix("e.json: the file is empty"))
        #expect(KoladaReadError.controlCharacterInString(Self.location, byte: 9).description.contains("\\n, \\t"))
    }

    @Test func warningsDescribeThemselves() {
        #expect(
            KoladaReadWarning.countMismatch(Self.location, declared: 5000, seen: 4999).description
                == "data.json, page 2, line 7, column 13 (byte 120): the page declares \"count\": 5000 but holds 4999 "
                + "entries; the page may be incomplete — compare with Kolada"
        )
    }
}
