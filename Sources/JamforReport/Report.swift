public import Foundation
public import JamforWire

/// The language of a report: Swedish labels and decimal comma, or English labels and decimal point.
public enum ReportLocale: String, CaseIterable, Sendable, Hashable {
    case sv
    case en
}

/// One indicator on a member's page: the indicator ranked over the network (with the member as focus), the
/// same indicator ranked over the whole country for the member's country rank, and the member's trend
/// against the network mean.
public struct IndicatorSection: Sendable, Hashable {
    public var indicator: IndicatorInfo
    /// The indicator ranked over the network for the page's period, with the member as focus.
    public var network: RankResponse
    /// The same slice ranked over the whole country; `nil` leaves the country rank out.
    public var country: RankResponse?
    /// The member's series and the network's group mean (a `group-mean` series labelled with the network's
    /// id; a `country` mean is drawn too when present), with the member's targets.
    public var trend: TrendResponse?

    public init(
        indicator: IndicatorInfo,
        network: RankResponse,
        country: RankResponse? = nil,
        trend: TrendResponse? = nil
    ) {
        self.indicator = indicator
        self.network = network
        self.country = country
        self.trend = trend
    }
}

/// A member's page: every indicator of the network for one period.
public struct MemberPage: Sendable, Hashable {
    public var municipality: MunicipalityInfo
    public var network: NetworkInfo
    public var period: String
    public var sections: [IndicatorSection]
    /// When the report was made; shown in Swedish time.
    public var generatedAt: Date
    /// The file name of the network's page, linked from the top of the member's page; `nil` for no link.
    public var indexFile: String?

    public init(
        municipality: MunicipalityInfo,
        network: NetworkInfo,
        period: String,
        sections: [IndicatorSection],
        generatedAt: Date,
        indexFile: String? = Report.indexFileName
    ) {
        self.municipality = municipality
        self.network = network
        self.period = period
        self.sections = sections
        self.generatedAt = generatedAt
        self.indexFile = indexFile
    }
}

/// The network's page: the composite ranking of its members and their scores per indicator.
public struct IndexPage: Sendable, Hashable {
    public var network: NetworkInfo
    public var period: String
    /// The network compared on the indicators, with the composite ranking.
    public var comparison: CompareResponse
    /// The catalog entries of the comparison's indicators (others are ignored).
    public var indicators: [IndicatorInfo]
    /// The network's members, for names and for members the comparison leaves out.
    public var members: [MunicipalityInfo]
    /// Member page file names by SCB code; a member not listed links to ``Report/fileName(for:)``.
    public var memberFiles: [String: String]
    public var generatedAt: Date

    public init(
        network: NetworkInfo,
        period: String,
        comparison: CompareResponse,
        indicators: [IndicatorInfo],
        members: [MunicipalityInfo],
        memberFiles: [String: String] = [:],
        generatedAt: Date
    ) {
        self.network = network
        self.period = period
        self.comparison = comparison
        self.indicators = indicators
        self.members = members
        self.memberFiles = memberFiles
        self.generatedAt = generatedAt
    }
}

/// Self-contained HTML report pages: inline CSS and inline SVG charts, no scripts, no external files.
public enum Report {
    /// The file name of the network's page.
    public static let indexFileName = "index.html"

    /// A member's page.
    public static func html(_ page: MemberPage, locale: ReportLocale = .sv) -> String {
        MemberPageRenderer(page: page, locale: locale).render()
    }

    /// The network's page with the composite ranking.
    public static func html(_ page: IndexPage, locale: ReportLocale = .sv) -> String {
        IndexPageRenderer(page: page, locale: locale).render()
    }

    /// A safe file name for a member's page: the code and the name folded to lower-case ASCII,
    /// `0880-kalmar.html`, `1980-vasteras.html`, `0381-enkoping.html`.
    public static func fileName(for municipality: MunicipalityInfo) -> String {
        let code = String(municipality.code.unicodeScalars.filter { isASCIIAlphanumeric($0) }.map(Character.init))
        let slug = slug(municipality.name)
        let parts = [code, slug].filter { !$0.isEmpty }
        return (parts.isEmpty ? "municipality" : parts.joined(separator: "-")) + ".html"
    }

    /// Lower-case ASCII letters and digits joined by single hyphens: diacritics are dropped (å → a, é → e),
    /// a few letters without a decomposition are spelled out (ø → o, æ → ae, ß → ss), everything else
    /// separates words.
    static func slug(_ text: String) -> String {
        var out = ""
        var pendingHyphen = false
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            let replacement: String?
            switch scalar {
            case "ø": replacement = "o"
            case "æ": replacement = "ae"
            case "ß": replacement = "ss"
            case "þ": replacement = "th"
            case "đ", "ð": replacement = "d"
            case "ł": replacement = "l"
            default:
                if isASCIIAlphanumeric(scalar) {
                    replacement = String(scalar).lowercased()
                } else if scalar.properties.generalCategory == .nonspacingMark {
                    continue
                } else {
                    replacement = nil
                }
            }
            guard let replacement else {
                pendingHyphen = !out.isEmpty
                continue
            }
            if pendingHyphen { out += "-" }
            pendingHyphen = false
            out += replacement
        }
        var short = String(out.prefix(60))
        while short.hasSuffix("-") { short.removeLast() }
        return short
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
