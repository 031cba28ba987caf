/// The periods of the synthetic dataset, in output order.
struct SyntheticPeriod {
    /// The label written to the file: `2021`, `2022-04`, `2022-08`.
    let label: String
    let year: Int
    /// nil for a full year, otherwise the year-to-date cut.
    let cut: Cut?

    enum Cut {
        /// January–April, year to date.
        case april
        /// January–August, year to date.
        case august
    }

    static let firstYear = 2015
    static let lastYear = 2024
    static let cutYears = 2022...2024

    /// 2015 … 2021, then for each cut year `YYYY-04`, `YYYY-08`, `YYYY`: 16 periods.
    static let all: [SyntheticPeriod] = {
        var result: [SyntheticPeriod] = []
        for year in firstYear...lastYear {
            if cutYears.contains(year) {
                result.append(SyntheticPeriod(label: "\(year)-04", year: year, cut: .april))
                result.append(SyntheticPeriod(label: "\(year)-08", year: year, cut: .august))
            }
            result.append(SyntheticPeriod(label: "\(year)", year: year, cut: nil))
        }
        return result
    }()

    /// Interim cuts not yet published: visible to the network only.
    static let networkOnlyLabels: Set<String> = ["2024-04", "2024-08"]
}

/// How the women's (K) and men's (M) values relate to the total (T).
enum GenderModel {
    /// Only T is written.
    case totalOnly
    /// K − M = gap, drawn per municipality (mean, sd) plus a yearly wobble (sd); K = T + 0.22·gap, M = T − 0.78·gap.
    case additiveGap(mean: Double, municipalitySD: Double, yearSD: Double)
    /// K ≈ k·T and M ≈ m·T with relative noise per municipality-year, then rescaled so 0.78·K + 0.22·M = T.
    case ratio(women: Double, womenRelativeSD: Double, men: Double, menRelativeSD: Double)
}

/// How a year-to-date cut relates to the value of its full year.
enum CutModel {
    /// cut = year + N(0, sd), e.g. a survey index that is measured once a year.
    case level(sd: Double)
    /// cut = year · factor · (1 + N(0, relativeSD)).
    case factor(april: Double, august: Double, relativeSD: Double)
}

/// Every parameter of the synthetic model for one indicator; see README.md for the meaning.
struct IndicatorModel {
    let id: String
    let decimals: Int
    /// National mean of T for each full year 2015…2024 (the year effect).
    let nationalMean: [Int: Double]
    /// SD of the per-municipality level around the national mean.
    let levelSD: Double
    /// AR(1) coefficient of the per-municipality year-to-year drift.
    let driftPhi: Double
    /// SD of the yearly innovation of the drift (the drift itself is stationary with SD driftSD/√(1−φ²)).
    let driftSD: Double
    /// SD of the independent noise of each year's T value.
    let noiseSD: Double
    /// Bounds of T for full years; cuts use the bounds multiplied by their factor.
    let clamp: ClosedRange<Double>
    /// Bounds of K and M (the catalog's min and max).
    let genderClamp: ClosedRange<Double>
    let gender: GenderModel
    let cuts: CutModel

    var genderSplit: Bool {
        if case .totalOnly = gender {
            return false
        }
        return true
    }

    var genders: [String] {
        genderSplit ? ["T", "K", "M"] : ["T"]
    }
}

/// Share of women among municipal employees, used to make T consistent with K and M.
let womenShare = 0.78

/// Missing and confidential rates.
enum StatusModel {
    /// Probability that a whole (indicator, municipality, period) is missing (`-`): every gender row of it.
    static let missingProbability = 0.01
    /// Probability that the K and M rows of a period are confidential (`..`), both together.
    static let confidentialGenderProbability = 0.004
    /// Probability that every row of a period is confidential (`..`), the total with its K and M.
    static let confidentialTotalProbability = 0.002
}

private func yearTable(_ values: [Double]) -> [Int: Double] {
    var result: [Int: Double] = [:]
    for (offset, value) in values.enumerated() {
        result[SyntheticPeriod.firstYear + offset] = value
    }
    return result
}

/// The four modelled indicators in catalog order.
let syntheticModels: [IndicatorModel] = [
    IndicatorModel(
        id: "hme",
        decimals: 0,
        // 2015 … 2024: slowly rising, a small lift in 2020–2021, a dip in 2022.
        nationalMean: yearTable([77.4, 77.6, 77.8, 78.0, 78.2, 78.7, 78.9, 78.5, 78.9, 79.2]),
        levelSD: 1.8,
        driftPhi: 0.6,
        driftSD: 0.8,
        noiseSD: 0.5,
        clamp: 68...90,
        genderClamp: 0...100,
        gender: .additiveGap(mean: 1.2, municipalitySD: 0.6, yearSD: 0.5),
        cuts: .level(sd: 0.6)
    ),
    IndicatorModel(
        id: "nki",
        decimals: 0,
        // Slowly rising from 67 to 71, flat in the pandemic years.
        nationalMean: yearTable([67.0, 67.6, 68.1, 68.6, 69.0, 69.0, 69.3, 69.9, 70.4, 70.9]),
        levelSD: 4.0,
        driftPhi: 0.5,
        driftSD: 2.0,
        noiseSD: 1.0,
        clamp: 45...90,
        genderClamp: 0...100,
        gender: .totalOnly,
        cuts: .level(sd: 0.8)
    ),
    IndicatorModel(
        id: "sick-leave",
        decimals: 1,
        // Around 7 % before the pandemic, 8–8.6 % in 2020–2022, back towards 7.4 % after.
        nationalMean: yearTable([7.1, 7.3, 7.2, 7.1, 7.0, 8.6, 8.1, 8.3, 7.6, 7.4]),
        levelSD: 0.85,
        driftPhi: 0.7,
        driftSD: 0.35,
        noiseSD: 0.15,
        clamp: 3.5...13,
        genderClamp: 0...100,
        gender: .ratio(women: 1.12, womenRelativeSD: 0.03, men: 0.60, menRelativeSD: 0.08),
        cuts: .factor(april: 1.10, august: 0.94, relativeSD: 0.03)
    ),
    IndicatorModel(
        id: "turnover",
        decimals: 1,
        // About 9–10 %, lower in 2020, high in 2022–2023.
        nationalMean: yearTable([9.0, 9.3, 9.6, 9.8, 9.5, 8.6, 9.4, 11.2, 11.0, 9.8]),
        levelSD: 1.4,
        driftPhi: 0.5,
        driftSD: 0.8,
        noiseSD: 0.4,
        clamp: 3...22,
        genderClamp: 0...100,
        gender: .totalOnly,
        cuts: .factor(april: 0.30, august: 0.60, relativeSD: 0.08)
    ),
]
