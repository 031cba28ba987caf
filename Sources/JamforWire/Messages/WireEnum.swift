/// The protocol's enumerations: each is written as its raw value.
///
/// They decode through `decodeWireEnum` instead of the standard library's default for
/// `RawRepresentable`, so that an unknown value is reported with the values that are known, and
/// because the default, being generic, looks up type metadata at run time on every value.
protocol WireEnum: RawRepresentable, CaseIterable, Codable where RawValue: Codable {}

extension WireEnum {
    /// Reads a raw value and maps it to a case.
    static func decodeWireEnum(from decoder: any Decoder, raw: RawValue) throws -> Self {
        guard let value = Self(rawValue: raw) else {
            let known = allCases.map { "\($0.rawValue)" }.joined(separator: ", ")
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown \(Self.self) \(raw); known values are \(known)"
                )
            )
        }
        return value
    }
}

extension ColourClass: WireEnum {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(UInt8.self)
        self = try Self.decodeWireEnum(from: decoder, raw: raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Visibility: WireEnum {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(UInt8.self)
        self = try Self.decodeWireEnum(from: decoder, raw: raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Direction: WireEnum {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        self = try Self.decodeWireEnum(from: decoder, raw: raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension ComparisonSet.Kind: WireEnum {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        self = try Self.decodeWireEnum(from: decoder, raw: raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension TrendSeries.Kind: WireEnum {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        self = try Self.decodeWireEnum(from: decoder, raw: raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
