import Foundation
import JamforWire

/// Why a name given on the command line matched nothing, or too much.
enum LookupError: Error, Hashable, CustomStringConvertible {
    case unknownMunicipality(String, suggestions: [String])
    case ambiguousMunicipality(String, matches: [String])
    case unknownIndicator(String, suggestions: [String])
    case unknownNetwork(String, suggestions: [String])
    case unknownCounty(String, suggestions: [String])

    var description: String {
        switch self {
        case .unknownMunicipality(let text, let suggestions):
            "no municipality is called or coded '\(text)'.\(Self.didYouMean(suggestions)) "
                + "`jamfor municipalities` lists all 290 with their codes."
        case .ambiguousMunicipality(let text, let matches):
            "'\(text)' matches several municipalities: \(matches.joined(separator: ", ")). "
                + "Give the four-digit code instead."
        case .unknownIndicator(let text, let suggestions):
            "no indicator has the id '\(text)'.\(Self.didYouMean(suggestions)) `jamfor indicators` lists them."
        case .unknownNetwork(let text, let suggestions):
            "no network is called '\(text)'.\(Self.didYouMean(suggestions)) `jamfor networks` lists them."
        case .unknownCounty(let text, let suggestions):
            "no county is called '\(text)'.\(Self.didYouMean(suggestions)) Write its name, such as Kalmar län."
        }
    }

    private static func didYouMean(_ suggestions: [String]) -> String {
        switch suggestions.count {
        case 0: ""
        case 1: " Did you mean \(suggestions[0])?"
        default:
            " Did you mean \(suggestions.dropLast().joined(separator: ", ")) or \(suggestions[suggestions.count - 1])?"
        }
    }
}

/// Finds municipalities, indicators, networks and counties by what a person types: a code or an id,
/// or a name in any case, with or without å, ä and ö. A near miss is answered with suggestions.
struct Lookup: Sendable {
    let municipalities: [MunicipalityInfo]
    let indicators: [IndicatorInfo]
    let networks: [NetworkInfo]

    init(municipalities: [MunicipalityInfo] = [], indicators: [IndicatorInfo] = [], networks: [NetworkInfo] = []) {
        self.municipalities = municipalities
        self.indicators = indicators
        self.networks = networks
    }

    /// The municipality with this SCB code, or whose name folds to the same text.
    func municipality(_ text: String) throws(LookupError) -> MunicipalityInfo {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        // Spreadsheets drop the leading zero of codes such as 0381.
        if trimmed.count == 3, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber) { trimmed = "0" + trimmed }
        if let byCode = municipalities.first(where: { $0.code == trimmed }) { return byCode }
        let key = Self.fold(trimmed)
        let exact = municipalities.filter { Self.fold($0.name) == key }
        if exact.count == 1 { return exact[0] }
        if exact.count > 1 {
            throw .ambiguousMunicipality(text, matches: exact.map { "\($0.name) (\($0.code))" })
        }
        let suggestions = Self.nearest(key, among: municipalities.map { ($0, Self.fold($0.name)) })
            .map { "\($0.name) (\($0.code))" }
        throw .unknownMunicipality(text, suggestions: suggestions)
    }

    /// Several municipalities, each as ``municipality(_:)`` finds it, from a comma-separated list.
    func municipalities(list text: String) throws(LookupError) -> [MunicipalityInfo] {
        var found: [MunicipalityInfo] = []
        for part in text.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            let municipality = try municipality(String(part))
            if !found.contains(municipality) { found.append(municipality) }
        }
        return found
    }

    /// The indicator with this id (or Kolada KPI id), in any case.
    func indicator(_ text: String) throws(LookupError) -> IndicatorInfo {
        let key = Self.fold(text)
        if let match = indicators.first(where: { Self.fold($0.id) == key || $0.koladaID.map(Self.fold) == key }) {
            return match
        }
        var candidates = indicators.map { ($0, Self.fold($0.id)) }
        candidates += indicators.map { ($0, Self.fold($0.titleSv)) }
        candidates += indicators.map { ($0, Self.fold($0.titleEn)) }
        var suggestions: [String] = []
        for indicator in Self.nearest(key, among: candidates) where !suggestions.contains(indicator.id) {
            suggestions.append(indicator.id)
        }
        throw .unknownIndicator(text, suggestions: suggestions)
    }

    /// The network with this id or name (`4m`, `KKVH`, `Västra Mälardalen`, `vastra-malardalen`).
    func network(_ text: String) throws(LookupError) -> NetworkInfo {
        let key = Self.fold(text)
        if let match = networks.first(where: { Self.fold($0.id) == key || Self.fold($0.name) == key }) {
            return match
        }
        let candidates = networks.map { ($0, Self.fold($0.id)) } + networks.map { ($0, Self.fold($0.name)) }
        var suggestions: [String] = []
        for network in Self.nearest(key, among: candidates) where !suggestions.contains(network.id) {
            suggestions.append(network.id)
        }
        throw .unknownNetwork(text, suggestions: suggestions)
    }

    /// The county name as the server knows it, from its name with or without "län".
    func county(_ text: String) throws(LookupError) -> String {
        let counties = Array(Set(municipalities.map(\.county))).sorted()
        let key = Self.fold(text)
        // "Kalmar län", "Kalmar", "Kronobergs län" and "Kronoberg" all name a county.
        func short(_ name: String) -> String {
            let folded = Self.fold(name)
            return folded.hasSuffix(" lan") ? String(folded.dropLast(4)) : folded
        }
        let wanted = short(text)
        if let match = counties.first(where: { short($0) == wanted || short($0) == wanted + "s" }) {
            return match
        }
        let suggestions = Self.nearest(key, among: counties.map { ($0, Self.fold($0)) })
        throw .unknownCounty(text, suggestions: suggestions)
    }

    // MARK: - Matching

    /// Lower case without diacritics, with every run of other characters than letters and digits as
    /// one space: "Upplands-Väsby" and "upplands vasby" fold alike.
    static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var result = ""
        var pendingSpace = false
        for character in folded {
            if character.isLetter || character.isNumber {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(character)
            } else {
                pendingSpace = true
            }
        }
        return result
    }

    /// Up to three candidates close to `key`: those that start with it, then those within a small
    /// edit distance, nearest first.
    static func nearest<Value>(_ key: String, among candidates: [(Value, String)]) -> [Value] {
        guard !key.isEmpty else { return [] }
        let limit = max(2, key.count / 3)
        var scored: [(distance: Int, index: Int)] = []
        for (index, candidate) in candidates.enumerated() {
            let name = candidate.1
            if name.hasPrefix(key) {
                scored.append((0, index))
            } else {
                let distance = editDistance(key, name)
                if distance <= limit { scored.append((distance, index)) }
            }
        }
        scored.sort { ($0.distance, $0.index) < ($1.distance, $1.index) }
        return scored.prefix(3).map { candidates[$0.index].0 }
    }

    /// The Damerau–Levenshtein distance (with adjacent transpositions) between two strings.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
