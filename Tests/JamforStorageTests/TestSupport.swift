import Foundation
import Testing

@testable import JamforDomain
@testable import JamforStorage

/// The time the test clock always gives: 2025-10-09 08:53:20 UTC, a whole second so that it
/// survives storage exactly.
let testNow = Date(timeIntervalSince1970: 1_760_000_000)

/// Runs `body` with a fresh temporary directory, removed afterwards whatever happens.
func withTemporaryDirectory(_ body: (URL) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("jamfor-storage-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try await body(directory)
}

/// The database file used inside a temporary directory.
func databasePath(in directory: URL) -> String {
    directory.appendingPathComponent("jamfor.sqlite").path
}

/// Runs `body` with a storage on a new file in a temporary directory, closed and removed afterwards.
func withStorage(
    loading dataset: Dataset? = nil,
    _ body: (SQLiteStorage) async throws -> Void
) async throws {
    try await withTemporaryDirectory { directory in
        let storage = try await SQLiteStorage(path: databasePath(in: directory), clock: { testNow })
        do {
            if let dataset { try await storage.load(dataset) }
            try await body(storage)
        } catch {
            try? await storage.close()
            throw error
        }
        try await storage.close()
    }
}

/// Runs `body`, expecting it to fail with a ``StorageError``, and returns that error.
func storageError(_ body: () async throws -> Void) async -> StorageError? {
    do {
        try await body()
        return nil
    } catch let error as StorageError {
        return error
    } catch {
        Issue.record("expected a StorageError, got \(error)")
        return nil
    }
}

/// The committed `Datasets/` directory, loaded once for every test that needs it.
enum RealData {
    private static let loaded: Result<Dataset, DatasetError> = Result { () throws(DatasetError) in
        try Dataset.load()
    }

    static func dataset() throws -> Dataset { try loaded.get() }
}

/// A small registry and figures built by hand, for tests that need exact contents.
enum Fixture {
    static func code(_ text: String) -> MunicipalityCode {
        do { return try MunicipalityCode(text) } catch { preconditionFailure("fixture code \(text)") }
    }

    static func period(_ text: String) -> Period {
        do { return try Period(text) } catch { preconditionFailure("fixture period \(text)") }
    }

    static func id(_ text: String) -> IndicatorID {
        do { return try IndicatorID(text) } catch { preconditionFailure("fixture indicator \(text)") }
    }

    static func value(_ value: Double) -> Reading {
        do { return try Reading(value: value) } catch { preconditionFailure("fixture value \(value)") }
    }

    static let kalmar = code("0880")
    static let vaxjo = code("0780")
    static let enkoping = code("0381")
    static let hme = id("hme")
    static let sickLeave = id("sick-leave")

    static let registry: Registry = {
        do {
            let kalmarLan = County(code: try CountyCode("08"), name: "Kalmar län")
            let kronoberg = County(code: try CountyCode("07"), name: "Kronobergs län")
            let uppsala = County(code: try CountyCode("03"), name: "Uppsala län")
            return try Registry(
                municipalities: [
                    Municipality(code: kalmar, name: "Kalmar", county: kalmarLan),
                    Municipality(code: vaxjo, name: "Växjö", county: kronoberg),
                    Municipality(code: enkoping, name: "Enköping", county: uppsala),
                ],
                networks: [
                    Network(id: try NetworkID("kkvh"), name: "KKVH", members: [kalmar, vaxjo], description: "Södra")
                ],
                indicators: [
                    try Indicator(
                        id: hme,
                        titleSV: "HME",
                        titleEN: "Employee engagement",
                        unit: .index,
                        direction: .higher,
                        bounds: 0...100,
                        splitsByGender: true,
                        deadBand: 1,
                        decimals: 0
                    ),
                    try Indicator(
                        id: sickLeave,
                        titleSV: "Sjukfrånvaro",
                        titleEN: "Sick leave",
                        unit: .percent,
                        direction: .lower,
                        bounds: 0...100,
                        splitsByGender: true,
                        accumulates: false,
                        deadBand: 0.2,
                        decimals: 1,
                        koladaID: "N00090",
                        about: "Sick leave as a share of working hours"
                    ),
                ]
            )
        } catch {
            preconditionFailure("fixture registry: \(error)")
        }
    }()

    /// An observation with a value, or with the missing marker when `value` is nil.
    static func observation(
        _ indicator: IndicatorID = hme,
        _ municipality: MunicipalityCode = kalmar,
        _ period: String = "2023",
        value: Double?,
        scope: Scope = .kommun,
        gender: Gender = .total,
        source: String = "report:kalmar-2023.pdf",
        visibility: Visibility = .public,
        note: String? = nil
    ) -> Observation {
        let reading = value.map(Fixture.value) ?? Reading(status: .missing)
        let parsedSource: Source
        do { parsedSource = try Source(source) } catch { preconditionFailure("fixture source \(source)") }
        return Observation(
            key: SeriesKey(
                indicator: indicator,
                municipality: municipality,
                period: Fixture.period(period),
                scope: scope,
                gender: gender
            ),
            reading: reading,
            source: parsedSource,
            visibility: visibility,
            note: note
        )
    }

    /// The fixture registry with no figures.
    static var emptyDataset: Dataset {
        Dataset(registry: registry, observations: [], targets: [], baselines: [], summary: Dataset.Summary())
    }

    /// The fixture registry with a few figures of every kind.
    static var dataset: Dataset {
        var dataset = emptyDataset
        dataset.observations = [
            observation(value: 71),
            observation(Fixture.hme, vaxjo, value: 74),
            observation(Fixture.hme, enkoping, value: 78, note: "table 5.1"),
            observation(Fixture.hme, kalmar, "2024-08", value: 72, visibility: .network),
            observation(Fixture.hme, enkoping, "2024-08", value: 79, visibility: .network),
            observation(Fixture.sickLeave, kalmar, "2023", value: nil),
            observation(Fixture.sickLeave, vaxjo, "2023", value: 6.4, scope: .ks, gender: .women),
        ]
        do {
            dataset.targets = [
                try Target(
                    indicator: hme,
                    municipality: kalmar,
                    year: 2024,
                    value: 75,
                    source: Source(kind: .report, reference: "kalmar-plan.pdf")
                ),
                try Target(
                    indicator: hme,
                    municipality: kalmar,
                    year: 2023,
                    value: 73,
                    source: Source(kind: .report, reference: "kalmar-plan.pdf"),
                    note: "Mål"
                ),
            ]
            dataset.baselines = [
                try Baseline(
                    indicator: hme,
                    municipality: kalmar,
                    scope: .kommun,
                    gender: .total,
                    value: 70,
                    source: Source(kind: .report, reference: "kalmar-plan.pdf")
                )
            ]
        } catch {
            preconditionFailure("fixture targets: \(error)")
        }
        return dataset
    }
}

extension Observation {
    /// The observation as the storage keeps it after a submission by `principal` at ``testNow``.
    func submitted(by principal: String) -> Observation {
        var copy = self
        copy.submitter = principal
        copy.recordedAt = testNow
        return copy
    }
}
