import JamforDomain

/// A "spreadsheet" baseline: the rank290 and composite290 work done the way an analyst's
/// workbook does it, one formula per cell, each formula recomputing what it needs from the
/// whole column. It is the alternative the library is measured against, not a model of how to
/// write it; it is checked against `Analytics` before it is timed.
enum Naive {
    /// One municipality's row in the naive ranking sheet.
    struct RankRow {
        var municipality: MunicipalityCode
        var value: Double?
        var rank: Int?
        var colour: ColourClass
        var score: Double?
        var zScore: Double?
    }

    /// The naive ranking sheet: a row per member, sorted as `Analytics.rank` sorts, and the group
    /// values of the members and of the country.
    struct RankSheet {
        var rows: [RankRow]
        var group: Summary
        var country: Summary
    }

    /// The group-value cells: `COUNT`, `AVERAGE`, `MEDIAN`, `MIN`, `MAX`.
    struct Summary {
        var count: Int
        var mean: Double?
        var median: Double?
        var min: Double?
        var max: Double?
    }

    /// The rank290 work, cell by cell:
    ///
    /// * rank: `1 + COUNTIF(values better than this one)`, a pass over the column per cell (O(n²));
    /// * colour: the value's tie group located with two `COUNTIF`s over the country's column in
    ///   every cell (O(n²)), then Kolada's quarters with the middle-position rule for ties;
    /// * min–max score: `MIN` and `MAX` of the column recomputed in every cell;
    /// * z-score: `AVERAGE` and `STDEV.P` of the column recomputed in every cell;
    /// * group values: `AVERAGE`, and `MEDIAN` from a fresh sort, for the members and the country;
    /// * finally the sheet is sorted by rank, then code.
    static func rank(_ slice: IndicatorSlice, members: [MunicipalityCode]) -> RankSheet {
        let direction = slice.indicator.direction
        let values = members.map { slice.reading(for: $0)?.value }
        let countryValues = slice.readings.compactMap(\.value)

        var rows: [RankRow] = []
        rows.reserveCapacity(members.count)
        for (index, code) in members.enumerated() {
            guard let value = values[index] else {
                rows.append(
                    RankRow(municipality: code, value: nil, rank: nil, colour: .grey, score: nil, zScore: nil)
                )
                continue
            }
            rows.append(
                RankRow(
                    municipality: code,
                    value: value,
                    rank: rankCell(value, values, direction),
                    colour: colourCell(value, countryValues, direction),
                    score: minMaxCell(value, values, direction),
                    zScore: zScoreCell(value, values, direction)
                )
            )
        }
        rows.sort { a, b in
            switch (a.rank, b.rank) {
            case let (ra?, rb?): return ra != rb ? ra < rb : a.municipality < b.municipality
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.municipality < b.municipality
            }
        }
        return RankSheet(
            rows: rows,
            group: summary(values.compactMap { $0 }),
            country: summary(countryValues)
        )
    }

    /// `1 + COUNTIF(column, "better than" value)`.
    static func rankCell(_ value: Double, _ column: [Double?], _ direction: Direction) -> Int {
        var better = 0
        for case let other? in column where direction.isBetter(other, than: value) { better += 1 }
        return better + 1
    }

    /// The tie group's first and last positions from two `COUNTIF`s over the country's column
    /// (better than the value, and at least as good), then the middle-position rule: green when
    /// `2(first + last) ≤ n`, red when `2(2(n + 1) − first − last) ≤ n`.
    static func colourCell(_ value: Double, _ country: [Double], _ direction: Direction) -> ColourClass {
        let n = country.count
        var better = 0
        var atLeastAsGood = 0
        for other in country {
            if direction.isBetter(other, than: value) { better += 1 }
            if !direction.isBetter(value, than: other) { atLeastAsGood += 1 }
        }
        let first = better + 1
        let last = atLeastAsGood
        guard last >= first else { return .yellow }
        if 2 * (first + last) <= n { return .green }
        if 2 * (2 * (n + 1) - first - last) <= n { return .red }
        return .yellow
    }

    /// `(value − MIN) / (MAX − MIN) × 100`, turned by direction, with `MIN` and `MAX` recomputed.
    static func minMaxCell(_ value: Double, _ column: [Double?], _ direction: Direction) -> Double {
        var low = Double.infinity
        var high = -Double.infinity
        for case let other? in column {
            low = Swift.min(low, other)
            high = Swift.max(high, other)
        }
        let span = high - low
        guard span > 0 else { return 50 }
        return (direction == .higher ? (value - low) / span : (high - value) / span) * 100
    }

    /// `(value − AVERAGE) / STDEV.P`, turned by direction, with both recomputed.
    static func zScoreCell(_ value: Double, _ column: [Double?], _ direction: Direction) -> Double {
        var count = 0
        var sum = 0.0
        for case let other? in column {
            count += 1
            sum += other
        }
        let mean = sum / Double(count)
        var squares = 0.0
        for case let other? in column { squares += (other - mean) * (other - mean) }
        let deviation = (squares / Double(count)).squareRoot()
        guard deviation > 0 else { return 0 }
        return direction.oriented(value - mean) / deviation
    }

    /// The group-value cells, `MEDIAN` from a fresh sort.
    static func summary(_ values: [Double]) -> Summary {
        guard !values.isEmpty else { return Summary(count: 0) }
        var sum = 0.0
        for value in values { sum += value }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return Summary(
            count: values.count,
            mean: sum / Double(values.count),
            median: sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2,
            min: sorted.first,
            max: sorted.last
        )
    }

    /// One municipality's row in the naive composite sheet.
    struct CompositeRow {
        var municipality: MunicipalityCode
        var score: Double?
        var rank: Int?
        var scores: [Double?]
        var isIncomplete: Bool
    }

    /// The composite290 work, cell by cell: each indicator's min–max score with `MIN` and `MAX`
    /// recomputed in every cell, the equally weighted mean of the scores a member has (`ROUND(…, 9)`,
    /// as the library cleans it), the coverage rule, a `COUNTIF` rank and a final sort.
    static func composite(
        _ slices: [IndicatorSlice],
        members: [MunicipalityCode],
        maximumMissingShare: Double = 0.25
    ) -> [CompositeRow] {
        let columns = slices.map { slice in members.map { slice.reading(for: $0)?.value } }
        let allowedMissing = Int((maximumMissingShare * Double(slices.count) + 1e-9).rounded(.down))
        var rows: [CompositeRow] = []
        rows.reserveCapacity(members.count)
        for (memberIndex, code) in members.enumerated() {
            var scores: [Double?] = []
            var sum = 0.0
            var covered = 0
            for (slice, column) in zip(slices, columns) {
                guard let value = column[memberIndex] else {
                    scores.append(nil)
                    continue
                }
                let score = minMaxCell(value, column, slice.indicator.direction)
                scores.append(score)
                sum += score
                covered += 1
            }
            let incomplete = slices.count - covered > allowedMissing || covered == 0
            rows.append(
                CompositeRow(
                    municipality: code,
                    score: incomplete ? nil : roundedToNineDecimals(sum / Double(covered)),
                    rank: nil,
                    scores: scores,
                    isIncomplete: incomplete
                )
            )
        }
        let composite = rows.map(\.score)
        for index in rows.indices {
            if let score = rows[index].score { rows[index].rank = rankCell(score, composite, .higher) }
        }
        rows.sort { a, b in
            switch (a.rank, b.rank) {
            case let (ra?, rb?): return ra != rb ? ra < rb : a.municipality < b.municipality
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.municipality < b.municipality
            }
        }
        return rows
    }

    /// `ROUND(x, 9)`: the rounding the library applies to a composite score.
    static func roundedToNineDecimals(_ x: Double) -> Double {
        let scaled = x * 1e9
        guard abs(scaled) < 9e15 else { return x }
        return scaled.rounded() / 1e9
    }
}

extension Naive.Summary {
    init(count: Int) {
        self.init(count: count, mean: nil, median: nil, min: nil, max: nil)
    }
}
