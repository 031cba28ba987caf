import ArgumentParser
import Foundation
import JamforClient
import JamforDomain
import JamforTerminal
import JamforWire

/// What the server knows about: indicators, municipalities and networks, fetched together once per
/// command so that names can be resolved and shown.
struct Catalog: Sendable {
    let indicators: [IndicatorInfo]
    let municipalities: [MunicipalityInfo]
    let networks: [NetworkInfo]

    var lookup: Lookup { Lookup(municipalities: municipalities, indicators: indicators, networks: networks) }

    /// Asks for the three lists at once, over one connection.
    static func load(_ client: JamforClient) async throws -> Catalog {
        async let indicators = client.indicators()
        async let municipalities = client.municipalities()
        async let networks = client.networks()
        return Catalog(
            indicators: try await indicators,
            municipalities: try await municipalities,
            networks: try await networks
        )
    }

    /// The name of a municipality by code, or the code itself when it is unknown.
    func name(of code: String) -> String {
        municipalities.first { $0.code == code }?.name ?? code
    }

    /// The networks a municipality belongs to, in the server's order.
    func networks(of code: String) -> [NetworkInfo] {
        networks.filter { $0.members.contains(code) }
    }

    /// How many municipalities a set has.
    func size(of set: ComparisonSet) -> Int {
        switch set.kind {
        case .network: networks.first { $0.id == set.network }?.members.count ?? 0
        case .country: municipalities.count
        case .list: set.codes?.count ?? 0
        }
    }

    /// How a set is named in titles.
    func label(of set: ComparisonSet, locale: DisplayLocale) -> String {
        switch set.kind {
        case .network:
            return networks.first { $0.id == set.network }?.name ?? set.network ?? ""
        case .country:
            return locale == .sv ? "riket" : "the country"
        case .list:
            let codes = set.codes ?? []
            if codes.count <= 3 { return codes.map(name(of:)).joined(separator: ", ") }
            return locale == .sv ? "\(codes.count) kommuner" : "\(codes.count) municipalities"
        }
    }

    /// Display names for trend series labels: municipality codes, network ids and `country`.
    func seriesNames(locale: DisplayLocale) -> [String: String] {
        var names: [String: String] = [:]
        for municipality in municipalities { names[municipality.code] = municipality.name }
        for network in networks { names[network.id] = network.name }
        names["country"] = locale == .sv ? "Riket" : "Country"
        return names
    }
}

/// Which municipalities a comparison covers: one network, the country, or a list.
struct SetOptions: ParsableArguments {
    @Option(name: .long, help: "A network by id or name: kkvh, 4m, vastra-malardalen.")
    var network: String?

    @Flag(name: .long, help: "All 290 municipalities.")
    var country = false

    @Option(name: .long, help: "A comma-separated list of municipalities by name or code: Kalmar,Växjö,1380.")
    var municipalities: String?

    func validate() throws {
        let given = [network != nil, country, municipalities != nil].filter { $0 }.count
        guard given <= 1 else {
            throw ValidationError("give only one of --network, --country and --municipalities")
        }
        if let municipalities, municipalities.split(separator: ",").isEmpty {
            throw ValidationError("--municipalities is empty: list names or codes separated by commas")
        }
    }

    /// The set asked for; without any option, a member's first network, else the whole country.
    func resolve(_ catalog: Catalog, principal: Principal) throws -> ComparisonSet {
        let lookup = catalog.lookup
        if let network { return .network(try lookup.network(network).id) }
        if country { return .country }
        if let municipalities { return .list(try lookup.municipalities(list: municipalities).map(\.code)) }
        if let home = principal.municipality, let first = catalog.networks(of: home).first {
            return .network(first.id)
        }
        return .country
    }
}

/// Runs `body` with a connection made from `options`.
func withClient<Result: Sendable>(
    _ options: ConnectionOptions,
    _ body: (JamforClient) async throws -> Result
) async throws -> Result {
    try await JamforClient.withConnection(try options.configuration(), body)
}

/// The reader of stdout went away (`jamfor rank … | head`): nothing more can be shown.
struct OutputClosed: Error {}

/// Writes a rendered view to stdout as it is.
/// - Throws: ``OutputClosed`` when stdout is a pipe whose reader has gone, so that the command
///   unwinds (closing connections and servers) and exits quietly.
func emit(_ text: String) throws(OutputClosed) {
    do {
        try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    } catch {
        throw OutputClosed()
    }
}

/// Writes a remark about the command's input to stderr, apart from the result.
func note(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data("note: \(text)\n".utf8))
}

/// The latest period in which at least half of `set` has figures of `indicator` that the user may
/// see: the last such whole year, unless a year-to-date cut of a later year qualifies. Half, so that
/// one member's early part-year figure does not move everyone's default to a period of one value;
/// when no period reaches half, the latest with any figure.
func latestPeriod(
    _ client: JamforClient,
    indicator: String,
    set: ComparisonSet,
    scope: String,
    gender: String,
    members: Int
) async throws -> Period? {
    let needed = max(1, (members + 1) / 2)
    /// The latest period of a series with at least `needed` figures, and with at least one.
    struct Latest: Sendable {
        var covered: Period?
        var any: Period?
    }
    func latest(cut: String, from: Int?) async throws -> Latest {
        let response = try await client.trend(
            TrendRequest(
                indicator: indicator,
                scope: scope,
                gender: gender,
                municipalities: [],
                from: from.map(String.init),
                cut: cut,
                groups: [set]
            )
        )
        guard let counts = response.series.first?.counts else { return Latest() }
        func period(_ index: Int?) -> Period? {
            index.flatMap { response.periods.indices.contains($0) ? try? Period(response.periods[$0]) : nil }
        }
        return Latest(
            covered: period(counts.indices.last { counts[$0] >= needed }),
            any: period(counts.indices.last { counts[$0] > 0 })
        )
    }
    func after(_ period: Period?) -> Int? { period.map { $0.year + 1 } }
    let wholeYears = try await latest(cut: "", from: nil)
    // Cuts of years after the last whole year that qualifies, all asked at once.
    let later = after(wholeYears.covered ?? wholeYears.any)
    var cuts: [Latest] = []
    if later.map({ $0 <= Period.years.upperBound }) ?? true {
        cuts = try await withThrowingTaskGroup(of: Latest.self) { group in
            for month in 1...11 {
                let cut = month < 10 ? "0\(month)" : "\(month)"
                group.addTask { try await latest(cut: cut, from: later) }
            }
            var found: [Latest] = []
            for try await result in group { found.append(result) }
            return found
        }
    }
    let all = [wholeYears] + cuts
    return all.compactMap(\.covered).max() ?? all.compactMap(\.any).max()
}
