import Foundation
import JamforDomain

/// The key of the in-memory index: one indicator in one period.
struct SliceKey: Hashable {
    var indicator: IndicatorID
    var period: Period
}

/// The Kolada-scale synthetic set (`jamfor-datagen kolada-scale`), loaded once into memory.
struct KoladaScaleSet {
    /// The file names `jamfor-datagen kolada-scale --out DIR` writes in DIR.
    static let indicatorsFile = "indicators.tsv"
    static let observationsFile = "observations.tsv"

    /// The real registry's municipalities and networks with the set's indicator catalog.
    let registry: Registry
    /// Every observation, by indicator and period.
    let index: [SliceKey: [Observation]]
    /// How many observations were read.
    let rows: Int
    /// Wall-clock time of the whole load: catalog, registry, streaming read and indexing.
    let loadTime: Duration

    /// Checks that `directory` looks like the generator's output, so that a wrong argument is
    /// reported as such rather than as a failure deep in the reader.
    static func checkDirectory(_ path: String) throws(BenchError) -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BenchError("\(path) does not exist; \(generateHint)")
        }
        guard isDirectory.boolValue else { throw BenchError("\(path) is not a directory; \(generateHint)") }
        let directory = URL(fileURLWithPath: path, isDirectory: true)
        for name in [indicatorsFile, observationsFile] {
            let file = directory.appendingPathComponent(name).path
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw BenchError("\(path) has no readable \(name); \(generateHint)")
            }
        }
        return directory
    }

    private static let generateHint =
        "pass the directory written by "
        + "`swift run -c release --package-path Tools/DatasetGen jamfor-datagen kolada-scale --out DIR`"

    /// Loads the catalog, builds the registry (`Dataset.load(parts: [])`'s registry with the
    /// catalog replaced) and streams the observations into the index.
    static func load(from directory: URL) throws -> KoladaScaleSet {
        let clock = ContinuousClock()
        let start = clock.now
        let indicators = try DatasetFiles.indicators(directory.appendingPathComponent(indicatorsFile))
        let registry = try Dataset.load(parts: []).registry.replacingIndicators(indicators)
        var index: [SliceKey: [Observation]] = [:]
        var rows = 0
        // A new key's list starts with room for one observation per municipality, the usual count.
        let perKey = registry.municipalities.count
        try DatasetFiles.observations(directory.appendingPathComponent(observationsFile), registry: registry) {
            observation in
            rows += 1
            let key = SliceKey(indicator: observation.key.indicator, period: observation.key.period)
            index[key, default: emptyList(capacity: perKey)].append(observation)
        }
        return KoladaScaleSet(registry: registry, index: index, rows: rows, loadTime: clock.now - start)
    }

    private static func emptyList(capacity: Int) -> [Observation] {
        var list: [Observation] = []
        list.reserveCapacity(capacity)
        return list
    }

    /// The observations of `indicator` in `period`; empty when there are none.
    func observations(_ indicator: Indicator, _ period: Period) -> [Observation] {
        index[SliceKey(indicator: indicator.id, period: period)] ?? []
    }

    /// The timed work of `kolada_scale_rank_all_ms`: for every indicator in the catalog, look up
    /// its observations in `period`, build the slice and rank `members`. Returns how many
    /// entries were ranked, for the check that the work was real.
    func rankAll(_ period: Period, members: [MunicipalityCode]) throws(AnalyticsError) -> Int {
        var ranked = 0
        for indicator in registry.indicators {
            let slice = try IndicatorSlice(
                indicator: indicator,
                period: period,
                scope: .kommun,
                gender: .total,
                observations: observations(indicator, period)
            )
            let ranking = try Analytics.rank(slice, members: members)
            ranked += ranking.group.count
            blackHole(ranking)
        }
        return ranked
    }

    /// The first part of ``rankAll(_:members:)`` alone: look-up and slice building.
    func slices(_ period: Period) throws(AnalyticsError) -> [IndicatorSlice] {
        var slices: [IndicatorSlice] = []
        slices.reserveCapacity(registry.indicators.count)
        for indicator in registry.indicators {
            slices.append(
                try IndicatorSlice(
                    indicator: indicator,
                    period: period,
                    scope: .kommun,
                    gender: .total,
                    observations: observations(indicator, period)
                )
            )
        }
        return slices
    }

    /// The second part of ``rankAll(_:members:)`` alone: ranking slices built beforehand.
    static func rank(_ slices: [IndicatorSlice], members: [MunicipalityCode]) throws(AnalyticsError) -> Int {
        var ranked = 0
        for slice in slices {
            let ranking = try Analytics.rank(slice, members: members)
            ranked += ranking.group.count
            blackHole(ranking)
        }
        return ranked
    }
}

/// A problem with the benchmark's input, with a message that says what to do.
struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The process's peak and current resident set size, from `/proc/self/status`; nil where that
/// file does not exist (not Linux).
func memoryStatus() -> (peak: Int, current: Int)? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    var peak: Int?
    var current: Int?
    for line in text.split(separator: "\n") {
        let fields = line.split { $0 == " " || $0 == "\t" }
        guard fields.count >= 2, let kilobytes = Int(fields[1]) else { continue }
        if fields[0] == "VmHWM:" { peak = kilobytes * 1024 }
        if fields[0] == "VmRSS:" { current = kilobytes * 1024 }
    }
    guard let peak, let current else { return nil }
    return (peak, current)
}
