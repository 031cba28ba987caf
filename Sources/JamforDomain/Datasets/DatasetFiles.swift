public import Foundation

/// Readers for each kind of dataset file. Every reader validates every row and reports the first
/// broken one with its file and line.
public enum DatasetFiles {
    /// Reads `municipalities.tsv`: `code`, `name`, `county_code`, `county_name`.
    public static func municipalities(_ url: URL) throws(DatasetError) -> [Municipality] {
        let reader = TSVReader(url: url)
        let columns = ["code", "name", "county_code", "county_name"]
        var result: [Municipality] = []
        var lines: [MunicipalityCode: Int] = [:]
        try reader.read(header: columns) { (row, header) throws(DatasetError) in
            let at = header.required
            let code = try row.parse(at[0], "code", { (text) throws(DomainError) in try MunicipalityCode(text) })
            let county = try row.parse(at[2], "county_code", { (text) throws(DomainError) in try CountyCode(text) })
            guard county == code.countyCode else {
                throw .countyMismatch(file: row.file, line: row.line, code: code.rawValue, county: county.rawValue)
            }
            if let first = lines.updateValue(row.line, forKey: code) {
                throw .duplicate(file: row.file, line: row.line, firstLine: first, key: "municipality \(code)")
            }
            let countyName = try row.required(at[3], "county_name")
            result.append(
                Municipality(
                    code: code,
                    name: try row.required(at[1], "name"),
                    county: County(code: county, name: countyName)
                )
            )
        }
        return result
    }

    /// Reads `indicators.tsv`: `id`, `title_sv`, `title_en`, `unit`, `direction`, `min`, `max`,
    /// `gender_split`, `dead_band`, `decimals`, and optionally `kolada_id`, `description`, `accumulates`.
    public static func indicators(_ url: URL) throws(DatasetError) -> [Indicator] {
        let reader = TSVReader(url: url)
        let columns = [
            "id", "title_sv", "title_en", "unit", "direction", "min", "max", "gender_split", "dead_band", "decimals",
        ]
        var result: [Indicator] = []
        var lines: [IndicatorID: Int] = [:]
        try reader.read(header: columns) { (row, header) throws(DatasetError) in
            let at = header.required
            let id = try row.parse(at[0], "id", { (text) throws(DomainError) in try IndicatorID(text) })
            if let first = lines.updateValue(row.line, forKey: id) {
                throw .duplicate(file: row.file, line: row.line, firstLine: first, key: "indicator \(id)")
            }
            let min = try row.parse(at[5], "min", parseDecimal)
            let max = try row.parse(at[6], "max", parseDecimal)
            guard min <= max else {
                throw .invalidField(
                    file: row.file,
                    line: row.line,
                    column: "max",
                    .invalidBounds(indicator: id.rawValue, min: min, max: max)
                )
            }
            let decimals = try row.parse(at[9], "decimals") { (text) throws(DomainError) in
                guard let value = Int(text) else { throw .invalidNumber(text) }
                return value
            }
            var accumulates = false
            if let index = header.index(of: "accumulates"), !row.fields[index].isEmpty {
                accumulates = try row.parse(index, "accumulates", parseFlag)
            }
            let titleSV = try row.required(at[1], "title_sv")
            let titleEN = try row.required(at[2], "title_en")
            let unit = try row.parse(at[3], "unit", IndicatorUnit.init(parsing:))
            let direction = try row.parse(at[4], "direction", Direction.init(parsing:))
            let splits = try row.parse(at[7], "gender_split", parseFlag)
            let deadBand = try row.parse(at[8], "dead_band", parseDecimal)
            let koladaID = row.optional(header.index(of: "kolada_id"))
            let about = row.optional(header.index(of: "description")) ?? ""
            let indicator: Indicator
            do throws(DomainError) {
                indicator = try Indicator(
                    id: id,
                    titleSV: titleSV,
                    titleEN: titleEN,
                    unit: unit,
                    direction: direction,
                    bounds: min...max,
                    splitsByGender: splits,
                    accumulates: accumulates,
                    deadBand: deadBand,
                    decimals: decimals,
                    koladaID: koladaID,
                    about: about
                )
            } catch {
                // Name the column the value came from, so the fix is obvious.
                let column: String
                switch error {
                case .invalidDeadBand: column = "dead_band"
                case .invalidDecimals: column = "decimals"
                case .invalidKoladaID: column = "kolada_id"
                case .invalidBounds: column = "max"
                default: column = "id"
                }
                throw .invalidField(file: row.file, line: row.line, column: column, error)
            }
            result.append(indicator)
        }
        return result
    }

    /// Reads `networks.tsv`: `id`, `name`, `members` (comma-separated SCB codes), optionally `description`.
    public static func networks(_ url: URL, municipalities: Set<MunicipalityCode>) throws(DatasetError) -> [Network] {
        let reader = TSVReader(url: url)
        let columns = ["id", "name", "members"]
        var result: [Network] = []
        var lines: [NetworkID: Int] = [:]
        try reader.read(header: columns) { (row, header) throws(DatasetError) in
            let at = header.required
            let id = try row.parse(at[0], "id", { (text) throws(DomainError) in try NetworkID(text) })
            if let first = lines.updateValue(row.line, forKey: id) {
                throw .duplicate(file: row.file, line: row.line, firstLine: first, key: "network \(id)")
            }
            let members = try row.parse(at[2], "members") { (text) throws(DomainError) in
                try text.split(separator: ",", omittingEmptySubsequences: false).map { (code) throws(DomainError) in
                    try MunicipalityCode(code.trimmingCharacters(in: .whitespaces))
                }
            }
            var seen = Set<MunicipalityCode>()
            for member in members {
                guard municipalities.contains(member) else {
                    throw .unknownNetworkMember(
                        file: row.file,
                        line: row.line,
                        network: id.rawValue,
                        code: member.rawValue
                    )
                }
                guard seen.insert(member).inserted else {
                    throw .repeatedNetworkMember(
                        file: row.file,
                        line: row.line,
                        network: id.rawValue,
                        code: member.rawValue
                    )
                }
            }
            result.append(
                Network(
                    id: id,
                    name: try row.required(at[1], "name"),
                    members: members,
                    description: row.optional(header.index(of: "description")) ?? ""
                )
            )
        }
        return result
    }

    /// The figures of a reports file, split by kind.
    public struct ReportFigures: Sendable {
        public var observations: [Observation] = []
        public var targets: [Target] = []
        public var baselines: [Baseline] = []
    }

    /// Reads figures transcribed from reports: `municipality_code`, `municipality`, `indicator`,
    /// `scope`, `period`, `gender`, `value`, `unit`, `kind` (outcome, target or baseline), `source`
    /// (the report's file name) and optionally `note`. Outcomes become public observations.
    public static func reportFigures(_ url: URL, registry: Registry) throws(DatasetError) -> ReportFigures {
        let reader = TSVReader(url: url)
        let columns = [
            "municipality_code", "municipality", "indicator", "scope", "period", "gender", "value", "unit", "kind",
            "source",
        ]
        var result = ReportFigures()
        var outcomeKeys = ObservationKeySet(registry: registry)
        var targetLines: [String: Int] = [:]
        var baselineLines: [String: Int] = [:]
        try reader.read(header: columns) { (row, header) throws(DatasetError) in
            let at = header.required
            let code = try row.parse(
                at[0],
                "municipality_code",
                { (text) throws(DomainError) in try MunicipalityCode(text) }
            )
            guard let municipality = registry.municipality(code) else {
                throw .unknownMunicipality(file: row.file, line: row.line, code: code.rawValue)
            }
            let name = try row.required(at[1], "municipality")
            guard name == municipality.name else {
                throw .municipalityNameMismatch(
                    file: row.file,
                    line: row.line,
                    code: code.rawValue,
                    found: name,
                    expected: municipality.name
                )
            }
            let indicator = try lookUp(row, at[2], registry)
            let scope = try row.parse(at[3], "scope", Scope.init(parsing:))
            let gender = try row.parse(at[5], "gender", Gender.init(parsing:))
            try check(row, "gender") { () throws(DomainError) in try indicator.validate(gender) }
            let value = try row.parse(at[6], "value", parseDecimal)
            try check(row, "value") { () throws(DomainError) in try indicator.validate(value) }
            let unit = try row.required(at[7], "unit")
            guard unit == indicator.unit.rawValue else {
                throw .unitMismatch(
                    file: row.file,
                    line: row.line,
                    indicator: indicator.id.rawValue,
                    found: unit,
                    expected: indicator.unit.rawValue
                )
            }
            let source = Source(kind: .report, reference: try row.required(at[9], "source"))
            let note = row.optional(header.index(of: "note"))
            let periodText = try row.required(at[4], "period")
            let kind = try row.required(at[8], "kind")
            switch kind {
            case "outcome":
                guard periodText != "baseline" else {
                    throw .periodForKind(file: row.file, line: row.line, kind: kind, period: periodText)
                }
                let period = try row.parse(at[4], "period", { (text) throws(DomainError) in try Period(text) })
                let key = SeriesKey(
                    indicator: indicator.id,
                    municipality: code,
                    period: period,
                    scope: scope,
                    gender: gender
                )
                if let first = outcomeKeys.insert(key, line: row.line) {
                    throw .duplicate(file: row.file, line: row.line, firstLine: first, key: describe(key))
                }
                // Validated finite above, so the reading cannot fail.
                let reading = try check(row, "value") { () throws(DomainError) in try Reading(value: value) }
                result.observations.append(
                    Observation(key: key, reading: reading, source: source, visibility: .public, note: note)
                )
            case "target":
                let period = try row.parse(at[4], "period", { (text) throws(DomainError) in try Period(text) })
                guard period.isWholeYear else {
                    throw .periodForKind(file: row.file, line: row.line, kind: kind, period: periodText)
                }
                let label = "target for \(indicator.id) \(code) \(period) \(scope) \(gender)"
                if let first = targetLines.updateValue(row.line, forKey: label) {
                    throw .duplicate(file: row.file, line: row.line, firstLine: first, key: label)
                }
                result.targets.append(
                    try check(row, "value") { () throws(DomainError) in
                        try Target(
                            indicator: indicator.id,
                            municipality: code,
                            year: period.year,
                            scope: scope,
                            gender: gender,
                            value: value,
                            source: source,
                            note: note
                        )
                    }
                )
            case "baseline":
                guard periodText == "baseline" else {
                    throw .periodForKind(file: row.file, line: row.line, kind: kind, period: periodText)
                }
                let label = "baseline for \(indicator.id) \(code) \(scope) \(gender)"
                if let first = baselineLines.updateValue(row.line, forKey: label) {
                    throw .duplicate(file: row.file, line: row.line, firstLine: first, key: label)
                }
                result.baselines.append(
                    try check(row, "value") { () throws(DomainError) in
                        try Baseline(
                            indicator: indicator.id,
                            municipality: code,
                            scope: scope,
                            gender: gender,
                            value: value,
                            source: source,
                            note: note
                        )
                    }
                )
            default:
                throw .unknownFigureKind(file: row.file, line: row.line, kind: kind)
            }
        }
        return result
    }

    /// Reads an observations file: `indicator`, `municipality`, `period`, `scope`, `gender`, `value`,
    /// `status`, `visibility`, `source` (`kind:reference`) and optionally `note` and `submitter`.
    /// Exactly one of `value` and `status` is filled in on each row.
    ///
    /// - Parameter kind: when given, every row's source must be of this kind (a synthetic file holds
    ///   only synthetic figures).
    public static func observations(
        _ url: URL,
        registry: Registry,
        requiring kind: SourceKind? = nil
    ) throws(DatasetError) -> [Observation] {
        var result: [Observation] = []
        try observations(url, registry: registry, requiring: kind) { result.append($0) }
        return result
    }

    /// Reads an observations file as ``observations(_:registry:requiring:)`` does, handing each
    /// observation to `body` as it is read.
    public static func observations(
        _ url: URL,
        registry: Registry,
        requiring kind: SourceKind? = nil,
        _ body: (Observation) -> Void
    ) throws(DatasetError) {
        let reader = TSVReader(url: url)
        let columns = [
            "indicator", "municipality", "period", "scope", "gender", "value", "status", "visibility", "source",
        ]
        var keys = ObservationKeySet(registry: registry)
        // About 50 bytes a row: reserving up front spares millions of rows a series of rehashes.
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        keys.reserveCapacity(min(bytes / 50, 50_000_000))
        var noteColumn: Int?
        var submitterColumn: Int?
        // Repeated fields are parsed once: files have few distinct indicators, periods and sources.
        var indicators: [Substring: Indicator] = [:]
        var municipalities: [Substring: MunicipalityCode] = [:]
        var periods: [Substring: Period] = [:]
        var sources: [Substring: Source] = [:]
        let header = { (header: TSVReader.Header) throws(DatasetError) in
            noteColumn = header.index(of: "note")
            submitterColumn = header.index(of: "submitter")
        }
        try reader.read(header: columns, header) { (row, header) throws(DatasetError) in
            let at = header.required
            let f = row.fields
            let indicator: Indicator
            if let known = indicators[f[at[0]]] {
                indicator = known
            } else {
                indicator = try lookUp(row, at[0], registry)
                indicators[f[at[0]]] = indicator
            }
            let code: MunicipalityCode
            if let known = municipalities[f[at[1]]] {
                code = known
            } else {
                code = try row.parse(
                    at[1],
                    "municipality",
                    { (text) throws(DomainError) in try MunicipalityCode(text) }
                )
                guard registry.municipality(code) != nil else {
                    throw .unknownMunicipality(file: row.file, line: row.line, code: code.rawValue)
                }
                municipalities[f[at[1]]] = code
            }
            let period: Period
            if let known = periods[f[at[2]]] {
                period = known
            } else {
                period = try row.parse(at[2], "period", { (text) throws(DomainError) in try Period(text) })
                periods[f[at[2]]] = period
            }
            let scope = try row.parse(at[3], "scope", Scope.init(parsing:))
            let gender = try row.parse(at[4], "gender", Gender.init(parsing:))
            try check(row, "gender") { () throws(DomainError) in try indicator.validate(gender) }
            let reading: Reading
            switch (f[at[5]].isEmpty, f[at[6]].isEmpty) {
            case (false, true):
                let value = try row.parse(at[5], "value", parseDecimal)
                try check(row, "value") { () throws(DomainError) in try indicator.validate(value) }
                reading = try check(row, "value") { () throws(DomainError) in try Reading(value: value) }
            case (true, false):
                reading = Reading(status: try row.parse(at[6], "status", StatusMarker.init(parsing:)))
            default:
                throw .valueOrStatus(file: row.file, line: row.line)
            }
            let visibility = try row.parse(at[7], "visibility", Visibility.init(parsing:))
            let source: Source
            if let known = sources[f[at[8]]] {
                source = known
            } else {
                source = try row.parse(at[8], "source", { (text) throws(DomainError) in try Source(text) })
                sources[f[at[8]]] = source
            }
            if let kind, source.kind != kind {
                throw .sourceKind(file: row.file, line: row.line, expected: kind, found: source)
            }
            let key = SeriesKey(
                indicator: indicator.id,
                municipality: code,
                period: period,
                scope: scope,
                gender: gender
            )
            if let first = keys.insert(key, line: row.line) {
                throw .duplicate(file: row.file, line: row.line, firstLine: first, key: describe(key))
            }
            body(
                Observation(
                    key: key,
                    reading: reading,
                    source: source,
                    submitter: row.optional(submitterColumn),
                    visibility: visibility,
                    note: row.optional(noteColumn)
                )
            )
        }
    }

    private static func lookUp(_ row: TSVReader.Row, _ index: Int, _ registry: Registry) throws(DatasetError)
        -> Indicator
    {
        let id = try row.parse(index, "indicator", { (text) throws(DomainError) in try IndicatorID(text) })
        guard let indicator = registry.indicator(id) else {
            throw .unknownIndicator(file: row.file, line: row.line, id: id.rawValue)
        }
        return indicator
    }

    @discardableResult
    private static func check<T>(
        _ row: TSVReader.Row,
        _ column: String,
        _ body: () throws(DomainError) -> T
    ) throws(DatasetError) -> T {
        do {
            return try body()
        } catch {
            throw .invalidField(file: row.file, line: row.line, column: column, error)
        }
    }

    private static func describe(_ key: SeriesKey) -> String {
        "\(key.indicator) for \(key.municipality) \(key.period) \(key.scope) \(key.gender)"
    }
}

/// Parses a plain decimal number: an optional minus sign, digits, and optionally a point and more
/// digits. Exponents, `nan`, `inf` and hexadecimal are refused.
public func parseDecimal(_ text: String) throws(DomainError) -> Double {
    var sawDigit = false
    var sawPoint = false
    var digitsAfterPoint = 0
    for (offset, byte) in text.utf8.enumerated() {
        switch byte {
        case UInt8(ascii: "-") where offset == 0:
            continue
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            sawDigit = true
            if sawPoint { digitsAfterPoint += 1 }
        case UInt8(ascii: ".") where !sawPoint && sawDigit:
            sawPoint = true
        default:
            throw .invalidNumber(text)
        }
    }
    guard sawDigit, !sawPoint || digitsAfterPoint > 0, text.utf8.count <= 64, let value = Double(text) else {
        throw .invalidNumber(text)
    }
    return value
}

/// Parses `yes` or `no`.
func parseFlag(_ text: String) throws(DomainError) -> Bool {
    switch text {
    case "yes": return true
    case "no": return false
    default: throw .invalidFlag(text)
    }
}
