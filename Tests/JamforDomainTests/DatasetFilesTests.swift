import Foundation
import Testing

@testable import JamforDomain

/// One bad row and the error it must give, for parameterized loader tests.
struct BadRow: Sendable, CustomTestStringConvertible {
    let name: String
    /// The row, with `|` between fields.
    let row: String
    let expected: @Sendable (_ file: String, _ line: Int) -> DatasetError

    init(_ name: String, _ row: String, _ expected: @escaping @Sendable (_ file: String, _ line: Int) -> DatasetError) {
        self.name = name
        self.row = row
        self.expected = expected
    }

    var testDescription: String { name }
}

// MARK: - municipalities.tsv

@Suite("Dataset files: municipalities")
struct MunicipalitiesFileTests {
    let directory: TemporaryDatasetDirectory

    init() throws { directory = try TemporaryDatasetDirectory() }

    private func write(_ rows: String) throws -> URL {
        try directory.write(
            "municipalities.tsv",
            DatasetFixtures.tsv(
                "code|name|county_code|county_name\n" + "0780|Växjö|07|Kronobergs län\n# comment\n" + rows
            )
        )
    }

    @Test func goodFileIsReadInFileOrder() throws {
        let url = try directory.write("municipalities.tsv", DatasetFixtures.municipalities)
        let municipalities = try DatasetFiles.municipalities(url)
        #expect(municipalities == (try DatasetFixtures.municipalityList()))
        #expect(municipalities.map(\.county.name).last == "Skåne län")
    }

    @Test(arguments: [
        ("880|Kalmar|08|Kalmar län", "code", DomainError.invalidMunicipalityCode("880")),
        ("08800|Kalmar|08|Kalmar län", "code", .invalidMunicipalityCode("08800")),
        ("O880|Kalmar|08|Kalmar län", "code", .invalidMunicipalityCode("O880")),
        ("0880|Kalmar|8|Kalmar län", "county_code", .invalidCountyCode("8")),
        ("0880|Kalmar|0A|Kalmar län", "county_code", .invalidCountyCode("0A")),
    ])
    func invalidFieldIsReportedWithItsLine(row: String, column: String, error: DomainError) throws {
        let url = try write(row)
        expectDatasetError(.invalidField(file: url.path, line: 4, column: column, error)) {
            try DatasetFiles.municipalities(url)
        }
    }

    @Test func countyCodeMustBeTheFirstTwoDigits() throws {
        let url = try write("0880|Kalmar|07|Kronobergs län")
        expectDatasetError(.countyMismatch(file: url.path, line: 4, code: "0880", county: "07")) {
            try DatasetFiles.municipalities(url)
        }
    }

    @Test func duplicateCodeNamesTheFirstLine() throws {
        let url = try write("0880|Kalmar|08|Kalmar län\n0780|Växjö igen|07|Kronobergs län")
        expectDatasetError(.duplicate(file: url.path, line: 5, firstLine: 2, key: "municipality 0780")) {
            try DatasetFiles.municipalities(url)
        }
    }

    @Test(arguments: [("0880||08|Kalmar län", "name"), ("0880|Kalmar|08|", "county_name"), ("|Kalmar|08|x", "code")])
    func emptyRequiredFieldIsReported(row: String, column: String) throws {
        let url = try write(row)
        expectDatasetError(.emptyField(file: url.path, line: 4, column: column)) {
            try DatasetFiles.municipalities(url)
        }
    }
}

// MARK: - indicators.tsv

@Suite("Dataset files: indicators")
struct IndicatorsFileTests {
    let directory: TemporaryDatasetDirectory

    init() throws { directory = try TemporaryDatasetDirectory() }

    static let allColumns = [
        "id", "title_sv", "title_en", "unit", "direction", "min", "max", "gender_split", "dead_band", "decimals",
        "kolada_id", "description", "accumulates",
    ]

    static let goodFields: [String: String] = [
        "id": "hme", "title_sv": "HME sv", "title_en": "HME en", "unit": "index", "direction": "higher",
        "min": "0", "max": "100", "gender_split": "yes", "dead_band": "1", "decimals": "0",
        "kolada_id": "", "description": "", "accumulates": "",
    ]

    /// The header with every column, a good `nki` row, a comment, then `hme` with `overrides` on line 4.
    private func write(_ overrides: [String: String]) throws -> URL {
        let fields = Self.goodFields.merging(overrides) { $1 }
        let row = Self.allColumns.map { fields[$0] ?? "" }.joined(separator: "|")
        return try directory.write(
            "indicators.tsv",
            DatasetFixtures.tsv(
                Self.allColumns.joined(separator: "|") + "\n"
                    + "nki|NKI|NKI|index|higher|0|100|no|1|0|||\n# comment\n" + row
            )
        )
    }

    @Test func goodFileWithoutTheOptionalColumns() throws {
        let url = try directory.write("indicators.tsv", DatasetFixtures.indicators)
        let indicators = try DatasetFiles.indicators(url)
        #expect(indicators.map(\.id.rawValue) == ["hme", "nki", "sick-leave"])
        let expected = try Indicator(
            id: try IndicatorID("sick-leave"),
            titleSV: "Sjukfrånvaro",
            titleEN: "Sick leave",
            unit: .percent,
            direction: .lower,
            bounds: 0...100,
            splitsByGender: true,
            accumulates: false,
            deadBand: 0.2,
            decimals: 1,
            koladaID: nil,
            about: ""
        )
        #expect(indicators.last == expected)
        #expect(indicators.map(\.splitsByGender) == [true, false, true])
    }

    @Test func goodFileWithTheOptionalColumnsPresentAndEmpty() throws {
        let url = try directory.write(
            "indicators.tsv",
            DatasetFixtures.tsv(
                """
                accumulates|description|kolada_id|id|title_sv|title_en|unit|direction|\
                min|max|gender_split|dead_band|decimals
                yes|Share who left|N00942|turnover|Personalomsättning|Staff turnover|percent|lower|0|100|no|0.5|1
                no|||hme|HME|HME|index|higher|0|100|yes|1|0
                |||nki-rank|NKI-placering|NKI rank|rank|lower|1|290|no|0|0
                """
            )
        )
        let indicators = try DatasetFiles.indicators(url)
        let turnover = try Indicator(
            id: try IndicatorID("turnover"),
            titleSV: "Personalomsättning",
            titleEN: "Staff turnover",
            unit: .percent,
            direction: .lower,
            bounds: 0...100,
            splitsByGender: false,
            accumulates: true,
            deadBand: 0.5,
            decimals: 1,
            koladaID: "N00942",
            about: "Share who left"
        )
        let rank = try Indicator(
            id: try IndicatorID("nki-rank"),
            titleSV: "NKI-placering",
            titleEN: "NKI rank",
            unit: .rank,
            direction: .lower,
            bounds: 1...290,
            splitsByGender: false,
            accumulates: false,
            deadBand: 0,
            decimals: 0,
            koladaID: nil,
            about: ""
        )
        #expect(indicators.count == 3)
        #expect(indicators.first == turnover)
        #expect(indicators.last == rank)
        #expect(indicators[1].accumulates == false)
        #expect(indicators[1].koladaID == nil)
    }

    @Test func rowWithTheOverridesOfNoneIsGood() throws {
        // The helper's base row is valid, so every failure below is the override's.
        let url = try write([:])
        #expect(try DatasetFiles.indicators(url).map(\.id.rawValue) == ["nki", "hme"])
    }

    static let invalidRows: [([String: String], String, DomainError)] = [
        (["id": "HME"], "id", .invalidIndicatorID("HME")),
        (["unit": "percentage"], "unit", .unknownUnit("percentage")),
        (["direction": "up"], "direction", .unknownDirection("up")),
        (["min": "100", "max": "0"], "max", .invalidBounds(indicator: "hme", min: 100, max: 0)),
        (["min": "low"], "min", .invalidNumber("low")),
        (["max": "1e2"], "max", .invalidNumber("1e2")),
        // Errors found by the Indicator initializer are reported against the id column.
        (["dead_band": "-1"], "dead_band", .invalidDeadBand(indicator: "hme", -1)),
        (["decimals": "7"], "decimals", .invalidDecimals(indicator: "hme", 7)),
        (["decimals": "-1"], "decimals", .invalidDecimals(indicator: "hme", -1)),
        (["decimals": "1.5"], "decimals", .invalidNumber("1.5")),
        (["kolada_id": "X123"], "kolada_id", .invalidKoladaID("X123")),
        (["kolada_id": "n05401"], "kolada_id", .invalidKoladaID("n05401")),
        (["gender_split": "maybe"], "gender_split", .invalidFlag("maybe")),
        (["accumulates": "Yes"], "accumulates", .invalidFlag("Yes")),
    ]

    @Test(arguments: invalidRows)
    func invalidFieldIsReportedWithItsLine(overrides: [String: String], column: String, error: DomainError) throws {
        let url = try write(overrides)
        expectDatasetError(.invalidField(file: url.path, line: 4, column: column, error)) {
            try DatasetFiles.indicators(url)
        }
    }

    @Test(arguments: ["title_sv", "title_en", "unit", "gender_split", "dead_band"])
    func emptyRequiredFieldIsReported(column: String) throws {
        let url = try write([column: ""])
        expectDatasetError(.emptyField(file: url.path, line: 4, column: column)) {
            try DatasetFiles.indicators(url)
        }
    }

    @Test func duplicateIdNamesTheFirstLine() throws {
        let url = try write(["id": "nki"])
        expectDatasetError(.duplicate(file: url.path, line: 4, firstLine: 2, key: "indicator nki")) {
            try DatasetFiles.indicators(url)
        }
    }

    @Test func missingRequiredColumnIsReported() throws {
        let url = try directory.write(
            "indicators.tsv",
            DatasetFixtures.tsv("id|title_sv|title_en|unit|min|max|gender_split|decimals\nhme|a|b|index|0|1|no|0")
        )
        expectDatasetError(.missingColumns(file: url.path, columns: ["direction", "dead_band"])) {
            try DatasetFiles.indicators(url)
        }
    }
}

// MARK: - networks.tsv

@Suite("Dataset files: networks")
struct NetworksFileTests {
    let directory: TemporaryDatasetDirectory
    let codes: Set<MunicipalityCode>

    init() throws {
        directory = try TemporaryDatasetDirectory()
        codes = Set(try DatasetFixtures.municipalityList().map(\.code))
    }

    private func write(_ rows: String, header: String = "id|name|members|description") throws -> URL {
        try directory.write("networks.tsv", DatasetFixtures.tsv(header + "\n" + rows))
    }

    @Test func goodFileKeepsMemberOrderAndTrimsSpaces() throws {
        let url = try write("kkvh|KKVH|0880, 1080,1290 ,0780|Kalmar med flera\n# comment\nsouth|Syd|1080|")
        let networks = try DatasetFiles.networks(url, municipalities: codes)
        let code = DatasetFixtures.code
        #expect(
            networks == [
                Network(
                    id: try NetworkID("kkvh"),
                    name: "KKVH",
                    members: try ["0880", "1080", "1290", "0780"].map(code),
                    description: "Kalmar med flera"
                ),
                Network(id: try NetworkID("south"), name: "Syd", members: [try code("1080")], description: ""),
            ]
        )
    }

    @Test func descriptionColumnIsOptional() throws {
        // No description column, and the columns in another order: fields are taken by name.
        let url = try write("Syd|1080,1290|south", header: "name|members|id")
        let networks = try DatasetFiles.networks(url, municipalities: codes)
        #expect(networks.map(\.id.rawValue) == ["south"])
        #expect(networks.first?.members == (try ["1080", "1290"].map(DatasetFixtures.code)))
        #expect(networks.first?.description == "")
    }

    @Test func unknownMemberIsReported() throws {
        let url = try write("south|Syd|1080|\nkkvh|KKVH|0880,9999,1080|")
        expectDatasetError(.unknownNetworkMember(file: url.path, line: 3, network: "kkvh", code: "9999")) {
            try DatasetFiles.networks(url, municipalities: codes)
        }
    }

    @Test func memberListedTwiceIsReported() throws {
        let url = try write("south|Syd|1080|\nkkvh|KKVH|0880,1080,0880|")
        expectDatasetError(.repeatedNetworkMember(file: url.path, line: 3, network: "kkvh", code: "0880")) {
            try DatasetFiles.networks(url, municipalities: codes)
        }
    }

    @Test(arguments: [
        ("KKVH|KKVH|0880|", "id", DomainError.invalidNetworkID("KKVH")),
        ("kk_vh|KKVH|0880|", "id", .invalidNetworkID("kk_vh")),
        ("kkvh|KKVH|0880,880|", "members", .invalidMunicipalityCode("880")),
        ("kkvh|KKVH|0880,,1080|", "members", .invalidMunicipalityCode("")),
        ("kkvh|KKVH|,|", "members", .invalidMunicipalityCode("")),
    ])
    func invalidFieldIsReported(row: String, column: String, error: DomainError) throws {
        let url = try write("south|Syd|1080|\n" + row)
        expectDatasetError(.invalidField(file: url.path, line: 3, column: column, error)) {
            try DatasetFiles.networks(url, municipalities: codes)
        }
    }

    @Test func duplicateNetworkIdNamesTheFirstLine() throws {
        let url = try write("south|Syd|1080|\n# comment\nsouth|Söder|1290|")
        expectDatasetError(.duplicate(file: url.path, line: 4, firstLine: 2, key: "network south")) {
            try DatasetFiles.networks(url, municipalities: codes)
        }
    }
}

// MARK: - reports/figures.tsv

@Suite("Dataset files: report figures")
struct ReportFiguresFileTests {
    let directory: TemporaryDatasetDirectory
    let registry: Registry

    init() throws {
        directory = try TemporaryDatasetDirectory()
        registry = try DatasetFixtures.registry()
    }

    static let header = "municipality_code|municipality|indicator|scope|period|gender|value|unit|kind|source|note"
    static let goodRow = "0880|Kalmar|hme|kommun|2022|T|79|index|outcome|kalmar.txt|table 5"

    /// The header, a good outcome on line 2, a comment on line 3 and `rows` from line 4.
    private func write(_ rows: String) throws -> URL {
        try directory.write(
            "reports/figures.tsv",
            DatasetFixtures.tsv(Self.header + "\n" + Self.goodRow + "\n# comment\n" + rows)
        )
    }

    private func read(_ url: URL) throws(DatasetError) -> DatasetFiles.ReportFigures {
        try DatasetFiles.reportFigures(url, registry: registry)
    }

    @Test func figuresAreSplitByKind() throws {
        let url = try write(
            """
            0880|Kalmar|hme|kommun|2023-08|K|78.5|index|outcome|kalmar.txt|
            0880|Kalmar|hme|ks|2022|T|81|index|outcome|kalmar.txt|KS only
            0780|Växjö|hme|kommun|2022|T|70|index|outcome|vaxjo.pdf.txt|
            0880|Kalmar|hme|kommun|2025|T|85|index|target|kalmar.txt|goal 2025
            0880|Kalmar|sick-leave|ks|baseline|M|7.5|percent|baseline|kalmar.txt|Startläge
            0880|Kalmar|sick-leave|kommun|2024|T|6|percent|target|kalmar.txt|
            """
        )
        let figures = try read(url)
        let code = DatasetFixtures.code
        let hme = try IndicatorID("hme")
        let kalmar = Source(kind: .report, reference: "kalmar.txt")
        #expect(
            figures.observations == [
                Observation(
                    key: SeriesKey(indicator: hme, municipality: try code("0880"), period: try Period("2022")),
                    reading: try Reading(value: 79),
                    source: kalmar,
                    visibility: .public,
                    note: "table 5"
                ),
                Observation(
                    key: SeriesKey(
                        indicator: hme,
                        municipality: try code("0880"),
                        period: try Period("2023-08"),
                        gender: .women
                    ),
                    reading: try Reading(value: 78.5),
                    source: kalmar
                ),
                Observation(
                    key: SeriesKey(
                        indicator: hme,
                        municipality: try code("0880"),
                        period: try Period("2022"),
                        scope: .ks
                    ),
                    reading: try Reading(value: 81),
                    source: kalmar,
                    note: "KS only"
                ),
                Observation(
                    key: SeriesKey(indicator: hme, municipality: try code("0780"), period: try Period("2022")),
                    reading: try Reading(value: 70),
                    source: Source(kind: .report, reference: "vaxjo.pdf.txt")
                ),
            ]
        )
        #expect(
            figures.targets == [
                try Target(
                    indicator: hme,
                    municipality: try code("0880"),
                    year: 2025,
                    value: 85,
                    source: kalmar,
                    note: "goal 2025"
                ),
                try Target(
                    indicator: try IndicatorID("sick-leave"),
                    municipality: try code("0880"),
                    year: 2024,
                    value: 6,
                    source: kalmar
                ),
            ]
        )
        #expect(
            figures.baselines == [
                try Baseline(
                    indicator: try IndicatorID("sick-leave"),
                    municipality: try code("0880"),
                    scope: .ks,
                    gender: .men,
                    value: 7.5,
                    source: kalmar,
                    note: "Startläge"
                )
            ]
        )
    }

    @Test func noteColumnIsOptional() throws {
        let url = try directory.write(
            "figures.tsv",
            DatasetFixtures.tsv(
                """
                kind|source|unit|value|gender|period|scope|indicator|municipality|municipality_code
                outcome|r.txt|index|80|T|2021|kommun|nki|Växjö|0780
                """
            )
        )
        let figures = try read(url)
        #expect(figures.observations.map(\.value) == [80])
        #expect(figures.observations.first?.note == nil)
        #expect(figures.observations.first?.key.municipality == (try DatasetFixtures.code("0780")))
        #expect(figures.observations.first?.source == Source(kind: .report, reference: "r.txt"))
    }

    static let badRows: [BadRow] = [
        BadRow("unknown municipality", "0999|Okänd|hme|kommun|2022|T|79|index|outcome|r.txt|") {
            .unknownMunicipality(file: $0, line: $1, code: "0999")
        },
        BadRow("malformed code", "880|Kalmar|hme|kommun|2022|T|79|index|outcome|r.txt|") {
            .invalidField(file: $0, line: $1, column: "municipality_code", .invalidMunicipalityCode("880"))
        },
        BadRow("name of another code", "0880|Växjö|hme|kommun|2021|T|79|index|outcome|r.txt|") {
            .municipalityNameMismatch(file: $0, line: $1, code: "0880", found: "Växjö", expected: "Kalmar")
        },
        BadRow("unknown indicator", "0880|Kalmar|engagement|kommun|2021|T|79|index|outcome|r.txt|") {
            .unknownIndicator(file: $0, line: $1, id: "engagement")
        },
        BadRow("malformed indicator", "0880|Kalmar|HME|kommun|2021|T|79|index|outcome|r.txt|") {
            .invalidField(file: $0, line: $1, column: "indicator", .invalidIndicatorID("HME"))
        },
        BadRow("unit of another indicator", "0880|Kalmar|hme|kommun|2021|T|79|percent|outcome|r.txt|") {
            .unitMismatch(file: $0, line: $1, indicator: "hme", found: "percent", expected: "index")
        },
        BadRow("value out of bounds", "0880|Kalmar|hme|kommun|2021|T|120|index|outcome|r.txt|") {
            .invalidField(
                file: $0,
                line: $1,
                column: "value",
                .valueOutOfBounds(indicator: "hme", value: 120, bounds: 0...100)
            )
        },
        BadRow("negative value", "0880|Kalmar|hme|kommun|2021|T|-0.5|index|target|r.txt|") {
            .invalidField(
                file: $0,
                line: $1,
                column: "value",
                .valueOutOfBounds(indicator: "hme", value: -0.5, bounds: 0...100)
            )
        },
        BadRow("gender of a total-only indicator", "0880|Kalmar|nki|kommun|2021|K|70|index|outcome|r.txt|") {
            .invalidField(file: $0, line: $1, column: "gender", .genderNotSplit(indicator: "nki", gender: .women))
        },
        BadRow("unknown gender", "0880|Kalmar|hme|kommun|2021|W|70|index|outcome|r.txt|") {
            .invalidField(file: $0, line: $1, column: "gender", .unknownGender("W"))
        },
        BadRow("unknown scope", "0880|Kalmar|hme|region|2021|T|70|index|outcome|r.txt|") {
            .invalidField(file: $0, line: $1, column: "scope", .unknownScope("region"))
        },
        BadRow("target for a cut", "0880|Kalmar|hme|kommun|2023-08|T|80|index|target|r.txt|") {
            .periodForKind(file: $0, line: $1, kind: "target", period: "2023-08")
        },
        BadRow("target without a year", "0880|Kalmar|hme|kommun|baseline|T|80|index|target|r.txt|") {
            .invalidField(file: $0, line: $1, column: "period", .invalidPeriod("baseline"))
        },
        BadRow("baseline with a year", "0880|Kalmar|hme|kommun|2023|T|80|index|baseline|r.txt|") {
            .periodForKind(file: $0, line: $1, kind: "baseline", period: "2023")
        },
        BadRow("outcome without a date", "0880|Kalmar|hme|kommun|baseline|T|80|index|outcome|r.txt|") {
            .periodForKind(file: $0, line: $1, kind: "outcome", period: "baseline")
        },
        BadRow("month 13", "0880|Kalmar|hme|kommun|2023-13|T|80|index|outcome|r.txt|") {
            .invalidField(file: $0, line: $1, column: "period", .periodMonthOutOfRange("2023-13", month: 13))
        },
        BadRow("month 12", "0880|Kalmar|hme|kommun|2023-12|T|80|index|outcome|r.txt|") {
            .invalidField(file: $0, line: $1, column: "period", .periodMonthOutOfRange("2023-12", month: 12))
        },
        BadRow("year out of range", "0880|Kalmar|hme|kommun|1989|T|80|index|outcome|r.txt|") {
            .invalidField(file: $0, line: $1, column: "period", .periodYearOutOfRange("1989", year: 1989))
        },
        BadRow("unknown kind", "0880|Kalmar|hme|kommun|2023|T|80|index|goal|r.txt|") {
            .unknownFigureKind(file: $0, line: $1, kind: "goal")
        },
        BadRow("empty source", "0880|Kalmar|hme|kommun|2023|T|80|index|outcome||") {
            .emptyField(file: $0, line: $1, column: "source")
        },
        BadRow("empty value", "0880|Kalmar|hme|kommun|2023|T||index|outcome|r.txt|") {
            .emptyField(file: $0, line: $1, column: "value")
        },
    ]

    @Test(arguments: badRows)
    func badRowIsReportedWithItsLine(_ bad: BadRow) throws {
        let url = try write(bad.row)
        expectDatasetError(bad.expected(url.path, 4)) { try read(url) }
    }

    @Test(arguments: ["nan", "inf", "-inf", "1e3", "7,5", "0x10", "+5", ".5", "5.", "1.2.3", "--1", "٧"])
    func valueThatIsNotAPlainDecimalIsRefused(value: String) throws {
        let url = try write("0880|Kalmar|hme|kommun|2021|T|\(value)|index|outcome|r.txt|")
        expectDatasetError(.invalidField(file: url.path, line: 4, column: "value", .invalidNumber(value))) {
            try read(url)
        }
    }

    @Test func duplicateOutcomeNamesTheFirstLine() throws {
        let url = try write(
            """
            0880|Kalmar|hme|kommun|2022|K|79|index|outcome|kalmar.txt|
            0880|Kalmar|hme|kommun|2022|T|80|index|outcome|other.txt|
            """
        )
        expectDatasetError(
            .duplicate(file: url.path, line: 5, firstLine: 2, key: "hme for 0880 2022 kommun T")
        ) { try read(url) }
    }

    @Test func duplicateTargetNamesTheFirstLine() throws {
        let url = try write(
            """
            0880|Kalmar|hme|kommun|2025|T|85|index|target|kalmar.txt|
            0880|Kalmar|hme|kommun|2025|T|86|index|target|kalmar.txt|
            """
        )
        expectDatasetError(
            .duplicate(file: url.path, line: 5, firstLine: 4, key: "target for hme 0880 2025 kommun T")
        ) { try read(url) }
    }

    @Test func duplicateBaselineNamesTheFirstLine() throws {
        let url = try write(
            """
            0880|Kalmar|hme|ks|baseline|T|85|index|baseline|kalmar.txt|
            0880|Kalmar|hme|kommun|baseline|T|85|index|baseline|kalmar.txt|
            0880|Kalmar|hme|ks|baseline|T|86|index|baseline|kalmar.txt|
            """
        )
        expectDatasetError(
            .duplicate(file: url.path, line: 6, firstLine: 4, key: "baseline for hme 0880 ks T")
        ) { try read(url) }
    }

    @Test func outcomeTargetAndBaselineMayShareAKey() throws {
        let url = try write(
            """
            0880|Kalmar|hme|kommun|2022|T|85|index|target|kalmar.txt|
            0880|Kalmar|hme|kommun|baseline|T|75|index|baseline|kalmar.txt|
            """
        )
        let figures = try read(url)
        #expect(figures.observations.map(\.value) == [79])
        #expect(figures.targets.map(\.value) == [85])
        #expect(figures.baselines.map(\.value) == [75])
    }
}

// MARK: - observation files

@Suite("Dataset files: observations")
struct ObservationsFileTests {
    let directory: TemporaryDatasetDirectory
    let registry: Registry

    init() throws {
        directory = try TemporaryDatasetDirectory()
        registry = try DatasetFixtures.registry()
    }

    static let header = "indicator|municipality|period|scope|gender|value|status|visibility|source|note|submitter"
    static let goodRow = "hme|0880|2022|kommun|T|79||public|synthetic:gen seed=1||"

    /// The header, a good row on line 2, a comment on line 3 and `rows` from line 4.
    private func write(_ rows: String) throws -> URL {
        try directory.write(
            "observations.tsv",
            DatasetFixtures.tsv(Self.header + "\n" + Self.goodRow + "\n# comment\n" + rows)
        )
    }

    private func read(_ url: URL) throws(DatasetError) -> [Observation] {
        try DatasetFiles.observations(url, registry: registry)
    }

    private static let rows = """
        hme|0780|2022|kommun|T||-|network|kolada:hme.csv|missing in Kolada|
        hme|1080|2022|kommun|T||.|public|synthetic:gen seed=1||
        hme|1290|2022|kommun|T||..|public|submission:form 7|few answers|anna
        hme|0880|2022|ks|T|81.5||public|synthetic:gen seed=1||
        hme|0880|2022|kommun|K|80||network|synthetic:gen seed=1||
        sick-leave|0880|2023-08|kommun|M|6.2||public|report:kalmar.txt||
        hme|0880|2022-08|kommun|T|77||public|synthetic:gen seed=1||
        sick-leave|0880|2022|kommun|T|5||public|synthetic:gen seed=1||
        """

    private func expectedObservations() throws -> [Observation] {
        let code = DatasetFixtures.code
        let hme = try IndicatorID("hme")
        let y2022 = try Period("2022")
        let generated = Source(kind: .synthetic, reference: "gen seed=1")
        return [
            Observation(
                key: SeriesKey(indicator: hme, municipality: try code("0880"), period: y2022),
                reading: try Reading(value: 79),
                source: generated
            ),
            Observation(
                key: SeriesKey(indicator: hme, municipality: try code("0780"), period: y2022),
                reading: Reading(status: .missing),
                source: Source(kind: .kolada, reference: "hme.csv"),
                visibility: .network,
                note: "missing in Kolada"
            ),
            Observation(
                key: SeriesKey(indicator: hme, municipality: try code("1080"), period: y2022),
                reading: Reading(status: .notApplicable),
                source: generated
            ),
            Observation(
                key: SeriesKey(indicator: hme, municipality: try code("1290"), period: y2022),
                reading: Reading(status: .confidential),
                source: Source(kind: .submission, reference: "form 7"),
                submitter: "anna",
                note: "few answers"
            ),
            Observation(
                key: SeriesKey(indicator: hme, municipality: try code("0880"), period: y2022, scope: .ks),
                reading: try Reading(value: 81.5),
                source: generated
            ),
            Observation(
                key: SeriesKey(indicator: hme, municipality: try code("0880"), period: y2022, gender: .women),
                reading: try Reading(value: 80),
                source: generated,
                visibility: .network
            ),
            Observation(
                key: SeriesKey(
                    indicator: try IndicatorID("sick-leave"),
                    municipality: try code("0880"),
                    period: try Period("2023-08"),
                    gender: .men
                ),
                reading: try Reading(value: 6.2),
                source: Source(kind: .report, reference: "kalmar.txt")
            ),
            // Keys that differ from line 2's only in the cut, or only in the indicator.
            Observation(
                key: SeriesKey(indicator: hme, municipality: try code("0880"), period: try Period("2022-08")),
                reading: try Reading(value: 77),
                source: generated
            ),
            Observation(
                key: SeriesKey(indicator: try IndicatorID("sick-leave"), municipality: try code("0880"), period: y2022),
                reading: try Reading(value: 5),
                source: generated
            ),
        ]
    }

    @Test func valuesAndStatusMarkersAreRead() throws {
        let url = try write(Self.rows)
        let observations = try read(url)
        let expected = try expectedObservations()
        #expect(observations.count == expected.count)
        for (found, wanted) in zip(observations, expected) { #expect(found == wanted) }
    }

    @Test func streamingReadHandsOverTheSameObservationsInOrder() throws {
        let url = try write(Self.rows)
        var streamed: [Observation] = []
        try DatasetFiles.observations(url, registry: registry) { streamed.append($0) }
        #expect(streamed == (try expectedObservations()))
        #expect(streamed == (try read(url)))
    }

    @Test func streamingReadStopsAtTheFirstBadRow() throws {
        let url = try write(
            "hme|0780|2022|kommun|T|70||public|synthetic:x||\nhme|0880|2022|kommun|T|1||public|synthetic:x||"
        )
        var streamed: [Observation] = []
        expectDatasetError(.duplicate(file: url.path, line: 5, firstLine: 2, key: "hme for 0880 2022 kommun T")) {
            try DatasetFiles.observations(url, registry: registry) { streamed.append($0) }
        }
        #expect(streamed.map(\.value) == [79, 70])
    }

    @Test func noteAndSubmitterColumnsAreOptional() throws {
        let url = try directory.write(
            "observations.tsv",
            DatasetFixtures.tsv(
                """
                source|visibility|status|value|gender|scope|period|municipality|indicator
                synthetic:gen|public||55|T|kommun|2020|0780|nki
                """
            )
        )
        let observations = try read(url)
        #expect(
            observations == [
                Observation(
                    key: SeriesKey(
                        indicator: try IndicatorID("nki"),
                        municipality: try DatasetFixtures.code("0780"),
                        period: try Period("2020")
                    ),
                    reading: try Reading(value: 55),
                    source: Source(kind: .synthetic, reference: "gen")
                )
            ]
        )
    }

    static let badRows: [BadRow] = [
        BadRow("value and status", "hme|0780|2022|kommun|T|70|-|public|synthetic:x||") {
            .valueOrStatus(file: $0, line: $1)
        },
        BadRow("neither value nor status", "hme|0780|2022|kommun|T|||public|synthetic:x||") {
            .valueOrStatus(file: $0, line: $1)
        },
        BadRow("unknown status", "hme|0780|2022|kommun|T||...|public|synthetic:x||") {
            .invalidField(file: $0, line: $1, column: "status", .unknownStatusMarker("..."))
        },
        BadRow("unknown visibility", "hme|0780|2022|kommun|T|70||private|synthetic:x||") {
            .invalidField(file: $0, line: $1, column: "visibility", .unknownVisibility("private"))
        },
        BadRow("source without a kind", "hme|0780|2022|kommun|T|70||public|gen seed=1||") {
            .invalidField(file: $0, line: $1, column: "source", .invalidSource("gen seed=1"))
        },
        BadRow("source of an unknown kind", "hme|0780|2022|kommun|T|70||public|made-up:gen||") {
            .invalidField(file: $0, line: $1, column: "source", .invalidSource("made-up:gen"))
        },
        BadRow("source without a reference", "hme|0780|2022|kommun|T|70||public|synthetic:||") {
            .invalidField(file: $0, line: $1, column: "source", .invalidSource("synthetic:"))
        },
        BadRow("unknown municipality", "hme|0999|2022|kommun|T|70||public|synthetic:x||") {
            .unknownMunicipality(file: $0, line: $1, code: "0999")
        },
        BadRow("malformed municipality", "hme|999|2022|kommun|T|70||public|synthetic:x||") {
            .invalidField(file: $0, line: $1, column: "municipality", .invalidMunicipalityCode("999"))
        },
        BadRow("unknown indicator", "engagement|0780|2022|kommun|T|70||public|synthetic:x||") {
            .unknownIndicator(file: $0, line: $1, id: "engagement")
        },
        BadRow("value out of bounds", "hme|0780|2022|kommun|T|100.5||public|synthetic:x||") {
            .invalidField(
                file: $0,
                line: $1,
                column: "value",
                .valueOutOfBounds(indicator: "hme", value: 100.5, bounds: 0...100)
            )
        },
        BadRow("value with a comma", "hme|0780|2022|kommun|T|7,5||public|synthetic:x||") {
            .invalidField(file: $0, line: $1, column: "value", .invalidNumber("7,5"))
        },
        BadRow("gender of a total-only indicator", "nki|0880|2022|kommun|M|70||public|synthetic:gen seed=1||") {
            .invalidField(file: $0, line: $1, column: "gender", .genderNotSplit(indicator: "nki", gender: .men))
        },
        BadRow("gender marker on a status row", "nki|0880|2022|kommun|K||-|public|synthetic:gen seed=1||") {
            .invalidField(file: $0, line: $1, column: "gender", .genderNotSplit(indicator: "nki", gender: .women))
        },
        BadRow("month 12", "hme|0780|2022-12|kommun|T|70||public|synthetic:x||") {
            .invalidField(file: $0, line: $1, column: "period", .periodMonthOutOfRange("2022-12", month: 12))
        },
        BadRow("baseline period", "hme|0780|baseline|kommun|T|70||public|synthetic:x||") {
            .invalidField(file: $0, line: $1, column: "period", .invalidPeriod("baseline"))
        },
        BadRow("unknown scope", "hme|0780|2022|KS|T|70||public|synthetic:x||") {
            .invalidField(file: $0, line: $1, column: "scope", .unknownScope("KS"))
        },
    ]

    @Test(arguments: badRows)
    func badRowIsReportedWithItsLine(_ bad: BadRow) throws {
        let url = try write(bad.row)
        expectDatasetError(bad.expected(url.path, 4)) { try read(url) }
    }

    @Test func duplicateKeyNamesTheFirstLine() throws {
        let url = try write(
            """
            hme|0880|2023|kommun|T|79||public|synthetic:gen seed=1||
            hme|0880|2022|kommun|T||..|network|kolada:x.csv||
            """
        )
        expectDatasetError(.duplicate(file: url.path, line: 5, firstLine: 2, key: "hme for 0880 2022 kommun T")) {
            try read(url)
        }
    }

    @Test func repeatedFieldsAreCheckedOnEveryRow() throws {
        // The loader parses a repeated field once; a later row with the same text must still
        // be checked against its own indicator and gender.
        let url = try write(
            """
            nki|0880|2022|kommun|T|60||public|synthetic:gen seed=1||
            nki|0880|2022|kommun|K|60||public|synthetic:gen seed=1||
            """
        )
        expectDatasetError(
            .invalidField(
                file: url.path,
                line: 5,
                column: "gender",
                .genderNotSplit(indicator: "nki", gender: .women)
            )
        ) { try read(url) }
    }
}

// MARK: - Dataset.load

@Suite("Dataset directory")
struct DatasetLoadTests {
    let directory: TemporaryDatasetDirectory

    init() throws { directory = try TemporaryDatasetDirectory() }

    static let reports = DatasetFixtures.tsv(
        """
        municipality_code|municipality|indicator|scope|period|gender|value|unit|kind|source|note
        0880|Kalmar|hme|kommun|2022|T|79|index|outcome|kalmar.txt|table 5
        0880|Kalmar|hme|kommun|2025|T|85|index|target|kalmar.txt|
        0880|Kalmar|hme|kommun|baseline|T|75|index|baseline|kalmar.txt|
        """
    )

    static let synthetic = DatasetFixtures.tsv(
        """
        # SYNTHETIC
        indicator|municipality|period|scope|gender|value|status|visibility|source
        hme|0880|2022|kommun|K|51||public|synthetic:gen seed=1
        hme|0880|2022|kommun|T|50||public|synthetic:gen seed=1
        hme|0780|2022|kommun|T|60||public|synthetic:gen seed=1
        hme|0880|2025|kommun|T||-|public|synthetic:gen seed=1
        """
    )

    private func writeRegistry() throws {
        try directory.write(Dataset.Layout.municipalities, DatasetFixtures.municipalities)
        try directory.write(Dataset.Layout.networks, DatasetFixtures.networks)
        try directory.write(Dataset.Layout.indicators, DatasetFixtures.indicators)
    }

    @Test func syntheticRowsNeverReplaceRealOutcomes() throws {
        try writeRegistry()
        try directory.write(Dataset.Layout.reportFigures, Self.reports)
        try directory.write(Dataset.Layout.synthetic, Self.synthetic)
        let dataset = try Dataset.load(from: directory.url)

        #expect(dataset.registry.allCodes.map(\.rawValue) == ["0780", "0880", "1080", "1290"])
        #expect(dataset.registry.networks.map(\.id.rawValue) == ["kkvh", "south"])
        #expect(dataset.registry.indicators.map(\.id.rawValue) == ["hme", "nki", "sick-leave"])
        #expect(dataset.summary == Dataset.Summary(realObservations: 1, syntheticObservations: 3, shadowedSynthetic: 1))

        // Real figures first, then the synthetic ones no real figure shadows, in file order.
        let kalmar = try DatasetFixtures.code("0880")
        let rows = dataset.observations.map {
            "\($0.key.municipality) \($0.key.period) \($0.key.gender) \($0.reading) \($0.source)"
        }
        #expect(
            rows == [
                "0880 2022 T 79.0 report:kalmar.txt",
                "0880 2022 K 51.0 synthetic:gen seed=1",
                "0780 2022 T 60.0 synthetic:gen seed=1",
                "0880 2025 T - synthetic:gen seed=1",
            ]
        )
        let shadowedKey = SeriesKey(indicator: try IndicatorID("hme"), municipality: kalmar, period: try Period("2022"))
        let atKey = dataset.observations.filter { $0.key == shadowedKey }
        #expect(atKey.map(\.value) == [79])
        #expect(atKey.first?.source.isSynthetic == false)
        #expect(dataset.targets.map(\.value) == [85])
        #expect(dataset.baselines.map(\.value) == [75])
    }

    @Test func aRealSourceInTheSyntheticFileIsRefused() throws {
        try writeRegistry()
        try directory.write(Dataset.Layout.reportFigures, Self.reports)
        try directory.write(
            Dataset.Layout.synthetic,
            DatasetFixtures.tsv(
                """
                indicator|municipality|period|scope|gender|value|status|visibility|source
                hme|0780|2022|kommun|T|60||public|synthetic:gen seed=1
                hme|0780|2023|kommun|T|61||public|report:kalmar.txt
                """
            )
        )
        let file = directory.url.appendingPathComponent(Dataset.Layout.synthetic).path
        expectDatasetError(
            .sourceKind(
                file: file,
                line: 3,
                expected: .synthetic,
                found: Source(kind: .report, reference: "kalmar.txt")
            )
        ) { try Dataset.load(from: directory.url) }
    }

    @Test func reportsOnlyDoesNotReadTheSyntheticFile() throws {
        try writeRegistry()
        try directory.write(Dataset.Layout.reportFigures, Self.reports)
        let dataset = try Dataset.load(from: directory.url, parts: [.reports])
        #expect(dataset.summary == Dataset.Summary(realObservations: 1, syntheticObservations: 0, shadowedSynthetic: 0))
        #expect(dataset.observations.map(\.value) == [79])
        #expect(dataset.targets.count == 1)
        #expect(dataset.baselines.count == 1)
    }

    @Test func syntheticOnlyDoesNotReadTheReportsFile() throws {
        try writeRegistry()
        try directory.write(Dataset.Layout.synthetic, Self.synthetic)
        let dataset = try Dataset.load(from: directory.url, parts: [.synthetic])
        // With no real figures loaded, nothing is shadowed.
        #expect(dataset.summary == Dataset.Summary(realObservations: 0, syntheticObservations: 4, shadowedSynthetic: 0))
        #expect(dataset.observations.map(\.value) == [51, 50, 60, nil])
        #expect(dataset.targets.isEmpty)
        #expect(dataset.baselines.isEmpty)
    }

    @Test func missingSyntheticFileIsUnreadable() throws {
        try writeRegistry()
        try directory.write(Dataset.Layout.reportFigures, Self.reports)
        let error = #expect(throws: DatasetError.self) { try Dataset.load(from: directory.url) }
        guard case .unreadable(let file, _) = error else {
            Issue.record("expected .unreadable, got \(String(describing: error))")
            return
        }
        #expect(file == directory.file(Dataset.Layout.synthetic).path)
        #expect(file.hasSuffix("synthetic/observations.tsv"))
        if let error { expectDescriptionNamesPlace(error) }
    }

    @Test(arguments: [Dataset.Layout.municipalities, Dataset.Layout.networks, Dataset.Layout.indicators])
    func missingRegistryFileIsUnreadable(name: String) throws {
        try writeRegistry()
        try directory.write(Dataset.Layout.reportFigures, Self.reports)
        try directory.write(Dataset.Layout.synthetic, Self.synthetic)
        try FileManager.default.removeItem(at: directory.file(name))
        let error = #expect(throws: DatasetError.self) { try Dataset.load(from: directory.url) }
        guard case .unreadable(let file, _) = error else {
            Issue.record("expected .unreadable, got \(String(describing: error))")
            return
        }
        #expect(file == directory.file(name).path)
    }

    @Test func errorInAReportsFileNamesThatFile() throws {
        try writeRegistry()
        try directory.write(
            Dataset.Layout.reportFigures,
            Self.reports + DatasetFixtures.tsv("0880|Kalmar|hme|kommun|2022|T|79|index|outcome|again.txt|")
        )
        try directory.write(Dataset.Layout.synthetic, Self.synthetic)
        let file = directory.file(Dataset.Layout.reportFigures).path
        expectDatasetError(.duplicate(file: file, line: 5, firstLine: 2, key: "hme for 0880 2022 kommun T")) {
            try Dataset.load(from: directory.url)
        }
    }

    @Test func networkMemberMissingFromMunicipalitiesIsReportedInTheNetworksFile() throws {
        try writeRegistry()
        try directory.write(
            Dataset.Layout.networks,
            DatasetFixtures.tsv("id|name|members\nnorth|Norr|2480,0880")
        )
        expectDatasetError(
            .unknownNetworkMember(
                file: directory.file(Dataset.Layout.networks).path,
                line: 2,
                network: "north",
                code: "2480"
            )
        ) { try Dataset.load(from: directory.url, parts: []) }
    }

    @Test
    func checkedInDatasetsLoad() throws {
        // Tests/JamforDomainTests/DatasetFilesTests.swift → the package root is three levels up.
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let dataset = try Dataset.load(from: root.appendingPathComponent("Datasets"), parts: [.reports])
        #expect(dataset.registry.municipalities.count == 290)
        #expect(dataset.registry.municipality(try DatasetFixtures.code("0880"))?.name == "Kalmar")
        let kkvh = dataset.registry.network(try DatasetFixtures.networkID("kkvh"))
        #expect(kkvh?.contains(try DatasetFixtures.code("0880")) == true)
        #expect(dataset.registry.indicator(try DatasetFixtures.indicatorID("hme"))?.unit == .index)
        #expect(!dataset.observations.isEmpty)
        #expect(dataset.observations.allSatisfy { $0.source.kind == .report && $0.visibility == .public })
        #expect(dataset.summary.realObservations == dataset.observations.count)
    }
}
