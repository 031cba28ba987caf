import JamforTerminal
import JamforWire

/// Hand-built answers for the view tests: KKVH sick leave, 4M comparisons, an Enköping trend.
///
/// The figures are plausible, not real outcomes. Växjö and Strängnäs are spelled with a decomposed "ä"
/// (a + U+0308) and the list fixtures hold a name with wide characters, so that alignment by display width
/// is tested, not by `String.count`.
enum Fixtures {
    /// "Växjö" with the "ä" decomposed: six scalars, five columns.
    static let vaxjo = "Va\u{0308}xjö"
    /// "Strängnäs" with both "ä" decomposed.
    static let strangnas = "Stra\u{0308}ngna\u{0308}s"

    // MARK: Catalog

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

    static let nki = IndicatorInfo(
        id: "nki",
        titleSv: "Nöjd kund-index (NKI), företagens helhetsbedömning",
        titleEn: "Customer satisfaction index (NKI), businesses' overall rating",
        unit: "index",
        direction: .higherIsBetter,
        minimum: 0,
        maximum: 100,
        decimals: 0,
        deadBand: 1
    )

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

    static let turnover = IndicatorInfo(
        id: "turnover",
        titleSv: "Extern personalomsättning",
        titleEn: "External staff turnover",
        unit: "percent",
        direction: .lowerIsBetter,
        minimum: 0,
        maximum: 100,
        decimals: 1,
        deadBand: 0.5
    )

    static let indicators = [hme, nki, sickLeave, turnover]

    static let municipalities = [
        MunicipalityInfo(code: "0381", name: "Enköping", county: "Uppsala län"),
        MunicipalityInfo(code: "0484", name: "Eskilstuna", county: "Södermanlands län"),
        MunicipalityInfo(code: "0486", name: strangnas, county: "Södermanlands län"),
        MunicipalityInfo(code: "0780", name: vaxjo, county: "Kronobergs län"),
        MunicipalityInfo(code: "0880", name: "Kalmar", county: "Kalmar län"),
        MunicipalityInfo(code: "1080", name: "Karlskrona", county: "Blekinge län"),
        MunicipalityInfo(code: "1290", name: "Kristianstad", county: "Skåne län"),
        MunicipalityInfo(code: "1380", name: "Halmstad", county: "Hallands län"),
        MunicipalityInfo(code: "1980", name: "Västerås", county: "Västmanlands län"),
        // Not a Swedish municipality: a test entry with wide (CJK) characters, two columns each.
        MunicipalityInfo(code: "9901", name: "Testort 東京", county: "Testlän"),
    ]

    static let networks = [
        NetworkInfo(id: "kkvh", name: "KKVH", members: ["0880", "1080", "1290", "0780", "1380"]),
        NetworkInfo(id: "4m", name: "4M", members: ["0381", "0484", "0486", "1980"]),
        NetworkInfo(id: "vastra-malardalen", name: "Västra Mälardalen", members: ["1983", "1984", "1960"]),
    ]

    // MARK: Rank

    /// KKVH sick leave January–August 2024: a tie at rank 2, Karlskrona confidential (`..`), Halmstad
    /// synthetic, Kalmar in focus.
    static let sickLeaveRank = RankResponse(
        indicator: "sick-leave",
        period: "2024-08",
        scope: "kommun",
        gender: "T",
        rows: [
            RankRow(
                municipality: "0780",
                name: vaxjo,
                rank: 1,
                value: 6.4,
                score: 100,
                zScore: 1.2074068598865937,
                colour: .green,
                change: -0.3
            ),
            RankRow(
                municipality: "0880",
                name: "Kalmar",
                rank: 2,
                value: 7.1,
                score: 63.1578947368421,
                zScore: 0.1829404333161518,
                colour: .yellow,
                change: 0.1
            ),
            RankRow(
                municipality: "1290",
                name: "Kristianstad",
                rank: 2,
                value: 7.1,
                score: 63.1578947368421,
                zScore: 0.1829404333161518,
                colour: .yellow,
                change: -0.5
            ),
            RankRow(
                municipality: "1380",
                name: "Halmstad",
                rank: 4,
                value: 8.3,
                score: 0,
                zScore: -1.5732877265188947,
                colour: .red,
                change: 0.6,
                synthetic: true
            ),
            RankRow(municipality: "1080", name: "Karlskrona", status: "..", colour: .grey),
        ],
        group: GroupStatistics(mean: 7.225, median: 7.1, minimum: 6.4, maximum: 8.3, count: 4, members: 5),
        country: GroupStatistics(mean: 7.6, median: 7.4, minimum: 4.2, maximum: 11.3, count: 287, members: 290),
        previousPeriod: "2023-08"
    )

    /// Long and wide names, for fitting a rank into 40 columns; the synthetic row's star must survive the cut.
    static let longNamesRank = RankResponse(
        indicator: "hme",
        period: "2023",
        scope: "ks",
        gender: "K",
        rows: [
            RankRow(
                municipality: "0381",
                name: "Enköpings kommun, kommunstyrelsens förvaltning",
                rank: 1,
                value: 84,
                colour: .green,
                change: 3
            ),
            RankRow(
                municipality: "9901",
                name: "Testort 東京都 med ett långt tillägg",
                rank: 2,
                value: 80,
                colour: .yellow
            ),
            RankRow(
                municipality: "0486",
                name: strangnas + " kommun och dess helägda bolag",
                rank: 3,
                value: 71,
                colour: .red,
                change: -1,
                synthetic: true
            ),
            RankRow(municipality: "1980", name: "Västerås", status: "-", colour: .grey),
        ],
        group: GroupStatistics(mean: 78.33333333333333, median: 80, minimum: 71, maximum: 84, count: 3, members: 4),
        country: GroupStatistics(mean: 76, median: 77, minimum: 58, maximum: 88, count: 270, members: 290),
        previousPeriod: "2022"
    )

    // MARK: Compare

    /// 4M in 2023 over HME (weight 2), sick leave, NKI and turnover. Strängnäs lacks two figures and is
    /// incomplete; Västerås's figures are synthetic.
    static let fourMCompare = CompareResponse(
        indicators: ["hme", "sick-leave", "nki", "turnover"],
        period: "2023",
        rows: [
            CompareRow(
                municipality: "1980",
                name: "Västerås",
                values: [81, 7.9, 73, 12.0],
                scores: [100, 55.55555555555556, 100, 0],
                composite: 71.11111111111111,
                rank: 1,
                coverage: 1,
                synthetic: true
            ),
            CompareRow(
                municipality: "0381",
                name: "Enköping",
                values: [79, 7.5, 71, 10.3],
                scores: [50, 100, 71.42857142857143, 77.27272727272724],
                composite: 69.74025974025975,
                rank: 2,
                coverage: 1
            ),
            CompareRow(
                municipality: "0484",
                name: "Eskilstuna",
                values: [77, 8.4, 66, 11.2],
                scores: [0, 0, 0, 36.363636363636395],
                composite: 7.272727272727279,
                rank: 3,
                coverage: 1
            ),
            CompareRow(
                municipality: "0486",
                name: strangnas,
                values: [80, .nan, .nan, 9.8],
                scores: [75, .nan, .nan, 100],
                coverage: 0.5
            ),
        ]
    )

    static let compareWeights: [Double] = [2, 1, 1, 1]

    // MARK: Trend

    /// Enköping's sick leave 2019–2024 beside the 4M mean and the country's (synthetic) mean, with a
    /// target each year; 2024 has no figure yet.
    static let enkopingTrend = TrendResponse(
        indicator: "sick-leave",
        periods: ["2019", "2020", "2021", "2022", "2023", "2024"],
        series: [
            TrendSeries(kind: .municipality, label: "0381", values: [7.4, 8.6, 7.7, 7.8, 7.5, .nan]),
            TrendSeries(
                kind: .groupMean,
                label: "4m",
                values: [7.1, 8.3, 7.6, 7.9, 7.4, 7.2],
                counts: [4, 4, 4, 4, 3, 3]
            ),
            TrendSeries(
                kind: .groupMean,
                label: "country",
                values: [6.9, 7.8, 7.3, 7.5, 7.1, 6.9],
                counts: [290, 290, 289, 290, 288, 201],
                synthetic: true
            ),
        ],
        targets: [
            TrendTarget(municipality: "0381", year: 2019, value: 7.0, status: "not-met"),
            TrendTarget(municipality: "0381", year: 2020, value: 7.0, status: "moving-away"),
            TrendTarget(municipality: "0381", year: 2021, value: 7.8, status: "met"),
            TrendTarget(municipality: "0381", year: 2022, value: 7.0, status: "unchanged"),
            TrendTarget(municipality: "0381", year: 2023, value: 5.6, status: "improving"),
            TrendTarget(municipality: "0381", year: 2024, value: 5.6, status: "no-value"),
        ]
    )

    static func trendNames(_ locale: DisplayLocale) -> [String: String] {
        ["0381": "Enköping", "4m": "4M", "country": locale == .sv ? "riket" : "the country"]
    }

    // MARK: Submit

    /// Fourteen figures from lines 2–15 of a file: ten new, two updated, two rejected (one with an index
    /// past the lines the caller knows).
    static let submit = SubmitResponse(
        inserted: 10,
        updated: 2,
        unchanged: 0,
        rejected: [
            Rejection(
                index: 3,
                code: .invalidArgument,
                reason: "sick-leave 2024-08 for 0880: value 140 is above the indicator's maximum 100"
            ),
            Rejection(index: 20, code: .notFound, reason: "unknown municipality code 0999"),
        ]
    )

    static let submitLines = Array(2...15)
}
