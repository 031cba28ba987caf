import Foundation
import JamforWire
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// Crash safety of the real `jamfor serve` process: it is killed with SIGKILL while it ingests
// pipelined submissions, restarted on the same database, and the stored figures are checked batch by
// batch. Every batch the server acknowledged must be there in full, no batch may be there in part,
// and resending a batch with its idempotency key must replay exactly the batches that are stored.

@Suite("Crash safety")
struct CrashSafetyTests {
    /// How many times the server is killed in one run.
    static let cycles = 3
    /// The range the number of acknowledgements before a kill is drawn from.
    static let acknowledgementsBeforeKill = 20...60
    /// The range the number of submissions in flight at once is drawn from.
    static let windows = 4...8
    /// The range of the pause before a kill, in microseconds.
    static let killDelays = 0...20_000
    /// The seed of the kill points and windows; `JAMFOR_CRASH_SEED` overrides it.
    static let defaultSeed: UInt64 = 0x4A41_4D46_4F52

    @Test(.timeLimit(.minutes(1)))
    func acknowledgedBatchesSurviveSIGKILLAndNoBatchIsStoredInPart() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let executable = try CrashHarness.jamforExecutable()
        let directory = try CrashHarness.temporaryDirectory()
        let children = ChildProcesses(executable: executable, directory: directory)
        defer {
            children.killAll()
            try? FileManager.default.removeItem(at: directory)
        }
        let database = directory.appendingPathComponent("jamfor.sqlite").path
        let user = "crash-admin"
        let token = try await children.createAdmin(named: user, database: database)
        let hello = Hello.testing(user: user, token: token)
        let seed = ProcessInfo.processInfo.environment["JAMFOR_CRASH_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed
        var random = SeededGenerator(seed: seed)
        print("crash safety: seed \(seed), \(CrashPlan.batches.count) batches of \(CrashPlan.batchSize) planned")

        let batches = CrashPlan.batches
        // Batches sent at least once, and batches known to be stored (acknowledged, or resent after
        // a restart and then acknowledged).
        var sent = Set<Int>()
        var settled = Set<Int>()
        var nextBatch = 0
        var server = try await children.startServer(database: database)

        for cycle in 1...Self.cycles {
            let cycleStart = clock.now
            let killAfter = Int.random(in: Self.acknowledgementsBeforeKill, using: &random)
            let window = Int.random(in: Self.windows, using: &random)
            // A pause between the last acknowledgement read and the kill, so that the kill finds the
            // server at different points of its work.
            let killDelay = Duration.microseconds(Int.random(in: Self.killDelays, using: &random))
            let pending = Array(batches[nextBatch...])
            let victim = server
            let run = try await TestClient.connect(port: server.port) { client in
                try await client.handshake(hello)
                var ids = RequestIDs()
                return try await CrashHarness.pipeline(
                    client,
                    pending,
                    window: window,
                    ids: &ids,
                    killAfter: killAfter,
                    kill: {
                        if killDelay > .zero { try? await Task.sleep(for: killDelay) }
                        victim.kill()
                    }
                )
            }
            let killedAt = clock.now
            try #require(run.killed, "cycle \(cycle): ran out of batches before \(killAfter) acknowledgements")
            try await victim.waitForExit(within: .seconds(10))
            #expect(
                victim.wasKilled,
                "cycle \(cycle): the server ended otherwise than by SIGKILL: \(victim.exitDescription)"
            )
            #expect(run.errors.isEmpty, "cycle \(cycle): submissions failed before the kill: \(run.errors)")
            for (index, answer) in run.answers {
                #expect(answer == CrashPlan.freshAnswer, "cycle \(cycle): batch \(index) was answered \(answer)")
            }
            sent.formUnion(run.sent)
            let acknowledged = Set(run.answers.keys)
            let unacknowledged = run.sent.filter { !acknowledged.contains($0) }
            nextBatch = (run.sent.max() ?? nextBatch - 1) + 1

            server = try await children.startServer(database: database)
            let restartedAt = clock.now
            let current = server
            let outcome = try await TestClient.connect(port: current.port) { client in
                try await client.handshake(hello)
                var ids = RequestIDs()
                // (a) and (b): what survived the kill.
                let exported = try await CrashHarness.export(client, ids: &ids, submitter: user)
                let check = CrashCheck(
                    batches: batches,
                    sent: sent,
                    acknowledged: settled.union(acknowledged),
                    exported: exported
                )
                #expect(
                    check.problems.isEmpty,
                    "cycle \(cycle) after the kill:\n\(check.problems.joined(separator: "\n"))"
                )

                // (c): resending replays exactly the stored batches and completes the others.
                let resent = run.sent.map { batches[$0] }
                let again = try await CrashHarness.pipeline(client, resent, window: window, ids: &ids)
                #expect(again.errors.isEmpty, "cycle \(cycle): resubmissions failed: \(again.errors)")
                for index in run.sent {
                    let answer = again.answers[index]
                    if let first = run.answers[index] {
                        var replay = first
                        replay.replayed = true
                        #expect(
                            answer == replay,
                            "cycle \(cycle): acknowledged batch \(index) resent: \(String(describing: answer))"
                        )
                    } else if check.stored.contains(index) {
                        #expect(
                            answer == CrashPlan.replayedAnswer,
                            "cycle \(cycle): batch \(index), stored before the kill, resent: \(String(describing: answer))"
                        )
                    } else {
                        #expect(
                            answer == CrashPlan.freshAnswer,
                            "cycle \(cycle): batch \(index), not stored before the kill, resent: \(String(describing: answer))"
                        )
                    }
                }
                return (stored: check.stored, exportedCount: exported.count)
            }
            settled.formUnion(run.sent)
            let committedUnacknowledged = unacknowledged.filter { outcome.stored.contains($0) }
            print(
                """
                crash safety cycle \(cycle): window \(window), killed \(killDelay) after \(killAfter) acknowledgements \
                (\(run.drained) more read after the kill); \(run.inFlightAtKill.count) in flight at the kill \
                \(run.inFlightAtKill); \(unacknowledged.count) never acknowledged, of which \
                \(committedUnacknowledged.count) stored \(committedUnacknowledged); \(outcome.exportedCount) figures \
                exported; submit \(killedAt - cycleStart), restart \(restartedAt - killedAt), \
                check and resend \(clock.now - restartedAt)
                """
            )
        }

        // Everything sent is stored now, in full, after a last export from the running server.
        let final = server
        let exported = try await TestClient.connect(port: final.port) { client in
            try await client.handshake(hello)
            var ids = RequestIDs()
            return try await CrashHarness.export(client, ids: &ids, submitter: user)
        }
        let check = CrashCheck(batches: batches, sent: sent, acknowledged: settled, exported: exported)
        #expect(check.problems.isEmpty, "at the end:\n\(check.problems.joined(separator: "\n"))")
        #expect(check.stored == settled)
        #expect(exported.count == settled.count * CrashPlan.batchSize)
        final.terminate()
        try await final.waitForExit(within: .seconds(10))
        #expect(final.exitedCleanly, "the server did not stop cleanly on SIGTERM: \(final.exitDescription)")
        print("crash safety: \(settled.count) batches stored in the end; \(clock.now - started) in all")
    }

    // MARK: The checker can fail

    /// A consistent picture: batches 0 and 1 acknowledged and stored, 2 sent and stored without an
    /// acknowledgement, 3 sent and lost.
    private static func consistentExport() -> [CrashEntry] {
        CrashPlan.batches[0..<3].flatMap(\.entries)
    }

    @Test func checkerAcceptsAConsistentStore() {
        let check = CrashCheck(
            batches: CrashPlan.batches,
            sent: [0, 1, 2, 3],
            acknowledged: [0, 1],
            exported: Self.consistentExport()
        )
        #expect(check.problems.isEmpty)
        #expect(check.stored == [0, 1, 2])
    }

    @Test func checkerCatchesABatchStoredInPart() {
        let partial = Self.consistentExport() + CrashPlan.batches[3].entries.prefix(120)
        let check = CrashCheck(
            batches: CrashPlan.batches,
            sent: [0, 1, 2, 3],
            acknowledged: [0, 1],
            exported: partial
        )
        #expect(check.problems.count == 1)
        #expect(check.problems.first?.contains("batch 3 is stored in part: 120 of 200") == true)
        #expect(!check.stored.contains(3))
    }

    @Test func checkerCatchesALostAcknowledgedBatch() {
        let lost = Self.consistentExport().filter { !CrashPlan.batches[1].entries.contains($0) }
        let check = CrashCheck(batches: CrashPlan.batches, sent: [0, 1, 2, 3], acknowledged: [0, 1], exported: lost)
        #expect(check.problems == ["batch 1 was acknowledged but only 0 of its 200 figures are stored"])

        // One figure missing is a batch in part and an acknowledged batch not in full.
        let oneShort = Array(Self.consistentExport().dropFirst())
        let short = CrashCheck(
            batches: CrashPlan.batches,
            sent: [0, 1, 2, 3],
            acknowledged: [0, 1],
            exported: oneShort
        )
        #expect(short.problems.count == 2)
        #expect(short.problems.contains { $0.contains("batch 0 is stored in part: 199 of 200") })
    }

    @Test func checkerCatchesWrongStrayDuplicateAndUnsentFigures() {
        var export = Self.consistentExport()
        export[5].figure.value = (export[5].figure.value ?? 0) + 1
        export[6].figure.source = "submission:crash-batch-99"
        let wrong = CrashCheck(batches: CrashPlan.batches, sent: [0, 1, 2, 3], acknowledged: [0, 1], exported: export)
        #expect(wrong.problems.count == 1)
        #expect(wrong.problems.first?.contains("batch 0: 2 figures differ from those sent") == true)

        let stray = CrashEntry(
            key: CrashKey(municipality: "0880", period: "2001", scope: "kommun", gender: "T"),
            figure: CrashFigure(value: 1, source: "submission:elsewhere")
        )
        let extra = Self.consistentExport() + [stray, Self.consistentExport()[0]]
        let strays = CrashCheck(batches: CrashPlan.batches, sent: [0, 1, 2, 3], acknowledged: [0, 1], exported: extra)
        #expect(strays.problems.count == 2)
        #expect(strays.problems.contains { $0.contains("exported more than once") })
        #expect(strays.problems.contains { $0.contains("1 figures stored that no batch holds") })

        let unsent = CrashCheck(batches: CrashPlan.batches, sent: [0, 1], acknowledged: [0, 1], exported: export)
        #expect(unsent.problems.contains { $0.contains("batch 2 was never sent") })
    }
}

// MARK: - The batches

/// One figure of the scenario's indicator, `hme`: municipality × period × scope × gender.
private struct CrashKey: Hashable, Sendable, CustomStringConvertible {
    var municipality: String
    var period: String
    var scope: String
    var gender: String

    var description: String { "hme/\(municipality)/\(period)/\(scope)/\(gender)" }
}

/// What is stored under a key: the value and the source, which names the batch.
private struct CrashFigure: Hashable, Sendable {
    var value: Double?
    var source: String
}

private struct CrashEntry: Hashable, Sendable {
    var key: CrashKey
    var figure: CrashFigure
}

/// One submission: its idempotency key and figures that no other batch has.
private struct CrashBatch: Sendable {
    let index: Int
    let entries: [CrashEntry]

    var idempotencyKey: String { "crash-batch-\(index)" }

    var request: SubmitRequest {
        SubmitRequest(
            idempotencyKey: idempotencyKey,
            observations: entries.map { entry in
                ObservationRecord(
                    indicator: "hme",
                    municipality: entry.key.municipality,
                    period: entry.key.period,
                    scope: entry.key.scope,
                    gender: entry.key.gender,
                    value: entry.figure.value,
                    source: entry.figure.source
                )
            }
        )
    }
}

/// The scenario's batches: `hme` for 30 municipalities, every period of 1990–2014 (whole years and
/// the eleven cuts), both scopes and the three genders, 1 800 keys a municipality, in batches of 200.
/// The datasets hold no `hme` figure before 2015, so every batch writes new rows, and each value and
/// source names its batch.
private enum CrashPlan {
    static let batchSize = 200
    static let municipalities = [
        "0114", "0136", "0182", "0319", "0480", "0513", "0584", "0682", "0764", "0861",
        "1060", "1256", "1267", "1281", "1292", "1402", "1439", "1452", "1472", "1488",
        "1497", "1763", "1785", "1882", "1980", "2031", "2084", "2182", "2284", "2401",
    ]
    static let years = 1990...2014

    /// What a batch's first submission answers.
    static let freshAnswer = SubmitResponse(
        inserted: UInt32(batchSize),
        updated: 0,
        unchanged: 0,
        rejected: [],
        replayed: false
    )
    /// What resending a stored batch answers.
    static let replayedAnswer = SubmitResponse(
        inserted: UInt32(batchSize),
        updated: 0,
        unchanged: 0,
        rejected: [],
        replayed: true
    )

    static let batches: [CrashBatch] = {
        var keys: [CrashKey] = []
        for municipality in municipalities {
            for year in years {
                for cut in [nil] + Array(1...11) {
                    let period = cut.map { "\(year)-\($0 < 10 ? "0" : "")\($0)" } ?? "\(year)"
                    for scope in ["kommun", "ks"] {
                        for gender in ["T", "K", "M"] {
                            keys.append(
                                CrashKey(municipality: municipality, period: period, scope: scope, gender: gender)
                            )
                        }
                    }
                }
            }
        }
        return stride(from: 0, to: keys.count, by: batchSize).map { start in
            let index = start / batchSize
            let entries = keys[start..<min(start + batchSize, keys.count)].enumerated().map { offset, key in
                // Quarter steps are exact in binary; the value also depends on the batch.
                let value = Double((index * 37 + offset * 11) % 400) / 4
                return CrashEntry(
                    key: key,
                    figure: CrashFigure(value: value, source: "submission:crash-batch-\(index)")
                )
            }
            return CrashBatch(index: index, entries: entries)
        }
    }()
}

// MARK: - The checker

/// Compares what an export holds with the batches: which batches are stored in full, and every way
/// the store breaks the rules (a batch in part, an acknowledged batch missing, a figure that differs
/// from the one sent, a figure no batch holds, a figure twice, a batch stored that was never sent).
private struct CrashCheck {
    /// The batches stored in full.
    private(set) var stored: Set<Int> = []
    private(set) var problems: [String] = []

    init(batches: [CrashBatch], sent: Set<Int>, acknowledged: Set<Int>, exported: [CrashEntry]) {
        var byKey: [CrashKey: CrashFigure] = [:]
        var duplicates: [CrashKey] = []
        for entry in exported where byKey.updateValue(entry.figure, forKey: entry.key) != nil {
            duplicates.append(entry.key)
        }
        if !duplicates.isEmpty {
            problems.append("\(duplicates.count) figures exported more than once, such as \(duplicates[0])")
        }
        var owned = 0
        for batch in batches {
            var found = 0
            var differing: [String] = []
            for entry in batch.entries {
                guard let figure = byKey[entry.key] else { continue }
                found += 1
                if figure != entry.figure {
                    differing.append("\(entry.key) is \(figure), sent \(entry.figure)")
                }
            }
            owned += found
            let count = batch.entries.count
            if !differing.isEmpty {
                problems.append(
                    "batch \(batch.index): \(differing.count) figures differ from those sent, such as \(differing[0])"
                )
            }
            if found == count {
                stored.insert(batch.index)
            } else if found > 0 {
                problems.append("batch \(batch.index) is stored in part: \(found) of \(count) figures")
            }
            if acknowledged.contains(batch.index) && found < count {
                problems.append(
                    "batch \(batch.index) was acknowledged but only \(found) of its \(count) figures are stored"
                )
            }
            if !sent.contains(batch.index) && found > 0 {
                problems.append("batch \(batch.index) was never sent, yet \(found) of its figures are stored")
            }
        }
        let strays = byKey.count - owned
        if strays > 0 {
            let planned = Set(batches.flatMap { $0.entries.map(\.key) })
            let example = byKey.keys.first { !planned.contains($0) }.map { ", such as \($0)" } ?? ""
            problems.append("\(strays) figures stored that no batch holds\(example)")
        }
    }
}

// MARK: - Talking to the server

/// Request ids in increasing order, per connection.
private struct RequestIDs {
    private var last: UInt32 = 0

    mutating func make() -> UInt32 {
        last &+= 1
        if last == 0 { last = 1 }
        return last
    }
}

/// What a pipelined run of submissions saw.
private struct PipelineRun: Sendable {
    /// Batch indices in the order they were sent.
    var sent: [Int] = []
    /// The `submit-result` of each answered batch.
    var answers: [Int: SubmitResponse] = [:]
    var errors: [Int: ErrorMessage] = [:]
    var killed = false
    /// The batches sent and not answered when the server was killed.
    var inFlightAtKill: [Int] = []
    /// Answers read after the kill (sent by the server before it died).
    var drained = 0
}

private enum CrashHarness {
    /// Sends `batches` with at most `window` unanswered at a time. With `killAfter`, calls `kill`
    /// once that many answers have arrived, stops sending, and reads what is left until the
    /// connection ends.
    static func pipeline(
        _ client: TestClient,
        _ batches: [CrashBatch],
        window: Int,
        ids: inout RequestIDs,
        killAfter: Int? = nil,
        kill: () async -> Void = {}
    ) async throws -> PipelineRun {
        var run = PipelineRun()
        var queue = batches[...]
        var outstanding: [UInt32: Int] = [:]
        while true {
            while !run.killed, outstanding.count < window, let batch = queue.popFirst() {
                let id = ids.make()
                try await client.send(.submit(batch.request), requestID: id)
                outstanding[id] = batch.index
                run.sent.append(batch.index)
            }
            if outstanding.isEmpty { return run }
            guard let frame = try await client.nextFrame(within: .seconds(15)) else {
                guard run.killed else {
                    throw TestClientError.closed("submit results (\(outstanding.count) unanswered)")
                }
                return run
            }
            guard let index = outstanding.removeValue(forKey: frame.requestID) else {
                throw TestClientError.unexpected("\(frame.type) for request \(frame.requestID), which is not in flight")
            }
            switch try client.codec.message(in: frame) {
            case .submitResult(let answer): run.answers[index] = answer
            case .error(let error): run.errors[index] = error
            case let other: throw TestClientError.unexpected("\(other.type) answering a submit")
            }
            if run.killed {
                run.drained += 1
            } else if let killAfter, run.answers.count + run.errors.count == killAfter {
                await kill()
                run.killed = true
                run.inFlightAtKill = outstanding.values.sorted()
            }
        }
    }

    /// Every `hme` figure of 1990–2014 of the plan's municipalities, through one export stream.
    static func export(_ client: TestClient, ids: inout RequestIDs, submitter: String) async throws -> [CrashEntry] {
        let id = ids.make()
        let request = ExportRequest(
            indicators: ["hme"],
            municipalities: CrashPlan.municipalities,
            from: "\(CrashPlan.years.lowerBound)-01",
            to: "\(CrashPlan.years.upperBound)",
            batchSize: 10_000
        )
        try await client.send(.export(request), requestID: id)
        var entries: [CrashEntry] = []
        var sequence: UInt32 = 0
        for frame in try await client.stream(for: id, within: .seconds(15)) {
            switch try client.codec.message(in: frame) {
            case .exportBatch(let batch):
                try #require(batch.sequence == sequence, "export batch \(batch.sequence) where \(sequence) was due")
                sequence += 1
                for record in batch.observations {
                    if record.indicator != "hme" || record.submitter != submitter {
                        Issue.record("exported \(record), not an hme figure submitted by \(submitter)")
                    }
                    entries.append(
                        CrashEntry(
                            key: CrashKey(
                                municipality: record.municipality,
                                period: record.period,
                                scope: record.scope,
                                gender: record.gender
                            ),
                            figure: CrashFigure(value: record.value, source: record.source ?? "")
                        )
                    )
                }
            case .error(let error):
                throw TestClientError.refused(error)
            case let other:
                throw TestClientError.unexpected("\(other.type) in an export stream")
            }
        }
        return entries
    }

    /// The `jamfor` executable built next to the test bundle (`swift build --build-tests` builds it,
    /// as the test target depends on it); `JAMFOR_EXECUTABLE` overrides the search.
    static func jamforExecutable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["JAMFOR_EXECUTABLE"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw HarnessError("JAMFOR_EXECUTABLE is \(path), which is not an executable file")
            }
            return URL(fileURLWithPath: path)
        }
        var candidates: [URL] = []
        var directories: [URL] = []
        // Linux: the tests are an executable, `.build/<triple>/debug/JamforPackageTests.xctest`.
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        // macOS: the tests are a bundle in the build directory, loaded by `xctest`.
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        // The package's own build directory, from this file's place in it.
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        directories.append(root.appendingPathComponent(".build/debug"))
        candidates += directories.map { $0.appendingPathComponent("jamfor") }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        let tried = candidates.map(\.path).joined(separator: ", ")
        throw HarnessError(
            "the jamfor executable is missing (looked at \(tried)); build it with `swift build --build-tests`"
                + " or point JAMFOR_EXECUTABLE at it"
        )
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("jamfor-crash-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

private struct HarnessError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

// MARK: - Child processes

/// The `jamfor` processes a test starts: each writes its output to files in the test's directory,
/// and ``killAll()`` ends those still running.
private final class ChildProcesses {
    let executable: URL
    let directory: URL
    private var started: [ChildProcess] = []

    init(executable: URL, directory: URL) {
        self.executable = executable
        self.directory = directory
    }

    deinit { killAll() }

    /// Starts `jamfor` with `arguments`, its output going to files.
    func launch(_ arguments: [String]) throws -> ChildProcess {
        let name = "\(started.count + 1)-\(arguments.first ?? "jamfor")"
        let output = directory.appendingPathComponent("\(name).out")
        let errors = directory.appendingPathComponent("\(name).err")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // Settings come from the flags only: no JAMFOR_* variable of the test's environment leaks in.
        process.environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("JAMFOR_") || $0.key == "JAMFOR_DATASETS"
        }
        for url in [output, errors] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        let child = ChildProcess(process: process, output: output, errors: errors)
        try process.run()
        started.append(child)
        return child
    }

    /// Creates an admin account (which may submit for any municipality) and returns its token. On
    /// an empty database this also loads the datasets.
    func createAdmin(named name: String, database: String) async throws -> String {
        let child = try launch(["token", "create", "--database", database, "--name", name, "--role", "admin"])
        try await child.waitForExit(within: .seconds(30))
        guard child.exitedCleanly else {
            throw HarnessError("jamfor token create failed: \(child.exitDescription)\n\(child.errorText)")
        }
        // The token is the one indented line of hex digits.
        let token = child.outputText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first {
            $0.count >= 32 && $0.allSatisfy(\.isHexDigit)
        }
        guard let token else {
            throw HarnessError("no token in the output of jamfor token create:\n\(child.outputText)")
        }
        return token
    }

    /// Starts `jamfor serve` on `database` and waits for its listening line.
    func startServer(database: String) async throws -> ChildProcess {
        let child = try launch(["serve", "--database", database, "--port", "0", "--log-level", "warning"])
        try watch(child)
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(20)
        while clock.now < deadline {
            let text = child.outputText
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("jamfor serve: listening on ") }) {
                guard let port = line.split(separator: ":").last.flatMap({ Int($0) }), port > 0 else {
                    throw HarnessError("cannot read the port in '\(line)'")
                }
                child.port = port
                return child
            }
            if !child.isRunning {
                throw HarnessError("jamfor serve ended before listening: \(child.exitDescription)\n\(child.errorText)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        child.kill()
        throw HarnessError("jamfor serve did not print its listening line within 20 s\n\(child.errorText)")
    }

    /// Starts a watchdog that kills `child` should this test process die before it could (a crash
    /// skips every `defer`): a shell that polls for this process and sends SIGKILL to the child once
    /// it is gone. The child dismisses its watchdog when it ends.
    private func watch(_ child: ChildProcess) throws {
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        watchdog.arguments = [
            "-c", #"while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -9 "$2" 2>/dev/null"#, "jamfor-watchdog",
            String(getpid()), String(child.process.processIdentifier),
        ]
        watchdog.standardInput = FileHandle.nullDevice
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        do {
            try watchdog.run()
        } catch {
            child.kill()
            throw HarnessError("cannot start a watchdog for jamfor serve with /bin/sh: \(error)")
        }
        child.watchdog = watchdog
    }

    /// Sends SIGKILL to every child still running, and ends the watchdogs.
    func killAll() {
        for child in started {
            child.kill()
            child.dismissWatchdog()
        }
    }
}

/// One `jamfor` process.
private final class ChildProcess {
    let process: Process
    let output: URL
    let errors: URL
    /// The port `jamfor serve` listens on, once it has said so.
    var port = 0
    /// The process that kills this one if the test process dies first.
    var watchdog: Process?

    init(process: Process, output: URL, errors: URL) {
        self.process = process
        self.output = output
        self.errors = errors
    }

    var isRunning: Bool { process.isRunning }
    var outputText: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
    var errorText: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    /// SIGKILL, to this process only.
    func kill() {
        guard process.isRunning else { return }
        deliver(SIGKILL, to: process.processIdentifier)
    }

    /// SIGTERM: a graceful stop.
    func terminate() {
        guard process.isRunning else { return }
        deliver(SIGTERM, to: process.processIdentifier)
    }

    /// Waits until the process has ended; kills it and throws if it takes longer than `timeout`.
    func waitForExit(within timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning {
            guard clock.now < deadline else {
                kill()
                throw HarnessError("jamfor \(process.arguments?.first ?? "") did not end within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        dismissWatchdog()
    }

    /// Ends the watchdog, once this process has ended or been sent SIGKILL.
    func dismissWatchdog() {
        guard let watchdog, watchdog.isRunning else { return }
        deliver(SIGKILL, to: watchdog.processIdentifier)
    }

    var wasKilled: Bool {
        !process.isRunning && process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    var exitedCleanly: Bool {
        !process.isRunning && process.terminationReason == .exit && process.terminationStatus == 0
    }

    var exitDescription: String {
        guard !process.isRunning else { return "still running" }
        switch process.terminationReason {
        case .exit: return "exit status \(process.terminationStatus)"
        case .uncaughtSignal: return "signal \(process.terminationStatus)"
        @unknown default: return "status \(process.terminationStatus)"
        }
    }
}

/// Sends `signal` to the process `pid`, and to no other.
private func deliver(_ signal: Int32, to pid: Int32) {
    _ = kill(pid, signal)
}

/// A small seeded generator (SplitMix64), so that a run's kill points can be repeated.
private struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
