import JamforDomain
import JamforWire

/// Turning the text fields of requests into domain values; what does not parse is the client's
/// mistake, answered with `invalidArgument` or `notFound` and a message that says what to send.
struct RequestParser: Sendable {
    let registry: Registry

    func indicator(_ text: String) throws(RequestFailure) -> Indicator {
        guard let id = try? IndicatorID(text), let indicator = registry.indicator(id) else {
            throw RequestFailure(.notFound, "no indicator has the id '\(text)'; list-indicators gives the catalog")
        }
        return indicator
    }

    func municipality(_ text: String) throws(RequestFailure) -> Municipality {
        let code: MunicipalityCode
        do {
            code = try MunicipalityCode(text)
        } catch {
            throw RequestFailure(.invalidArgument, error.description)
        }
        guard let municipality = registry.municipality(code) else {
            throw RequestFailure(.notFound, "no municipality has the code \(text); list-municipalities gives them")
        }
        return municipality
    }

    func network(_ text: String) throws(RequestFailure) -> Network {
        guard let id = try? NetworkID(text), let network = registry.network(id) else {
            throw RequestFailure(.notFound, "no network has the id '\(text)'; list-networks gives them")
        }
        return network
    }

    func period(_ text: String) throws(RequestFailure) -> Period {
        do {
            return try Period(text)
        } catch {
            throw RequestFailure(.invalidArgument, error.description)
        }
    }

    func scope(_ text: String) throws(RequestFailure) -> Scope {
        do {
            return try Scope(parsing: text)
        } catch {
            throw RequestFailure(.invalidArgument, error.description)
        }
    }

    /// A gender, whatever the indicator.
    func gender(_ text: String) throws(RequestFailure) -> Gender {
        do {
            return try Gender(parsing: text)
        } catch {
            throw RequestFailure(.invalidArgument, error.description)
        }
    }

    func gender(_ text: String, for indicator: Indicator) throws(RequestFailure) -> Gender {
        let gender: Gender
        do {
            gender = try Gender(parsing: text)
            try indicator.validate(gender)
        } catch {
            throw RequestFailure(.invalidArgument, error.description)
        }
        return gender
    }

    /// The members of a comparison set, in the set's order (a network's own order, the country by code).
    func members(of set: ComparisonSet) throws(RequestFailure) -> [MunicipalityCode] {
        switch set.kind {
        case .country:
            return registry.allCodes
        case .network:
            guard let id = set.network else {
                throw RequestFailure(.invalidArgument, "a network set needs its network id")
            }
            return try network(id).members
        case .list:
            guard let codes = set.codes, !codes.isEmpty else {
                throw RequestFailure(.invalidArgument, "a list set needs at least one municipality code")
            }
            var seen = Set<MunicipalityCode>()
            var members: [MunicipalityCode] = []
            for text in codes {
                let code = try municipality(text).code
                if seen.insert(code).inserted { members.append(code) }
            }
            return members
        }
    }

    /// A short label for a set, used as a group series' label.
    func label(of set: ComparisonSet) -> String {
        switch set.kind {
        case .country: return "country"
        case .network: return set.network ?? "network"
        case .list: return (set.codes ?? []).joined(separator: ",")
        }
    }
}

extension AnalyticsError {
    /// The request failure a comparability error becomes.
    var failure: RequestFailure { RequestFailure(.invalidArgument, description) }
}
