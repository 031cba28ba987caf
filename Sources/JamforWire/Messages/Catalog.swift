/// Asks for municipalities, optionally only those of one county or one network.
public struct ListMunicipalitiesRequest: Codable, Sendable, Hashable {
    /// Only municipalities in this county (its name, as in the registry).
    public var county: String?
    /// Only members of this network (its id).
    public var network: String?

    public init(county: String? = nil, network: String? = nil) {
        self.county = county
        self.network = network
    }

    enum CodingKeys: Int, CodingKey {
        case county = 1
        case network = 2
    }
}

/// One municipality as listed on the wire.
public struct MunicipalityInfo: Codable, Sendable, Hashable {
    /// The four-digit SCB code, as a string (`"0880"`).
    public var code: String
    /// The municipality's name.
    public var name: String
    /// The county's name.
    public var county: String

    public init(code: String, name: String, county: String) {
        self.code = code
        self.name = name
        self.county = county
    }

    enum CodingKeys: Int, CodingKey {
        case code = 1
        case name = 2
        case county = 3
    }
}

/// The answer to ``ListMunicipalitiesRequest``, ordered by code.
public struct ListMunicipalitiesResponse: Codable, Sendable, Hashable {
    public var municipalities: [MunicipalityInfo]

    public init(municipalities: [MunicipalityInfo]) { self.municipalities = municipalities }

    enum CodingKeys: Int, CodingKey {
        case municipalities = 1
    }
}

/// Asks for the benchmarking networks the server knows.
public struct ListNetworksRequest: Codable, Sendable, Hashable {
    public init() {}
}

/// One network: an id, a display name and its members.
public struct NetworkInfo: Codable, Sendable, Hashable {
    /// The network's id (`"kkvh"`).
    public var id: String
    /// The network's display name (`"KKVH"`).
    public var name: String
    /// SCB codes of the members.
    public var members: [String]

    public init(id: String, name: String, members: [String]) {
        self.id = id
        self.name = name
        self.members = members
    }

    enum CodingKeys: Int, CodingKey {
        case id = 1
        case name = 2
        case members = 3
    }
}

/// The answer to ``ListNetworksRequest``.
public struct ListNetworksResponse: Codable, Sendable, Hashable {
    public var networks: [NetworkInfo]

    public init(networks: [NetworkInfo]) { self.networks = networks }

    enum CodingKeys: Int, CodingKey {
        case networks = 1
    }
}

/// Asks for the indicator catalog.
public struct ListIndicatorsRequest: Codable, Sendable, Hashable {
    public init() {}
}

/// Whether a higher or a lower value of an indicator is better.
public enum Direction: String, Codable, Sendable, Hashable, CaseIterable {
    case higherIsBetter = "higher"
    case lowerIsBetter = "lower"
}

/// One indicator of the catalog.
public struct IndicatorInfo: Codable, Sendable, Hashable {
    /// The indicator's id (`"hme"`, `"sick-leave"`).
    public var id: String
    /// The Swedish title.
    public var titleSv: String
    /// The English title.
    public var titleEn: String
    /// The unit (`"index"`, `"percent"`).
    public var unit: String
    /// Which way is better.
    public var direction: Direction
    /// The smallest meaningful value, if bounded.
    public var minimum: Double?
    /// The largest meaningful value, if bounded.
    public var maximum: Double?
    /// Whether figures are reported by gender as well as in total.
    public var splitsByGender: Bool
    /// The Kolada KPI id, where one is known.
    public var koladaID: String?
    /// How many decimals figures are reported with (optional: older servers leave it out).
    public var decimals: UInt8?
    /// The smallest change that counts as a change rather than noise, in the indicator's unit
    /// (optional: older servers leave it out).
    public var deadBand: Double?

    public init(
        id: String,
        titleSv: String,
        titleEn: String,
        unit: String,
        direction: Direction,
        minimum: Double? = nil,
        maximum: Double? = nil,
        splitsByGender: Bool = false,
        koladaID: String? = nil,
        decimals: UInt8? = nil,
        deadBand: Double? = nil
    ) {
        self.id = id
        self.titleSv = titleSv
        self.titleEn = titleEn
        self.unit = unit
        self.direction = direction
        self.minimum = minimum
        self.maximum = maximum
        self.splitsByGender = splitsByGender
        self.koladaID = koladaID
        self.decimals = decimals
        self.deadBand = deadBand
    }

    enum CodingKeys: Int, CodingKey {
        case id = 1
        case titleSv = 2
        case titleEn = 3
        case unit = 4
        case direction = 5
        case minimum = 6
        case maximum = 7
        case splitsByGender = 8
        case koladaID = 9
        case decimals = 10
        case deadBand = 11
    }
}

/// The answer to ``ListIndicatorsRequest``.
public struct ListIndicatorsResponse: Codable, Sendable, Hashable {
    public var indicators: [IndicatorInfo]

    public init(indicators: [IndicatorInfo]) { self.indicators = indicators }

    enum CodingKeys: Int, CodingKey {
        case indicators = 1
    }
}
