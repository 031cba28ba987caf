/// The municipalities, networks and indicators Jamfor knows, with look-ups by key.
public struct Registry: Sendable {
    /// All municipalities, sorted by code.
    public let municipalities: [Municipality]
    /// The networks, in the order they were given.
    public let networks: [Network]
    /// The indicator catalog, in the order it was given.
    public let indicators: [Indicator]

    private let municipalityIndex: [MunicipalityCode: Int]
    private let networkIndex: [NetworkID: Int]
    private let indicatorIndex: [IndicatorID: Int]

    /// A registry; fails on a repeated code or id, or a network member that is not a municipality.
    public init(
        municipalities: [Municipality],
        networks: [Network],
        indicators: [Indicator]
    ) throws(RegistryError) {
        let sorted = municipalities.sorted { $0.code < $1.code }
        var municipalityIndex: [MunicipalityCode: Int] = [:]
        for (index, municipality) in sorted.enumerated() {
            guard municipalityIndex.updateValue(index, forKey: municipality.code) == nil else {
                throw .duplicateMunicipality(municipality.code)
            }
        }
        var networkIndex: [NetworkID: Int] = [:]
        for (index, network) in networks.enumerated() {
            guard networkIndex.updateValue(index, forKey: network.id) == nil else {
                throw .duplicateNetwork(network.id)
            }
            var seen = Set<MunicipalityCode>()
            for member in network.members {
                guard municipalityIndex[member] != nil else { throw .unknownMember(network: network.id, member) }
                guard seen.insert(member).inserted else { throw .repeatedMember(network: network.id, member) }
            }
        }
        var indicatorIndex: [IndicatorID: Int] = [:]
        for (index, indicator) in indicators.enumerated() {
            guard indicatorIndex.updateValue(index, forKey: indicator.id) == nil else {
                throw .duplicateIndicator(indicator.id)
            }
        }
        self.municipalities = sorted
        self.networks = networks
        self.indicators = indicators
        self.municipalityIndex = municipalityIndex
        self.networkIndex = networkIndex
        self.indicatorIndex = indicatorIndex
    }

    /// The municipality with `code`.
    public func municipality(_ code: MunicipalityCode) -> Municipality? {
        municipalityIndex[code].map { municipalities[$0] }
    }

    /// The network with `id`.
    public func network(_ id: NetworkID) -> Network? {
        networkIndex[id].map { networks[$0] }
    }

    /// The indicator with `id`.
    public func indicator(_ id: IndicatorID) -> Indicator? {
        indicatorIndex[id].map { indicators[$0] }
    }

    /// The networks `code` is a member of.
    public func networks(containing code: MunicipalityCode) -> [Network] {
        networks.filter { $0.contains(code) }
    }

    /// The codes of all municipalities, sorted.
    public var allCodes: [MunicipalityCode] { municipalities.map(\.code) }

    /// The same municipalities and networks with another indicator catalog.
    public func replacingIndicators(_ indicators: [Indicator]) throws(RegistryError) -> Registry {
        try Registry(municipalities: municipalities, networks: networks, indicators: indicators)
    }
}

/// A registry whose parts contradict each other.
public enum RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Two municipalities with one code.
    case duplicateMunicipality(MunicipalityCode)
    /// Two networks with one id.
    case duplicateNetwork(NetworkID)
    /// Two indicators with one id.
    case duplicateIndicator(IndicatorID)
    /// A network lists a code that is not a municipality.
    case unknownMember(network: NetworkID, MunicipalityCode)
    /// A network lists a member twice.
    case repeatedMember(network: NetworkID, MunicipalityCode)

    public var description: String {
        switch self {
        case .duplicateMunicipality(let code): return "the municipality code \(code) is given twice; keep one"
        case .duplicateNetwork(let id): return "the network id \(id) is given twice; keep one or rename the other"
        case .duplicateIndicator(let id): return "the indicator id \(id) is given twice; keep one or rename the other"
        case .unknownMember(let network, let code):
            return "network \(network) lists \(code), which is not a municipality code; fix the member list"
        case .repeatedMember(let network, let code):
            return "network \(network) lists \(code) twice; list each member once"
        }
    }
}
