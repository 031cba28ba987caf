import Foundation
import JamforDomain

/// The benchmark's figures: exactly ``BenchSet/count`` synthetic observations over all 290
/// municipalities, made in memory from a seeded generator (the same figures on every run).
///
/// Indicators `exportbench-01` … are added to the catalog of `Datasets/` (all split by gender, bounds
/// 0–100, one decimal, no Kolada id, so the export writes them under their Jamfor id and the import
/// maps them back by it). Rows go indicator by indicator, then municipality, year 2009–2024 and gender
/// T, K, M, which is the order they are stored in and so the rowid order the export walks: the three
/// genders of one key are consecutive and share one Kolada entry, as in a file from Kolada. 290 × 16
/// × 3 = 13,920 rows per indicator, so 72 indicators, the last one cut short at exactly 1,000,000.
///
/// About 0.5 % of the keys are missing (status `-` on all three genders), about 0.3 % confidential
/// (`..`), and about 1 % of the keys are visible to the network only: the export writes
/// `"visibility": "network"` for them and the import reads it back.
struct BenchSet {
    static let count = 1_000_000
    static let years = 2009...2024
    static let genders: [Gender] = [.total, .women, .men]
    static let source = Source(kind: .synthetic, reference: "jamfor-exportbench/1 seed=2026")

    let registry: Registry
    let observations: [Observation]

    /// Counts for checking a file against the set.
    struct Tally: Equatable, Sendable, CustomStringConvertible {
        var values = 0
        var missing = 0
        var confidential = 0
        var network = 0
        /// The sum of the figures in tenths, exact whatever the order.
        var tenths = 0

        var description: String {
            "\(values) values (\(missing) '-', \(confidential) '..', \(network) network-only, sum of tenths \(tenths))"
        }
    }

    /// The set over the registry of `datasets` (municipalities, networks, catalog), without its figures.
    init(datasets: URL) throws {
        let base = try Dataset.load(from: datasets, parts: [])
        var indicators = base.registry.indicators
        let perIndicator = base.registry.municipalities.count * Self.years.count * Self.genders.count
        let added = (Self.count + perIndicator - 1) / perIndicator
        for number in 1...added {
            let digits = number < 10 ? "0\(number)" : "\(number)"
            indicators.append(
                try Indicator(
                    id: IndicatorID("exportbench-\(digits)"),
                    titleSV: "Syntetiskt nyckeltal \(digits) (ExportBench)",
                    titleEN: "Synthetic indicator \(digits) (ExportBench)",
                    unit: number % 2 == 1 ? .index : .percent,
                    direction: number % 2 == 1 ? .higher : .lower,
                    bounds: 0...100,
                    splitsByGender: true,
                    deadBand: 1,
                    decimals: 1,
                    about: "SYNTHETIC indicator for Tools/ExportBench only, not a real key figure."
                )
            )
        }
        registry = try Registry(
            municipalities: base.registry.municipalities,
            networks: base.registry.networks,
            indicators: indicators
        )
        let generated = indicators.suffix(added)
        var random = SplitMix64(seed: 2026)
        var observations: [Observation] = []
        observations.reserveCapacity(Self.count)
        let periods = try Self.years.map { year throws(DomainError) in try Period(year: year) }
        fill: for indicator in generated {
            let mean = 20 + random.unit() * 60
            for municipality in registry.municipalities {
                let level = (random.unit() - 0.5) * 20
                for period in periods {
                    let draw = random.unit()
                    let marker: StatusMarker? = draw < 0.005 ? .missing : draw < 0.008 ? .confidential : nil
                    let visibility: Visibility = random.unit() < 0.01 ? .network : .public
                    let total = mean + level + (random.unit() - 0.5) * 8
                    for gender in Self.genders {
                        guard observations.count < Self.count else { break fill }
                        let reading: Reading
                        if let marker {
                            reading = Reading(status: marker)
                        } else {
                            let offset = gender == .total ? 0 : gender == .women ? 1.5 : -5.3
                            let tenths = Int(((total + offset) * 10).rounded())
                            reading = try Reading(value: Double(min(max(tenths, 0), 1000)) / 10)
                        }
                        observations.append(
                            Observation(
                                key: SeriesKey(
                                    indicator: indicator.id,
                                    municipality: municipality.code,
                                    period: period,
                                    scope: .kommun,
                                    gender: gender
                                ),
                                reading: reading,
                                source: Self.source,
                                visibility: visibility
                            )
                        )
                    }
                }
            }
        }
        self.observations = observations
    }

    /// A dataset to load into a database: the registry, and the figures when `withObservations`.
    func dataset(datasets: URL, withObservations: Bool) throws -> Dataset {
        var dataset = try Dataset.load(from: datasets, parts: [])
        dataset.registry = registry
        dataset.observations = withObservations ? observations : []
        return dataset
    }

    /// What the set holds, to check a file against.
    var tally: Tally {
        var tally = Tally()
        for observation in observations {
            tally.add(
                value: observation.value,
                status: observation.reading.status?.rawValue,
                network: observation.visibility == .network
            )
        }
        return tally
    }
}

extension BenchSet.Tally {
    mutating func add(value: Double?, status: String?, network: Bool) {
        values += 1
        if let value { tenths += Int((value * 10).rounded()) }
        if status == "-" { missing += 1 }
        if status == ".." { confidential += 1 }
        if network { self.network += 1 }
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small seeded generator, so that every run makes the same set.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
