/// The median time of one operation and how many timed runs it is the median of.
struct Timing {
    var medianNanoseconds: Double
    var runs: Int
}

/// Collects a number from every timed result so the optimizer cannot prove the work unused and drop it.
/// It is printed at the end, which makes it observable.
final class Sink {
    private(set) var total = 0

    func consume(_ value: Int) {
        total &+= value
    }
}

/// Times `operation`: warms up, then repeats until at least `minimumDuration` of timed work and `minimumRuns`
/// runs, and returns the median, which shrugs off the odd run slowed by a page fault or a scheduler hiccup.
///
/// Each run is timed on its own (not a batch divided by its size) so the median is over real runs; the clock's
/// own cost is tens of nanoseconds, negligible against the shortest operation measured here (tens of µs).
func measure(
    minimumDuration: Duration = .milliseconds(300),
    minimumRuns: Int = 5,
    warmUp: Duration = .milliseconds(50),
    sink: Sink,
    _ operation: () throws -> Int
) rethrows -> Timing {
    let clock = ContinuousClock()

    // Warm-up: at least one run, so caches, lazily initialised state and the allocator are primed.
    let warmUpStart = clock.now
    repeat {
        sink.consume(try operation())
    } while clock.now - warmUpStart < warmUp

    var samples: [Duration] = []
    var measured = Duration.zero
    while samples.count < minimumRuns || measured < minimumDuration {
        let start = clock.now
        let result = try operation()
        let elapsed = clock.now - start
        sink.consume(result)
        samples.append(elapsed)
        measured += elapsed
    }

    samples.sort()
    let middle = samples.count / 2
    let median =
        samples.count % 2 == 1
        ? nanoseconds(samples[middle])
        : (nanoseconds(samples[middle - 1]) + nanoseconds(samples[middle])) / 2
    return Timing(medianNanoseconds: median, runs: samples.count)
}

func nanoseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
}
