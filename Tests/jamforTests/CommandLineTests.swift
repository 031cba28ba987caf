import Foundation
import JamforDomain
import JamforServer
import Testing

// The real `jamfor` executable, run as a person runs it, against a real server on loopback: every
// client command works, and every wrong input gets a specific message and a non-zero exit code.

/// One run of the `jamfor` executable.
struct CommandRun: Sendable {
    let status: Int32
    let output: String
    let error: String
}

enum CommandLine {
    /// The `jamfor` executable that `swift build --build-tests` puts next to the test bundle.
    static func executable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["JAMFOR_EXECUTABLE"] { return URL(fileURLWithPath: path) }
        var directories: [URL] = []
        if let main = Bundle.main.executableURL { directories.append(main.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        let candidates = directories.map { $0.appendingPathComponent("jamfor") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CommandFailureForTests("the jamfor executable is missing; build it with `swift build --build-tests`")
        }
        return found
    }

    /// Runs `jamfor arguments` with `environment` (and PATH), waiting at most 60 s.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandRun {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        base.merge(environment) { $1 }
        process.environment = base
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jamfor-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        let err = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw CommandFailureForTests("jamfor \(arguments.joined(separator: " ")) ran for more than 60 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try outHandle.close()
        try errHandle.close()
        return CommandRun(
            status: process.terminationStatus,
            output: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            error: String(decoding: try Data(contentsOf: err), as: UTF8.self)
        )
    }
}

struct CommandFailureForTests: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The server the command tests talk to, with an Enköping member, a reader and an admin.
enum CommandServer {
    static let dataset = Task { try Dataset.load() }
    static let now = Date(timeIntervalSince1970: 1_742_040_000)  // 2025-03-15: 2024 has ended.

    static func with<Result: Sendable>(_ body: (EmbeddedServer) async throws -> Result) async throws -> Result {
        try await EmbeddedServer.run(
            dataset: try await dataset.value,
            accounts: [
                EmbeddedAccount(name: "enkoping", role: .member, municipality: try MunicipalityCode("0381")),
                EmbeddedAccount(name: "reader", role: .reader),
                EmbeddedAccount(name: "admin", role: .admin),
            ],
            configuration: ResponderConfiguration(now: { now })
        ) { server in try await body(server) }
    }

    static func environment(_ server: EmbeddedServer, user: String = "enkoping", token: String? = nil) -> [String:
        String]
    {
        [
            "JAMFOR_SERVER": "127.0.0.1:\(server.port)", "JAMFOR_USER": user,
            "JAMFOR_TOKEN": token ?? server.tokens[user] ?? "", "NO_COLOR": "1",
        ]
    }
}

@Suite("The jamfor commands, run as a user runs them", .serialized)
struct CommandLineTests {
    @Test("every client command answers over TCP, in table, csv, json and markdown", .timeLimit(.minutes(3)))
    func commands() async throws {
        try await CommandServer.with { server in
            let environment = CommandServer.environment(server)
            let rank = try await CommandLine.run(
                ["rank", "hme", "--network", "4m", "--period", "2024"],
                environment: environment
            )
            #expect(rank.status == 0, "\(rank.error)")
            for name in ["Enköping", "Eskilstuna", "Strängnäs", "Västerås"] {
                #expect(rank.output.contains(name), "\(name) missing from\n\(rank.output)")
            }
            #expect(!rank.output.contains("\u{1B}"), "colour with NO_COLOR set")

            let csv = try await CommandLine.run(
                ["rank", "sick-leave", "--network", "kkvh", "--format", "csv"],
                environment: environment
            )
            #expect(csv.status == 0, "\(csv.error)")
            #expect(csv.output.contains(";"))
            #expect(csv.output.contains("Växjö"))

            let json = try await CommandLine.run(
                ["compare", "--network", "4m", "--format", "json"],
                environment: environment
            )
            #expect(json.status == 0, "\(json.error)")
            #expect(
                (try? JSONSerialization.jsonObject(with: Data(json.output.utf8))) != nil,
                "not JSON:\n\(json.output)"
            )

            let trend = try await CommandLine.run(
                ["trend", "hme", "--municipality", "Enkoping", "--format", "markdown", "--locale", "en"],
                environment: environment
            )
            #expect(trend.status == 0, "\(trend.error)")
            #expect(trend.output.contains("|"))
            #expect(trend.output.contains("2023"))

            for arguments in [
                ["indicators"], ["municipalities", "--network", "kkvh"], ["networks"],
                ["municipalities", "--county", "Kalmar"],
            ] {
                let run = try await CommandLine.run(arguments, environment: environment)
                #expect(run.status == 0, "\(arguments): \(run.error)")
                #expect(!run.output.isEmpty)
            }
            let kkvh = try await CommandLine.run(
                ["municipalities", "--network", "kkvh", "--format", "csv"],
                environment: environment
            )
            #expect(kkvh.output.split(separator: "\n").count == 6, "header and five members:\n\(kkvh.output)")
        }
    }

    @Test(
        "a member submits a CSV file; sending it again changes nothing; bad rows are named by line",
        .timeLimit(.minutes(2))
    )
    func submit() async throws {
        try await CommandServer.with { server in
            let environment = CommandServer.environment(server)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "jamfor-submit-\(UUID().uuidString)"
            )
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("figures.csv")
            try Data(
                """
                indikator;kommun;period;värde
                sick-leave;Enköping;2024;6,9
                hme;Enköping;2030;80
                nki;Kalmar;2024;70
                turnover;Enkoping;2024;tio
                """.utf8
            ).write(to: file)
            let first = try await CommandLine.run(["submit", file.path, "--locale", "en"], environment: environment)
            #expect(first.status == 1, "rows were rejected: \(first.error)")
            #expect(first.output.contains("1 updated"), "the synthetic figure is replaced: \(first.output)")
            #expect(first.output.contains("figures.csv:3"), "\(first.output)")
            #expect(first.output.contains("figures.csv:4"), "\(first.output)")
            #expect(first.output.contains("figures.csv:5"), "\(first.output)")
            // The same file again: the stored figure is unchanged, nothing is stored twice.
            let again = try await CommandLine.run(["submit", file.path, "--locale", "en"], environment: environment)
            #expect(again.status == 1, "\(again.error)")
            #expect(again.output.contains("0 new"), "\(again.output)")
            #expect(again.output.contains("1 unchanged"), "\(again.output)")
            // Only the good row, from another file: still unchanged, no new revision.
            let good = directory.appendingPathComponent("good.csv")
            try Data("indicator,municipality,period,value\nsick-leave,0381,2024,6.9\n".utf8).write(to: good)
            let other = try await CommandLine.run(["submit", good.path, "--locale", "en"], environment: environment)
            #expect(other.status == 0, "\(other.error)")
            #expect(other.output.contains("1 unchanged"), "\(other.output)")
            let asReader = try await CommandLine.run(
                ["submit", file.path],
                environment: CommandServer.environment(server, user: "reader")
            )
            #expect(asReader.status != 0)
            #expect(!asReader.error.isEmpty)
        }
    }

    @Test("wrong input gets a specific message and a non-zero exit code", .timeLimit(.minutes(3)))
    func wrongInput() async throws {
        try await CommandServer.with { server in
            let environment = CommandServer.environment(server)
            let cases: [([String], [String: String], String)] = [
                (["rank", "hmee", "--network", "4m"], environment, "Did you mean hme?"),
                (["rank", "hme", "--focus", "Vaxsjo", "--network", "kkvh"], environment, "Did you mean Växjö (0780)"),
                (["trend", "hme", "--municipality", "Enkopin"], environment, "Did you mean Enköping (0381)?"),
                (["rank", "hme", "--network", "4n"], environment, "no network is called '4n'"),
                (["rank", "hme", "--period", "2024-13"], environment, "2024-13"),
                (["rank", "hme", "--period", "2024-12"], environment, "write 2024"),
                (["rank", "hme", "--network", "4m", "--country"], environment, "only one of"),
                (["rank", "hme", "--gender", "X"], environment, "X"),
                (["compare", "--network", "4m", "--weights", "1,2"], environment, "--weights"),
                (
                    ["trend", "hme", "--municipality", "Kalmar", "--from", "2024", "--to", "2020"], environment,
                    "--from"
                ),
                (["submit", "/nonexistent/figures.csv"], environment, "cannot read"),
                (["rank", "hme"], CommandServer.environment(server, token: "wrong-token"), "JAMFOR_TOKEN"),
                (["rank", "hme"], ["JAMFOR_USER": "enkoping"], "no token"),
                (["rank", "nosuch"], environment, "jamfor indicators"),
                (
                    ["rank", "hme", "--network", "4m", "--period", "1995"], environment,
                    "the latest with figures is 2024"
                ),
                (["compare", "--network", "4m", "--period", "2030"], environment, "the latest with figures is 2024"),
                (
                    ["trend", "hme", "--municipality", "Kalmar", "--to", "2000"], environment,
                    "no figures of hme for Kalmar"
                ),
                (["rank", "nki", "--gender", "K"], environment, "use T instead of K"),
                (["compare", "--network", "4m", "--weights", "hme=2,hme=3"], environment, "twice"),
                (["compare", "--network", "4m", "--weights", "hme=1,5"], environment, "with a point"),
                (["municipalities", "--network", "4m", "--county", "Kalmar"], environment, "both in"),
                (["token", "list", "--database", "/nonexistent/jamfor.sqlite"], [:], "no database at"),
            ]
            for (arguments, environment, expected) in cases {
                let run = try await CommandLine.run(arguments, environment: environment)
                #expect(run.status != 0, "\(arguments) exited 0")
                #expect(run.error.contains(expected), "\(arguments): expected '\(expected)' in:\n\(run.error)")
            }
        }
    }

    @Test("no server running: the message says which address and what to do", .timeLimit(.minutes(1)))
    func noServer() async throws {
        let port = try await CommandServer.with { $0.port }
        let run = try await CommandLine.run(["indicators"], environment: ["JAMFOR_SERVER": "127.0.0.1:\(port)"])
        #expect(run.status != 0)
        #expect(run.error.contains("127.0.0.1:\(port)"), "\(run.error)")
        #expect(run.error.contains("jamfor serve"), "\(run.error)")
    }

    @Test("every command's help has an example", .timeLimit(.minutes(2)))
    func help() async throws {
        for command in [
            "demo", "rank", "compare", "trend", "indicators", "municipalities", "networks", "submit", "serve", "token",
        ] {
            let run = try await CommandLine.run([command, "--help"])
            #expect(run.status == 0)
            #expect(run.output.contains("Example"), "\(command) --help has no example")
            #expect(run.output.contains("jamfor \(command)"), "\(command) --help shows no use of itself")
        }
        let completion = try await CommandLine.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0)
        #expect(completion.output.contains("rank"))
    }

    @Test("jamfor demo tours a server of its own and leaves nothing running", .timeLimit(.minutes(3)))
    func demo() async throws {
        let run = try await CommandLine.run(["demo", "--locale", "en"], environment: ["NO_COLOR": "1"])
        #expect(run.status == 0, "\(run.error)")
        for caption in ["1/4", "2/4", "3/4", "4/4", "shut down"] {
            #expect(run.output.contains(caption), "'\(caption)' missing from the demo:\n\(run.output)")
        }
        for name in ["Enköping", "Västerås", "Kalmar", "Växjö"] {
            #expect(run.output.contains(name))
        }
        #expect(!run.output.contains("\u{1B}"))
    }

    @Test("output piped into a reader that stops early (| head) ends the command quietly", .timeLimit(.minutes(2)))
    func closedPipe() async throws {
        let process = Process()
        process.executableURL = try CommandLine.executable()
        process.arguments = ["demo", "--no-color"]
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let first = try output.fileHandleForReading.read(upToCount: 64) ?? Data()
        #expect(!first.isEmpty)
        try output.fileHandleForReading.close()
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let complaint = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(complaint)")
        #expect(!complaint.contains("Fatal error"), "\(complaint)")
    }

    @Test("Ctrl-C during the demo stops it cleanly and leaves no temporary database", .timeLimit(.minutes(2)))
    func interruptedDemo() async throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("jamfor-tmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let process = Process()
        process.executableURL = try CommandLine.executable()
        process.arguments = ["demo", "--no-color"]
        process.environment = ["TMPDIR": temporary.path, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line is printed once the server runs on its temporary database.
        _ = try output.fileHandleForReading.read(upToCount: 16)
        process.interrupt()
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        _ = output.fileHandleForReading.readDataToEndOfFile()
        // 130 when Ctrl-C stopped it, 0 when the tour had already finished.
        #expect([130, 0].contains(process.terminationStatus))
        let left = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test("one early part-year figure does not move everyone's default period", .timeLimit(.minutes(2)))
    func defaultPeriodNeedsCoverage() async throws {
        try await CommandServer.with { server in
            let environment = CommandServer.environment(server)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "jamfor-early-\(UUID().uuidString)"
            )
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("early.csv")
            try Data("indicator,municipality,period,value,visibility\nsick-leave,0381,2025-01,6.1,public\n".utf8)
                .write(to: file)
            let submit = try await CommandLine.run(["submit", file.path], environment: environment)
            #expect(submit.status == 0, "\(submit.error)")
            let rank = try await CommandLine.run(
                ["rank", "sick-leave", "--network", "4m", "--locale", "en"],
                environment: environment
            )
            #expect(rank.status == 0, "\(rank.error)")
            #expect(rank.output.contains("4M, 2024,"), "\(rank.output)")
            let early = try await CommandLine.run(
                ["rank", "sick-leave", "--network", "4m", "--period", "2025-01", "--locale", "en"],
                environment: environment
            )
            #expect(early.output.contains("6.1"), "\(early.output)")
        }
    }

    @Test("jamfor serve on a port in use says so", .timeLimit(.minutes(1)))
    func portInUse() async throws {
        try await CommandServer.with { server in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "jamfor-port-\(UUID().uuidString)"
            )
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let run = try await CommandLine.run(
                ["serve", "--port", "\(server.port)", "--database", directory.appendingPathComponent("j.sqlite").path]
            )
            #expect(run.status != 0)
            #expect(run.error.contains("already in use"), "\(run.error)")
        }
    }
}
