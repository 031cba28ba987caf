import ArgumentParser
import JamforClient
import JamforDomain
import JamforTerminal
import JamforWire

/// `jamfor compare`: several indicators side by side and a composite ranking.
struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare municipalities on several indicators at once, with a composite ranking.",
        discussion: """
            Each indicator is scored 0–100 over the set (100 is best, whichever way the indicator \
            points), and the composite is the weighted mean of the scores. A municipality missing more \
            than a quarter of the indicators gets no composite. Without --indicators the key figures \
            hme, sick-leave, turnover and nki are compared; without --period, the latest period of \
            the first indicator.

            Examples:
              jamfor compare --network 4m
              jamfor compare --network kkvh --period 2024 --indicators hme,sick-leave,nki
              jamfor compare --network 4m --indicators hme,nki,turnover --weights hme=2
              jamfor compare --network 4m --format markdown > 4m.md
            """
    )

    static let defaultIndicators = ["hme", "sick-leave", "turnover", "nki"]

    @Option(name: .long, help: "A year (2024) or a year-to-date cut (2024-08); default: the latest with figures.")
    var period: String?

    @OptionGroup var set: SetOptions

    @Option(name: .long, help: "Comma-separated indicator ids (default: hme,sick-leave,turnover,nki).")
    var indicators: String?

    @Option(
        name: .long,
        help: "Weights: one per indicator in order (2,1,1) or by id (hme=2,nki=0.5); the rest weigh 1."
    )
    var weights: String?

    @OptionGroup var slice: SliceOptions

    @Option(name: .long, help: "The municipality to mark, by name or code.")
    var focus: String?

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let period { _ = try parsePeriod(period) }
        if let indicators, indicators.split(separator: ",").isEmpty {
            throw ValidationError("--indicators is empty: list indicator ids separated by commas")
        }
    }

    func run() async throws {
        let options = output.options()
        let text = try await withClient(connection) { client in
            let catalog = try await Catalog.load(client)
            let lookup = catalog.lookup
            let names = indicators.map { $0.split(separator: ",").map(String.init) } ?? Self.defaultIndicators
            var chosen: [IndicatorInfo] = []
            for name in names {
                let indicator = try lookup.indicator(name.trimmingCharacters(in: .whitespaces))
                guard !chosen.contains(indicator) else {
                    throw CommandFailure("--indicators names \(indicator.id) twice: give each indicator once")
                }
                chosen.append(indicator)
            }
            let weightList = try Self.parseWeights(weights, for: chosen)
            let principal = client.welcome.principal
            let set = try set.resolve(catalog, principal: principal)
            let focus = try focus.map { try lookup.municipality($0).code } ?? principal.municipality
            let period = try await resolvePeriod(
                period,
                client,
                indicator: chosen[0],
                set: set,
                slice: slice,
                catalog: catalog
            )
            let response = try await client.compare(
                CompareRequest(
                    indicators: zip(chosen, weightList).map { WeightedIndicator(indicator: $0.id, weight: $1) },
                    period: period.description,
                    scope: slice.scopeCode,
                    gender: slice.genderCode,
                    set: set,
                    focus: focus
                )
            )
            if self.period != nil, response.rows.allSatisfy({ $0.values.allSatisfy(\.isNaN) }) {
                throw try await noFigures(
                    client,
                    indicator: chosen[0],
                    set: set,
                    period: period,
                    slice: slice,
                    catalog: catalog
                )
            }
            if self.focus != nil, let focus, !response.rows.contains(where: { $0.municipality == focus }) {
                note("\(catalog.name(of: focus)) (\(focus)) is not among those compared, so no row is marked")
            }
            return Views.compare(
                response,
                indicators: chosen,
                weights: weightList,
                setLabel: catalog.label(of: set, locale: options.locale),
                focus: focus,
                options: options
            )
        }
        try emit(text)
    }

    /// One weight per indicator from `2,1,1` or `hme=2,nki=0.5`; every weight finite and above 0.
    static func parseWeights(_ text: String?, for indicators: [IndicatorInfo]) throws -> [Double] {
        var weights = [Double](repeating: 1, count: indicators.count)
        guard let text else { return weights }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        func number(_ text: String) throws -> Double {
            guard let value = Double(text), value.isFinite, value > 0 else {
                throw CommandFailure("--weights: '\(text)' is not a weight; give a number above 0, such as 2 or 0.5")
            }
            return value
        }
        // "hme=1,5" is a Swedish decimal comma, which the list's commas would split.
        if parts.count > 1, parts.dropFirst().contains(where: { $0.allSatisfy(\.isNumber) }),
            parts.first?.contains("=") == true
        {
            throw CommandFailure("--weights: write decimals with a point (hme=1.5); commas separate the weights")
        }
        if parts.allSatisfy({ !$0.contains("=") }) {
            guard parts.count == indicators.count else {
                throw CommandFailure(
                    "--weights gives \(parts.count) weights for \(indicators.count) indicators; "
                        + "give one per indicator, or name them: hme=2"
                )
            }
            return try parts.map(number)
        }
        var named: Set<Int> = []
        for part in parts {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else {
                throw CommandFailure("--weights: '\(part)' is not id=weight; write them all like hme=2,nki=0.5")
            }
            guard let index = indicators.firstIndex(where: { Lookup.fold($0.id) == Lookup.fold(pair[0]) }) else {
                throw CommandFailure(
                    "--weights names '\(pair[0])', which is not among the compared indicators "
                        + "(\(indicators.map(\.id).joined(separator: ", ")))"
                )
            }
            guard named.insert(index).inserted else {
                throw CommandFailure("--weights gives \(indicators[index].id) twice; give each indicator one weight")
            }
            weights[index] = try number(pair[1])
        }
        return weights
    }
}
