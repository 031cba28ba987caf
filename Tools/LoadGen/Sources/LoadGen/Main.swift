import ArgumentParser
import Foundation
import JamforWire
import JamforWireNIO
import NIOCore
import NIOPosix

/// `jamfor-load`: opens N connections to a Jamfor server, keeps K rank requests in flight on each,
/// verifies every answer and reports throughput and latency, ending with one RESULT line.
@main
struct LoadGen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jamfor-load",
        abstract: "Load a Jamfor server with rank requests and report throughput, latency and errors.",
        discussion: """
            Every response is verified; an error frame, a wrong answer or a request the server never \
            answers counts as an error. Connections are not reopened. Progress goes to standard error; \
            the report goes to standard output and its last line is

              RESULT rps=A p50_ms=B p99_ms=C errors=D connections=N

            Examples:
              jamfor-load --port 7411 --connections 64 --in-flight 8 --duration 20 --warmup 3
              jamfor-load --port 7411 --connections 1000 --duration 60 --max-rss-pid 12345
              jamfor-load --port 7411 --requests 100000 --user analyst --token "$JAMFOR_TOKEN"
            """
    )

    @Option(help: "The server's address.")
    var host = "127.0.0.1"

    @Option(help: "The server's TCP port.")
    var port: Int

    @Option(help: "Connections to open (N).")
    var connections = 64

    @Option(help: "Rank requests kept in flight on each connection (K).")
    var inFlight = 2

    @Option(help: "Seconds to measure, after the warm-up (default 20 unless --requests is given).")
    var duration: Double?

    @Option(help: "Requests to measure, after the warm-up, shared between the connections (instead of --duration).")
    var requests: Int?

    @Option(help: "Seconds of load before the measurement starts; not measured.")
    var warmup = 3.0

    @Option(help: "User name; without --user and --token the connections are anonymous.")
    var user: String?

    @Option(help: "The user's token (default: $JAMFOR_TOKEN when --user is given).")
    var token: String?

    @Option(help: "Compression to offer: none or zlib (the server agrees to zlib when offered).")
    var compression = "none"

    @Option(
        help: """
            How answers are verified: full (decode and check every answer) or memo (an answer byte for byte \
            identical to one already decoded and checked for the same request is accepted without decoding \
            it again; any other answer is decoded and checked).
            """
    )
    var verify = "memo"

    @Option(help: "Indicators of the mix, comma-separated.")
    var indicators = QueryMix.defaultIndicators.joined(separator: ",")

    @Option(help: "Periods of the mix, comma-separated.")
    var periods = QueryMix.defaultPeriods.joined(separator: ",")

    @Option(help: "Sets of the mix, comma-separated: network ids and 'country'.")
    var sets = QueryMix.defaultSets.joined(separator: ",")

    @Option(help: "Scope of every request: kommun or ks.")
    var scope = "kommun"

    @Option(help: "Gender of every request: T, K or M.")
    var gender = "T"

    @Option(help: "Sample this process's memory (/proc/PID/status) every second and report it: the server's pid.")
    var maxRssPid: Int32?

    @Option(help: "Seconds between the RSS values of the memory timeline.")
    var rssTimelineStep = 10

    @Option(help: "Event loop threads (default: one per core).")
    var threads = System.coreCount

    @Option(help: "Connections being opened at once.")
    var connectConcurrency = 100

    @Option(help: "Seconds to wait, after the measurement, for answers still in flight.")
    var drainTimeout = 10.0

    func validate() throws {
        guard connections >= 1 else { throw ValidationError("--connections must be at least 1") }
        guard inFlight >= 1 else { throw ValidationError("--in-flight must be at least 1") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be in 1…65535") }
        if duration != nil && requests != nil { throw ValidationError("give --duration or --requests, not both") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
        if let requests, requests < 1 { throw ValidationError("--requests must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup cannot be negative") }
        guard Verification(rawValue: verify) != nil else { throw ValidationError("--verify is full or memo") }
        guard ["none", "zlib"].contains(compression) else { throw ValidationError("--compression is none or zlib") }
        if token != nil && user == nil { throw ValidationError("--token needs --user") }
        guard threads >= 1, connectConcurrency >= 1, drainTimeout >= 0, rssTimelineStep >= 1 else {
            throw ValidationError("--threads, --connect-concurrency and --rss-timeline-step must be positive")
        }
    }

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        do {
            try await runLoad(group: group)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }

    private func hello() throws -> Hello {
        var credentials: Credentials?
        if let user {
            guard let token = token ?? ProcessInfo.processInfo.environment["JAMFOR_TOKEN"] else {
                throw ValidationError("--user needs --token (or JAMFOR_TOKEN)")
            }
            credentials = Credentials(user: user, token: token)
        }
        return Hello(
            clientName: "jamfor-load/1",
            credentials: credentials,
            compression: compression == "zlib" ? [CompressionAlgorithm.zlib] : []
        )
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func runLoad(group: MultiThreadedEventLoopGroup) async throws {
        let hello = try hello()
        let (welcome, catalog) = try await ControlConnection.fetchCatalog(
            host: host,
            port: port,
            hello: hello,
            group: group
        )
        if inFlight > Int(welcome.limits.maxInFlightRequests) {
            throw LoadError(
                "--in-flight \(inFlight) is more than the \(welcome.limits.maxInFlightRequests) requests in flight the server allows"
            )
        }
        let queries = try QueryMix.build(
            indicators: Self.list(indicators),
            periods: Self.list(periods),
            sets: Self.list(sets),
            scope: scope,
            gender: gender,
            catalog: catalog
        )
        guard !queries.isEmpty else { throw LoadError("the query mix is empty") }
        let plan = LoadPlan(
            queries: queries,
            inFlight: inFlight,
            hello: hello,
            verification: Verification(rawValue: verify) ?? .full
        )
        log(
            "server \(welcome.serverName) as \(welcome.principal.name); compression \(welcome.compression ?? "none"); "
                + "mix of \(queries.count) rank requests; \(catalog.municipalities.count) municipalities"
        )

        let sampler = maxRssPid.map { MemorySampler(pid: $0) }
        sampler?.start()

        // Connect and shake hands first, so the load starts on all connections at once.
        let loops = Array(group.makeIterator())
        var boundStats: [NIOLoopBound<LoopStats>] = []
        for loop in loops {
            // Made on its loop, where NIOLoopBound checks it is used.
            boundStats.append(try await loop.submit { NIOLoopBound(LoopStats(), eventLoop: loop) }.get())
        }
        let loopStats = boundStats
        let connectStart = NIODeadline.now()
        var channels: [any Channel] = []
        var doneFutures: [EventLoopFuture<Void>] = []
        channels.reserveCapacity(connections)
        var firstIndex = 0
        while firstIndex < connections {
            let batch = firstIndex..<min(connections, firstIndex + connectConcurrency)
            let opened = try await withThrowingTaskGroup(of: (Int, any Channel, EventLoopFuture<Void>).self) { tasks in
                for index in batch {
                    let loopIndex = index % loops.count
                    tasks.addTask {
                        try await Self.open(
                            index: index,
                            host: host,
                            port: port,
                            plan: plan,
                            loop: loops[loopIndex],
                            stats: loopStats[loopIndex]
                        )
                    }
                }
                var opened: [(Int, any Channel, EventLoopFuture<Void>)] = []
                for try await connection in tasks { opened.append(connection) }
                return opened.sorted { $0.0 < $1.0 }
            }
            for (_, channel, done) in opened {
                channels.append(channel)
                doneFutures.append(done)
            }
            firstIndex = batch.upperBound
        }
        let connectSeconds = Double((NIODeadline.now() - connectStart).nanoseconds) / 1e9
        log("\(channels.count) connections open and shaken hands in \(String(format: "%.2f", connectSeconds)) s")

        // The run: warm-up, then the measured window (duration mode) or quota (count mode).
        let startTime = NIODeadline.now().uptimeNanoseconds
        let measureStart = startTime + UInt64(warmup * 1e9)
        let measuredSeconds = requests == nil ? (duration ?? 20) : nil
        let measureEnd = measuredSeconds.map { measureStart + UInt64($0 * 1e9) }
        for (index, channel) in channels.enumerated() {
            var quota: Int?
            if let requests {
                quota = requests / connections + (index < requests % connections ? 1 : 0)
            }
            let start = StartLoad(measureStart: measureStart, measureEnd: measureEnd, quota: quota)
            channel.pipeline.fireUserInboundEventTriggered(start)
        }
        if warmup > 0 { log("warming up for \(warmup) s") }
        try await sleep(until: measureStart)
        let serverCPUAtStart = maxRssPid.flatMap { ProcFS.cpuSeconds(String($0)) }
        let clientCPUAtStart = ProcFS.cpuSeconds("self")
        let machineCPUAtStart = ProcFS.machineBusySeconds()
        sampler?.sampleNow()
        if let measuredSeconds {
            log("measuring for \(measuredSeconds) s")
        } else {
            log("measuring \(requests ?? 0) requests")
        }

        let allDone = EventLoopFuture.andAllComplete(doneFutures, on: group.any())
        var serverCPUAtEnd: Double?
        var clientCPUAtEnd: Double?
        var machineCPUAtEnd: Double?
        // When the CPU was read at the end: the CPU shares are over measureStart…cpuReadAt.
        var cpuReadAt = measureEnd ?? measureStart
        if let measureEnd {
            try await sleep(until: measureEnd)
            serverCPUAtEnd = maxRssPid.flatMap { ProcFS.cpuSeconds(String($0)) }
            clientCPUAtEnd = ProcFS.cpuSeconds("self")
            machineCPUAtEnd = ProcFS.machineBusySeconds()
            sampler?.sampleNow()
            log("draining the requests in flight")
            _ = try? await Self.withTimeout(seconds: drainTimeout, allDone, on: group.any())
        } else {
            // Count mode ends when every connection has written and seen answered its share, unless
            // answers stop coming: then what is still in flight counts as errors.
            var answered = try await Self.answered(loops: loops, stats: loopStats)
            while try await !Self.withTimeout(seconds: max(drainTimeout, 1), allDone, on: group.any()) {
                let now = try await Self.answered(loops: loops, stats: loopStats)
                if now == answered {
                    log("no answer for \(max(drainTimeout, 1)) s; stopping")
                    break
                }
                answered = now
            }
            cpuReadAt = NIODeadline.now().uptimeNanoseconds
            serverCPUAtEnd = maxRssPid.flatMap { ProcFS.cpuSeconds(String($0)) }
            clientCPUAtEnd = ProcFS.cpuSeconds("self")
            machineCPUAtEnd = ProcFS.machineBusySeconds()
            sampler?.sampleNow()
        }

        // Close every connection; whatever is still unanswered counts as an error.
        for channel in channels { channel.pipeline.fireUserInboundEventTriggered(StopLoad()) }
        for channel in channels { try? await channel.closeFuture.get() }
        let samples = sampler?.stop() ?? []

        var total = StatsSnapshot()
        for (index, loop) in loops.enumerated() {
            let stats = loopStats[index]
            total.merge(try await loop.submit { stats.value.snapshot }.get())
        }
        let windowEnd = measureEnd ?? max(total.lastMeasuredCompletion, measureStart)
        let window = Double(windowEnd - measureStart) / 1e9
        let cpuWindow = max(Double(cpuReadAt - measureStart) / 1e9, 1e-3)
        let serverCPU = both(serverCPUAtStart, serverCPUAtEnd).map { ($1 - $0) / cpuWindow }
        let clientCPU = both(clientCPUAtStart, clientCPUAtEnd).map { ($1 - $0) / cpuWindow }
        let machineCPU = both(machineCPUAtStart, machineCPUAtEnd).map { ($1 - $0) / cpuWindow }
        let memory = MemorySummary(
            samples: samples,
            measureStart: measureStart,
            measureEnd: windowEnd,
            timelineStep: rssTimelineStep
        )
        let report = Report(
            connections: channels.count,
            inFlight: inFlight,
            warmup: warmup,
            window: window,
            compression: welcome.compression ?? "none",
            verification: verify,
            mixSize: queries.count,
            stats: total,
            serverCPUCores: serverCPU,
            clientCPUCores: clientCPU,
            machineCPUCores: machineCPU,
            cores: System.coreCount,
            memory: memory,
            serverPID: maxRssPid
        )
        report.print()
        if total.errors > 0 || total.lostConnections > 0 {
            throw ExitCode(1)
        }
    }

    /// Opens connection `index` on `loop` and waits for its handshake; returns the channel and the
    /// future that completes when the connection has finished its share of the run.
    private static func open(
        index: Int,
        host: String,
        port: Int,
        plan: LoadPlan,
        loop: any EventLoop,
        stats: NIOLoopBound<LoopStats>
    ) async throws -> (Int, any Channel, EventLoopFuture<Void>) {
        let welcome = loop.makePromise(of: Welcome.self)
        let done = loop.makePromise(of: Void.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(.seconds(10))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = LoadHandler(
                            index: index,
                            plan: plan,
                            stats: stats.value,
                            welcome: welcome,
                            done: done
                        )
                        try channel.pipeline.syncOperations.addHandlers(
                            ByteToMessageHandler(FrameDecoder()),
                            handler
                        )
                    }
                }
                .connect(host: host, port: port)
                .get()
        } catch {
            welcome.fail(error)
            done.succeed()
            throw LoadError("connection \(index + 1) could not connect to \(host):\(port): \(error)")
        }
        do {
            _ = try await welcome.futureResult.get()
        } catch {
            try? await channel.close()
            throw LoadError("connection \(index + 1): \(error)")
        }
        return (index, channel, done.futureResult)
    }

    /// How many answers (verified or not) the connections have had so far.
    private static func answered(loops: [any EventLoop], stats: [NIOLoopBound<LoopStats>]) async throws -> UInt64 {
        var total: UInt64 = 0
        for (loop, bound) in zip(loops, stats) {
            total += try await loop.submit { bound.value.verified + bound.value.errors }.get()
        }
        return total
    }

    /// Waits for `future`, at most `seconds`; returns whether it completed in time.
    private static func withTimeout(
        seconds: Double,
        _ future: EventLoopFuture<Void>,
        on loop: any EventLoop
    ) async throws -> Bool {
        let promise = loop.makePromise(of: Bool.self)
        let timer = loop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) { promise.succeed(false) }
        future.whenComplete { _ in
            timer.cancel()
            promise.succeed(true)
        }
        return try await promise.futureResult.get()
    }

    private func sleep(until deadline: UInt64) async throws {
        let now = NIODeadline.now().uptimeNanoseconds
        if deadline > now { try await Task.sleep(nanoseconds: deadline - now) }
    }

    private func log(_ message: String) {
        FileHandle.standardError.write(Data("jamfor-load: \(message)\n".utf8))
    }
}

/// A failure to report as it is.
struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The pair of two optionals, when both are there.
private func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
