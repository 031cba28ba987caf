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
            var sender = BatchSender(client: client)
            for start in stride(from: 0, to: parsed.rows.count, by: sender.batchSize) {
                let batch = parsed.rows[start..<min(start + sender.batchSize, parsed.rows.count)]
                try await sender.send(batch.map(\.record), origins: batch.map(\.line))
            }
            for problem in parsed.problems {
                sender.reject(origin: problem.line, reason: problem.reason)
            }
            var response = sender.response
            let lines = sender.origins
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
