/// One KPI of a Kolada KPI metadata file.
public struct KoladaKPI: Sendable, Hashable {
    /// The KPI id, e.g. `N05401`.
    public var id: String
    /// The Swedish title, e.g. `Valdeltagande i senaste kommunalvalet, andel (%)`.
    public var title: String
    /// The longer explanation, when given.
    public var description: String?
    /// Whether Kolada reports the KPI for women and men separately (`is_divided_by_gender`, 0/1 or a boolean).
    public var isDividedByGender: Bool
    /// `K` (municipalities), `L` (regions) or `A` (all), as written.
    public var municipalityType: String?
    /// `operating_area`, as written.
    public var operatingArea: String?

    public init(
        id: String,
        title: String,
        description: String? = nil,
        isDividedByGender: Bool = false,
        municipalityType: String? = nil,
        operatingArea: String? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.isDividedByGender = isDividedByGender
        self.municipalityType = municipalityType
        self.operatingArea = operatingArea
    }
}

/// Reads Kolada KPI metadata files (`{"count", "values": [{"id", "title", "description", "is_divided_by_gender",
/// "municipality_type", "operating_area", …}]}`), plain or gzip, one or several pages, with the same robustness
/// and limits as ``KoladaDataReader``. Unknown fields are skipped.
public enum KoladaKPIMetadata {
    /// The KPIs of the file at `path`, in file order.
    /// - Throws: ``KoladaReadError``.
    public static func read(
        path: String,
        limits: KoladaReadLimits = KoladaReadLimits()
    ) throws(KoladaReadError) -> [KoladaKPI] {
        let source = try InputSource(path: path, limits: limits)
        var scanner = JSONScanner(source: source, limits: limits)
        return try read(&scanner)
    }

    /// The KPIs of `bytes` (plain or gzip), named `name` in errors.
    public static func read(
        bytes: [UInt8],
        name: String = "(memory)",
        limits: KoladaReadLimits = KoladaReadLimits()
    ) throws(KoladaReadError) -> [KoladaKPI] {
        let source = try InputSource(bytes: bytes, name: name, limits: limits)
        var scanner = JSONScanner(source: source, limits: limits)
        return try read(&scanner)
    }

    private enum Key {
        case id, title, description, dividedByGender, municipalityType, operatingArea, other
    }

    @inline(__always)
    private static func classifyKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Key {
        if bytes.equals("id") { return .id }
        if bytes.equals("title") { return .title }
        if bytes.equals("description") { return .description }
        if bytes.equals("is_divided_by_gender") { return .dividedByGender }
        if bytes.equals("municipality_type") { return .municipalityType }
        if bytes.equals("operating_area") { return .operatingArea }
        return .other
    }

    private static func read(_ scanner: inout JSONScanner) throws(KoladaReadError) -> [KoladaKPI] {
        var walker = PageWalker()
        var kpis: [KoladaKPI] = []
        while try walker.nextEntry(&scanner) {
            kpis.append(try readKPI(&scanner))
        }
        return kpis
    }

    private static func readKPI(_ scanner: inout JSONScanner) throws(KoladaReadError) -> KoladaKPI {
        let byte = try scanner.require("the page's values")
        guard byte == UInt8(ascii: "{") else {
            throw .wrongType(
                scanner.currentLocation,
                field: "values",
                expected: "an array of KPI objects",
                found: JSONScanner.kind(of: byte)
            )
        }
        let position = scanner.currentPosition
        try scanner.enter()
        var id: String?
        var title: String?
        var description: String?
        var dividedByGender = false
        var municipalityType: String?
        var operatingArea: String?
        if try scanner.require("a KPI") == UInt8(ascii: "}") {
            scanner.leave()
        } else {
            repeat {
                let key = try Self.classifyKey(scanner.readKey(inside: "a KPI"))
                switch key {
                case .id: id = try scanner.readString(field: "id")
                case .title: title = try scanner.readString(field: "title")
                case .description: description = try scanner.readOptionalString(field: "description")
                case .dividedByGender: dividedByGender = try scanner.readFlag(field: "is_divided_by_gender")
                case .municipalityType: municipalityType = try scanner.readOptionalString(field: "municipality_type")
                case .operatingArea: operatingArea = try scanner.readOptionalString(field: "operating_area")
                case .other: try scanner.skipValue(inside: "a KPI")
                }
            } while try scanner.nextMember(closer: UInt8(ascii: "}"), inside: "a KPI")
        }
        let location = KoladaLocation(file: scanner.file, page: scanner.page, position: position)
        guard let id else { throw .missingField(location, field: "id", object: "the KPI") }
        guard let title else { throw .missingField(location, field: "title", object: "the KPI") }
        return KoladaKPI(
            id: id,
            title: title,
            description: description,
            isDividedByGender: dividedByGender,
            municipalityType: municipalityType,
            operatingArea: operatingArea
        )
    }
}
