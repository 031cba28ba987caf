import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// What /proc says about a process at one moment.
struct ProcessSample: Sendable {
    /// Monotonic time of the reading, `NIODeadline.uptimeNanoseconds`.
    var time: UInt64
    /// Resident set size, KiB (VmRSS).
    var rssKiB: Int
    /// Peak resident set size since the process started, KiB (VmHWM).
    var peakKiB: Int
    /// User plus system CPU time, seconds.
    var cpuSeconds: Double
}

/// Reads /proc/PID/status and /proc/PID/stat (Linux only).
enum ProcFS {
    /// Clock ticks per second of the times in /proc/PID/stat.
    static let ticksPerSecond = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))

    /// A reading of `pid` ("self" for this process), or `nil` when it cannot be read (the process is
    /// gone, or this is not Linux).
    static func sample(_ pid: String) -> ProcessSample? {
        let time = NIODeadline.now().uptimeNanoseconds
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        var rss: Int?
        var peak: Int?
        for line in status.split(separator: "\n") {
            if line.hasPrefix("VmRSS:") { rss = kibibytes(line) }
            if line.hasPrefix("VmHWM:") { peak = kibibytes(line) }
        }
        guard let rss else { return nil }
        return ProcessSample(time: time, rssKiB: rss, peakKiB: peak ?? rss, cpuSeconds: cpuSeconds(pid) ?? 0)
    }

    /// Busy CPU time of the whole machine (all processes, all cores), seconds: the first line of
    /// /proc/stat less its idle and iowait columns.
    static func machineBusySeconds() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 5 else { return nil }
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        let counted = ticks.prefix(8)
        return (counted.reduce(0, +) - ticks[3] - ticks[4]) / ticksPerSecond
    }

    /// `VmRSS:    123456 kB` → 123456.
    private static func kibibytes(_ line: Substring) -> Int? {
        line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
    }

    /// utime + stime of /proc/PID/stat, in seconds.
    static func cpuSeconds(_ pid: String) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        // The command name (field 2) is in parentheses and may contain spaces: split after its end.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the name: field 3 is state (index 0 here), so utime (14) is index 11 and stime (15) index 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }
}

/// Samples a process's memory once a second in the background, for the memory line of the report.
final class MemorySampler: Sendable {
    let pid: Int32
    private let samples = NIOLockedValueBox<[ProcessSample]>([])
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(pid: Int32) {
        self.pid = pid
    }

    /// Takes a sample now and then one every `interval` until ``stop()``.
    func start(interval: Duration = .seconds(1)) {
        sampleNow()
        let sampling = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                sampleNow()
            }
        }
        task.withLockedValue { $0 = sampling }
    }

    /// Takes one sample now (also at the phase boundaries, so they are sampled exactly).
    @discardableResult
    func sampleNow() -> ProcessSample? {
        guard let sample = ProcFS.sample(String(pid)) else { return nil }
        samples.withLockedValue { $0.append(sample) }
        return sample
    }

    /// Stops sampling and returns every sample taken, oldest first.
    func stop() -> [ProcessSample] {
        task.withLockedValue { $0?.cancel() }
        sampleNow()
        return samples.withLockedValue { $0 }.sorted { $0.time < $1.time }
    }
}

/// The memory line(s) of the report, from the samples of one process.
struct MemorySummary: Sendable {
    var start: ProcessSample
    var afterWarmup: ProcessSample
    var end: ProcessSample
    var peakSampledKiB: Int
    var peakSinceStartKiB: Int
    /// Least-squares slope of RSS over the measured window, MiB per minute.
    var trendMiBPerMinute: Double
    /// The same over the second half of the window, once the first connections' and requests' memory
    /// has settled.
    var secondHalfTrendMiBPerMinute: Double
    /// The first sample from the middle of the window on.
    var middleOfWindow: ProcessSample
    /// RSS at the end minus RSS after warm-up, MiB.
    var growthMiB: Double
    /// RSS every `timelineStep` seconds over the whole run, MiB.
    var timeline: [Double]
    var timelineStep: Int

    /// - Parameters:
    ///   - samples: oldest first.
    ///   - measureStart, measureEnd: the measured window (monotonic nanoseconds).
    init?(samples: [ProcessSample], measureStart: UInt64, measureEnd: UInt64, timelineStep: Int) {
        guard let first = samples.first, let last = samples.last else { return nil }
        start = first
        afterWarmup = samples.first { $0.time >= measureStart } ?? last
        end = samples.last { $0.time <= measureEnd } ?? last
        peakSampledKiB = samples.map(\.rssKiB).max() ?? first.rssKiB
        peakSinceStartKiB = last.peakKiB
        growthMiB = Double(end.rssKiB - afterWarmup.rssKiB) / 1024

        let window = samples.filter { $0.time >= measureStart && $0.time <= measureEnd }
        trendMiBPerMinute = Self.slope(window)
        let middle = measureStart + (measureEnd - measureStart) / 2
        secondHalfTrendMiBPerMinute = Self.slope(window.filter { $0.time >= middle })
        middleOfWindow = samples.first { $0.time >= middle } ?? last

        self.timelineStep = max(1, timelineStep)
        var timeline: [Double] = []
        var next = first.time
        for sample in samples where sample.time >= next {
            timeline.append(Double(sample.rssKiB) / 1024)
            next = sample.time + UInt64(self.timelineStep) * 1_000_000_000 - 500_000_000
        }
        self.timeline = timeline
    }

    /// Least-squares slope of RSS (MiB) against time (minutes); 0 with fewer than two samples.
    private static func slope(_ samples: [ProcessSample]) -> Double {
        guard samples.count >= 2, let first = samples.first else { return 0 }
        let xs = samples.map { Double($0.time - first.time) / 60e9 }
        let ys = samples.map { Double($0.rssKiB) / 1024 }
        let meanX = xs.reduce(0, +) / Double(xs.count)
        let meanY = ys.reduce(0, +) / Double(ys.count)
        var numerator = 0.0
        var denominator = 0.0
        for (x, y) in zip(xs, ys) {
            numerator += (x - meanX) * (y - meanY)
            denominator += (x - meanX) * (x - meanX)
        }
        return denominator > 0 ? numerator / denominator : 0
    }
}
