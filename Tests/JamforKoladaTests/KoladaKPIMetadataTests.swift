import Foundation
import Testing

@testable import JamforKolada

@Suite struct KoladaKPIMetadataTests {
    static let expected = [
        KoladaKPI(
            id: "N05401",
            title: "Valdeltagande i senaste kommunalvalet, andel (%)",
            description: "Antal personer som röstat i det senaste valet till kommunfullmäktige dividerat med antal "
                + "röstberättigade i kommunen. Källa: Valmyndigheten.",
            isDividedByGender: false,
            municipalityType: "K",
            operatingArea: "Demokrati"
        ),
        KoladaKPI(
            id: "N00945",
            title: "Sjukfrånvaro bland kommunalt anställda, andel (%)",
            description: nil,
            isDividedByGender: true,
            municipalityType: "K",
            operatingArea: "Personal"
        ),
        KoladaKPI(
            id: "U00002",
            title: "Hållbart medarbetarengagemang (HME) — totalindex 📊",
            description: nil,
            isDividedByGender: true,
            municipalityType: nil,
            operatingArea: nil
        ),
    ]

    @Test func readsTheMetadataFixture() throws {
        #expect(try KoladaKPIMetadata.read(path: fixture("kolada-kpi-metadata.json")) == Self.expected)
    }

    @Test func readsItGzipped() throws {
        let compressed = try gzipped(try fixtureBytes("kolada-kpi-metadata.json"))
        #expect(try KoladaKPIMetadata.read(bytes: compressed) == Self.expected)
        try withTemporaryDirectory { directory in
            // Detected by content, whatever the name says.
            let path = directory + "/kpis.json"
            try Data(compressed).write(to: URL(fileURLWithPath: path))
            #expect(try KoladaKPIMetadata.read(path: path) == Self.expected)
        }
    }

    @Test func readsSeveralPages() throws {
        let text = """
            {"values": [{"id": "A", "title": "a", "is_divided_by_gender": false}]}
            {"values": [{"id": "B", "title": "b", "is_divided_by_gender": 1, "description": "d"}], "next_page": null}
            """
        #expect(
            try KoladaKPIMetadata.read(bytes: Array(text.utf8))
                == [
                    KoladaKPI(id: "A", title: "a"),
                    KoladaKPI(id: "B", title: "b", description: "d", isDividedByGender: true),
                ]
        )
    }

    @Test func brokenMetadataIsRefused() {
        func error(_ text: String) -> KoladaReadError? {
            do {
                _ = try KoladaKPIMetadata.read(bytes: Array(text.utf8), name: "kpis.json")
                return nil
            } catch {
                return error
            }
        }
        #expect(
            error("{\"values\": [{\"title\": \"x\"}]}")
                == .missingField(
                    KoladaLocation(
                        file: "kpis.json",
                        page: 1,
                        position: KoladaPosition(byteOffset: 12, line: 1, column: 13)
                    ),
                    field: "id",
                    object: "the KPI"
                )
        )
        guard case .missingField(_, "title", _)? = error("{\"values\": [{\"id\": \"x\"}]}") else {
            Issue.record("expected a missing title")
            return
        }
        guard
            case .wrongType(_, "is_divided_by_gender", _, "a string")? = error(
                "{\"values\": [{\"id\": \"x\", \"title\": \"t\", \"is_divided_by_gender\": \"yes\"}]}"
            )
        else {
            Issue.record("expected a wrong type for is_divided_by_gender")
            return
        }
        guard case .unexpectedEnd? = error("{\"values\": [{\"id\": \"x\", \"title\": \"t\"") else {
            Issue.record("expected a truncation")
            return
        }
        guard case .wrongType(_, "values", _, "a string")? = error("{\"values\": [\"N05401\"]}") else {
            Issue.record("expected KPI objects")
            return
        }
        #expect(error("") == .emptyInput(file: "kpis.json"))
    }
}
