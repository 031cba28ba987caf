import ArgumentParser
import JamforClient
import JamforDomain
import JamforTerminal
import JamforWire

/// `jamfor rank`: one indicator ranked over a set.
struct Rank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank municipalities on one indicator, with bars, change and Kolada colours.",
        discussion: """
            Without --network, --country or --municipalities a member sees its own first network \
            and everyone else the whole country. Without --period the latest period with figures is \
            used. The focus municipality (a member's own by default) is marked.

            Examples:
              jamfor rank hme --network 4m
              jamfor rank sick-leave --period 2024-08 --network kkvh --focus Kalmar
              jamfor rank nki --country --period 2023 --format csv --locale sv > nki.csv
              jamfor rank hme --municipalities Kalmar,Växjö,Halmstad --gender K
            """
    )

    @Argument(help: "The indicator's id, such as hme or sick-leave (see `jamfor indicators`).")
    var indicator: String

    @Option(name: .long, help: "A year (2024) or a year-to-date cut (2024-08); default: the latest with figures.")
    var period: String?

    @OptionGroup var set: SetOptions
    @OptionGroup var slice: SliceOptions

    @Option(name: .long, help: "The municipality to mark, by name or code.")
    var focus: String?

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let period { _ = try parsePeriod(period) }
    }

    func run() async throws {
        let options = output.options()
        let text = try await withClient(connection) { client in
            let catalog = try await Catalog.load(client)
            let lookup = catalog.lookup
            let indicator = try lookup.indicator(indicator)
            let principal = client.welcome.principal
            let set = try set.resolve(catalog, principal: principal)
            let focus = try focus.map { try lookup.municipality($0).code } ?? principal.municipality
            let period = try await resolvePeriod(
                period,
                client,
                indicator: indicator,
                set: set,
                slice: slice,
                catalog: catalog
            )
            let response = try await client.rank(
                RankRequest(
                    indicator: indicator.id,
                    period: period.description,
                    scope: slice.scopeCode,
                    gender: slice.genderCode,
                    set: set,
                    focus: focus
                )
            )
            if self.period != nil, response.rows.allSatisfy({ $0.value == nil && $0.status == nil }) {
                throw try await noFigures(
                    client,
                    indicator: indicator,
                    set: set,
                    period: period,
                    slice: slice,
                    catalog: catalog
                )
            }
            if self.focus != nil, let focus, !response.rows.contains(where: { $0.municipality == focus }) {
                note("\(catalog.name(of: focus)) (\(focus)) is not among those ranked, so no row is marked")
            }
            return Views.rank(
                response,
                indicator: indicator,
                setLabel: catalog.label(of: set, locale: options.locale),
                focus: focus,
                options: options
            )
        }
        try emit(text)
    }
}

/// The failure for a period without a single figure in the set, naming the latest period that has.
func noFigures(
    _ client: JamforClient,
    indicator: IndicatorInfo,
    set: ComparisonSet,
    period: Period,
    slice: SliceOptions,
    catalog: Catalog
) async throws -> CommandFailure {
    let latest = try await latestPeriod(
        client,
        indicator: indicator.id,
        set: set,
        scope: slice.scopeCode,
        gender: slice.genderCode,
        members: catalog.size(of: set)
    )
    let hint = latest.map { "; the latest with figures is \($0) (leave out --period to get it)" } ?? ""
    return CommandFailure(
        "there are no figures of \(indicator.id) for \(catalog.label(of: set, locale: .en)) in \(period) "
            + "(scope \(slice.scopeCode), gender \(slice.genderCode)) that you may see\(hint)"
    )
}

/// The period given, or the latest with figures; fails with a clear message when there are none.
func resolvePeriod(
    _ text: String?,
    _ client: JamforClient,
    indicator: IndicatorInfo,
    set: ComparisonSet,
    slice: SliceOptions,
    catalog: Catalog
) async throws -> Period {
    if let text { return try parsePeriod(text) }
    let latest = try await latestPeriod(
        client,
        indicator: indicator.id,
        set: set,
        scope: slice.scopeCode,
        gender: slice.genderCode,
        members: catalog.size(of: set)
    )
    guard let latest else {
        throw CommandFailure(
            "no period has figures of \(indicator.id) for at least half of \(catalog.label(of: set, locale: .en)) "
                + "(scope \(slice.scopeCode), gender \(slice.genderCode)) that you may see; give --period, or try "
                + "another set, scope or gender"
        )
    }
    return latest
}
