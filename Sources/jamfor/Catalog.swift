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

/// The latest period that has figures of `indicator` for `set`: the last whole year with a group
/// value, unless a year-to-date cut of a later year has one.
func latestPeriod(
    _ client: JamforClient,
    indicator: String,
    set: ComparisonSet,
    scope: String,
    gender: String
) async throws -> Period? {
    func lastWithValue(cut: String, from: Int?) async throws -> Period? {
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
        guard let series = response.series.first else { return nil }
        let index = series.values.lastIndex { !$0.isNaN }
        return index.flatMap { try? Period(response.periods[$0]) }
    }
    let wholeYear = try await lastWithValue(cut: "", from: nil)
    let later = wholeYear.map { $0.year + 1 }
    if let later, later > Period.years.upperBound { return wholeYear }
    // Cuts of years after the last whole year, all asked at once.
    let cuts = try await withThrowingTaskGroup(of: Period?.self) { group in
        for month in 1...11 {
            let cut = month < 10 ? "0\(month)" : "\(month)"
            group.addTask { try await lastWithValue(cut: cut, from: later) }
        }
        var found: [Period] = []
        for try await period in group {
            if let period { found.append(period) }
        }
        return found
    }
    return ([wholeYear].compactMap { $0 } + cuts).max()
}
