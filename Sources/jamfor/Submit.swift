import ArgumentParser
import Crypto
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

            Sending the same file again changes nothing: each batch carries a key made from its \
            rows, and the server answers a repeat with the first answer.

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

    @Flag(name: .long, help: "Read and check the file, and show what would be sent, without sending it.")
    var dryRun = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let options = output.options()
        let text = try await withClient(connection) { client in
            let catalog = try await Catalog.load(client)
            let lookup = catalog.lookup
            let parsed = try SubmitFile(path: file) { (text) throws(LookupError) in try lookup.municipality(text) }
            if dryRun {
                return Self.dryRunSummary(parsed, locale: options.locale)
            }
            let batchSize = max(1, Int(client.welcome.limits.maxSubmitObservations))
            var response = SubmitResponse(inserted: 0, updated: 0, unchanged: 0, rejected: [], replayed: false)
            var lines: [Int] = []
            var replayedAll = !parsed.rows.isEmpty
            for start in stride(from: 0, to: parsed.rows.count, by: batchSize) {
                let batch = Array(parsed.rows[start..<min(start + batchSize, parsed.rows.count)])
                let answer = try await client.submit(
                    SubmitRequest(idempotencyKey: Self.key(for: batch.map(\.record)), observations: batch.map(\.record))
                )
                response.inserted += answer.inserted
                response.updated += answer.updated
                response.unchanged += answer.unchanged
                replayedAll = replayedAll && answer.replayed
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
            response.replayed = replayedAll
            return Views.submit(response, file: file, lines: lines, options: options)
        }
        try emit(text)
    }

    /// The idempotency key of a batch: a digest of its rows, so that the same rows sent again are
    /// recognized and different rows never share a key.
    static func key(for records: [ObservationRecord]) -> String {
        var hasher = SHA256()
        for record in records {
            let fields = [
                record.indicator, record.municipality, record.period, record.scope, record.gender,
                record.value.map { "\($0)" } ?? "", record.status ?? "", record.source ?? "",
                record.visibility == .public ? "public" : "network",
            ]
            hasher.update(data: Data((fields.joined(separator: "\u{1F}") + "\u{1E}").utf8))
        }
        return "jamfor-submit-" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func dryRunSummary(_ parsed: SubmitFile, locale: DisplayLocale) -> String {
        var text =
            locale == .sv
            ? "Provkörning: \(parsed.rows.count) rader kan skickas, \(parsed.problems.count) kan inte läsas. Inget skickades.\n"
            : "Dry run: \(parsed.rows.count) rows can be sent, \(parsed.problems.count) cannot be read. Nothing was sent.\n"
        for problem in parsed.problems {
            text += "  line \(problem.line): \(problem.reason)\n"
        }
        return text
    }
}
