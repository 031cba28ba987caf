import Crypto
public import Foundation
import JamforDomain
public import JamforStorage
public import JamforWire
public import Logging

/// The settings of the application behind the connections.
public struct ResponderConfiguration: Sendable {
    /// Whether clients without credentials get public, read-only access.
    public var allowsAnonymous: Bool
    /// Observations per export batch when the client does not ask for a size.
    public var exportBatchSize: Int
    /// The largest export batch, whatever the client asks.
    public var maximumExportBatchSize: Int
    /// The most observations in one `submit` (announced as `WireLimits.maxSubmitObservations`).
    public var maximumSubmitObservations: Int
    /// The share of a composite's indicators a municipality must have, when the request does not say.
    public var defaultMinimumCoverage: Double
    /// The server's clock, for submission times and for refusing periods that have not ended.
    public var now: @Sendable () -> Date
    /// How many comparison answers to keep between submissions; 0 computes every answer afresh.
    public var comparisonCacheCapacity: Int

    public init(
        allowsAnonymous: Bool = false,
        exportBatchSize: Int = 1000,
        maximumExportBatchSize: Int = 10_000,
        maximumSubmitObservations: Int = 100_000,
        defaultMinimumCoverage: Double = 0.75,
        now: @escaping @Sendable () -> Date = { Date() },
        comparisonCacheCapacity: Int = 10_000
    ) {
        self.allowsAnonymous = allowsAnonymous
        self.exportBatchSize = exportBatchSize
        self.maximumExportBatchSize = maximumExportBatchSize
        self.maximumSubmitObservations = maximumSubmitObservations
        self.defaultMinimumCoverage = defaultMinimumCoverage
        self.now = now
        self.comparisonCacheCapacity = comparisonCacheCapacity
    }
}

/// Jamfor's answers to the protocol's requests: catalog, comparisons from the analytics module,
/// submissions and exports from storage, each limited to what the session may see and do.
public struct JamforResponder: Responder {
    let storage: any Storage
    /// The registry, which grows when indicators are added beside the running server.
    let registryStore: RegistryStore
    let configuration: ResponderConfiguration
    let logger: Logger
    let authenticator: Authenticator
    let cache: ComparisonCache

    /// A responder over `storage`, whose registry it reads once.
    public init(
        storage: any Storage,
        configuration: ResponderConfiguration = ResponderConfiguration(),
        logger: Logger = Logger(label: "jamfor.server")
    ) async throws(StorageError) {
        let registryStore = RegistryStore(try await storage.registry(), storage: storage)
        self.storage = storage
        self.registryStore = registryStore
        self.configuration = configuration
        self.logger = logger
        self.cache = ComparisonCache(capacity: configuration.comparisonCacheCapacity)
        self.authenticator = Authenticator(
            storage: storage,
            registry: { registryStore.current },
            allowsAnonymous: configuration.allowsAnonymous
        )
    }

    public func authenticate(_ hello: Hello, remoteAddress: String?) async -> Result<Session, RequestFailure> {
        await authenticator.authenticate(hello, remoteAddress: remoteAddress)
    }

    /// The registry as last read. Only indicators are added while the server runs, so the parts of a
    /// request that read it at different moments agree on its municipalities and networks.
    var registry: Registry { registryStore.current }

    /// Reads the registry again where a request may need indicators added since it was read: before
    /// listing them, and when the request names one the registry lacks (rate-limited by the store).
    /// A change empties the comparison cache, whose answers may list every indicator.
    private func refreshRegistry(for request: WireMessage) async {
        do {
            if try await registryChanged(for: request) { cache.invalidate() }
        } catch {
            // The registry in memory still answers: a failed look for new indicators must not turn
            // a request that worked before into a storage failure.
            logger.warning("reading the registry again failed", metadata: ["error": "\(error)"])
        }
    }

    /// Whether reading the registry again for `request` found new indicators.
    private func registryChanged(for request: WireMessage) async throws(StorageError) -> Bool {
        let changed: Bool
        switch request {
        case .listIndicators:
            changed = try await registryStore.reload()
        case .rank(let query):
            changed = try await registryStore.reload(ifMissing: [query.indicator])
        case .compare(let query):
            changed = try await registryStore.reload(ifMissing: query.indicators.lazy.map(\.indicator))
        case .trend(let query):
            changed = try await registryStore.reload(ifMissing: [query.indicator])
        case .export(let query):
            changed = try await registryStore.reload(ifMissing: query.indicators)
        case .submit(let query):
            // Distinct ids only: a batch holds runs of few indicators, and the store looks each up.
            var ids = Set<String>()
            var last: String?
            for record in query.observations where record.indicator != last {
                last = record.indicator
                ids.insert(record.indicator)
            }
            changed = try await registryStore.reload(ifMissing: ids)
        default:
            changed = false
        }
        return changed
    }

    public func respond(to request: WireMessage, session: Session, sink: any ResponseSink) async throws {
        do {
            await refreshRegistry(for: request)
            let registry = self.registry
            let parser = RequestParser(registry: registry)
            switch request {
            case .listMunicipalities(let query):
                try await sink.send(.municipalities(try municipalities(query, parser)), final: true)
            case .listNetworks:
                let networks = registry.networks.map {
                    NetworkInfo(id: $0.id.rawValue, name: $0.name, members: $0.members.map(\.rawValue))
                }
                try await sink.send(.networks(ListNetworksResponse(networks: networks)), final: true)
            case .listIndicators:
                try await sink.send(
                    .indicators(ListIndicatorsResponse(indicators: registry.indicators.map(info))),
                    final: true
                )
            case .rank(let query):
                try await sink.send(
                    try await cached(request, session) { .rankResult(try await rank(query, session, parser)) },
                    final: true
                )
            case .compare(let query):
                try await sink.send(
                    try await cached(request, session) { .compareResult(try await compare(query, session, parser)) },
                    final: true
                )
            case .trend(let query):
                try await sink.send(
                    try await cached(request, session) { .trendResult(try await trend(query, session, parser)) },
                    final: true
                )
            case .submit(let query):
                try await sink.send(.submitResult(try await submit(query, session, parser)), final: true)
            case .export(let query):
                try await export(query, session, parser, sink)
            default:
                throw RequestFailure(.malformedFrame, "\(request.type) is not a request a client may send")
            }
        } catch let error as StorageError {
            // A request cancelled while storage worked for it (a client's Ctrl-C during an export) is
            // no storage failure: the connection layer answers `cancelled`, and operators see no error.
            if Task.isCancelled { throw CancellationError() }
            // The detail goes to the log (it names no token or figure), the client gets the gist.
            logger.error("storage failed", metadata: ["error": "\(error)", "principal": "\(session.name)"])
            if case .conflict(let key) = error {
                throw RequestFailure(.conflict, StorageError.conflict(key: key).description)
            }
            throw RequestFailure(.internalError, "the server's storage failed; try again later")
        }
    }

    /// The answer to a comparison request from the cache, or computed and kept.
    private func cached(
        _ request: WireMessage,
        _ session: Session,
        _ compute: () async throws -> WireMessage
    ) async throws -> WireMessage {
        let key = cache.key(request, session.viewer)
        let (kept, generation) = cache.lookUp(key)
        if let kept { return kept }
        let answer = try await compute()
        cache.keep(answer, for: key, computedAt: generation)
        return answer
    }

    // MARK: Catalog

    private func municipalities(
        _ query: ListMunicipalitiesRequest,
        _ parser: RequestParser
    ) throws(RequestFailure) -> ListMunicipalitiesResponse {
        var selected = registry.municipalities
        if let county = query.county {
            selected = selected.filter { $0.county.name == county }
        }
        if let id = query.network {
            let members = Set(try parser.network(id).members)
            selected = selected.filter { members.contains($0.code) }
        }
        return ListMunicipalitiesResponse(
            municipalities: selected.map {
                MunicipalityInfo(code: $0.code.rawValue, name: $0.name, county: $0.county.name)
            }
        )
    }

    private func info(_ indicator: Indicator) -> IndicatorInfo {
        IndicatorInfo(
            id: indicator.id.rawValue,
            titleSv: indicator.titleSV,
            titleEn: indicator.titleEN,
            unit: indicator.unit.rawValue,
            direction: indicator.direction == .higher ? .higherIsBetter : .lowerIsBetter,
            minimum: indicator.bounds.lowerBound,
            maximum: indicator.bounds.upperBound,
            splitsByGender: indicator.splitsByGender,
            koladaID: indicator.koladaID,
            decimals: UInt8(clamping: indicator.decimals),
            deadBand: indicator.deadBand
        )
    }

    // MARK: Comparisons

    /// The national slice of one indicator as `session` may see it.
    private func slice(
        _ indicator: Indicator,
        _ period: Period,
        _ scope: Scope,
        _ gender: Gender,
        _ session: Session
    ) async throws -> IndicatorSlice {
        let observations = try await storage.observations(
            of: indicator.id,
            period: period,
            scope: scope,
            gender: gender,
            visibleTo: session.viewer
        )
        do {
            return try IndicatorSlice(
                indicator: indicator,
                period: period,
                scope: scope,
                gender: gender,
                observations: observations
            )
        } catch {
            throw error.failure
        }
    }

    private func rank(_ query: RankRequest, _ session: Session, _ parser: RequestParser) async throws -> RankResponse {
        let indicator = try parser.indicator(query.indicator)
        let period = try parser.period(query.period)
        let scope = try parser.scope(query.scope)
        let gender = try parser.gender(query.gender, for: indicator)
        let members = try parser.members(of: query.set)
        if let focus = query.focus { _ = try parser.municipality(focus) }
        let current = try await slice(indicator, period, scope, gender, session)
        var previous: IndicatorSlice?
        if let earlier = period.previousEqual {
            let candidate = try await slice(indicator, earlier, scope, gender, session)
            if !candidate.municipalities.isEmpty { previous = candidate }
        }
        let ranking: Ranking
        do {
            ranking = try Analytics.rank(current, members: members, previous: previous)
        } catch {
            throw error.failure
        }
        // Colour classes place a figure among the whole country's; when the viewer may see figures
        // of fewer than half of the municipalities (a network-only part-year period), there is no
        // such picture to place it in.
        let coloured = ranking.country.count * 2 >= registry.municipalities.count
        let rows = ranking.entries.map { entry in
            RankRow(
                municipality: entry.municipality.rawValue,
                name: registry.municipality(entry.municipality)?.name ?? entry.municipality.rawValue,
                rank: entry.rank.map { UInt16(clamping: $0) },
                value: entry.value,
                status: entry.reading?.status?.rawValue,
                score: entry.score,
                zScore: entry.zScore,
                colour: coloured ? wire(entry.colour) : .grey,
                change: entry.change?.delta,
                synthetic: entry.isSynthetic ? true : nil,
                syntheticChange: entry.change != nil && entry.changeIsSynthetic ? true : nil
            )
        }
        return RankResponse(
            indicator: indicator.id.rawValue,
            period: period.description,
            scope: scope.rawValue,
            gender: gender.rawValue,
            rows: rows,
            group: wire(ranking.group, members: members.count),
            country: wire(ranking.country, members: registry.municipalities.count),
            previousPeriod: previous?.period.description
        )
    }

    private func compare(
        _ query: CompareRequest,
        _ session: Session,
        _ parser: RequestParser
    ) async throws -> CompareResponse {
        guard !query.indicators.isEmpty else {
            throw RequestFailure(.invalidArgument, "a comparison needs at least one indicator")
        }
        let period = try parser.period(query.period)
        let scope = try parser.scope(query.scope)
        let members = try parser.members(of: query.set)
        let coverage = query.minimumCoverage ?? configuration.defaultMinimumCoverage
        guard coverage.isFinite, (0...1).contains(coverage) else {
            throw RequestFailure(.invalidArgument, "minimumCoverage \(coverage) is outside 0–1")
        }
        var slices: [IndicatorSlice] = []
        for weighted in query.indicators {
            let indicator = try parser.indicator(weighted.indicator)
            let gender = try parser.gender(query.gender, for: indicator)
            slices.append(try await slice(indicator, period, scope, gender, session))
        }
        let composite: Composite
        do {
            composite = try Analytics.composite(
                slices,
                weights: query.indicators.map(\.weight),
                members: members,
                maximumMissingShare: 1 - coverage
            )
        } catch {
            throw error.failure
        }
        let rows = composite.entries.map { entry in
            CompareRow(
                municipality: entry.municipality.rawValue,
                name: registry.municipality(entry.municipality)?.name ?? entry.municipality.rawValue,
                values: slices.map { $0.reading(for: entry.municipality)?.value ?? .nan },
                scores: entry.scores.map { $0 ?? .nan },
                composite: entry.score,
                rank: entry.rank.map { UInt16(clamping: $0) },
                coverage: entry.coverage,
                synthetic: entry.isSynthetic ? true : nil,
                syntheticValues: entry.isSynthetic ? slices.map { $0.isSynthetic(entry.municipality) } : nil
            )
        }
        return CompareResponse(indicators: slices.map(\.indicator.id.rawValue), period: period.description, rows: rows)
    }

    private func trend(_ query: TrendRequest, _ session: Session, _ parser: RequestParser) async throws -> TrendResponse
    {
        let indicator = try parser.indicator(query.indicator)
        let scope = try parser.scope(query.scope)
        let gender = try parser.gender(query.gender, for: indicator)
        let cut: Int?
        if query.cut.isEmpty {
            cut = nil
        } else {
            guard query.cut.utf8.count == 2, let month = Int(query.cut), (1...11).contains(month) else {
                throw RequestFailure(
                    .invalidArgument,
                    "the cut '\(query.cut)' is not \"\" (whole years) or a month 01–11 (\"08\" for January–August)"
                )
            }
            cut = month
        }
        let municipalities = try query.municipalities.map { (text) throws(RequestFailure) in
            try parser.municipality(text).code
        }
        let groups = try query.groups.map { (set) throws(RequestFailure) in
            (parser.label(of: set), try parser.members(of: set))
        }
        guard !municipalities.isEmpty || !groups.isEmpty else {
            throw RequestFailure(.invalidArgument, "a trend needs at least one municipality or group")
        }
        let first =
            try query.from.map { (text) throws(RequestFailure) in try parser.period(text).year }
            ?? Period.years.lowerBound
        let last =
            try query.to.map { (text) throws(RequestFailure) in try parser.period(text).year }
            ?? Period.years.upperBound
        guard first <= last else {
            throw RequestFailure(.invalidArgument, "from (\(first)) is after to (\(last))")
        }
        let wanted = Set(municipalities).union(groups.flatMap(\.1))
        // From the year before `first`: a target for `first` is judged against the change since then,
        // even when that year is not asked for.
        let observations = try await storage.series(
            of: indicator.id,
            cut: cut,
            years: max(first - 1, Period.years.lowerBound)...last,
            scope: scope,
            gender: gender,
            municipalities: wanted.count == registry.municipalities.count ? nil : Array(wanted),
            visibleTo: session.viewer
        )
        var byKey: [MunicipalityCode: [Int: Observation]] = [:]
        for observation in observations {
            byKey[observation.key.municipality, default: [:]][observation.key.period.year] = observation
        }
        let years = observations.map(\.key.period.year).filter { $0 >= first }
        // From the first to the last year with a figure within from…to: years beyond the data, asked
        // for or not, would only be rows of missing values.
        let span = years.min().flatMap { low in years.max().map { low...max(low, $0) } }
        let yearList = span.map(Array.init) ?? []
        let periods = yearList.compactMap { year in
            try? (cut.map { try Period(year: year, throughMonth: $0) } ?? Period(year: year))
        }
        var series: [TrendSeries] = []
        for code in municipalities {
            let values = yearList.map { byKey[code]?[$0]?.value ?? .nan }
            let flags = yearList.map { byKey[code]?[$0].map { $0.value != nil && $0.source.isSynthetic } ?? false }
            let synthetic = flags.contains(true)
            series.append(
                TrendSeries(
                    kind: .municipality,
                    label: code.rawValue,
                    values: values,
                    synthetic: synthetic ? true : nil,
                    syntheticValues: synthetic ? flags : nil
                )
            )
        }
        for (label, members) in groups {
            var values: [Double] = []
            var counts: [UInt32] = []
            var flags: [Bool] = []
            for year in yearList {
                let present = members.compactMap { byKey[$0]?[year] }.filter { $0.value != nil }
                flags.append(present.contains { $0.source.isSynthetic })
                let statistics = JamforDomain.GroupStatistics(values: present.compactMap(\.value))
                values.append(statistics.mean ?? .nan)
                counts.append(UInt32(statistics.count))
            }
            series.append(
                TrendSeries(
                    kind: .groupMean,
                    label: label,
                    values: values,
                    counts: counts,
                    synthetic: flags.contains(true) ? true : nil,
                    syntheticValues: flags.contains(true) ? flags : nil
                )
            )
        }
        var targets: [TrendTarget] = []
        for code in municipalities {
            for target in try await storage.targets(of: indicator.id, municipality: code, scope: scope, gender: gender)
            where yearList.contains(target.year) {
                let status = targetStatus(target, byKey[code], indicator)
                targets.append(
                    TrendTarget(
                        municipality: code.rawValue,
                        year: UInt16(clamping: target.year),
                        value: target.value,
                        status: status
                    )
                )
            }
        }
        return TrendResponse(
            indicator: indicator.id.rawValue,
            periods: periods.map(\.description),
            series: series,
            targets: targets.isEmpty ? nil : targets
        )
    }

    /// How a target stands: a status name, or `not-comparable` for a part-year figure of an
    /// indicator that accumulates over the year.
    private func targetStatus(_ target: Target, _ figures: [Int: Observation]?, _ indicator: Indicator) -> String {
        let result = Result { () throws(AnalyticsError) -> TargetStatus in
            try Analytics.targetStatus(
                target,
                current: figures?[target.year],
                previous: figures?[target.year - 1],
                indicator: indicator
            )
        }
        switch result {
        case .success(let status): return status.rawValue
        case .failure: return "not-comparable"
        }
    }

    // MARK: Submit and export

    private func submit(_ query: SubmitRequest, _ session: Session, _ parser: RequestParser) async throws
        -> SubmitResponse
    {
        guard !session.isAnonymous, session.role != .reader else {
            throw RequestFailure(
                .notAuthorized,
                "\(session.name) may read but not submit figures; ask for a member account"
            )
        }
        guard query.observations.count <= configuration.maximumSubmitObservations else {
            throw RequestFailure(
                .invalidArgument,
                "\(query.observations.count) observations in one submit, more than the \(configuration.maximumSubmitObservations) allowed: split the batch; nothing was stored"
            )
        }
        guard !query.idempotencyKey.isEmpty, query.idempotencyKey.utf8.count <= 200 else {
            throw RequestFailure(.invalidArgument, "the idempotency key must be 1–200 bytes")
        }
        let now = configuration.now()
        var accepted: [Observation] = []
        accepted.reserveCapacity(query.observations.count)
        var rejected: [SubmissionRejection] = []
        var seen = Set<SeriesKey>(minimumCapacity: query.observations.count)
        var memo = ValidationMemo()
        for (index, record) in query.observations.enumerated() {
            switch validate(record, session: session, parser: parser, now: now, memo: &memo) {
            case .success(let observation):
                if seen.insert(observation.key).inserted {
                    accepted.append(observation)
                } else {
                    rejected.append(
                        SubmissionRejection(
                            index: index,
                            code: ErrorCode.invalidArgument.rawValue,
                            reason: "the same figure is given earlier in the batch; give each key once"
                        )
                    )
                }
            case .failure(let failure):
                rejected.append(SubmissionRejection(index: index, code: failure.code.rawValue, reason: failure.message))
            }
        }
        // The digest of the batch's figures: the same key with different figures is a conflict. The
        // client's own submitter and time are left out, as the server ignores them; a retry that
        // stamps a new time is still the same batch. (The copy is made only when there is something to
        // leave out: `jamfor` sends neither, and copying a large batch was a cost of its own.)
        let stamped = query.observations.contains { $0.submitter != nil || $0.submittedAt != nil }
        let figures =
            stamped
            ? query.observations.map { record in
                var figure = record
                figure.submitter = nil
                figure.submittedAt = nil
                return figure
            } : query.observations
        let encoded = try CBOREncoder().encode(figures)
        let digest = Array(SHA256.hash(data: Data(encoded)))
        let outcome = try await storage.submit(
            accepted,
            rejected: rejected,
            key: query.idempotencyKey,
            digest: digest,
            principal: session.name
        )
        if outcome.inserted + outcome.updated > 0 { cache.invalidate() }
        logger.info(
            "submission stored",
            metadata: [
                "principal": "\(session.name)", "inserted": "\(outcome.inserted)", "updated": "\(outcome.updated)",
                "unchanged": "\(outcome.unchanged)", "rejected": "\(outcome.rejected.count)",
                "replayed": "\(outcome.replayed)",
            ]
        )
        return SubmitResponse(
            inserted: UInt32(clamping: outcome.inserted),
            updated: UInt32(clamping: outcome.updated),
            unchanged: UInt32(clamping: outcome.unchanged),
            rejected: outcome.rejected.sorted { $0.index < $1.index }.map {
                Rejection(
                    index: UInt32(clamping: $0.index),
                    code: ErrorCode(rawValue: $0.code),
                    reason: $0.reason
                )
            },
            replayed: outcome.replayed
        )
    }

    /// What ``validate(_:session:parser:now:memo:)`` found for the texts of the last record, reused while
    /// records repeat them: the records of a large batch come in runs of one indicator, municipality,
    /// period and source, and looking each up anew (for the period, a calendar computation of when it
    /// ends) cost 0.9 s of the server's CPU importing 1,000,000 figures (Tools/ExportBench). Only
    /// successes are kept; a text that failed fails again.
    private struct ValidationMemo {
        var indicator: (text: String, value: Indicator)?
        var municipality: (text: String, value: MunicipalityCode)?
        var period: (text: String, value: Period)?
        var source: (text: String, value: Source)?
    }

    /// One submitted record as an observation the session may store, or why not.
    private func validate(
        _ record: ObservationRecord,
        session: Session,
        parser: RequestParser,
        now: Date,
        memo: inout ValidationMemo
    ) -> Result<Observation, RequestFailure> {
        do throws(RequestFailure) {
            let indicator: Indicator
            if let known = memo.indicator, known.text == record.indicator {
                indicator = known.value
            } else {
                indicator = try parser.indicator(record.indicator)
                memo.indicator = (record.indicator, indicator)
            }
            let municipality: MunicipalityCode
            if let known = memo.municipality, known.text == record.municipality {
                municipality = known.value
            } else {
                municipality = try parser.municipality(record.municipality).code
                memo.municipality = (record.municipality, municipality)
            }
            if session.role == .member && municipality != session.municipality {
                throw RequestFailure(
                    .notAuthorized,
                    "\(session.name) may submit figures for \(session.municipality?.rawValue ?? "its own municipality") only, not \(municipality)"
                )
            }
            let period: Period
            if let known = memo.period, known.text == record.period {
                period = known.value
            } else {
                period = try parser.period(record.period)
                guard period.hasEnded(asOf: now) else {
                    throw RequestFailure(
                        .invalidArgument,
                        "the period \(period) has not ended yet; submit it once it is over"
                    )
                }
                memo.period = (record.period, period)
            }
            let scope = try parser.scope(record.scope)
            let gender = try parser.gender(record.gender, for: indicator)
            let reading: Reading
            switch (record.value, record.status) {
            case (let value?, nil):
                do {
                    try indicator.validate(value)
                    reading = try Reading(value: value)
                } catch {
                    throw RequestFailure(.invalidArgument, error.description)
                }
            case (nil, let status?):
                do {
                    reading = Reading(status: try StatusMarker(parsing: status))
                } catch {
                    throw RequestFailure(.invalidArgument, error.description)
                }
            default:
                throw RequestFailure(
                    .invalidArgument,
                    "give either a value or a status marker (-, . or ..), not both and not neither"
                )
            }
            let source: Source
            if let text = record.source, !text.isEmpty {
                if let known = memo.source, known.text == text {
                    source = known.value
                } else {
                    source = (try? Source(text)) ?? Source(kind: .submission, reference: text)
                    memo.source = (text, source)
                }
            } else {
                // Named by the municipality, not the account: outsiders who see the figure must not
                // learn which account names exist.
                source = Source(kind: .submission, reference: municipality.rawValue)
            }
            return .success(
                Observation(
                    key: SeriesKey(
                        indicator: indicator.id,
                        municipality: municipality,
                        period: period,
                        scope: scope,
                        gender: gender
                    ),
                    reading: reading,
                    source: source,
                    submitter: session.name,
                    recordedAt: now,
                    visibility: record.visibility == .network ? .network : .public
                )
            )
        } catch {
            return .failure(error)
        }
    }

    private func export(
        _ query: ExportRequest,
        _ session: Session,
        _ parser: RequestParser,
        _ sink: any ResponseSink
    ) async throws {
        let indicators = try query.indicators.map { (text) throws(RequestFailure) in try parser.indicator(text).id }
        let municipalities = try query.municipalities.map { (text) throws(RequestFailure) in
            try parser.municipality(text).code
        }
        let filter = ExportFilter(
            indicators: indicators,
            municipalities: municipalities,
            from: try query.from.map { (text) throws(RequestFailure) in try parser.period(text) },
            to: try query.to.map { (text) throws(RequestFailure) in try parser.period(text) },
            scope: try query.scope.map { (text) throws(RequestFailure) in try parser.scope(text) },
            gender: try query.gender.map { (text) throws(RequestFailure) in try parser.gender(text) }
        )
        let requested = query.batchSize.map(Int.init) ?? configuration.exportBatchSize
        let batchSize = min(max(requested, 1), configuration.maximumExportBatchSize)
        var page = try await batch(filter, after: nil, limit: batchSize, session)
        var sequence: UInt32 = 0
        while true {
            let next = page.next
            // The next page is read and converted while this one is encoded and sent: reading it
            // (SQLite and the rows' decoding) and sending this one (CBOR and the socket) are each about
            // half of an export's time, and on two cores they overlap (1,000,000 figures: 1.09 s instead
            // of 1.18 s, median of six, Tools/ExportBench). At most one page is read ahead:
            // `send` suspends while the client is not reading, and the page after waits for it.
            async let following: ExportPage? = next == nil ? nil : batch(filter, after: next, limit: batchSize, session)
            try await sink.send(
                .exportBatch(ExportBatch(sequence: sequence, observations: page.records)),
                final: next == nil
            )
            guard let nextPage = try await following else { return }
            page = nextPage
            sequence &+= 1
        }
    }

    /// One page of an export as the wire's records, and where the next page starts (nil after the last).
    private struct ExportPage: Sendable {
        var records: [ObservationRecord]
        var next: ExportCursor?
    }

    /// Reads one page of an export and converts it to records as `session` may see them.
    private func batch(
        _ filter: ExportFilter,
        after cursor: ExportCursor?,
        limit: Int,
        _ session: Session
    ) async throws -> ExportPage {
        // A cancelled export stops between batches; the connection layer sends `cancelled`. A page
        // read ahead runs in a child task, which the request's cancellation reaches as well.
        try Task.checkCancellation()
        let page = try await storage.exportPage(filter, after: cursor, limit: limit, visibleTo: session.viewer)
        var texts = RecordTexts()
        var records: [ObservationRecord] = []
        records.reserveCapacity(page.observations.count)
        for observation in page.observations {
            records.append(record(observation, for: session, texts: &texts))
        }
        return ExportPage(records: records, next: page.next)
    }

    /// The texts of the last period and source written, reused while rows repeat them: in an export
    /// whole runs of rows share their source and period, and making the texts anew cost every row a
    /// number's formatting and an allocation.
    private struct RecordTexts {
        var period: (value: Period, text: String)?
        var source: (value: Source, text: String)?

        mutating func text(of period: Period) -> String {
            if let cached = self.period, cached.value == period { return cached.text }
            let text = period.description
            self.period = (period, text)
            return text
        }

        mutating func text(of source: Source) -> String {
            if let cached = self.source, cached.value == source { return cached.text }
            let text = source.description
            self.source = (source, text)
            return text
        }
    }

    /// `observation` as `session` may see it: who submitted a figure is shown to administrators and
    /// to the municipality's own accounts only.
    private func record(
        _ observation: Observation,
        for session: Session,
        texts: inout RecordTexts
    ) -> ObservationRecord {
        let showsSubmitter = session.role == .admin || session.municipality == observation.key.municipality
        return ObservationRecord(
            indicator: observation.key.indicator.rawValue,
            municipality: observation.key.municipality.rawValue,
            period: texts.text(of: observation.key.period),
            scope: observation.key.scope.rawValue,
            gender: observation.key.gender.rawValue,
            value: observation.value,
            status: observation.reading.status?.rawValue,
            source: texts.text(of: observation.source),
            submitter: showsSubmitter ? observation.submitter : nil,
            submittedAt: observation.recordedAt,
            visibility: observation.visibility == .network ? .network : .public
        )
    }

    // MARK: Domain to wire

    private func wire(_ colour: JamforDomain.ColourClass) -> JamforWire.ColourClass {
        switch colour {
        case .green: return .green
        case .yellow: return .yellow
        case .red: return .red
        case .grey: return .grey
        }
    }

    private func wire(_ statistics: JamforDomain.GroupStatistics, members: Int) -> JamforWire.GroupStatistics {
        JamforWire.GroupStatistics(
            mean: statistics.mean,
            median: statistics.median,
            minimum: statistics.min,
            maximum: statistics.max,
            count: UInt32(clamping: statistics.count),
            members: UInt32(clamping: members)
        )
    }
}
