import Foundation
import JamforDomain
import JamforKolada
import JamforStorage
import Synchronization

/// Times `jamfor export kolada` and `jamfor import kolada` end to end against real release servers on
/// loopback, beside Foundation's `JSONEncoder` writing the same 1,000,000 figures to the same Kolada shape.
///
/// Usage: `ExportBench --jamfor PATH --datasets DIR --work DIR`. Progress goes to stderr; the table and
/// the final `RESULT …` line go to stdout, and nothing is written after the RESULT line.
@main
struct BenchMain {
    static let usage = """
        usage: ExportBench --jamfor PATH --datasets DIR --work DIR

          --jamfor PATH   the release jamfor executable to run as servers and clients
          --datasets DIR  the Datasets/ directory whose municipalities, networks and catalog to use
          --work DIR      an empty directory for the databases and files (about 600 MB)
        Run it through Tools/bench.sh export, which builds both in release mode and cleans up.
        """

    /// The targets.
    static let exportTarget = 1_000_000.0
    static let importTarget = 300_000.0

    static func main() {
        var options: [String: String] = [:]
        var arguments = Array(CommandLine.arguments.dropFirst())
        while arguments.count >= 2, ["--jamfor", "--datasets", "--work"].contains(arguments[0]) {
            options[arguments[0]] = arguments[1]
            arguments.removeFirst(2)
        }
        guard arguments.isEmpty, let jamfor = options["--jamfor"], let datasets = options["--datasets"],
            let work = options["--work"]
        else {
            progress(usage)
            exit(2)
        }
        do {
            try run(jamfor: jamfor, datasets: URL(fileURLWithPath: datasets, isDirectory: true), work: work)
        } catch {
            progress("ExportBench: \(error)")
            exit(1)
        }
    }

    static func run(jamfor: String, datasets: URL, work: String) throws {
        let clock = ContinuousClock()

        // MARK: Set-up, not timed

        var start = clock.now
        let set = try BenchSet(datasets: datasets)
        let expected = set.tally
        progress("made \(grouped(set.observations.count)) observations in \(seconds(clock.now - start)) s: \(expected)")

        let exportDatabase = "\(work)/export.sqlite"
        let importDatabase = "\(work)/import.sqlite"
        start = clock.now
        try load(set.dataset(datasets: datasets, withObservations: true), into: exportDatabase)
        try load(set.dataset(datasets: datasets, withObservations: false), into: importDatabase)
        progress("loaded the export database (and the import database's registry) in \(seconds(clock.now - start)) s")
        let exportToken = try createAdmin(jamfor: jamfor, database: exportDatabase, work: work)
        let importToken = try createAdmin(jamfor: jamfor, database: importDatabase, work: work)

        // MARK: Export through Jamfor, timed

        let exportFile = "\(work)/export.json"
        let exportRun: Run
        do {
            let server = try Server(jamfor: jamfor, database: exportDatabase, directory: work, label: "export")
            defer { _ = try? server.child.terminate() }
            progress("jamfor serve (export) listening on \(server.address)")
            exportRun = try timed(
                jamfor,
                ["export", "kolada", "--country", "--out", exportFile, "--locale", "en"],
                server: server,
                token: exportToken,
                work: work,
                label: "export"
            )
            progress("jamfor export kolada: \(exportRun.output.trimmingCharacters(in: .whitespacesAndNewlines))")
            try server.stop()
        }
        let exportBytes = try fileSize(exportFile)
        start = clock.now
        let exported = try tally(exportFile)
        guard exported == expected else {
            throw BenchError("the exported file holds \(exported), the database \(expected)")
        }
        progress("read the exported file back in \(seconds(clock.now - start)) s: \(exported)")

        // MARK: Baseline: JSONEncoder, timed

        // The rows are built in memory first, not timed: the baseline times exactly what Jamfor's export
        // must also do once it has the figures, encoding them to Kolada's shape and writing the file.
        let baselineFile = "\(work)/baseline.json"
        let file = KoladaFile(set.observations)
        start = clock.now
        let data = try JSONEncoder().encode(file)
        try data.write(to: URL(fileURLWithPath: baselineFile))
        let baselineSeconds = (clock.now - start).seconds
        let baselineTally = try tally(baselineFile)
        guard baselineTally == expected else {
            throw BenchError("the JSONEncoder file holds \(baselineTally), the database \(expected)")
        }
        progress(
            "JSONEncoder wrote \(megabytes(data.count)) in \(seconds(baselineSeconds)) s and it reads back the same"
        )

        // MARK: Import through Jamfor, timed

        let importRun: Run
        do {
            let server = try Server(jamfor: jamfor, database: importDatabase, directory: work, label: "import")
            defer { _ = try? server.child.terminate() }
            progress("jamfor serve (import) listening on \(server.address)")
            importRun = try timed(
                jamfor,
                ["import", "kolada", exportFile, "--locale", "en"],
                server: server,
                token: importToken,
                work: work,
                label: "import"
            )
            let output = importRun.output
            progress("jamfor import kolada: \(output.trimmingCharacters(in: .whitespacesAndNewlines))")
            let count = grouped(BenchSet.count)
            guard output.contains("Read \(count) figures."),
                output.contains(": \(count) new, 0 updated, 0 unchanged, 0 rejected.")
            else {
                throw BenchError("the import did not store \(count) new figures with none rejected:\n\(output)")
            }
            try server.stop()
        }
        start = clock.now
        let imported = try storedTally(importDatabase)
        guard imported == expected else {
            throw BenchError("the import database holds \(imported), the export database \(expected)")
        }
        progress("read the import database back in \(seconds(clock.now - start)) s: \(imported)")

        // MARK: Report

        let exportRate = Double(BenchSet.count) / exportRun.seconds
        let importRate = Double(BenchSet.count) / importRun.seconds
        let baselineRate = Double(BenchSet.count) / baselineSeconds
        let ratio = baselineSeconds / exportRun.seconds
        func cpu(_ value: Double?) -> String { value.map(two) ?? "?" }
        var table = Table(
            header: ["", "seconds", "values/s", "target", "file", "CPU s: client", "server"],
            leftAligned: [0]
        )
        table.rows = [
            [
                "jamfor export kolada (server + client)", three(exportRun.seconds), grouped(Int(exportRate)),
                "≥ \(grouped(Int(exportTarget)))", megabytes(exportBytes), cpu(exportRun.clientCPU),
                cpu(exportRun.serverCPU),
            ],
            [
                "JSONEncoder, in-process, encode + write", three(baselineSeconds), grouped(Int(baselineRate)), "",
                megabytes(data.count), "", "",
            ],
            [
                "jamfor import kolada (client + server)", three(importRun.seconds), grouped(Int(importRate)),
                "≥ \(grouped(Int(importTarget)))", "", cpu(importRun.clientCPU), cpu(importRun.serverCPU),
            ],
        ]
        print("1,000,000 observations (290 municipalities × 72 indicators × 16 years × T/K/M, the last cut short)")
        print(table.render())
        print("export vs JSONEncoder: \(two(ratio))× (JSONEncoder's time / the export's)")
        print(
            "RESULT export_values_per_s=\(Int(exportRate.rounded())) import_values_per_s=\(Int(importRate.rounded())) "
                + "export_vs_jsonencoder_x=\(two(ratio))"
        )
    }

    /// Opens `path` as a new database and loads `dataset` into it.
    static func load(_ dataset: Dataset, into path: String) throws {
        try blocking {
            let storage = try await SQLiteStorage(path: path)
            do {
                try await storage.load(dataset)
            } catch {
                try? await storage.close()
                throw error
            }
            try await storage.close()
        }
    }

    /// Creates the admin account `bench` on `database` with `jamfor token create`; its token.
    static func createAdmin(jamfor: String, database: String, work: String) throws -> String {
        let out = "\(work)/token.out"
        let err = "\(work)/token.err"
        let child = try Child(
            jamfor,
            ["token", "create", "--database", database, "--name", "bench", "--role", "admin"],
            stdout: out,
            stderr: err
        )
        guard try child.wait() == 0 else { throw BenchError("jamfor token create failed:\n\(Server.text(err))") }
        // The token is the one indented line of the output.
        guard
            let line = Server.text(out).split(separator: "\n").first(where: { $0.hasPrefix("  ") && $0.count > 10 })
        else {
            throw BenchError("no token in the output of jamfor token create:\n\(Server.text(out))")
        }
        return line.trimmingCharacters(in: .whitespaces)
    }

    /// One timed run of a `jamfor` command against a server.
    struct Run {
        /// From spawn to exit.
        var seconds: Double
        var output: String
        /// CPU time, user and system, of the command and of the server meanwhile.
        var clientCPU: Double?
        var serverCPU: Double?
    }

    /// Runs `jamfor ARGUMENTS` as the admin against `server` and times it from spawn to exit.
    static func timed(
        _ jamfor: String,
        _ arguments: [String],
        server: Server,
        token: String,
        work: String,
        label: String
    ) throws -> Run {
        let out = "\(work)/\(label)-client.out"
        let err = "\(work)/\(label)-client.err"
        let serverBefore = server.cpuSeconds
        let start = ContinuousClock.now
        let child = try Child(
            jamfor,
            arguments + ["--server", server.address],
            environment: ["JAMFOR_USER": "bench", "JAMFOR_TOKEN": token],
            stdout: out,
            stderr: err
        )
        let status = try child.wait()
        let elapsed = (ContinuousClock.now - start).seconds
        let serverAfter = server.cpuSeconds
        guard status == 0 else {
            throw BenchError(
                "jamfor \(arguments.prefix(2).joined(separator: " ")) failed (status \(status)):\n\(Server.text(err))"
            )
        }
        return Run(
            seconds: elapsed,
            output: Server.text(out),
            clientCPU: child.cpuSeconds,
            serverCPU: serverBefore.flatMap { before in serverAfter.map { $0 - before } }
        )
    }

    /// What a Kolada data file holds, read with JamforKolada's reader.
    static func tally(_ path: String) throws -> BenchSet.Tally {
        let reader = try KoladaDataReader(path: path)
        var tally = BenchSet.Tally()
        while let value = try reader.next() {
            tally.add(value: value.value, status: value.status, network: value.visibility == "network")
        }
        return tally
    }

    /// What a database holds, read page by page through JamforStorage's export (with its server stopped).
    static func storedTally(_ path: String) throws -> BenchSet.Tally {
        let tally = TallyBox()
        try blocking {
            let storage = try await SQLiteStorage(path: path)
            do {
                var cursor: ExportCursor?
                var counted = BenchSet.Tally()
                repeat {
                    let page = try await storage.exportPage(
                        ExportFilter(),
                        after: cursor,
                        limit: 100_000,
                        visibleTo: .everything
                    )
                    for observation in page.observations {
                        counted.add(
                            value: observation.value,
                            status: observation.reading.status?.rawValue,
                            network: observation.visibility == .network
                        )
                    }
                    cursor = page.next
                } while cursor != nil
                tally.set(counted)
            } catch {
                try? await storage.close()
                throw error
            }
            try await storage.close()
        }
        return tally.value
    }

    static func fileSize(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
}

/// Runs async work to completion from synchronous code (the bench's set-up uses async storage APIs).
func blocking(_ body: @escaping @Sendable () async throws -> Void) throws {
    let done = DispatchSemaphore(value: 0)
    let failure = ErrorBox()
    Task {
        do { try await body() } catch { failure.set(error) }
        done.signal()
    }
    done.wait()
    if let error = failure.error { throw error }
}

/// A tally handed from a ``blocking(_:)`` body to the waiting thread.
final class TallyBox: Sendable {
    private let stored = Mutex(BenchSet.Tally())
    func set(_ tally: BenchSet.Tally) { stored.withLock { $0 = tally } }
    var value: BenchSet.Tally { stored.withLock { $0 } }
}

/// The error of a ``blocking(_:)`` body, handed from its task to the waiting thread.
final class ErrorBox: Sendable {
    private let stored = Mutex<(any Error)?>(nil)
    func set(_ error: any Error) { stored.withLock { $0 = error } }
    var error: (any Error)? { stored.withLock { $0 } }
}

func progress(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

func seconds(_ duration: Duration) -> String { String(format: "%.1f", duration.seconds) }
func seconds(_ value: Double) -> String { String(format: "%.2f", value) }
func three(_ value: Double) -> String { String(format: "%.3f", value) }
func two(_ value: Double) -> String { String(format: "%.2f", value) }

/// An integer with thousands separators, e.g. 1,234,567, as jamfor's English summaries write it.
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(digit)
    }
    return value < 0 ? "-" + result : result
}

/// A byte count in MB (10⁶ bytes).
func megabytes(_ bytes: Int) -> String { "\(Int((Double(bytes) / 1e6).rounded())) MB" }

/// A table of text cells with the first row as header: the first column left-aligned, the rest right-aligned.
struct Table {
    var header: [String]
    var rows: [[String]] = []
    var leftAligned: Set<Int>

    func render() -> String {
        let lines = [header] + rows
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for (index, line) in lines.enumerated() {
            let cells = line.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return leftAligned.contains(column) ? cell + padding : padding + cell
            }
            text += cells.joined(separator: "  ") + "\n"
            if index == 0 { text += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        return text
    }
}
