import Foundation
import JamforReport
import JamforWire

/// Hand-built figures for the KKVH network in 2023, as the server would answer them: sick leave (lower is
/// better, one decimal, a `..` for Kristianstad, a gap in Kalmar's series, targets for Kalmar), HME (higher is
/// better, Kalmar's 2023 figure synthetic, a target met by Halmstad) and a network-only staff-survey index that
/// too few of the country's municipalities report for colour classes.
///
/// Shared by the tests and by Tools/ReportSamples (which links this file), so that the screenshots show what
/// the snapshots hold.
enum ReportFixtures {
    static let kalmar = MunicipalityInfo(code: "0880", name: "Kalmar", county: "Kalmar län")
    static let karlskrona = MunicipalityInfo(code: "1080", name: "Karlskrona", county: "Blekinge län")
    static let kristianstad = MunicipalityInfo(code: "1290", name: "Kristianstad", county: "Skåne län")
    static let vaxjo = MunicipalityInfo(code: "0780", name: "Växjö", county: "Kronobergs län")
    static let halmstad = MunicipalityInfo(code: "1380", name: "Halmstad", county: "Hallands län")

    static let members = [kalmar, karlskrona, kristianstad, vaxjo, halmstad]
    static let kkvh = NetworkInfo(id: "kkvh", name: "KKVH", members: members.map(\.code))

    static let period = "2023"
    static let years = ["2019", "2020", "2021", "2022", "2023"]
    /// 2024-06-10 06:13:20 UTC, 08:13 in Sweden.
    static let generatedAt = Date(timeIntervalSince1970: 1_718_000_000)

    static let sickLeave = IndicatorInfo(
        id: "sick-leave",
        titleSv: "Sjukfrånvaro, andel av ordinarie arbetstid",
        titleEn: "Sick leave, share of ordinary working hours",
        unit: "percent",
        direction: .lowerIsBetter,
        minimum: 0,
        maximum: 100,
        splitsByGender: true,
        decimals: 1,
        deadBand: 0.2
    )

    static let hme = IndicatorInfo(
        id: "hme",
        titleSv: "Hållbart medarbetarengagemang (HME), totalindex",
        titleEn: "Sustainable employee engagement (HME), total index",
        unit: "index",
        direction: .higherIsBetter,
        minimum: 0,
        maximum: 100,
        splitsByGender: true,
        decimals: 0,
        deadBand: 1
    )

    static let managerSurvey = IndicatorInfo(
        id: "manager-survey",
        titleSv: "Chefsfrågor i medarbetarenkäten",
        titleEn: "Manager questions in the staff survey",
        unit: "index",
        direction: .higherIsBetter,
        minimum: 0,
        maximum: 100,
        decimals: 0,
        deadBand: 1
    )

    static let indicators = [sickLeave, hme, managerSurvey]

    /// One member's figure for the period, with what the server says about it.
    struct Figure {
        var code: String
        var value: Double?
        var status: String? = nil
        var rank: UInt16?
        var colour: ColourClass
        var change: Double?
        var countryRank: UInt16?
        var synthetic = false
        var syntheticChange = false
    }

    /// An indicator's figures: the period's, each member's series (NaN for a gap), the country, and targets.
    struct Table {
        var indicator: IndicatorInfo
        var figures: [Figure]
        var series: [String: [Double]]
        var syntheticSeries: [String: [Bool]] = [:]
        var countryMeans: [Double]?
        var country: GroupStatistics
        var targets: [TrendTarget] = []
    }

    static let sickLeaveTable = Table(
        indicator: sickLeave,
        figures: [
            Figure(code: "0780", value: 6.9, rank: 1, colour: .green, change: -0.4, countryRank: 31),
            Figure(code: "0880", value: 7.5, rank: 2, colour: .yellow, change: 0.3, countryRank: 98),
            Figure(code: "1380", value: 7.8, rank: 3, colour: .yellow, change: 0.1, countryRank: 131),
            Figure(code: "1080", value: 8.4, rank: 4, colour: .red, change: -0.6, countryRank: 214),
            Figure(code: "1290", value: nil, status: "..", rank: nil, colour: .grey, change: nil, countryRank: nil),
        ],
        series: [
            "0880": [7.9, .nan, 8.1, 7.2, 7.5],
            "1080": [8.6, 9.4, 9.3, 9.0, 8.4],
            "1290": [7.4, 8.2, 8.0, 7.7, .nan],
            "0780": [6.8, 7.6, 7.5, 7.3, 6.9],
            "1380": [7.2, 8.0, 8.1, 7.7, 7.8],
        ],
        countryMeans: [7.6, 8.5, 8.3, 7.9, 7.6],
        country: GroupStatistics(mean: 7.6, median: 7.5, minimum: 4.9, maximum: 11.2, count: 287, members: 290),
        targets: [
            TrendTarget(municipality: "0880", year: 2022, value: 7.0, status: "improving"),
            TrendTarget(municipality: "0880", year: 2023, value: 7.0, status: "moving-away"),
        ]
    )

    static let hmeTable = Table(
        indicator: hme,
        figures: [
            Figure(code: "0780", value: 82, rank: 1, colour: .green, change: 0, countryRank: 22),
            Figure(code: "0880", value: 80, rank: 2, colour: .green, change: 2, countryRank: 45, synthetic: true),
            Figure(code: "1380", value: 80, rank: 2, colour: .green, change: 1, countryRank: 45),
            Figure(code: "1290", value: 78, rank: 4, colour: .yellow, change: 1, countryRank: 98),
            Figure(code: "1080", value: 76, rank: 5, colour: .yellow, change: 0, countryRank: 141),
        ],
        series: [
            "0880": [78, 79, 77, 78, 80],
            "1080": [75, 76, 77, 76, 76],
            "1290": [79, 78, 78, 77, 78],
            "0780": [80, 81, 81, 82, 82],
            "1380": [77, 79, 78, 79, 80],
        ],
        syntheticSeries: ["0880": [false, false, false, false, true]],
        countryMeans: [78, 78, 78, 79, 79],
        country: GroupStatistics(mean: 79, median: 79, minimum: 68, maximum: 88, count: 284, members: 290),
        targets: [
            TrendTarget(municipality: "0880", year: 2023, value: 82, status: "improving"),
            TrendTarget(municipality: "1380", year: 2023, value: 80, status: "met"),
        ]
    )

    /// Reported by the networks only: four of the country's 290 have a value, so no colour classes.
    static let managerSurveyTable = Table(
        indicator: managerSurvey,
        figures: [
            Figure(code: "1380", value: 76, rank: 1, colour: .grey, change: 2, countryRank: 1),
            Figure(code: "0880", value: 74, rank: 2, colour: .grey, change: -3, countryRank: 2),
            Figure(code: "0780", value: 73, rank: 3, colour: .grey, change: nil, countryRank: 3),
            Figure(code: "1080", value: 71, rank: 4, colour: .grey, change: 1, countryRank: 4),
            Figure(code: "1290", value: nil, status: "-", rank: nil, colour: .grey, change: nil, countryRank: nil),
        ],
        series: [
            "0880": [.nan, .nan, .nan, 77, 74],
            "1080": [.nan, .nan, .nan, 70, 71],
            "1290": [.nan, .nan, .nan, .nan, .nan],
            "0780": [.nan, .nan, .nan, .nan, 73],
            "1380": [.nan, .nan, .nan, 74, 76],
        ],
        countryMeans: nil,
        country: GroupStatistics(mean: 73.5, median: 73.5, minimum: 71, maximum: 76, count: 4, members: 290)
    )

    static let tables = [sickLeaveTable, hmeTable, managerSurveyTable]

    static func name(_ code: String) -> String { members.first { $0.code == code }?.name ?? code }

    /// The unweighted mean of the finite values, cleared of floating-point noise, or nil.
    static func mean(_ values: [Double]) -> Double? {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return nil }
        return (finite.reduce(0, +) / Double(finite.count) * 1e9).rounded() / 1e9
    }

    static func median(_ values: [Double]) -> Double? {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func row(_ figure: Figure, rank: UInt16?) -> RankRow {
        RankRow(
            municipality: figure.code,
            name: name(figure.code),
            rank: rank,
            value: figure.value,
            status: figure.status,
            colour: figure.colour,
            change: figure.change,
            synthetic: figure.synthetic ? true : nil,
            syntheticChange: figure.syntheticChange ? true : nil
        )
    }

    /// The table's indicator ranked over KKVH.
    static func networkRanking(_ table: Table) -> RankResponse {
        let values = table.figures.compactMap(\.value)
        return RankResponse(
            indicator: table.indicator.id,
            period: period,
            scope: "kommun",
            gender: "T",
            rows: table.figures.map { row($0, rank: $0.rank) },
            group: GroupStatistics(
                mean: mean(values),
                median: median(values),
                minimum: values.min(),
                maximum: values.max(),
                count: UInt32(values.count),
                members: UInt32(table.figures.count)
            ),
            country: table.country,
            previousPeriod: "2022"
        )
    }

    /// The table's indicator ranked over the country, as far as the members go (the other municipalities'
    /// rows do not change the page).
    static func countryRanking(_ table: Table) -> RankResponse {
        RankResponse(
            indicator: table.indicator.id,
            period: period,
            scope: "kommun",
            gender: "T",
            rows: table.figures.sorted { ($0.countryRank ?? .max) < ($1.countryRank ?? .max) }
                .map { row($0, rank: $0.countryRank) },
            group: table.country,
            country: table.country,
            previousPeriod: "2022"
        )
    }

    /// One member's series with the network's and the country's mean, and the member's targets.
    static func trend(_ table: Table, for code: String) -> TrendResponse {
        let memberValues = table.series[code] ?? Array(repeating: .nan, count: years.count)
        let networkMeans = years.indices.map { index in
            mean(members.map { table.series[$0.code]?[index] ?? .nan }) ?? .nan
        }
        let counts = years.indices.map { index in
            UInt32(members.filter { table.series[$0.code]?[index].isFinite == true }.count)
        }
        let synthetic = table.syntheticSeries[code]
        // The network's mean is computed from the synthetic figures too.
        let networkSynthetic = years.indices.map { index in
            table.syntheticSeries.values.contains { $0[index] }
        }
        var series = [
            TrendSeries(
                kind: .municipality,
                label: code,
                values: memberValues,
                synthetic: synthetic?.contains(true) == true ? true : nil,
                syntheticValues: synthetic
            ),
            TrendSeries(
                kind: .groupMean,
                label: kkvh.id,
                values: networkMeans,
                counts: counts,
                synthetic: networkSynthetic.contains(true) ? true : nil,
                syntheticValues: networkSynthetic.contains(true) ? networkSynthetic : nil
            ),
        ]
        if let countryMeans = table.countryMeans {
            series.append(TrendSeries(kind: .groupMean, label: "country", values: countryMeans))
        }
        return TrendResponse(
            indicator: table.indicator.id,
            periods: years,
            series: series,
            targets: table.targets.filter { $0.municipality == code }
        )
    }

    static func memberPage(_ municipality: MunicipalityInfo = kalmar) -> MemberPage {
        MemberPage(
            municipality: municipality,
            network: kkvh,
            period: period,
            sections: tables.map {
                IndicatorSection(
                    indicator: $0.indicator,
                    network: networkRanking($0),
                    country: countryRanking($0),
                    trend: trend($0, for: municipality.code)
                )
            },
            generatedAt: generatedAt
        )
    }

    /// The composite over the three indicators, equal weights, incomplete below two thirds' coverage (as the
    /// server computes it: min–max scores over the members, direction-adjusted).
    static func comparison() -> CompareResponse {
        var scores: [String: [Double]] = [:]
        for table in tables {
            let values = table.figures.compactMap(\.value)
            let low = values.min() ?? 0
            let high = values.max() ?? 0
            for member in members {
                let value = table.figures.first { $0.code == member.code }?.value
                var score = Double.nan
                if let value {
                    let fraction = high > low ? (value - low) / (high - low) : 0.5
                    score = (table.indicator.direction == .higherIsBetter ? fraction : 1 - fraction) * 100
                }
                scores[member.code, default: []].append(score)
            }
        }
        var rows: [CompareRow] = members.map { member in
            let memberScores = scores[member.code] ?? []
            let values = tables.map { table in table.figures.first { $0.code == member.code }?.value ?? .nan }
            let coverage = Double(memberScores.filter(\.isFinite).count) / Double(tables.count)
            let synthetic = tables.map { table in table.figures.first { $0.code == member.code }?.synthetic == true }
            return CompareRow(
                municipality: member.code,
                name: member.name,
                values: values,
                scores: memberScores,
                composite: coverage >= 0.66 ? mean(memberScores) : nil,
                coverage: coverage,
                synthetic: synthetic.contains(true) ? true : nil,
                syntheticValues: synthetic.contains(true) ? synthetic : nil
            )
        }
        rows.sort { ($0.composite ?? -1, $1.municipality) > ($1.composite ?? -1, $0.municipality) }
        for index in rows.indices where rows[index].composite != nil {
            rows[index].rank = UInt16(index + 1)
        }
        return CompareResponse(indicators: tables.map(\.indicator.id), period: period, rows: rows)
    }

    static func indexPage() -> IndexPage {
        IndexPage(
            network: kkvh,
            period: period,
            comparison: comparison(),
            indicators: indicators,
            members: members,
            memberFiles: Dictionary(uniqueKeysWithValues: members.map { ($0.code, Report.fileName(for: $0)) }),
            generatedAt: generatedAt
        )
    }
}
