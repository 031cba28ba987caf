import Foundation
import JamforDomain

/// Kolada's v2 data shape as Codable structs, for the baseline: Foundation's `JSONEncoder` writing the
/// same figures to the same shape that `jamfor export kolada` writes.
///
/// `{"values": [{"kpi", "municipality", "period", "values": [{"gender", "count", "status", "value"}]}],
/// "count"}`, with the export's conventions: an entry per KPI, municipality and period holding one inner
/// value per gender; `count` 1 for a figure and 0 for a status marker; `status` `""` when there is a
/// figure; `value` `null` when there is none (written explicitly, as Kolada does, where a synthesized
/// `Codable` would leave the key out); `"visibility"`, `"public"` or `"network"`, on every value, as the
/// export adds it. Whole years are numbers, as in Kolada's files.
struct KoladaFile: Encodable {
    var values: [Entry]
    var count: Int

    struct Entry: Encodable {
        var kpi: String
        var municipality: String
        var period: Int
        var values: [Value]
    }

    struct Value: Encodable {
        var gender: String
        var count: Int
        var status: String
        var value: Double?
        var visibility: String

        enum CodingKeys: String, CodingKey {
            case gender, count, status, value, visibility
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(gender, forKey: .gender)
            try container.encode(count, forKey: .count)
            try container.encode(status, forKey: .status)
            // `encode` of an Optional writes null, as Kolada's files have it.
            try container.encode(value, forKey: .value)
            try container.encode(visibility, forKey: .visibility)
        }
    }

    /// The file the export writes for `observations` (whole years only), grouped as the writer groups them:
    /// consecutive rows with the same KPI, municipality and period share an entry.
    init(_ observations: [Observation]) {
        var entries: [Entry] = []
        for observation in observations {
            let key = observation.key
            let value = Value(
                gender: key.gender.rawValue,
                count: observation.value == nil ? 0 : 1,
                status: observation.reading.status?.rawValue ?? "",
                value: observation.value,
                visibility: observation.visibility == .network ? "network" : "public"
            )
            if let last = entries.last, last.kpi == key.indicator.rawValue,
                last.municipality == key.municipality.rawValue, last.period == key.period.year
            {
                entries[entries.count - 1].values.append(value)
            } else {
                entries.append(
                    Entry(
                        kpi: key.indicator.rawValue,
                        municipality: key.municipality.rawValue,
                        period: key.period.year,
                        values: [value]
                    )
                )
            }
        }
        values = entries
        count = entries.count
    }
}
