import Testing

@testable import JamforKolada

@Suite struct KoladaValueTests {
    @Test func municipalityCodesAreFourDigitsOtherThanTheCountry() {
        for code in ["0880", "0780", "0381", "0114", "2584"] {
            #expect(KoladaValue.isMunicipalityCode(code), "\(code)")
        }
        for code in ["0000", "G124026", "880", "08800", "", "08a0", "٠٨٨٠"] {
            #expect(!KoladaValue.isMunicipalityCode(code), "\(code)")
        }
    }

    @Test func aValueGivesBackItsRow() {
        let value = KoladaValue(
            kpi: "N05401",
            municipality: "G124026",
            year: 2022,
            month: 8,
            gender: "K",
            count: 3,
            status: "..",
            value: nil,
            isDeleted: true,
            isGroup: true,
            visibility: "network",
            page: 2,
            position: KoladaPosition(byteOffset: 5, line: 2, column: 3)
        )
        #expect(
            value.row
                == KoladaRow(
                    kpi: "N05401",
                    municipality: "G124026",
                    year: 2022,
                    month: 8,
                    gender: "K",
                    count: 3,
                    status: "..",
                    value: nil,
                    isGroup: true,
                    visibility: "network"
                )
        )
        #expect(!value.isMunicipality)
        #expect(value.position.description == "line 2, column 3 (byte 5)")
    }
}
