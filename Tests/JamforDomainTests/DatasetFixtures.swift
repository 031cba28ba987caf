import Foundation
import Testing

@testable import JamforDomain

/// A fresh directory under the system's temporary directory, removed when the last reference goes.
///
/// A suite keeps one as a stored property, so that every test (and every argument of a
/// parameterized test) gets its own directory that lives exactly as long as the test.
final class TemporaryDatasetDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("jamfor-dataset-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The URL of `name` (which may contain `/`) inside the directory, whether or not it exists.
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes `text` as UTF-8 to `name`, creating intermediate directories.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, bytes: Array(text.utf8))
    }

    /// Writes raw `bytes` to `name`, creating intermediate directories.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let target = file(name)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try Data(bytes).write(to: target)
        return target
    }
}

/// Small dataset files and the registry they describe.
enum DatasetFixtures {
    /// Turns a table written with `|` between fields into tab-separated text with a final newline.
    static func tsv(_ table: String) -> String {
        table.replacingOccurrences(of: "|", with: "\t") + "\n"
    }

    static let municipalities = tsv(
        """
        code|name|county_code|county_name
        0780|Växjö|07|Kronobergs län
        0880|Kalmar|08|Kalmar län
        1080|Karlskrona|10|Blekinge län
        1290|Kristianstad|12|Skåne län
        """
    )

    static let indicators = tsv(
        """
        id|title_sv|title_en|unit|direction|min|max|gender_split|dead_band|decimals
        hme|HME|HME|index|higher|0|100|yes|1|0
        nki|NKI|NKI|index|higher|0|100|no|1|0
        sick-leave|Sjukfrånvaro|Sick leave|percent|lower|0|100|yes|0.2|1
        """
    )

    static let networks = tsv(
        """
        id|name|members|description
        kkvh|KKVH|0880,1080,1290,0780|Kalmar med flera
        south|Syd|1080,1290|
        """
    )

    static func code(_ text: String) throws -> MunicipalityCode { try MunicipalityCode(text) }
    static func indicatorID(_ text: String) throws -> IndicatorID { try IndicatorID(text) }
    static func networkID(_ text: String) throws -> NetworkID { try NetworkID(text) }

    static func municipality(_ code: String, _ name: String, county: String, _ countyName: String) throws
        -> Municipality
    {
        Municipality(
            code: try MunicipalityCode(code),
            name: name,
            county: County(code: try CountyCode(county), name: countyName)
        )
    }

    static func indicator(
        _ id: String,
        unit: IndicatorUnit = .index,
        direction: Direction = .higher,
        bounds: ClosedRange<Double> = 0...100,
        splitsByGender: Bool = true
    ) throws -> Indicator {
        try Indicator(
            id: try IndicatorID(id),
            titleSV: id,
            titleEN: id,
            unit: unit,
            direction: direction,
            bounds: bounds,
            splitsByGender: splitsByGender,
            deadBand: 1,
            decimals: 0
        )
    }

    /// The municipalities of ``municipalities``, in the file's order.
    static func municipalityList() throws -> [Municipality] {
        [
            try municipality("0780", "Växjö", county: "07", "Kronobergs län"),
            try municipality("0880", "Kalmar", county: "08", "Kalmar län"),
            try municipality("1080", "Karlskrona", county: "10", "Blekinge län"),
            try municipality("1290", "Kristianstad", county: "12", "Skåne län"),
        ]
    }

    /// The indicators: `hme` (split by gender), `nki` (total only) and `sick-leave` (percent).
    static func indicatorList() throws -> [Indicator] {
        [
            try indicator("hme"),
            try indicator("nki", splitsByGender: false),
            try indicator("sick-leave", unit: .percent, direction: .lower),
        ]
    }

    /// A registry built in code, matching the fixture files.
    static func registry() throws -> Registry {
        try Registry(
            municipalities: municipalityList(),
            networks: [
                Network(
                    id: try NetworkID("kkvh"),
                    name: "KKVH",
                    members: try ["0880", "1080", "1290", "0780"].map(code)
                )
            ],
            indicators: indicatorList()
        )
    }
}

/// Expects `body` to throw exactly `expected`, and the error's description to start with the file
/// and, when the error is about one line, `:line`.
func expectDatasetError<R>(
    _ expected: DatasetError,
    sourceLocation: SourceLocation = #_sourceLocation,
    performing body: () throws -> R
) {
    let error = #expect(throws: expected, sourceLocation: sourceLocation) { try body() }
    guard let error else { return }
    expectDescriptionNamesPlace(error, sourceLocation: sourceLocation)
}

/// Expects `error.description` to start with its file and, when it has one, `:line`.
func expectDescriptionNamesPlace(_ error: DatasetError, sourceLocation: SourceLocation = #_sourceLocation) {
    let place = error.line.map { "\(error.file):\($0): " } ?? "\(error.file): "
    #expect(error.description.hasPrefix(place), "\(error.description)", sourceLocation: sourceLocation)
    let name = URL(fileURLWithPath: error.file).lastPathComponent
    #expect(error.description.contains(name), sourceLocation: sourceLocation)
    if let line = error.line {
        #expect(error.description.contains("\(name):\(line)"), sourceLocation: sourceLocation)
    }
}
