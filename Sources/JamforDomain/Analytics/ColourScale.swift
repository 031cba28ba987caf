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
/// Sort the `n` values best first and let a group of equal values take the positions `a…b`.
/// The group is green when all of it lies in the best quarter (`b ≤ n/4`), red when all of it lies
/// in the worst quarter (`n − a + 1 ≤ n/4`), and yellow otherwise. So tied values always share a
/// class, a tie that straddles a quarter's boundary is yellow, no more than a quarter is ever green
/// or red, and with fewer than four values, or all values equal, everything is yellow.
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

    /// The class of `value`; grey when there is none.
    public func colour(of value: Double?) -> ColourClass {
        guard let value else { return .grey }
        let n = oriented.count
        let target = direction.oriented(value)
        // Values strictly better than this one, and values at least as good.
        let better = n - upperBound(target)
        let atLeastAsGood = n - lowerBound(target)
        if atLeastAsGood * 4 <= n && atLeastAsGood > 0 { return .green }
        if (n - better) * 4 <= n && n - better > 0 { return .red }
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
