/// Kolada's group value and the spread around it, over the members that have a value.
public struct GroupStatistics: Sendable, Hashable, Codable {
    /// How many members contributed a value.
    public var count: Int
    /// How many members have no value (a status marker or no figure at all).
    public var withoutValue: Int
    /// The unweighted mean of the values: every municipality counts once, whatever its size.
    public var mean: Double?
    /// The middle value; the mean of the two middle values when the count is even.
    public var median: Double?
    /// The smallest value.
    public var min: Double?
    /// The largest value.
    public var max: Double?

    /// Members of the group: those with a value and those without.
    public var members: Int { count + withoutValue }

    /// The statistics of `values`; `withoutValue` members are counted but contribute nothing.
    public init(values: [Double], withoutValue: Int = 0) {
        count = values.count
        self.withoutValue = withoutValue
        guard !values.isEmpty else { return }
        let sorted = values.sorted()
        var sum = 0.0
        for value in sorted { sum += value }
        // Cleared of floating-point noise, so that the mean of three 7.1s is 7.1, not 7.099999999999999.
        mean = Analytics.cleaned(sum / Double(sorted.count))
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : Analytics.cleaned((sorted[middle - 1] + sorted[middle]) / 2)
        min = sorted.first
        max = sorted.last
    }
}

extension Analytics {
    /// Standard competition ranks ("1224"): the best value ranks 1, equal values share the better
    /// rank, and the next rank skips as many places as were shared. Entries without a value get nil.
    public static func competitionRanks(_ values: [Double?], direction: Direction) -> [Int?] {
        var order: [Int] = []
        order.reserveCapacity(values.count)
        var oriented: [Double] = Array(repeating: 0, count: values.count)
        for (index, value) in values.enumerated() {
            if let value {
                order.append(index)
                oriented[index] = direction.oriented(value)
            }
        }
        // Best first; equal values keep input order, which does not affect their shared rank.
        order.sort { oriented[$0] > oriented[$1] }
        var ranks = [Int?](repeating: nil, count: values.count)
        var previous = 0.0
        var previousRank = 0
        for (position, index) in order.enumerated() {
            let rank = position > 0 && oriented[index] == previous ? previousRank : position + 1
            ranks[index] = rank
            previous = oriented[index]
            previousRank = rank
        }
        return ranks
    }

    /// Min–max scores from 0 (the worst value in the set) to 100 (the best), turned by direction.
    /// When every value is the same there is no spread to place anyone on, and all score 50.
    public static func normalizedScores(_ values: [Double?], direction: Direction) -> [Double?] {
        var low = Double.infinity
        var high = -Double.infinity
        for case let value? in values {
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        let span = high - low
        return values.map { value in
            guard let value else { return nil }
            guard span > 0 else { return 50 }
            let fraction = direction == .higher ? (value - low) / span : (high - value) / span
            return fraction * 100
        }
    }

    /// Z-scores over the set, turned so that above zero is better than the mean. The spread is the
    /// population standard deviation: the set is all the municipalities being compared, not a
    /// sample of them. With no spread every score is 0.
    public static func zScores(_ values: [Double?], direction: Direction) -> [Double?] {
        var count = 0
        var sum = 0.0
        var low = Double.infinity
        var high = -Double.infinity
        for case let value? in values {
            count += 1
            sum += value
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        guard count > 0 else { return values.map { _ in nil } }
        // Equal values have no spread, whatever rounding makes of their mean (three 7.1s average
        // to 7.099999999999999, which would otherwise give every one a z-score of ±1).
        guard high > low else { return values.map { $0 == nil ? nil : 0 } }
        let mean = sum / Double(count)
        var squares = 0.0
        for case let value? in values { squares += (value - mean) * (value - mean) }
        let deviation = (squares / Double(count)).squareRoot()
        return values.map { value in
            guard let value else { return nil }
            guard deviation > 0 else { return 0 }
            return direction.oriented(value - mean) / deviation
        }
    }
}
