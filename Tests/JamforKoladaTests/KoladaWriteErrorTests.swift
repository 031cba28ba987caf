import Testing

@testable import JamforKolada

@Suite struct KoladaWriteErrorTests {
    @Test func descriptionsNameTheProblemAndTheFix() {
        #expect(
            KoladaWriteError.nonFiniteValue(row: 3, key: "N05401 0880 2022 T", value: "nan").description
                == "row 3 (N05401 0880 2022 T) has the value nan, which JSON and Kolada cannot hold; write null with a "
                + "status marker instead"
        )
        #expect(
            KoladaWriteError.writeFailed(path: "o.json", byteOffset: 10, errno: 28).description.contains("disk space")
        )
        #expect(KoladaWriteError.invalidCompressionLevel(11).description.contains("1 (fastest)"))
        #expect(
            KoladaWriteError.invalidPeriod(row: 2, key: "hme 0880 T", year: 2024, month: 13).description
                == "row 2 (hme 0880 T) has the period 2024 month 13; a part-year period needs a year from 0 and a "
                + "month 1–12"
        )
        #expect(KoladaWriteError.closed(path: "o.json").description.hasPrefix("o.json: the output was already"))
        #expect(
            KoladaWriteError.renameFailed(from: "a", to: "b", errno: 13).description.hasPrefix("cannot move a to b")
        )
    }
}
