import JamforWire

/// What the server's catalog says, fetched once over a control connection before the load starts:
/// enough to know the answer every rank request must have.
struct Catalog: Sendable {
    /// Network id → member codes.
    var networks: [String: [String]]
    /// Every municipality code the server knows: the members of the `country` set.
    var municipalities: [String]
    /// Indicator id → which way is better.
    var directions: [String: Direction]
}

/// One rank request of the mix, with its payload encoded once and what its answer must contain.
struct RankQuery: Sendable {
    let request: RankRequest
    /// `hme 2023 kkvh`, for error messages.
    let label: String
    /// The CBOR payload of the request, sent as is in every frame (requests are far below any
    /// compression threshold, so they are never compressed).
    let payload: [UInt8]
    /// The codes the answer must have exactly one row each for.
    let members: Set<String>
    /// The indicator's direction, to check that ranked values are in order.
    let direction: Direction
}

/// Why a query mix cannot be built.
struct MixError: Error, CustomStringConvertible {
    let description: String
}

/// The rank requests the load cycles through: every combination of the given indicators, periods
/// and sets (ComparisonSet `network` for a network id, `country` for the whole country).
enum QueryMix {
    /// The default mix: the four headline indicators over the last three whole years, ranked within
    /// each of the three networks and over the country, so that a quarter of the answers are the
    /// full 290-row national list and the rest are network lists of 3–5 rows.
    static let defaultIndicators = ["hme", "nki", "sick-leave", "turnover"]
    static let defaultPeriods = ["2022", "2023", "2024"]
    static let defaultSets = ["kkvh", "4m", "vastra-malardalen", "country"]

    static func build(
        indicators: [String],
        periods: [String],
        sets: [String],
        scope: String,
        gender: String,
        catalog: Catalog
    ) throws -> [RankQuery] {
        var queries: [RankQuery] = []
        for indicator in indicators {
            guard let direction = catalog.directions[indicator] else {
                let known = catalog.directions.keys.sorted().joined(separator: ", ")
                throw MixError(description: "the server has no indicator '\(indicator)'; it knows \(known)")
            }
            for period in periods {
                for setName in sets {
                    let set: ComparisonSet
                    let members: [String]
                    var focus: String?
                    if setName == "country" {
                        set = .country
                        members = catalog.municipalities
                    } else if let networkMembers = catalog.networks[setName] {
                        set = .network(setName)
                        members = networkMembers
                        // A network member looks at its own network with itself highlighted.
                        focus = networkMembers.first
                    } else {
                        let known = (catalog.networks.keys.sorted() + ["country"]).joined(separator: ", ")
                        throw MixError(
                            description: "'\(setName)' is neither a network of the server nor country; use \(known)"
                        )
                    }
                    let request = RankRequest(
                        indicator: indicator,
                        period: period,
                        scope: scope,
                        gender: gender,
                        set: set,
                        focus: focus
                    )
                    queries.append(
                        RankQuery(
                            request: request,
                            label: "\(indicator) \(period) \(setName)",
                            payload: try WireMessage.rank(request).encodePayload(),
                            members: Set(members),
                            direction: direction
                        )
                    )
                }
            }
        }
        return queries
    }
}

/// Checks a `rank-result` against the request it answers.
enum Verifier {
    /// `nil` when `response` is a correct answer to `query`, else what is wrong with it:
    /// - indicator, period, scope and gender are echoed;
    /// - exactly one row per member of the set, and no other;
    /// - ranked rows first, then the unranked; a row is ranked exactly when it has a value;
    /// - ranks are standard competition ranks (1, 2, 2, 4) over the listed order, the values ordered
    ///   best first by the indicator's direction, equal values sharing a rank, equal ranks by code,
    ///   the unranked by code;
    /// - the group statistics count the members and the members with a value.
    static func check(_ response: RankResponse, answering query: RankQuery) -> String? {
        let request = query.request
        guard
            response.indicator == request.indicator, response.period == request.period,
            response.scope == request.scope, response.gender == request.gender
        else {
            return "echo mismatch"
        }
        let rows = response.rows
        guard rows.count == query.members.count else {
            return "row count \(rows.count) != set size \(query.members.count)"
        }
        var seen = Set<String>(minimumCapacity: rows.count)
        var ranked = 0
        var unrankedSeen = false
        var previous: RankRow?
        for (position, row) in rows.enumerated() {
            guard query.members.contains(row.municipality) else { return "row for a non-member" }
            guard seen.insert(row.municipality).inserted else { return "duplicate row" }
            if let rank = row.rank {
                guard !unrankedSeen else { return "ranked row after an unranked one" }
                guard let value = row.value else { return "ranked row without a value" }
                if let previous, let previousRank = previous.rank, let previousValue = previous.value {
                    guard rank >= previousRank else { return "ranks decrease" }
                    let better =
                        query.direction == .higherIsBetter ? previousValue > value : previousValue < value
                    if value == previousValue {
                        guard rank == previousRank else { return "equal values with different ranks" }
                        guard previous.municipality < row.municipality else { return "tied rows not by code" }
                    } else {
                        guard better else { return "values out of order" }
                        guard Int(rank) == position + 1 else { return "not a competition rank" }
                    }
                } else {
                    guard rank == 1 else { return "first rank is not 1" }
                }
                ranked += 1
            } else {
                guard row.value == nil else { return "row with a value but no rank" }
                if unrankedSeen, let previous, previous.municipality >= row.municipality {
                    return "unranked rows not by code"
                }
                unrankedSeen = true
            }
            previous = row
        }
        guard response.group.members == UInt32(query.members.count) else { return "group.members mismatch" }
        guard response.group.count == UInt32(ranked) else { return "group.count mismatch" }
        return nil
    }
}
