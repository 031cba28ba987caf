/// A municipality's SCB code: four digits, kept as a string because the leading zero matters (`"0880"`).
public struct MunicipalityCode: ValidatedText {
    /// The four digits.
    public let rawValue: String

    /// Validates `text` as four ASCII digits.
    public init(_ text: String) throws(DomainError) {
        guard isDigits(text, count: 4) else { throw .invalidMunicipalityCode(text) }
        rawValue = text
    }

    /// The code of the county the municipality belongs to: its first two digits.
    public var countyCode: CountyCode {
        // Two digits of a validated four-digit code are always a valid county code.
        CountyCode(unchecked: String(rawValue.prefix(2)))
    }
}

/// A county's SCB code: two digits (`"08"` is Kalmar län).
public struct CountyCode: ValidatedText {
    /// The two digits.
    public let rawValue: String

    /// Validates `text` as two ASCII digits.
    public init(_ text: String) throws(DomainError) {
        guard isDigits(text, count: 2) else { throw .invalidCountyCode(text) }
        rawValue = text
    }

    init(unchecked text: String) { rawValue = text }
}

/// A county (län).
public struct County: Sendable, Hashable, Codable {
    /// The SCB county code.
    public var code: CountyCode
    /// The Swedish name, such as `Kalmar län`.
    public var name: String

    public init(code: CountyCode, name: String) {
        self.code = code
        self.name = name
    }
}

/// One of Sweden's 290 municipalities.
public struct Municipality: Sendable, Hashable, Codable, Identifiable {
    /// The SCB code.
    public var code: MunicipalityCode
    /// The name as SCB writes it, such as `Växjö`.
    public var name: String
    /// The county (län) it belongs to.
    public var county: County

    public var id: MunicipalityCode { code }

    public init(code: MunicipalityCode, name: String, county: County) {
        self.code = code
        self.name = name
        self.county = county
    }
}

/// A network's id: a short lowercase slug such as `kkvh`, `4m` or `vastra-malardalen`.
public struct NetworkID: ValidatedText {
    public let rawValue: String

    /// Validates `text` as 1–64 lowercase letters, digits and hyphens, not starting with a hyphen.
    public init(_ text: String) throws(DomainError) {
        guard isSlug(text) else { throw .invalidNetworkID(text) }
        rawValue = text
    }
}

/// A group of municipalities that compare themselves with each other and share unpublished figures.
public struct Network: Sendable, Hashable, Codable, Identifiable {
    /// The short id used on the command line and the wire.
    public var id: NetworkID
    /// The name the members use, such as `KKVH` or `Västra Mälardalen`.
    public var name: String
    /// The members, in the order the network lists them.
    public var members: [MunicipalityCode]
    /// A sentence on who the network is.
    public var description: String

    public init(id: NetworkID, name: String, members: [MunicipalityCode], description: String = "") {
        self.id = id
        self.name = name
        self.members = members
        self.description = description
    }

    /// Whether `code` is a member.
    public func contains(_ code: MunicipalityCode) -> Bool { members.contains(code) }
}

/// Text that is only ever made through a validating initializer: an SCB code or an id. It prints,
/// sorts and codes as its text, and decoding validates it like the initializer does.
public protocol ValidatedText: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The validated text.
    var rawValue: String { get }

    /// Validates `text`.
    init(_ text: String) throws(DomainError)
}

extension ValidatedText {
    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
