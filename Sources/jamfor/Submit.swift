import ArgumentParser
import Foundation
import JamforClient
import JamforTerminal
import JamforWire

/// `jamfor submit`: a member sends its own figures from a CSV file.
struct Submit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send your municipality's figures from a CSV file, and see what was stored and rejected.",
        discussion: """
            The first line names the columns: indicator, municipality, period and value are needed; \
            status, scope (default kommun), gender (default T), visibility (default network: only \
            your networks see it until you publish it as public) and source are optional. Swedish \
            names work too (indikator, kommun, värde, omfattning, kön, synlighet, källa). Separate with \
            ';' and write decimal commas (as Swedish Excel saves CSV), or with ',' and decimal points.

            Sending the same file again stores nothing twice: figures already stored as they are \
            count as unchanged. The exit code is 1 when any row was rejected.

            Example file:
              indikator;kommun;period;värde
              sick-leave;Enköping;2024-08;7,4
              hme;Enköping;2024;79

            Examples:
              jamfor submit figures.csv
              jamfor submit figures.csv --dry-run
            """
    )

    @Argument(help: "The CSV file.", completion: .file(extensions: ["csv", "txt"]))
    var file: String

    @Flag(name: .long, help: "Read and check the file (names and codes against the server) without sending it.")
    var dryRun = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let options = output.options()
        // A file that cannot be read at all is reported before connecting.
        try SubmitFile.precheck(path: file)
        let (text, rejected) = try await withClient(connection) { client in
            let catalog = try await Catalog.load(client)
            let lookup = catalog.lookup
            let parsed = try SubmitFile(path: file, lookup: lookup)
            if dryRun {
                return (Self.dryRunSummary(parsed, locale: options.locale), !parsed.problems.isEmpty)
            }
            let batchSize = max(1, Int(client.welcome.limits.maxSubmitObservations))
            var response = SubmitResponse(inserted: 0, updated: 0, unchanged: 0, rejected: [], replayed: false)
            var lines: [Int] = []
            // One key per run and batch: a batch resent in this run (after a lost answer) is stored
            // once; the same file sent again later is compared figure by figure, and what is already
            // stored counts as unchanged.
            let run = UUID().uuidString
            for (number, start) in stride(from: 0, to: parsed.rows.count, by: batchSize).enumerated() {
                let batch = Array(parsed.rows[start..<min(start + batchSize, parsed.rows.count)])
                let answer = try await client.submit(
                    SubmitRequest(idempotencyKey: "jamfor-submit-\(run)-\(number)", observations: batch.map(\.record))
                )
                let accounted =
                    Int(answer.inserted) + Int(answer.updated) + Int(answer.unchanged) + answer.rejected.count
                guard accounted == batch.count, answer.rejected.allSatisfy({ Int($0.index) < batch.count }) else {
                    throw ClientError.protocolViolation(
                        "the server's answer to a batch of \(batch.count) figures accounts for \(accounted) "
                            + "or names a figure outside the batch"
                    )
                }
                response.inserted += answer.inserted
                response.updated += answer.updated
                response.unchanged += answer.unchanged
                for rejection in answer.rejected {
                    var moved = rejection
                    moved.index = UInt32(lines.count + Int(rejection.index))
                    response.rejected.append(moved)
                }
                lines += batch.map(\.line)
            }
            for problem in parsed.problems {
                response.rejected.append(
                    Rejection(index: UInt32(lines.count), code: .invalidArgument, reason: problem.reason)
                )
                lines.append(problem.line)
            }
            response.rejected.sort { lines[Int($0.index)] < lines[Int($1.index)] }
            return (Views.submit(response, file: file, lines: lines, options: options), !response.rejected.isEmpty)
        }
        try emit(text)
        // The summary says what was rejected; the exit code lets a script notice.
        if rejected { throw ExitCode.failure }
    }

    static func dryRunSummary(_ parsed: SubmitFile, locale: DisplayLocale) -> String {
        var text =
            locale == .sv
            ? "Provkörning: \(parsed.rows.count) rader kan skickas, \(parsed.problems.count) kan inte läsas. Inget skickades.\n"
            : "Dry run: \(parsed.rows.count) rows can be sent, \(parsed.problems.count) cannot be read. Nothing was sent.\n"
        for problem in parsed.problems {
            text += "  \(locale == .sv ? "rad" : "line") \(problem.line): \(problem.reason)\n"
        }
        return text
    }
}
