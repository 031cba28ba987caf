import ArgumentParser
import JamforClient
import JamforTerminal
import JamforWire

/// `jamfor indicators`: the indicator catalog.
struct Indicators: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the indicators the server knows, or add Kolada KPIs to its catalog.",
        discussion: """
            Without a subcommand, lists them (as `jamfor indicators list`).

            Examples:
              jamfor indicators
              jamfor indicators --locale en --format csv > indicators.csv
              jamfor indicators add N00945 --kpi-metadata kpi.json --direction lower
            """,
        subcommands: [IndicatorsList.self, IndicatorsAdd.self],
        defaultSubcommand: IndicatorsList.self
    )
}

/// `jamfor indicators list`: the catalog, as the server has it.
struct IndicatorsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the indicators the server knows, with their ids, units and better direction.",
        discussion: """
            Use an indicator's id (the first column) in rank, compare and trend.

            Examples:
              jamfor indicators
              jamfor indicators --locale en --format csv > indicators.csv
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let indicators = try await withClient(connection) { try await $0.indicators() }
        try emit(Views.indicators(indicators, options: output.options()))
    }
}

/// `jamfor municipalities`: the municipalities, or those of one network or county.
struct Municipalities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List municipalities with their SCB codes and counties.",
        discussion: """
            Municipalities can be given by name or code everywhere: Kalmar, kalmar, Växjö, Vaxjo \
            and 0780 all work.

            Examples:
              jamfor municipalities
              jamfor municipalities --network 4m
              jamfor municipalities --county "Kalmar län"
            """
    )

    @Option(name: .long, help: "Only the members of this network (id or name).")
    var network: String?

    @Option(name: .long, help: "Only this county, by name: \"Kalmar län\" or Kalmar.")
    var county: String?

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let municipalities = try await withClient(connection) { client in
            let catalog = try await Catalog.load(client)
            var selected = catalog.municipalities
            if let network {
                let members = Set(try catalog.lookup.network(network).members)
                selected = selected.filter { members.contains($0.code) }
            }
            if let county {
                let name = try catalog.lookup.county(county)
                selected = selected.filter { $0.county == name }
            }
            if selected.isEmpty, let network, let county {
                throw CommandFailure("no municipality is both in the network \(network) and in \(county)")
            }
            return selected
        }
        try emit(Views.municipalities(municipalities, options: output.options()))
    }
}

/// `jamfor networks`: the benchmarking networks and their members.
struct Networks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the benchmarking networks and their members.",
        discussion: """
            Example:
              jamfor networks
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let catalog = try await withClient(connection) { try await Catalog.load($0) }
        try emit(Views.networks(catalog.networks, municipalities: catalog.municipalities, options: output.options()))
    }
}
