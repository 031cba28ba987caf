import ArgumentParser
import Foundation
import JamforClient
import JamforDomain
import JamforServer
import JamforTerminal
import JamforWire
import Logging

/// `jamfor demo`: the whole system in one command, on a server of its own.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a server on a free local port with the bundled data, and show a short tour.",
        discussion: """
            Nothing needs setting up: the demo loads Datasets/ into a temporary database, starts a \
            server on 127.0.0.1, connects over TCP as a member of Enköping (so it also sees 4M's \
            unpublished part-year figures), prints four comparisons, and shuts the server down. \
            Nothing is left behind.

            Examples:
              jamfor demo
              jamfor demo --locale en
              jamfor demo --no-color | less -R
            """
    )

    @Option(name: .long, help: "The Datasets directory to load (default: the repository's).")
    var datasets: String?

    @Option(name: .long, help: "sv or en (default: $JAMFOR_LOCALE, else sv).")
    var locale: DisplayLocale?

    @Flag(name: .customLong("no-color"), help: "No colour, even on a terminal (so does NO_COLOR=1).")
    var noColor = false

    func run() async throws {
        let options = OutputOptions.options(format: .table, locale: locale, noColor: noColor)
        let datasets = self.datasets
        try await cancellingOnInterrupt { try await Self.run(options: options, datasets: datasets) }
    }

    private static func run(options: RenderOptions, datasets: String?) async throws {
        let sv = options.locale == .sv
        let directory = datasets.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? Dataset.defaultDirectory
        let dataset: Dataset
        do {
            dataset = try Dataset.load(from: directory)
        } catch {
            throw CommandFailure(
                "cannot load the datasets from \(directory.path): \(error). Run the demo from a checkout of "
                    + "Jamfor, or give --datasets with the Datasets directory"
            )
        }
        let home = try MunicipalityCode("0381")
        var logger = Logger(label: "jamfor.demo")
        logger.logLevel = .warning
        let summary = dataset.summary
        try await EmbeddedServer.run(
            dataset: dataset,
            accounts: [EmbeddedAccount(name: "demo-enkoping", role: .member, municipality: home)],
            logger: logger
        ) { server in
            try say(
                sv
                    ? """
                    Jamfor-demo: en server på 127.0.0.1:\(server.port) med en tillfällig databas från Datasets/ \
                    (\(dataset.registry.municipalities.count) kommuner, \(dataset.registry.indicators.count) nyckeltal, \
                    \(Progress.grouped(summary.realObservations, sv)) verkliga och \(Progress.grouped(summary.syntheticObservations, sv)) syntetiska värden).
                    Ansluten över TCP som medlem för Enköping, som också ser 4M:s opublicerade delårsvärden.
                    """
                    : """
                    Jamfor demo: a server on 127.0.0.1:\(server.port) with a temporary database from Datasets/ \
                    (\(dataset.registry.municipalities.count) municipalities, \(dataset.registry.indicators.count) indicators, \
                    \(Progress.grouped(summary.realObservations, sv)) real and \(Progress.grouped(summary.syntheticObservations, sv)) synthetic figures).
                    Connected over TCP as a member of Enköping, which also sees 4M's unpublished part-year figures.
                    """,
                width: options.width
            )
            try emit("\n")
            let configuration = ClientConfiguration(
                address: ServerAddress(host: "127.0.0.1", port: server.port),
                credentials: Credentials(user: "demo-enkoping", token: server.tokens["demo-enkoping"] ?? "")
            )
            try await JamforClient.withConnection(configuration) { client in
                try await Self.tour(client, options: options)
            }
        }
        try say(
            sv
                ? """
                Servern är nedstängd och den tillfälliga databasen borttagen.
                Egen server: `jamfor serve`, sedan t.ex. `jamfor rank hme --network 4m`. Se `jamfor --help`.
                """
                : """
                The server has shut down and the temporary database is gone.
                Your own server: `jamfor serve`, then e.g. `jamfor rank hme --network 4m`. See `jamfor --help`.
                """,
            width: options.width
        )
    }

    /// Prints prose, each line wrapped to the terminal.
    private static func say(_ text: String, width: Int) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            try emit(TextWidth.wrap(String(line), to: width).joined(separator: "\n") + "\n")
        }
    }

    /// The four stops of the tour, each with a one-line caption.
    static func tour(_ client: JamforClient, options: RenderOptions) async throws {
        let sv = options.locale == .sv
        let catalog = try await Catalog.load(client)
        let lookup = catalog.lookup
        let slice = try SliceOptions.parse([])
        // "── 1/4  Caption ────": the rule fills the line to the width; a caption too long for the
        // line wraps at words, and the rule then ends its last line.
        func caption(_ number: Int, _ text: String) throws {
            let width = min(options.width, 100)
            let lines = TextWidth.wrap("── \(number)/4  \(text)", to: width, indent: "        ")
            for (index, line) in lines.enumerated() {
                let last = index == lines.count - 1
                let room = width - TextWidth.of(line) - 1
                try emit(last && room > 1 ? line + " " + String(repeating: "─", count: room) + "\n" : line + "\n")
            }
            try emit("\n")
        }

        // 1. HME in 4M, latest period.
        let hme = try lookup.indicator("hme")
        let fourM = ComparisonSet.network(try lookup.network("4m").id)
        let hmePeriod = try await resolvePeriod(nil, client, indicator: hme, set: fourM, slice: slice, catalog: catalog)
        try caption(
            1,
            sv
                ? "Medarbetarengagemang (HME) i 4M, senaste perioden \(hmePeriod)"
                : "Employee engagement (HME) in 4M, latest period \(hmePeriod)"
        )
        let hmeRank = try await client.rank(
            RankRequest(indicator: hme.id, period: hmePeriod.description, set: fourM, focus: "0381")
        )
        try emit(
            Views.rank(
                hmeRank,
                indicator: hme,
                setLabel: catalog.label(of: fourM, locale: options.locale),
                focus: "0381",
                options: options
            )
                + "\n"
        )

        // 2. Sick leave in KKVH.
        let sickLeave = try lookup.indicator("sick-leave")
        let kkvh = ComparisonSet.network(try lookup.network("kkvh").id)
        let sickPeriod = try await resolvePeriod(
            nil,
            client,
            indicator: sickLeave,
            set: kkvh,
            slice: slice,
            catalog: catalog
        )
        try caption(
            2,
            sv
                ? "Sjukfrånvaro i KKVH, \(sickPeriod): lägst är bäst"
                : "Sick leave in KKVH, \(sickPeriod): lowest is best"
        )
        let sickRank = try await client.rank(
            RankRequest(indicator: sickLeave.id, period: sickPeriod.description, set: kkvh, focus: "0880")
        )
        try emit(
            Views.rank(
                sickRank,
                indicator: sickLeave,
                setLabel: catalog.label(of: kkvh, locale: options.locale),
                focus: "0880",
                options: options
            )
                + "\n"
        )

        // 3. A composite comparison of 4M.
        let chosen = try Compare.defaultIndicators.map { try lookup.indicator($0) }
        let weights = chosen.map { _ in 1.0 }
        try caption(
            3,
            sv
                ? "4M på fyra nyckeltal samtidigt, \(hmePeriod): sammanvägd rangordning"
                : "4M on four key figures at once, \(hmePeriod): composite ranking"
        )
        let comparison = try await client.compare(
            CompareRequest(
                indicators: chosen.map { WeightedIndicator(indicator: $0.id) },
                period: hmePeriod.description,
                set: fourM,
                focus: "0381"
            )
        )
        try emit(
            Views.compare(
                comparison,
                indicators: chosen,
                weights: weights,
                setLabel: catalog.label(of: fourM, locale: options.locale),
                focus: "0381",
                options: options
            ) + "\n"
        )

        // 4. Enköping's HME over time against its target.
        try caption(
            4,
            sv
                ? "Enköpings HME över tid mot 4M, riket och kommunens mål"
                : "Enköping's HME over time against 4M, the country and its target"
        )
        let trend = try await client.trend(
            TrendRequest(indicator: hme.id, municipalities: ["0381"], from: "2018", groups: [fourM, .country])
        )
        try emit(
            Views.trend(trend, indicator: hme, names: catalog.seriesNames(locale: options.locale), options: options)
                + "\n"
        )
    }
}
