/// A log-linear latency histogram in nanoseconds, in the manner of HdrHistogram: values below 256 ns
/// are counted exactly, larger ones in buckets 1/128 of their power of two wide, so a percentile read
/// from it is at most 0.8 % above the true value. Fixed size (43 KiB), no allocation per value.
///
/// Not thread-safe: each event loop records into its own and the histograms are merged at the end.
struct LatencyHistogram: Sendable {
    /// Sub-buckets per power of two above the exact range; 2^subBucketBits of them.
    private static let subBucketBits = 7
    private static let subBuckets = 1 << subBucketBits
    /// Values below this are their own bucket.
    private static let exactLimit = UInt64(2 * subBuckets)
    /// Enough buckets for values below 2^48 ns (about 3 days); larger ones go to the last bucket.
    private static let bucketCount = (48 - subBucketBits + 2) * subBuckets

    private var counts: [UInt64]
    private(set) var count: UInt64 = 0
    private(set) var sum: UInt64 = 0
    private(set) var minimum: UInt64 = .max
    private(set) var maximum: UInt64 = 0

    init() {
        counts = Array(repeating: 0, count: Self.bucketCount)
    }

    /// The bucket a value falls in.
    private static func index(of value: UInt64) -> Int {
        if value < exactLimit { return Int(value) }
        let bits = 64 - value.leadingZeroBitCount
        let shift = bits - subBucketBits - 1
        // value >> shift is in subBuckets..<2*subBuckets, so the buckets of successive shifts follow
        // each other, the first (shift 1) right after the exact range.
        let index = shift * subBuckets + Int(value >> UInt64(shift))
        return min(index, bucketCount - 1)
    }

    /// The largest value that falls in bucket `index`.
    private static func highestValue(inBucket index: Int) -> UInt64 {
        if index < Int(exactLimit) { return UInt64(index) }
        let shift = index / subBuckets - 1
        let mantissa = UInt64(index - shift * subBuckets)
        return ((mantissa + 1) << UInt64(shift)) - 1
    }

    mutating func record(_ nanoseconds: UInt64) {
        counts[Self.index(of: nanoseconds)] += 1
        count += 1
        sum &+= nanoseconds
        minimum = Swift.min(minimum, nanoseconds)
        maximum = Swift.max(maximum, nanoseconds)
    }

    mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
        count += other.count
        sum &+= other.sum
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }

    /// The value at `percentile` (0–100): the highest value of the bucket holding the ⌈p·n⌉-th
    /// smallest recording, never more than the largest value recorded; 0 when empty.
    func value(atPercentile percentile: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = Swift.max(1, UInt64((percentile / 100 * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, bucketCount) in counts.enumerated() where bucketCount > 0 {
            seen += bucketCount
            if seen >= rank { return Swift.min(Self.highestValue(inBucket: index), maximum) }
        }
        return maximum
    }

    /// The mean in nanoseconds; 0 when empty.
    var mean: Double { count == 0 ? 0 : Double(sum) / Double(count) }
}
