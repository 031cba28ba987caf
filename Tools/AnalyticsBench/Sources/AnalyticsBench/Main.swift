import Foundation
import JamforDomain

/// Times JamforDomain's analytics: one ranking and one composite over all 290 municipalities on
/// the loaded `Datasets/`, each side by side with a naive spreadsheet-style baseline, and ranking
/// every indicator of the Kolada-scale synthetic set for one year.
///
/// Usage: `AnalyticsBench KOLADA_SCALE_DIR`. Progress goes to stderr; the table and the final
/// `RESULT …` line go to stdout, and nothing is written after the RESULT line.
@main
struct BenchMain {
    /// The latest whole year of the data, the one every measurement is for.
    static let year = 2024
    /// The indicators of the composite, in this order, equally weighted.
    static let compositeIndicators = ["hme", "nki", "sick-leave", "turnover"]
    /// The issue's targets.
    static let rankTargetMicroseconds = 100.0
    static let compositeTargetMicroseconds = 400.0

    static let usage = """
        usage: AnalyticsBench KOLADA_SCALE_DIR

        KOLADA_SCALE_DIR is the directory written by
          swift run -c release --package-path Tools/DatasetGen jamfor-datagen kolada-scale --out KOLADA_SCALE_DIR
        Datasets/ is read from $JAMFOR_DATASETS, or else from the source tree JamforDomain was built from.
        Run it through Tools/bench.sh analytics, which builds it in release mode and makes the set if missing.
        """

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["-h"] || arguments == ["--help"] {
            print(usage)
            return
        }
        guard arguments.count == 1, let path = arguments.first, !path.isEmpty else {
            progress(usage)
            exit(2)
        }
        do {
            try run(koladaScalePath: path)
        } catch {
            fail("AnalyticsBench: \(error)")
        }
    }

    static func run(koladaScalePath: String) throws {
        // A bad argument is reported before anything is loaded or timed.
        let koladaScaleDirectory = try KoladaScaleSet.checkDirectory(koladaScalePath)
        let clock = ContinuousClock()
        let period = try Period(year: year)

        // MARK: rank290 and composite290 on the real Datasets/

        let loadStart = clock.now
        let dataset = try Dataset.load()
        let datasetLoadTime = clock.now - loadStart
        let registry = dataset.registry
        let allCodes = registry.allCodes
        progress(
            "loaded Datasets/ in \(two(nanoseconds(datasetLoadTime) / 1e6)) ms: \(allCodes.count) municipalities, "
                + "\(grouped(dataset.observations.count)) observations (\(grouped(dataset.summary.realObservations)) "
                + "real, \(grouped(dataset.summary.syntheticObservations)) synthetic)"
        )

        // Slices are built once, outside every timing.
        func nationalSlice(_ id: String) throws -> IndicatorSlice {
            let indicatorID = try IndicatorID(id)
            guard let indicator = registry.indicator(indicatorID) else {
                throw BenchError("the indicator \(id) is not in Datasets/indicators.tsv")
            }
            let slice = try IndicatorSlice(
                indicator: indicator,
                period: period,
                scope: .kommun,
                gender: .total,
                observations: dataset.observations.lazy.filter { observation in
                    let key = observation.key
                    return key.indicator == indicatorID && key.period == period && key.scope == .kommun
                        && key.gender == .total
                },
                registry: registry
            )
            guard !slice.values.isEmpty else { throw BenchError("\(id) has no values for \(period) kommun T") }
            return slice
        }
        let hme = try nationalSlice("hme")
        let compositeSlices = try compositeIndicators.map(nationalSlice)
        progress(
            "slices for \(period) kommun T: "
                + ([hme] + compositeSlices.dropFirst()).map {
                    "\($0.indicator.id) \($0.values.count)/\($0.readings.count) with a value"
                }.joined(separator: ", ")
        )

        // Correctness first: a baseline that answers another question gives a meaningless ratio.
        var verifier = Verifier()
        let ranking = try Analytics.rank(hme, members: allCodes)
        verifier.check(ranking, against: Naive.rank(hme, members: allCodes), label: "rank290")
        let composite = try Analytics.composite(compositeSlices, members: allCodes)
        verifier.check(composite, against: Naive.composite(compositeSlices, members: allCodes), label: "composite290")
        guard verifier.failures.isEmpty else {
            for failure in verifier.failures.prefix(20) { progress("MISMATCH \(failure)") }
            fail("AnalyticsBench: \(verifier.failures.count) disagreement(s) between Analytics and the naive baseline")
        }
        progress("naive baselines agree with Analytics on rank290 and composite290")

        let rank290 = try measure(minimumRuns: 1001, minimumDuration: .seconds(1), warmUp: .milliseconds(200)) {
            try Analytics.rank(hme, members: allCodes)
        }
        progress("rank290: \(two(rank290.microseconds)) µs (\(rank290.runs) runs)")
        let naiveRank290 = measure(minimumRuns: 51, minimumDuration: .seconds(1), warmUp: .milliseconds(200)) {
            Naive.rank(hme, members: allCodes)
        }
        progress("naive rank290: \(two(naiveRank290.microseconds)) µs (\(naiveRank290.runs) runs)")
        let composite290 = try measure(minimumRuns: 1001, minimumDuration: .seconds(1), warmUp: .milliseconds(200)) {
            try Analytics.composite(compositeSlices, members: allCodes)
        }
        progress("composite290: \(two(composite290.microseconds)) µs (\(composite290.runs) runs)")
        let naiveComposite290 = measure(
            minimumRuns: 51,
            minimumDuration: .seconds(1),
            warmUp: .milliseconds(200)
        ) {
            Naive.composite(compositeSlices, members: allCodes)
        }
        progress("naive composite290: \(two(naiveComposite290.microseconds)) µs (\(naiveComposite290.runs) runs)")

        // MARK: kolada_scale_rank_all_ms on the Kolada-scale set

        progress("loading the Kolada-scale set from \(koladaScaleDirectory.path) …")
        let scale = try KoladaScaleSet.load(from: koladaScaleDirectory)
        let memoryAfterLoad = memoryStatus()
        let indicatorCount = scale.registry.indicators.count
        let sliceObservations = scale.registry.indicators.reduce(0) { $0 + scale.observations($1, period).count }
        progress(
            "loaded \(grouped(scale.rows)) rows, \(indicatorCount) indicators in "
                + "\(two(nanoseconds(scale.loadTime) / 1e9)) s; \(grouped(sliceObservations)) observations in \(period)"
        )
        guard indicatorCount > 0, sliceObservations > 0 else {
            throw BenchError("the Kolada-scale set in \(koladaScaleDirectory.path) has no observations for \(period)")
        }
        let scaleCodes = scale.registry.allCodes
        // One untimed run first: its count shows that the timed runs rank something.
        let rankedPerRun = try scale.rankAll(period, members: scaleCodes)
        let rankAll = try measure(minimumRuns: 7, minimumDuration: .seconds(2), warmUp: .zero) {
            try scale.rankAll(period, members: scaleCodes)
        }
        progress("kolada_scale_rank_all: \(two(rankAll.milliseconds)) ms (\(rankAll.runs) runs)")
        // The same work in two halves, to show where the time goes; not in the RESULT line.
        let slicesOnly = try measure(minimumRuns: 7, minimumDuration: .seconds(1), warmUp: .zero) {
            try scale.slices(period)
        }
        let prebuilt = try scale.slices(period)
        let rankOnly = try measure(minimumRuns: 7, minimumDuration: .seconds(1), warmUp: .zero) {
            try KoladaScaleSet.rank(prebuilt, members: scaleCodes)
        }

        // MARK: report

        let members = allCodes.count
        var table = Table(header: ["benchmark", "median", "runs", "what is timed (per run)"], leftAligned: [0, 3])
        table.rows = [
            [
                "rank290", "\(two(rank290.microseconds)) µs", grouped(rank290.runs),
                "one Analytics.rank(hme \(period) kommun T national slice, members: \(members) codes): ranks, "
                    + "colour classes, min–max and z-scores, group and country values, sorted entries",
            ],
            [
                "rank290 naive", "\(two(naiveRank290.microseconds)) µs", grouped(naiveRank290.runs),
                "the same sheet cell by cell: COUNTIF ranks, COUNTIF tie groups for the colour quarters, "
                    + "MIN/MAX/AVERAGE/STDEV.P per cell, MEDIAN by sort",
            ],
            [
                "composite290", "\(two(composite290.microseconds)) µs", grouped(composite290.runs),
                "one Analytics.composite(\(compositeIndicators.joined(separator: ", ")) \(period) kommun T, "
                    + "members: \(members) codes), equal weights, missing share 0.25",
            ],
            [
                "composite290 naive", "\(two(naiveComposite290.microseconds)) µs", grouped(naiveComposite290.runs),
                "the same cell by cell: MIN/MAX per cell, mean of the scores, COUNTIF rank",
            ],
            [
                "kolada_scale_rank_all", "\(two(rankAll.milliseconds)) ms", grouped(rankAll.runs),
                "for each of \(indicatorCount) indicators, \(period): index lookup + IndicatorSlice building "
                    + "+ Analytics.rank over \(scaleCodes.count) (loading not included)",
            ],
            [
                "  lookup + slices only", "\(two(slicesOnly.milliseconds)) ms", grouped(slicesOnly.runs),
                "the first half alone: \(indicatorCount) index lookups + IndicatorSlice inits",
            ],
            [
                "  rank only", "\(two(rankOnly.milliseconds)) ms", grouped(rankOnly.runs),
                "the second half alone: \(indicatorCount) Analytics.rank calls on slices built beforehand",
            ],
        ]

        var text = "\nAnalyticsBench — median wall-clock time per run (ContinuousClock, release build, after warm-up)\n"
        text += "Datasets/: \(members) municipalities, \(grouped(dataset.observations.count)) observations "
        text += "(real figures + synthetic national set); slices and the member list (registry.allCodes) built "
        text += "once, outside the timing\n\n"
        text += table.render()
        text += "\n"
        text += "rank290       \(two(rank290.microseconds)) µs   "
        text += verdict(rank290.microseconds, target: rankTargetMicroseconds) + "\n"
        text += "composite290  \(two(composite290.microseconds)) µs   "
        text += verdict(composite290.microseconds, target: compositeTargetMicroseconds) + "\n"
        text += "\n"
        text += "naive / Analytics (same process, same slices, results checked equal; >1: Analytics faster)\n"
        text += "rank290       \(two(naiveRank290.medianNanoseconds / rank290.medianNanoseconds))\n"
        text += "composite290  \(two(naiveComposite290.medianNanoseconds / composite290.medianNanoseconds))\n"
        text += "\n"
        text += "kolada-scale set: \(koladaScaleDirectory.path): \(grouped(scale.rows)) rows, \(indicatorCount) "
        text += "indicators, loaded once in \(two(nanoseconds(scale.loadTime) / 1e9)) s (DatasetFiles.indicators, "
        text += "Dataset.load(parts: []) registry, streaming DatasetFiles.observations into an (indicator, period) "
        text += "index)\n"
        if let memory = memoryAfterLoad {
            text += "memory after load: RSS \(megabytes(memory.current)), peak RSS so far \(megabytes(memory.peak))\n"
        }
        text += "kolada_scale_rank_all per run: \(indicatorCount) slices, \(grouped(sliceObservations)) observations, "
        text += "\(grouped(rankedPerRun)) ranked entries (with a value); "
        text += "\(two(rankAll.medianNanoseconds / 1e3 / Double(indicatorCount))) µs per indicator"
        print(text)
        print(
            "RESULT rank290_us=\(two(rank290.microseconds)) composite290_us=\(two(composite290.microseconds)) "
                + "kolada_scale_rank_all_ms=\(two(rankAll.milliseconds))"
        )
    }

    static func verdict(_ microseconds: Double, target: Double) -> String {
        "target < \(Int(target)) µs: " + (microseconds < target ? "met" : "NOT met")
    }
}
