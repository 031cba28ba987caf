import ArgumentParser
import Foundation

struct Synthetic: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Writes the synthetic national dataset (290 municipalities, hme/nki/sick-leave/turnover).",
        discussion: """
            Generates observations for every municipality in Datasets/municipalities.tsv, the indicators \
            hme, nki, sick-leave and turnover, scope kommun, the years 2015-2024 and the year-to-date cuts \
            YYYY-04 and YYYY-08 of 2022-2024. Keys that have a real outcome in Datasets/reports/figures.tsv \
            are left out, and municipalities with real full-year outcomes are centred on them. \
            A summary is printed on standard error.

            Example:
              jamfor-datagen synthetic --seed 2026 --out Datasets/synthetic/observations.tsv
            """
    )

    @OptionGroup var rootOptions: RootOptions

    @Option(help: "The seed of the random model.")
    var seed: UInt64 = defaultSeed

    @Option(
        help: ArgumentHelp(
            "The output file.",
            discussion: "Defaults to Datasets/synthetic/observations.tsv under the repository root.",
            valueName: "path"
        )
    )
    var out: String?

    func run() throws {
        let root = try rootOptions.resolve()
        let outPath = out.map(absolutePath) ?? root + "/Datasets/synthetic/observations.tsv"
        let municipalities = try readMunicipalities(root: root)
        let catalog = try readCatalog(root: root)
        let models = try Self.checkedModels(catalog: catalog)
        let realOutcomes = try readRealOutcomes(root: root)

        var command = "synthetic --seed \(seed)"
        if let out {
            command += " --out \(shellQuoted(out))"
        }
        let generator = SyntheticGenerator(
            seed: seed,
            municipalities: municipalities,
            models: models,
            realOutcomes: realOutcomes
        )
        let writer = try BufferedFileWriter(path: outPath)
        let summary: SyntheticSummary
        do {
            let comments = ObservationFormat.commentLines(
                seed: seed,
                command: command,
                extra: [
                    "Model: national year effect + per-municipality level + AR(1) drift, see Tools/DatasetGen/README.md.",
                    "Keys with a real outcome in Datasets/reports/figures.tsv are left out: the real figures win.",
                ]
            )
            for line in comments {
                try writer.write(line + "\n")
            }
            try writer.write(ObservationFormat.header + "\n")
            summary = try generator.write(to: writer)
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
        summary.print(path: outPath, bytes: writer.bytesWritten)
    }

    /// The models in catalog order, after checking that the catalog agrees with them.
    static func checkedModels(catalog: [CatalogIndicator]) throws -> [IndicatorModel] {
        var ordered: [(position: Int, model: IndicatorModel)] = []
        for model in syntheticModels {
            guard let entry = catalog.first(where: { $0.id == model.id }) else {
                throw DatagenError("indicator '\(model.id)' is not in Datasets/indicators.tsv")
            }
            guard entry.decimals == model.decimals, entry.genderSplit == model.genderSplit else {
                throw DatagenError(
                    "Datasets/indicators.tsv has decimals \(entry.decimals), gender_split \(entry.genderSplit) "
                        + "for '\(model.id)'; the model expects decimals \(model.decimals), "
                        + "gender_split \(model.genderSplit). Update SyntheticModel.swift."
                )
            }
            ordered.append((entry.position, model))
        }
        return ordered.sorted { $0.position < $1.position }.map(\.model)
    }
}

/// Counts and value statistics printed after generation.
struct SyntheticSummary {
    struct PerIndicator {
        let id: String
        let decimals: Int
        var rows = 0
        var missing = 0
        var confidential = 0
        var skippedReal = 0
        var anchoredMunicipalities = 0
        var fullYearTotal = ValueStats()
        var fullYearWomen = ValueStats()
        var fullYearMen = ValueStats()
    }

    var indicators: [PerIndicator] = []

    func print(path: String, bytes: Int) {
        let rows = indicators.reduce(0) { $0 + $1.rows }
        let missing = indicators.reduce(0) { $0 + $1.missing }
        let confidential = indicators.reduce(0) { $0 + $1.confidential }
        let skipped = indicators.reduce(0) { $0 + $1.skippedReal }
        printToStandardError("jamfor-datagen synthetic: wrote \(rows) rows (\(bytes) bytes) to \(path)")
        printToStandardError(
            "  status '-' (missing): \(missing) (\(percent(missing, of: rows))), "
                + "'..' (confidential): \(confidential) (\(percent(confidential, of: rows))); "
                + "left out for real outcomes: \(skipped)"
        )
        for entry in indicators {
            var line =
                "  \(entry.id): \(entry.rows) rows, \(entry.missing) missing, \(entry.confidential) confidential, "
                + "\(entry.skippedReal) real keys left out, \(entry.anchoredMunicipalities) anchored municipalities; "
                + "T full years min/mean/max \(entry.fullYearTotal.describe(decimals: entry.decimals))"
            if entry.fullYearWomen.count > 0 {
                line +=
                    "; K mean \(NumberFormat.string(entry.fullYearWomen.mean, decimals: 2))"
                    + ", M mean \(NumberFormat.string(entry.fullYearMen.mean, decimals: 2))"
            }
            printToStandardError(line)
        }
    }

    private func percent(_ count: Int, of total: Int) -> String {
        guard total > 0 else {
            return "0 %"
        }
        return NumberFormat.string(100 * Double(count) / Double(total), decimals: 2) + " %"
    }
}

/// Running minimum, mean and maximum.
struct ValueStats {
    private(set) var count = 0
    private(set) var sum = 0.0
    private(set) var minimum = Double.infinity
    private(set) var maximum = -Double.infinity

    init() {}

    init(count: Int, sum: Double, minimum: Double, maximum: Double) {
        self.count = count
        self.sum = sum
        self.minimum = minimum
        self.maximum = maximum
    }

    mutating func add(_ value: Double) {
        count += 1
        sum += value
        minimum = min(minimum, value)
        maximum = max(maximum, value)
    }

    var mean: Double {
        count > 0 ? sum / Double(count) : 0
    }

    func describe(decimals: Int) -> String {
        guard count > 0 else {
            return "-"
        }
        return NumberFormat.string(minimum, decimals: decimals) + "/"
            + NumberFormat.string(mean, decimals: decimals + 2) + "/"
            + NumberFormat.string(maximum, decimals: decimals) + " (n=\(count))"
    }
}

/// The synthetic model applied to every municipality; see README.md for the parameters.
struct SyntheticGenerator {
    let seed: UInt64
    let municipalities: [Municipality]
    let models: [IndicatorModel]
    /// `indicator|municipality|period|scope` of every real outcome, whatever its gender: no synthetic
    /// row of any gender is written there, so a made-up K or M never contradicts a real T.
    let realKeys: Set<String>
    /// Real full-year T outcomes with scope kommun, by `indicator|municipality`.
    let anchors: [String: [(year: Int, value: Double)]]

    static let scope = "kommun"

    init(seed: UInt64, municipalities: [Municipality], models: [IndicatorModel], realOutcomes: [RealOutcome]) {
        self.seed = seed
        self.municipalities = municipalities
        self.models = models
        var keys: Set<String> = []
        var anchors: [String: [(year: Int, value: Double)]] = [:]
        for outcome in realOutcomes {
            keys.insert(
                [outcome.indicator, outcome.municipality, outcome.period, outcome.scope].joined(separator: "|")
            )
            if outcome.scope == Self.scope, outcome.gender == "T", outcome.period.utf8.count == 4,
                let year = Int(outcome.period), let value = outcome.value
            {
                anchors[outcome.indicator + "|" + outcome.municipality, default: []].append((year, value))
            }
        }
        self.realKeys = keys
        self.anchors = anchors
    }

    /// The unrounded values and statuses of one (indicator, municipality): per period, per gender.
    struct Series {
        /// values[period][gender], genders in the model's order (T, K, M or T).
        var values: [[Double]]
        var statuses: [[String]]
        var anchored: Bool
    }

    func series(model: IndicatorModel, municipality: String) -> Series {
        var rng = Xoshiro256StarStar(seed: seed, stream: "synthetic|\(model.id)|\(municipality)")
        let years = Array(SyntheticPeriod.firstYear...SyntheticPeriod.lastYear)

        // Level, drift and yearly noise of T.
        let levelDraw = rng.normal()
        var drift: [Double] = []
        let stationarySD = model.driftSD / (1 - model.driftPhi * model.driftPhi).squareRoot()
        drift.append(rng.normal() * stationarySD)
        for _ in 1..<years.count {
            drift.append(model.driftPhi * (drift.last ?? 0) + rng.normal() * model.driftSD)
        }
        let noise = years.map { _ in rng.normal() * model.noiseSD }

        // The level: random, or centred on the real full-year outcomes of this municipality. Real years outside
        // 2015…2024 count as the nearest modelled year.
        var level = levelDraw * model.levelSD
        var correction = Array(repeating: 0.0, count: years.count)
        let realValues = anchors[model.id + "|" + municipality] ?? []
        if !realValues.isEmpty {
            let indices = realValues.map { min(max($0.year, years[0]), years[years.count - 1]) - years[0] }
            let residuals = zip(realValues, indices).map { real, index in
                real.value - model.nationalMean[years[index], default: 0] - drift[index] - noise[index]
            }
            level = residuals.reduce(0, +) / Double(residuals.count)
            correction = Self.anchorCorrection(
                deviations: residuals.map { $0 - level },
                at: indices,
                count: years.count,
                phi: model.driftPhi
            )
        }
        let total = years.indices.map { index in
            let raw =
                model.nationalMean[years[index], default: 0] + level + drift[index] + noise[index] + correction[index]
            return min(max(raw, model.clamp.lowerBound), model.clamp.upperBound)
        }

        // The gender structure of each year, shared by its cuts.
        let splitOfYear = Self.genderSplits(model: model, yearCount: years.count, rng: &rng)

        var values: [[Double]] = []
        for period in SyntheticPeriod.all {
            let index = period.year - years[0]
            var value = total[index]
            if let cut = period.cut {
                value = Self.cutValue(model: model, yearValue: value, cut: cut, rng: &rng)
            }
            // T keeps the indicator's bounds from above; K and M are only held within the catalog's bounds.
            let split = splitOfYear[index](value)
            values.append(
                split.enumerated().map { genderIndex, genderValue in
                    genderIndex == 0
                        ? genderValue
                        : min(max(genderValue, model.genderClamp.lowerBound), model.genderClamp.upperBound)
                }
            )
        }

        // Statuses: a whole period missing, or confidential cells. A confidential total hides the
        // women's and men's figures too, and one hidden gender hides the other, so that no withheld
        // figure can be worked out from the published ones (T ≈ 0.78·K + 0.22·M).
        var statuses: [[String]] = []
        for _ in SyntheticPeriod.all {
            let missing = rng.chance(StatusModel.missingProbability)
            let totalConfidential = rng.chance(StatusModel.confidentialTotalProbability)
            let genderConfidential = rng.chance(StatusModel.confidentialGenderProbability)
            var row: [String] = []
            for (genderIndex, _) in model.genders.enumerated() {
                let confidential = totalConfidential || (genderIndex > 0 && genderConfidential)
                row.append(missing ? "-" : (confidential ? ".." : ""))
            }
            statuses.append(row)
        }
        return Series(values: values, statuses: statuses, anchored: !realValues.isEmpty)
    }

    /// Pulls the series through the real values: each year gets the deviation of the nearest real year (the mean
    /// when several are equally near), decayed by φ^distance like the conditional mean of the AR(1) drift.
    static func anchorCorrection(deviations: [Double], at indices: [Int], count: Int, phi: Double) -> [Double] {
        (0..<count).map { index in
            guard let distance = indices.map({ abs($0 - index) }).min() else {
                return 0
            }
            let nearest = zip(deviations, indices).filter { abs($0.1 - index) == distance }.map(\.0)
            var decay = 1.0
            for _ in 0..<distance {
                decay *= phi
            }
            return decay * nearest.reduce(0, +) / Double(nearest.count)
        }
    }

    /// For each year, a function from a T value to the values of the model's genders (T first).
    static func genderSplits(
        model: IndicatorModel,
        yearCount: Int,
        rng: inout Xoshiro256StarStar
    ) -> [(Double) -> [Double]] {
        switch model.gender {
        case .totalOnly:
            return Array(repeating: { total in [total] }, count: yearCount)
        case .additiveGap(let mean, let municipalitySD, let yearSD):
            let municipalityGap = rng.normal(mean: mean, sd: municipalitySD)
            return (0..<yearCount).map { _ in
                let gap = municipalityGap + rng.normal() * yearSD
                return { total in [total, total + (1 - womenShare) * gap, total - womenShare * gap] }
            }
        case .ratio(let women, let womenRelativeSD, let men, let menRelativeSD):
            return (0..<yearCount).map { _ in
                let womenRatio = women * (1 + rng.normal() * womenRelativeSD)
                let menRatio = men * (1 + rng.normal() * menRelativeSD)
                let norm = womenShare * womenRatio + (1 - womenShare) * menRatio
                return { total in [total, total * womenRatio / norm, total * menRatio / norm] }
            }
        }
    }

    static func cutValue(
        model: IndicatorModel,
        yearValue: Double,
        cut: SyntheticPeriod.Cut,
        rng: inout Xoshiro256StarStar
    ) -> Double {
        switch model.cuts {
        case .level(let sd):
            let value = yearValue + rng.normal() * sd
            return min(max(value, model.clamp.lowerBound), model.clamp.upperBound)
        case .factor(let april, let august, let relativeSD):
            let factor = cut == .april ? april : august
            let value = yearValue * factor * (1 + rng.normal() * relativeSD)
            return min(max(value, model.clamp.lowerBound * factor), model.clamp.upperBound * factor)
        }
    }

    /// Writes every row in order and returns the summary.
    func write(to writer: BufferedFileWriter) throws -> SyntheticSummary {
        var summary = SyntheticSummary()
        let source = Array(ObservationFormat.source(seed: seed).utf8)
        for model in models {
            var entry = SyntheticSummary.PerIndicator(id: model.id, decimals: model.decimals)
            for municipality in municipalities {
                let series = series(model: model, municipality: municipality.code)
                if series.anchored {
                    entry.anchoredMunicipalities += 1
                }
                for (periodIndex, period) in SyntheticPeriod.all.enumerated() {
                    let visibility = SyntheticPeriod.networkOnlyLabels.contains(period.label) ? "network" : "public"
                    for (genderIndex, gender) in model.genders.enumerated() {
                        let key = [model.id, municipality.code, period.label, Self.scope, gender]
                        if realKeys.contains(key.dropLast().joined(separator: "|")) {
                            entry.skippedReal += 1
                            continue
                        }
                        let status = series.statuses[periodIndex][genderIndex]
                        var row: [UInt8] = []
                        row.reserveCapacity(96)
                        for field in key {
                            row.append(contentsOf: field.utf8)
                            row.append(UInt8(ascii: "\t"))
                        }
                        if status.isEmpty {
                            let scaled = NumberFormat.scaled(
                                series.values[periodIndex][genderIndex],
                                decimals: model.decimals
                            )
                            NumberFormat.append(scaled: scaled, decimals: model.decimals, to: &row)
                            if period.cut == nil {
                                var rounded = Double(scaled)
                                for _ in 0..<model.decimals {
                                    rounded /= 10
                                }
                                switch gender {
                                case "T": entry.fullYearTotal.add(rounded)
                                case "K": entry.fullYearWomen.add(rounded)
                                default: entry.fullYearMen.add(rounded)
                                }
                            }
                        } else if status == "-" {
                            entry.missing += 1
                        } else {
                            entry.confidential += 1
                        }
                        row.append(UInt8(ascii: "\t"))
                        row.append(contentsOf: status.utf8)
                        row.append(UInt8(ascii: "\t"))
                        row.append(contentsOf: visibility.utf8)
                        row.append(UInt8(ascii: "\t"))
                        row.append(contentsOf: source)
                        row.append(UInt8(ascii: "\t"))  // empty note
                        row.append(UInt8(ascii: "\n"))
                        try writer.write(row)
                        entry.rows += 1
                    }
                }
            }
            summary.indicators.append(entry)
        }
        return summary
    }
}
