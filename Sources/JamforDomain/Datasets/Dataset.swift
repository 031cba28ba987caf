public import Foundation

/// Everything loaded from a `Datasets/` directory: the registry, the observations, targets and
/// baselines, and what the load did.
public struct Dataset: Sendable {
    /// The municipalities, networks and indicators.
    public var registry: Registry
    /// Real figures first, then synthetic ones for keys no real figure has.
    public var observations: [Observation]
    /// The municipalities' goals, from the reports.
    public var targets: [Target]
    /// Starting levels stated without a year, from the reports.
    public var baselines: [Baseline]
    /// Counts from the load.
    public var summary: Summary

    /// What a load read and kept.
    public struct Summary: Sendable, Hashable {
        /// Observations from real sources (reports).
        public var realObservations = 0
        /// Synthetic observations kept.
        public var syntheticObservations = 0
        /// Synthetic rows dropped because a real figure has the same key.
        public var shadowedSynthetic = 0
    }

    /// Which parts of the directory to load.
    public struct Parts: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// The figures transcribed from municipalities' reports.
        public static let reports = Parts(rawValue: 1)
        /// The generated synthetic national dataset.
        public static let synthetic = Parts(rawValue: 2)
        public static let all: Parts = [.reports, .synthetic]
    }

    /// The file layout of a datasets directory, relative to it.
    public enum Layout {
        public static let municipalities = "municipalities.tsv"
        public static let networks = "networks.tsv"
        public static let indicators = "indicators.tsv"
        public static let reportFigures = "reports/figures.tsv"
        public static let synthetic = "synthetic/observations.tsv"
    }

    /// The environment variable that points at a datasets directory.
    public static let environmentVariable = "JAMFOR_DATASETS"

    /// `$JAMFOR_DATASETS` when set, otherwise the `Datasets/` directory of the source tree this
    /// module was built from.
    public static var defaultDirectory: URL {
        if let path = ProcessInfo.processInfo.environment[environmentVariable], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        // Sources/JamforDomain/Datasets/Dataset.swift → the package root is four levels up.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Datasets", isDirectory: true)
    }

    /// Loads and validates a datasets directory.
    public static func load(from directory: URL = defaultDirectory, parts: Parts = .all) throws(DatasetError) -> Dataset
    {
        let file = { (name: String) in directory.appendingPathComponent(name) }
        let municipalities = try DatasetFiles.municipalities(file(Layout.municipalities))
        let indicators = try DatasetFiles.indicators(file(Layout.indicators))
        let networksFile = file(Layout.networks)
        let networks = try DatasetFiles.networks(networksFile, municipalities: Set(municipalities.map(\.code)))
        let registry: Registry
        do {
            registry = try Registry(municipalities: municipalities, networks: networks, indicators: indicators)
        } catch {
            // Duplicates within each file were reported with their lines already; what is left is
            // a contradiction between files, reported against the networks file that references the others.
            throw .inconsistent(file: networksFile.path, error)
        }

        var dataset = Dataset(registry: registry, observations: [], targets: [], baselines: [], summary: Summary())
        var realKeys = ObservationKeySet(registry: registry)
        if parts.contains(.reports) {
            let figures = try DatasetFiles.reportFigures(file(Layout.reportFigures), registry: registry)
            dataset.observations = figures.observations
            dataset.targets = figures.targets
            dataset.baselines = figures.baselines
            for observation in figures.observations { realKeys.insert(observation.key) }
            dataset.summary.realObservations = figures.observations.count
        }
        if parts.contains(.synthetic) {
            // Every row of the synthetic file must say it is synthetic, so it is labelled wherever it goes.
            let synthetic = try DatasetFiles.observations(
                file(Layout.synthetic),
                registry: registry,
                requiring: .synthetic
            )
            for observation in synthetic {
                // A synthetic figure never stands in for a real one.
                if realKeys.contains(observation.key) {
                    dataset.summary.shadowedSynthetic += 1
                } else {
                    dataset.observations.append(observation)
                    dataset.summary.syntheticObservations += 1
                }
            }
        }
        return dataset
    }
}

/// A set of observation keys packed into integers, so that millions of them stay cheap to check.
struct ObservationKeySet {
    private let indicatorIndex: [IndicatorID: Int]
    private let municipalityIndex: [MunicipalityCode: Int]
    /// Packed key → the line it was first seen on.
    private var keys: [UInt64: Int] = [:]

    init(registry: Registry) {
        indicatorIndex = Dictionary(uniqueKeysWithValues: registry.indicators.enumerated().map { ($1.id, $0) })
        municipalityIndex = Dictionary(
            uniqueKeysWithValues: registry.municipalities.enumerated().map { ($1.code, $0) }
        )
    }

    /// Bits 0–1 gender, 2–3 scope, 4–7 month, 8–15 year − 1990, 16–29 municipality (codes have four
    /// digits, so at most 10,000 fit in 14 bits), 30–63 indicator.
    private func pack(_ key: SeriesKey) -> UInt64 {
        // Unknown ids cannot occur for validated rows; they map to an index no real row uses.
        let indicator = UInt64(indicatorIndex[key.indicator] ?? 0x3_FFFF_FFFF)
        let municipality = UInt64(municipalityIndex[key.municipality] ?? 0x3FFF)
        let year = UInt64(key.period.year - Period.years.lowerBound)
        let month = UInt64(key.period.throughMonth ?? 0)
        let scope: UInt64 = key.scope == .kommun ? 0 : 1
        let gender: UInt64 =
            switch key.gender {
            case .total: 0
            case .women: 1
            case .men: 2
            }
        return indicator << 30 | municipality << 16 | year << 8 | month << 4 | scope << 2 | gender
    }

    /// Adds `key` seen on `line`; returns the line it was first seen on when it is not new.
    @discardableResult
    mutating func insert(_ key: SeriesKey, line: Int = 0) -> Int? {
        let packed = pack(key)
        if let first = keys[packed] { return first }
        keys[packed] = line
        return nil
    }

    func contains(_ key: SeriesKey) -> Bool { keys[pack(key)] != nil }

    mutating func reserveCapacity(_ count: Int) { keys.reserveCapacity(count) }
}

extension Dataset {
    /// The national slice of one indicator: every observation of the dataset for that period,
    /// scope and gender that `isIncluded` lets through (all of them by default; a server passes
    /// what the asking principal may see).
    public func slice(
        _ indicator: IndicatorID,
        period: Period,
        scope: Scope = .kommun,
        gender: Gender = .total,
        where isIncluded: (Observation) -> Bool = { _ in true }
    ) throws(AnalyticsError) -> IndicatorSlice {
        guard let found = registry.indicator(indicator) else { throw .unknownIndicator(indicator) }
        return try IndicatorSlice(
            indicator: found,
            period: period,
            scope: scope,
            gender: gender,
            observations: observations.filter { observation in
                let key = observation.key
                return key.indicator == indicator && key.period == period && key.scope == scope
                    && key.gender == gender && isIncluded(observation)
            }
        )
    }
}
