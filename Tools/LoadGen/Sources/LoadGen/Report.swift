import Foundation

/// The report: a table, the memory lines, and last the RESULT line.
struct Report {
    var connections: Int
    var inFlight: Int
    var warmup: Double
    /// Seconds measured.
    var window: Double
    var compression: String
    var verification: String
    var mixSize: Int
    var stats: StatsSnapshot
    var serverCPUCores: Double?
    var clientCPUCores: Double?
    /// Busy CPU of the whole machine over the window, in cores.
    var machineCPUCores: Double?
    var cores: Int
    var memory: MemorySummary?
    var serverPID: Int32?

    static func milliseconds(_ nanoseconds: UInt64) -> String {
        String(format: "%.2f", Double(nanoseconds) / 1e6)
    }

    var rps: Double { window > 0 ? Double(stats.histogram.count) / window : 0 }

    func print() {
        let histogram = stats.histogram
        var rows: [(String, String)] = [
            ("connections", "\(connections)"),
            ("in flight per connection", "\(inFlight)"),
            ("compression", compression),
            ("query mix", "\(mixSize) rank requests"),
            ("warm-up", String(format: "%.1f s", warmup)),
            ("measured", String(format: "%.2f s", window)),
            ("requests sent (whole run)", "\(stats.sent)"),
            ("verified responses (whole run)", "\(stats.verified)"),
            (
                "verification (\(verification))",
                "\(stats.decodedAnswers) decoded and checked, \(stats.matchedAnswers) identical to a checked answer"
            ),
            ("measured requests (written in the window)", "\(histogram.count)"),
            ("errors", "\(stats.errors)"),
            ("connections lost", "\(stats.lostConnections)"),
            ("rps", String(format: "%.1f", rps)),
            ("latency p50", "\(Self.milliseconds(histogram.value(atPercentile: 50))) ms"),
            ("latency p90", "\(Self.milliseconds(histogram.value(atPercentile: 90))) ms"),
            ("latency p99", "\(Self.milliseconds(histogram.value(atPercentile: 99))) ms"),
            ("latency p99.9", "\(Self.milliseconds(histogram.value(atPercentile: 99.9))) ms"),
            ("latency max", "\(Self.milliseconds(histogram.maximum)) ms"),
            ("latency mean", String(format: "%.2f ms", histogram.mean / 1e6)),
            (
                "response bytes (whole run)",
                String(
                    format: "%.1f MiB, %llu compressed",
                    Double(stats.responseBytes) / 1_048_576,
                    stats.compressedResponses
                )
            ),
        ]
        if let serverCPUCores { rows.append(("server CPU", String(format: "%.2f cores", serverCPUCores))) }
        if let clientCPUCores { rows.append(("load generator CPU", String(format: "%.2f cores", clientCPUCores))) }
        if let machineCPUCores {
            rows.append(("machine CPU busy", String(format: "%.2f", machineCPUCores) + " of \(cores) cores"))
            let others = machineCPUCores - (serverCPUCores ?? 0) - (clientCPUCores ?? 0)
            let label = serverCPUCores == nil ? "other than the load generator" : "other processes and kernel"
            rows.append(("machine CPU " + label, String(format: "%.2f cores", others)))
        }
        if let memory, let serverPID {
            rows.append(("server RSS at start", Self.mebibytes(memory.start.rssKiB)))
            rows.append(("server RSS after warm-up", Self.mebibytes(memory.afterWarmup.rssKiB)))
            rows.append(("server RSS mid-window", Self.mebibytes(memory.middleOfWindow.rssKiB)))
            rows.append(("server RSS at end", Self.mebibytes(memory.end.rssKiB)))
            rows.append(("server RSS peak (sampled)", Self.mebibytes(memory.peakSampledKiB)))
            rows.append(("server VmHWM (since it started)", Self.mebibytes(memory.peakSinceStartKiB)))
            rows.append(("server RSS trend (measured)", String(format: "%+.2f MiB/min", memory.trendMiBPerMinute)))
            rows.append(
                ("server RSS trend (2nd half)", String(format: "%+.2f MiB/min", memory.secondHalfTrendMiBPerMinute))
            )
            _ = serverPID
        }
        let width = rows.map(\.0.count).max() ?? 0
        for (name, value) in rows {
            Swift.print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
        if !stats.errorKinds.isEmpty {
            Swift.print("errors by kind:")
            for (kind, count) in stats.errorKinds.sorted(by: { $0.value > $1.value }) {
                Swift.print("  \(count)  \(kind)")
            }
        }
        if let memory, let serverPID {
            let timeline = memory.timeline.map { String(format: "%.1f", $0) }.joined(separator: " ")
            Swift.print("server RSS (MiB) every \(memory.timelineStep) s from the start of the run: \(timeline)")
            Swift.print(
                String(
                    format:
                        "MEMORY pid=%ld start_mib=%.1f warm_mib=%.1f mid_mib=%.1f end_mib=%.1f peak_mib=%.1f growth_mib=%+.1f trend_mib_per_min=%+.2f second_half_trend_mib_per_min=%+.2f",
                    Int(serverPID),
                    Double(memory.start.rssKiB) / 1024,
                    Double(memory.afterWarmup.rssKiB) / 1024,
                    Double(memory.middleOfWindow.rssKiB) / 1024,
                    Double(memory.end.rssKiB) / 1024,
                    Double(memory.peakSampledKiB) / 1024,
                    memory.growthMiB,
                    memory.trendMiBPerMinute,
                    memory.secondHalfTrendMiBPerMinute
                )
            )
        }
        let p50 = Self.milliseconds(histogram.value(atPercentile: 50))
        let p99 = Self.milliseconds(histogram.value(atPercentile: 99))
        Swift.print(
            "RESULT rps=\(String(format: "%.1f", rps)) p50_ms=\(p50) p99_ms=\(p99) errors=\(stats.errors) connections=\(connections)"
        )
    }

    static func mebibytes(_ kibibytes: Int) -> String {
        String(format: "%.1f MiB", Double(kibibytes) / 1024)
    }
}
