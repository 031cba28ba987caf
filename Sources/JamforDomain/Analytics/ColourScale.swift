/// Kolada's colour classes, as its Jämföraren draws them.
public enum ColourClass: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Among the best quarter of municipalities with a value.
    case green
    /// Neither the best nor the worst quarter.
    case yellow
    /// Among the worst quarter.
    case red
    /// No value.
    case grey

    public var description: String { rawValue }
}

/// Assigns colour classes against all municipalities with a value (usually the whole country),
/// whatever set is being listed.
///
/// Sort the `n` values best first and let a group of equal values take the positions `a…b`; its
/// middle position is `(a + b) / 2`. The group is green when its middle lies in the best quarter
/// (`(a + b) / 2 ≤ n/4`), red when its middle, counted from the worst end, lies in the worst quarter
/// (`n + 1 − (a + b) / 2 ≤ n/4`), and yellow otherwise. Tied values therefore always share a class, a
/// tie straddling a quarter's boundary goes the way most of its positions lie, and distinct values
/// give exactly ⌊n/4⌋ green and ⌊n/4⌋ red (72 of 290). Indicators reported in whole numbers (HME,
/// NKI) have large ties; the middle rule keeps their green and red near a quarter on average, where
/// requiring the whole tie inside the quarter would starve them. With fewer than four values, or all
/// values equal, everything is yellow.
public struct ColourScale: Sendable {
    public let direction: Direction
    /// The values turned so that higher is better, ascending.
    private let oriented: [Double]

    /// A scale over `values`, the figures of every municipality that has one.
    public init(values: [Double], direction: Direction) {
        self.direction = direction
        self.oriented = values.map(direction.oriented).sorted()
    }

    /// A scale over every value in `slice`.
    public init(_ slice: IndicatorSlice) {
        self.init(values: slice.values, direction: slice.indicator.direction)
    }

    /// How many values the scale was built from.
    public var count: Int { oriented.count }

    /// The class of `value`, one of the values the scale was built from; grey when there is none.
    public func colour(of value: Double?) -> ColourClass {
        guard let value else { return .grey }
        let n = oriented.count
        let target = direction.oriented(value)
        // The tie group's first and last positions, best first: 1 + the values strictly better,
        // and the values at least as good. Twice the middle position is a + b.
        let first = n - upperBound(target) + 1
        let last = n - lowerBound(target)
        guard last >= first else { return .yellow }  // not one of the scale's values
        if 2 * (first + last) <= n { return .green }
        if 2 * (2 * (n + 1) - first - last) <= n { return .red }
        return .yellow
    }

    /// The first index whose value is not below `target`.
    private func lowerBound(_ target: Double) -> Int {
        var low = 0
        var high = oriented.count
        while low < high {
            let middle = (low + high) / 2
            if oriented[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first index whose value is above `target`.
    private func upperBound(_ target: Double) -> Int {
        var low = 0
        var high = oriented.count
        while low < high {
            let middle = (low + high) / 2
            if oriented[middle] <= target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
