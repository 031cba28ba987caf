import JamforDomain

/// Checks that the naive baselines compute the same thing as `Analytics` before either is timed:
/// a fast answer to another question would make the ratio meaningless.
struct Verifier {
    private(set) var failures: [String] = []

    /// Ranks, colour classes, scores, z-scores and group values, entry by entry in listed order.
    mutating func check(_ ranking: Ranking, against sheet: Naive.RankSheet, label: String) {
        guard ranking.entries.count == sheet.rows.count else {
            failures.append("\(label): \(ranking.entries.count) entries, naive has \(sheet.rows.count)")
            return
        }
        for (entry, row) in zip(ranking.entries, sheet.rows) {
            let code = entry.municipality
            guard code == row.municipality else {
                failures.append("\(label): listed order differs: \(code) vs naive \(row.municipality)")
                continue
            }
            if entry.rank != row.rank {
                failures.append("\(label) \(code): rank \(describe(entry.rank)), naive \(describe(row.rank))")
            }
            if entry.colour != row.colour {
                failures.append("\(label) \(code): colour \(entry.colour), naive \(row.colour)")
            }
            check(entry.value, row.value, "\(label) \(code) value")
            check(entry.score, row.score, "\(label) \(code) score")
            check(entry.zScore, row.zScore, "\(label) \(code) z-score")
        }
        check(ranking.group, sheet.group, "\(label) group")
        check(ranking.country, sheet.country, "\(label) country")
    }

    /// Composite ranks, scores, per-indicator scores and coverage, entry by entry in listed order.
    mutating func check(_ composite: Composite, against rows: [Naive.CompositeRow], label: String) {
        guard composite.entries.count == rows.count else {
            failures.append("\(label): \(composite.entries.count) entries, naive has \(rows.count)")
            return
        }
        for (entry, row) in zip(composite.entries, rows) {
            let code = entry.municipality
            guard code == row.municipality else {
                failures.append("\(label): listed order differs: \(code) vs naive \(row.municipality)")
                continue
            }
            if entry.rank != row.rank {
                failures.append("\(label) \(code): rank \(describe(entry.rank)), naive \(describe(row.rank))")
            }
            if entry.isIncomplete != row.isIncomplete {
                failures.append("\(label) \(code): incomplete \(entry.isIncomplete), naive \(row.isIncomplete)")
            }
            check(entry.score, row.score, "\(label) \(code) composite score")
            guard entry.scores.count == row.scores.count else {
                failures.append("\(label) \(code): \(entry.scores.count) scores, naive \(row.scores.count)")
                continue
            }
            for (index, (a, b)) in zip(entry.scores, row.scores).enumerated() {
                check(a, b, "\(label) \(code) score #\(index + 1)")
            }
        }
    }

    private mutating func check(_ ours: GroupStatistics, _ naive: Naive.Summary, _ label: String) {
        if ours.count != naive.count { failures.append("\(label): count \(ours.count), naive \(naive.count)") }
        check(ours.mean, naive.mean, "\(label) mean")
        check(ours.median, naive.median, "\(label) median")
        check(ours.min, naive.min, "\(label) min")
        check(ours.max, naive.max, "\(label) max")
    }

    /// Equal, or both nil; numbers within 1e-9 of each other, relative to their size (sums taken in
    /// another order may differ in the last bits).
    private mutating func check(_ a: Double?, _ b: Double?, _ label: String) {
        switch (a, b) {
        case (nil, nil):
            return
        case let (a?, b?) where abs(a - b) <= 1e-9 * Swift.max(1, abs(a), abs(b)):
            return
        default:
            failures.append("\(label): \(describe(a)), naive \(describe(b))")
        }
    }

    private func describe<T>(_ value: T?) -> String {
        value.map { "\($0)" } ?? "nil"
    }
}
