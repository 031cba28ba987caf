/// The median time of one operation and how many timed runs it is the median of.
struct Timing {
    var medianNanoseconds: Double
    var runs: Int

    var microseconds: Double { medianNanoseconds / 1e3 }
    var milliseconds: Double { medianNanoseconds / 1e6 }
}

/// Hands `value` to a function the optimizer may not look into, so it cannot prove the work that
/// produced the value unused and drop it. The call itself costs a few nanoseconds.
@inline(never)
@_optimize(none)
func blackHole<T>(_ value: T) {}

/// Times `operation`: warms up, then repeats until at least `minimumDuration` of timed work and
/// `minimumRuns` runs, and returns the median, which shrugs off the odd run slowed by a page fault
/// or a scheduler hiccup.
///
/// Each run is timed on its own with `ContinuousClock` (not a batch divided by its size), so the
/// median is over real calls. A run's timed region is the call, handing its result to
/// ``blackHole(_:)`` and releasing the result: what a caller that uses the result pays.
func measure<Result>(
    minimumRuns: Int,
    minimumDuration: Duration,
    warmUp: Duration,
    _ operation: () throws -> Result
) rethrows -> Timing {
    let clock = ContinuousClock()

    // Warm-up: at least one run, so caches, lazily initialised state and the allocator are primed.
    let warmUpStart = clock.now
    repeat {
        blackHole(try operation())
    } while clock.now - warmUpStart < warmUp

    var samples: [Duration] = []
    var measured = Duration.zero
    while samples.count < minimumRuns || measured < minimumDuration {
        let start = clock.now
        blackHole(try operation())
        let elapsed = clock.now - start
        samples.append(elapsed)
        measured += elapsed
    }
    return Timing(medianNanoseconds: median(samples), runs: samples.count)
}

/// The median of `samples` in nanoseconds; the mean of the two middle ones for an even count.
func median(_ samples: [Duration]) -> Double {
    guard !samples.isEmpty else { return 0 }
    let sorted = samples.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1
        ? nanoseconds(sorted[middle])
        : (nanoseconds(sorted[middle - 1]) + nanoseconds(sorted[middle])) / 2
}

func nanoseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
}
