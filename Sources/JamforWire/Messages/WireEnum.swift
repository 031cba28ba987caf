/// The protocol's enumerations: each is written as its raw value.
///
/// They decode through `decodeWireEnum` instead of the standard library's default for
/// `RawRepresentable`, so that an unknown value is reported with the values that are known, and
/// because the default, being generic, looks up type metadata at run time on every value.
protocol WireEnum: RawRepresentable, CaseIterable, Codable where RawValue: Codable {}

extension WireEnum {
    /// Maps a raw value read from `decoder` to a case.
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

// Each conformance reads and writes its raw value with the concrete type named, so that the coder's
// overload for that type is the one called; a default in the protocol extension could only call the
// generic one, and would compete with the standard library's RawRepresentable default.

extension ColourClass: WireEnum {
    public init(from decoder: any Decoder) throws {
        self = try Self.decodeWireEnum(from: decoder, raw: decoder.singleValueContainer().decode(UInt8.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Visibility: WireEnum {
    public init(from decoder: any Decoder) throws {
        self = try Self.decodeWireEnum(from: decoder, raw: decoder.singleValueContainer().decode(UInt8.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Direction: WireEnum {
    public init(from decoder: any Decoder) throws {
        self = try Self.decodeWireEnum(from: decoder, raw: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension ComparisonSet.Kind: WireEnum {
    public init(from decoder: any Decoder) throws {
        self = try Self.decodeWireEnum(from: decoder, raw: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension TrendSeries.Kind: WireEnum {
    public init(from decoder: any Decoder) throws {
        self = try Self.decodeWireEnum(from: decoder, raw: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
