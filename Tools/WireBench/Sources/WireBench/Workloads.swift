import Foundation
import JamforWire

/// The three benchmark inputs, generated deterministically from one seed.
struct Workloads {
    /// (a) one ranking of every municipality.
    var rank: RankResponse
    /// (b) one large export batch.
    var bulk: ExportBatch
    /// (c) a bare array of doubles, encoded as the top-level value.
    var doubles: [Double]

    static let rankRowCount = 290
    static let bulkRecordCount = 100_000
    static let doubleCount = 1_000_000

    init(seed: UInt64 = 0x4A61_6D66_6F72) {
        // Each workload gets its own generator so changing one never shifts the data of another.
        var municipalityRNG = SplitMix64(seed: seed)
        let municipalities = Self.makeMunicipalities(using: &municipalityRNG)
        var rankRNG = SplitMix64(seed: seed &+ 1)
        rank = Self.makeRank(municipalities: municipalities, using: &rankRNG)
        var bulkRNG = SplitMix64(seed: seed &+ 2)
        bulk = Self.makeBulk(codes: municipalities.map(\.code), using: &bulkRNG)
        var doublesRNG = SplitMix64(seed: seed &+ 3)
        doubles = (0..<Self.doubleCount).map { _ in
            // Full 53-bit mantissas on purpose: no codec can shrink these to a shorter float or a short decimal.
            (doublesRNG.unit() * 2 - 1) * 1000
        }
    }

    /// Rounds to a number of decimals the way published figures are rounded.
    static func rounded(_ value: Double, decimals: Int) -> Double {
        let scale = decimals == 1 ? 10.0 : 100.0
        return (value * scale).rounded() / scale
    }

    // MARK: - Municipalities

    struct Municipality {
        var code: String
        var name: String
    }

    /// Swedish county prefixes and how many municipalities each has; they add up to 290 like the real list.
    private static let counties: [(prefix: Int, count: Int)] = [
        (1, 26), (3, 8), (4, 9), (5, 13), (6, 13), (7, 8), (8, 12), (9, 1), (10, 5), (12, 33), (13, 6),
        (14, 49), (17, 16), (18, 12), (19, 10), (20, 15), (21, 10), (22, 7), (23, 8), (24, 15), (25, 14),
    ]

    private static let namePrefixes = [
        "Upp", "Sol", "Nor", "Väs", "Ös", "Sto", "Lin", "Gäv", "Ör", "Mal", "Kal", "Hälsing", "Sunds", "Ljus",
        "Berg", "Sjö", "Ek", "Ström", "Ulri", "Åm", "Tran", "Ny", "Skell", "Vännäs",
    ]
    private static let nameSuffixes = [
        "sala", "köping", "borg", "hamn", "vik", "tuna", "dal", "ås", "berg", "ström", "näs", "by", "sund",
        "holm", "fors", "ryd", "hult", "stad", "lunda", "torp",
    ]

    /// 290 codes from "0114" to "2584" (county prefix + two digits) with distinct Swedish-looking names.
    static func makeMunicipalities(using rng: inout SplitMix64) -> [Municipality] {
        var codes: [String] = []
        for county in counties {
            for index in 0..<county.count {
                // Spread the two-digit suffixes over 14...84; a lone municipality gets 80 (like Gotland's 0980).
                let suffix = county.count == 1 ? 80 : 14 + (70 * index) / (county.count - 1)
                codes.append(fourDigits(county.prefix * 100 + suffix))
            }
        }
        var names = namePrefixes.flatMap { prefix in nameSuffixes.map { prefix + $0 } }
        names.shuffle(using: &rng)
        return zip(codes, names).map { Municipality(code: $0, name: $1) }
    }

    private static func fourDigits(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: - (a) Rank

    static func makeRank(municipalities: [Municipality], using rng: inout SplitMix64) -> RankResponse {
        var withValue: [(Municipality, Double)] = []
        var withoutValue: [(Municipality, String)] = []
        for municipality in municipalities {
            if rng.chance(0.04) {
                withoutValue.append((municipality, rng.pick(["-", "..", "."])))
            } else {
                // Averaging two uniforms gives a hump around the middle, like a real indicator's spread.
                let raw = 60 + 12.5 * (rng.unit() + rng.unit())
                withValue.append((municipality, rounded(raw, decimals: 2)))
            }
        }
        // Best first (a higher value is better for this indicator); ties keep SCB code order.
        withValue.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.code < $1.0.code }

        let values = withValue.map(\.1)
        let minimum = values.min() ?? 0
        let maximum = values.max() ?? 0
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count, 1))
        let deviation = variance.squareRoot()
        let sortedAscending = values.sorted()
        let median: Double? =
            sortedAscending.isEmpty
            ? nil
            : sortedAscending.count % 2 == 1
                ? sortedAscending[sortedAscending.count / 2]
                : (sortedAscending[sortedAscending.count / 2 - 1] + sortedAscending[sortedAscending.count / 2]) / 2

        var rows: [RankRow] = []
        rows.reserveCapacity(municipalities.count)
        var rank: UInt16 = 0
        var previous: Double?
        for (position, (municipality, value)) in withValue.enumerated() {
            // Competition ranking: equal values share a rank and the next distinct value skips ahead.
            if value != previous {
                rank = UInt16(position + 1)
                previous = value
            }
            let fromTop = Double(position) / Double(withValue.count)
            let colour: ColourClass = fromTop < 0.25 ? .green : fromTop >= 0.75 ? .red : .yellow
            rows.append(
                RankRow(
                    municipality: municipality.code,
                    name: municipality.name,
                    rank: rank,
                    value: value,
                    score: maximum > minimum ? (value - minimum) / (maximum - minimum) * 100 : 100,
                    zScore: deviation > 0 ? (value - mean) / deviation : 0,
                    colour: colour,
                    change: rng.chance(0.9) ? rounded((rng.unit() - 0.5) * 10, decimals: 2) : nil
                )
            )
        }
        for (municipality, status) in withoutValue {
            rows.append(RankRow(municipality: municipality.code, name: municipality.name, status: status))
        }

        let group = GroupStatistics(
            mean: mean,
            median: median,
            minimum: minimum,
            maximum: maximum,
            count: UInt32(values.count),
            members: UInt32(municipalities.count)
        )
        // The whole country differs slightly from the requested set in real responses; nudge it so it is not a copy.
        let country = GroupStatistics(
            mean: rounded(mean + 0.37, decimals: 2),
            median: median.map { rounded($0 + 0.21, decimals: 2) },
            minimum: minimum,
            maximum: maximum,
            count: UInt32(values.count),
            members: UInt32(municipalities.count)
        )
        return RankResponse(
            indicator: "hme",
            period: "2024",
            scope: "kommun",
            gender: "T",
            rows: rows,
            group: group,
            country: country,
            previousPeriod: "2023"
        )
    }

    // MARK: - (b) Bulk export

    /// Value range and decimals per indicator, so each looks like its real counterpart.
    private static let indicators: [(id: String, low: Double, high: Double, decimals: Int)] = [
        ("hme", 60, 85, 2), ("nki", 45, 80, 1), ("sick-leave", 4, 12, 1), ("turnover", 5, 20, 1),
    ]
    private static let periods = [
        "2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2024-04", "2024-08",
    ]
    private static let submitters = [
        "kolada-import", "anna.lindqvist@example.se", "erik.johansson@example.se", "hr-system:sundsholm",
    ]
    /// 2024-01-01T00:00:00Z; submissions fall within the following year.
    private static let firstSubmission = 1_704_067_200

    static func makeBulk(codes: [String], using rng: inout SplitMix64) -> ExportBatch {
        var records: [ObservationRecord] = []
        records.reserveCapacity(bulkRecordCount)
        for _ in 0..<bulkRecordCount {
            let indicator = rng.pick(indicators)
            var value: Double?
            var status: String?
            if rng.chance(0.03) {
                status = rng.pick(["-", ".."])
            } else {
                let raw = indicator.low + (indicator.high - indicator.low) * rng.unit()
                value = rounded(raw, decimals: indicator.decimals)
            }
            let seconds = firstSubmission + rng.below(365 * 24 * 3600)
            records.append(
                ObservationRecord(
                    indicator: indicator.id,
                    municipality: rng.pick(codes),
                    period: rng.pick(periods),
                    scope: rng.chance(0.8) ? "kommun" : "ks",
                    gender: rng.pick(["T", "K", "M"]),
                    value: value,
                    status: status,
                    source: rng.chance(0.9) ? "synthetic:v1" : "kolada:2025-03",
                    submitter: rng.pick(submitters),
                    // Whole seconds, the resolution the protobuf mirror (Unix seconds) can carry.
                    submittedAt: Date(timeIntervalSince1970: TimeInterval(seconds)),
                    visibility: rng.chance(0.85) ? .public : .network
                )
            )
        }
        return ExportBatch(sequence: 0, observations: records)
    }
}
