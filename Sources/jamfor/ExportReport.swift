import ArgumentParser
import Foundation
import JamforClient
import JamforDomain
import JamforKolada
import JamforReport
import JamforTerminal
import JamforWire

/// `jamfor export report`: an HTML page per member and an index, in the spirit of Kolada's
/// ready-made presentations.
struct ExportReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report for every member of a network, and an index page.",
        discussion: """
            Each member's page shows, for each indicator, its value, rank in the network and in the \
            country, Kolada colour class, change, target status, a ranking chart of the network and a \
            trend chart against the network mean. index.html has the network's composite ranking. \
            The pages need no other files and no scripts: open them in a browser, print them, mail them.

            Examples:
              jamfor export report --network 4m --out rapporter/
              jamfor export report --network kkvh --period 2024 --indicators hme,sick-leave --locale en --out reports/
            """
    )

    @Option(name: .long, help: "The network, by id or name.")
    var network: String

    @Option(name: .long, help: "A year (2024) or a year-to-date cut (2024-08); default: the latest with figures.")
    var period: String?

    @Option(name: .long, help: "Comma-separated indicator ids (default: hme,sick-leave,turnover,nki).")
    var indicators: String?

    @Option(name: .long, help: "The directory to write the pages into (made if missing).", completion: .directory)
    var out: String

    @Option(name: .long, help: "sv (default) or en.")
    var locale: DisplayLocale?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let period { _ = try parsePeriod(period) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ValidationError("--out \(out) is a file; give a directory for the pages")
        }
    }

    func run() async throws {
        let network = self.network
        let period = self.period
        let names = indicators.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let out = self.out
        let connection = self.connection
        let locale = locale ?? OutputOptions.options(format: .table, locale: nil, noColor: true).locale
        let summary = try await cancellingOnInterrupt {
            try await Self.write(network: network, period: period, names: names, out: out, connection, locale: locale)
        }
        try emit(summary)
    }

    private static func write(
        network networkName: String,
        period periodText: String?,
        names: [String]?,
        out: String,
        _ connection: ConnectionOptions,
        locale: DisplayLocale
    ) async throws -> String {
        try await withClient(connection) { client in
            let catalog = try await Catalog.load(client)
            let lookup = catalog.lookup
            let network = try lookup.network(networkName)
            let set = ComparisonSet.network(network.id)
            let chosen = try (names ?? Compare.defaultIndicators).map { try lookup.indicator($0) }
            guard let first = chosen.first else { throw CommandFailure("--indicators is empty") }
            let slice = try SliceOptions.parse([])
            let period = try await resolvePeriod(
                periodText,
                client,
                indicator: first,
                set: set,
                slice: slice,
                catalog: catalog
            )
            let members = catalog.municipalities.filter { network.members.contains($0.code) }

            // Per indicator: the network's ranking and the country's (for each member's country rank).
            var rankings: [(IndicatorInfo, RankResponse, RankResponse)] = []
            for indicator in chosen {
                async let inNetwork = client.rank(
                    RankRequest(indicator: indicator.id, period: period.description, set: set)
                )
                async let inCountry = client.rank(
                    RankRequest(indicator: indicator.id, period: period.description, set: .country)
                )
                rankings.append((indicator, try await inNetwork, try await inCountry))
            }
            let comparison = try await client.compare(
                CompareRequest(
                    indicators: chosen.map { WeightedIndicator(indicator: $0.id) },
                    period: period.description,
                    set: set
                )
            )
            let reportLocale = ReportLocale(rawValue: locale.rawValue) ?? .sv
            let now = Date()
            var files: [String: String] = [:]
            // Every page is made before any is written, so that a failure or Ctrl-C while the figures
            // are fetched leaves the directory as it was, not half a report.
            var pages: [(name: String, html: String)] = []
            for member in members {
                var sections: [IndicatorSection] = []
                for (indicator, inNetwork, inCountry) in rankings {
                    let trend = try await client.trend(
                        TrendRequest(
                            indicator: indicator.id,
                            municipalities: [member.code],
                            cut: period.throughMonth.map { String(format: "%02d", $0) } ?? "",
                            groups: [set, .country]
                        )
                    )
                    sections.append(
                        IndicatorSection(indicator: indicator, network: inNetwork, country: inCountry, trend: trend)
                    )
                }
                let name = Report.fileName(for: member)
                files[member.code] = name
                let page = MemberPage(
                    municipality: member,
                    network: network,
                    period: period.description,
                    sections: sections,
                    generatedAt: now
                )
                pages.append((name, Report.html(page, locale: reportLocale)))
            }
            let index = IndexPage(
                network: network,
                period: period.description,
                comparison: comparison,
                indicators: chosen,
                members: members,
                memberFiles: files,
                generatedAt: now
            )
            pages.append((Report.indexFileName, Report.html(index, locale: reportLocale)))
            try Task.checkCancellation()
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for page in pages { try writeFile(page.html, to: out, name: page.name) }
            let directory = URL(fileURLWithPath: out).standardizedFileURL.path
            return locale == .sv
                ? "Skrev \(members.count + 1) sidor för \(network.name), \(period), till \(directory)/ (öppna \(Report.indexFileName)).\n"
                : "Wrote \(members.count + 1) pages for \(network.name), \(period), to \(directory)/ (open \(Report.indexFileName)).\n"
        }
    }

    /// Writes one page whole or not at all.
    private static func writeFile(_ html: String, to directory: String, name: String) throws {
        let file = try AtomicOutputFile(path: URL(fileURLWithPath: directory).appendingPathComponent(name).path)
        do {
            var bytes = Array(html.utf8)
            try bytes.withUnsafeMutableBytes { buffer in try file.sink.write(UnsafeRawBufferPointer(buffer)) }
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }
}
