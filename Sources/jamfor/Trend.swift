import ArgumentParser
import JamforClient
import JamforDomain
import JamforTerminal
import JamforWire

/// `jamfor trend`: one municipality's figures over the years, against its network and its target.
struct Trend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a municipality's figures over time against the network mean and its target.",
        discussion: """
            Without --network the municipality's first network is used. Whole years by default; \
            --cut 08 follows the January–August figures instead.

            Examples:
              jamfor trend hme --municipality Enköping
              jamfor trend sick-leave --municipality Kalmar --network kkvh --from 2019 --to 2024
              jamfor trend turnover --municipality 0381 --cut 08
            """
    )

    @Argument(help: "The indicator's id, such as hme or sick-leave (see `jamfor indicators`).")
    var indicator: String

    @Option(name: .long, help: "The municipality, by name or code.")
    var municipality: String

    @Option(name: .long, help: "The network to compare with (default: the municipality's first).")
    var network: String?

    @Option(name: .long, help: "The first year to show.")
    var from: Int?

    @Option(name: .long, help: "The last year to show.")
    var to: Int?

    @Option(name: .long, help: "A year-to-date cut to follow instead of whole years: 01–11 (08 is January–August).")
    var cut: String?

    @OptionGroup var slice: SliceOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        for (name, year) in [("--from", from), ("--to", to)] {
            if let year, !Period.years.contains(year) {
                throw ValidationError(
                    "\(name) \(year) is not a year Jamfor knows: give one in \(Period.years.lowerBound)–\(Period.years.upperBound)"
                )
            }
        }
        if let from, let to, from > to {
            throw ValidationError("--from \(from) is after --to \(to): give the earlier year first")
        }
        if let cut {
            guard (1...2).contains(cut.count), let month = Int(cut), (1...11).contains(month) else {
                throw ValidationError("--cut '\(cut)' is not a month 01–11: 08 follows the January–August figures")
            }
        }
    }

    func run() async throws {
        let options = output.options()
        let text = try await withClient(connection) { client in
            let catalog = try await Catalog.load(client)
            let lookup = catalog.lookup
            let indicator = try lookup.indicator(indicator)
            let place = try lookup.municipality(municipality)
            var groups: [ComparisonSet] = []
            if let network {
                groups.append(.network(try lookup.network(network).id))
            } else if let first = catalog.networks(of: place.code).first {
                groups.append(.network(first.id))
            }
            groups.append(.country)
            let response = try await client.trend(
                TrendRequest(
                    indicator: indicator.id,
                    scope: slice.scopeCode,
                    gender: slice.genderCode,
                    municipalities: [place.code],
                    from: from.map(String.init),
                    to: to.map(String.init),
                    cut: cut.flatMap(Int.init).map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "",
                    groups: groups
                )
            )
            let own = response.series.first { $0.kind == .municipality }
            guard let own, own.values.contains(where: { !$0.isNaN }) else {
                throw CommandFailure(
                    "there are no figures of \(indicator.id) for \(place.name)"
                        + (cut.map { " in the year-to-date cuts through month \($0)" } ?? " for whole years")
                        + ((from != nil || to != nil)
                            ? " in \(from.map(String.init) ?? "…")–\(to.map(String.init) ?? "…")" : "")
                        + " (scope \(slice.scopeCode), gender \(slice.genderCode)) that you may see"
                )
            }
            return Views.trend(
                response,
                indicator: indicator,
                names: catalog.seriesNames(locale: options.locale),
                scope: slice.scopeCode,
                gender: slice.genderCode,
                options: options
            )
        }
        try emit(text)
    }
}
