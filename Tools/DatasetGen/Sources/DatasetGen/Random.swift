import Foundation

/// SplitMix64 (Steele, Lea and Flood 2014). Used only to expand a 64-bit seed into xoshiro256** state.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** 1.0 (Blackman and Vigna 2018) with its own uniform and Box–Muller normal draws.
///
/// The generator deliberately does not conform to `RandomNumberGenerator`: the standard library's
/// `random(in:)` algorithms are not guaranteed to stay the same across Swift versions, and the
/// output of this tool must only depend on the seed.
struct Xoshiro256StarStar {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The second value of the last Box–Muller pair, returned by the next `normal()` call.
    private var spareNormal: Double?

    /// Seeds the four state words from a SplitMix64 stream started at `seed`.
    init(seed: UInt64) {
        var splitMix = SplitMix64(seed: seed)
        s0 = splitMix.next()
        s1 = splitMix.next()
        s2 = splitMix.next()
        s3 = splitMix.next()
        spareNormal = nil
    }

    /// An independent stream for one named part of the model, e.g. `"synthetic|hme|0114"`.
    ///
    /// The label is hashed with 64-bit FNV-1a and combined with the seed, so that adding or removing
    /// one stream never shifts the numbers drawn by another.
    init(seed: UInt64, stream label: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        var mixer = SplitMix64(seed: seed ^ hash)
        self.init(seed: mixer.next())
    }

    private static func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }

    mutating func next() -> UInt64 {
        let result = Self.rotateLeft(s1 &* 5, 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = Self.rotateLeft(s3, 45)
        return result
    }

    /// A uniform value in [0, 1) with 53 random bits.
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform value in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        uniform() < probability
    }

    /// A standard normal value by the Box–Muller transform; the second value of each pair is kept for the next call.
    mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // 1 - u is in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - uniform()
        let u2 = uniform()
        let radius = (-2.0 * log(u1)).squareRoot()
        let angle = 2.0 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// A normal value with the given mean and standard deviation.
    mutating func normal(mean: Double, sd: Double) -> Double {
        mean + sd * normal()
    }
}
