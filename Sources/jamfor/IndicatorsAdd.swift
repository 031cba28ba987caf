import ArgumentParser
import Foundation
import JamforDomain
import JamforKolada
import JamforStorage
import Logging

/// `jamfor indicators add`: Kolada KPIs into the server's catalog, from a Kolada KPI metadata file.
struct IndicatorsAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add Kolada KPIs to the server's indicator catalog, from a Kolada KPI metadata file.",
        discussion: """
            Works on the server's database file directly, like `jamfor token`, so run it on the \
            server's machine; a running server sees the new indicators at once. Each KPI becomes the \
            indicator kolada-<id in lower case> (or --id), with Kolada's Swedish title, description \
            and gender split. Kolada does not say which way is better, so --direction is required; \
            the unit is read from the title (percent for "(%)" or "andel", kronor for "kr" but not \
            "tkr", index, \
            count for "antal") unless --unit gives it. Values are not bounded beyond ±10^12: Kolada \
            has checked them. Adding a KPI that is already there with the same definition changes \
            nothing; an indicator is never redefined here.

            Then import the figures with `jamfor import kolada`.

            Examples:
              jamfor indicators add N00945 --kpi-metadata kpi.json --direction lower
              jamfor indicators add U00405 U00406 --kpi-metadata kpi.json.gz --direction higher --unit percent
            """
    )

    @Argument(help: "Kolada KPI ids, such as N00945.")
    var kpis: [String]

    @Option(name: .long, help: "The Kolada KPI metadata file (v2 or v3, .json or .json.gz) that describes them.")
    var kpiMetadata: String

    @Option(name: .long, help: "higher or lower: which values are better, for every KPI given.")
    var direction: String

    @Option(name: .long, help: "index, percent, rank, score, count or kronor (default: read from each title).")
    var unit: String?

    @Option(
        name: .long,
        help: "Decimals figures are shown with, 0–6 (default: 1 for percent, index and score, else 0)."
    )
    var decimals: Int?

    @Option(name: .long, help: "The indicator id, when one KPI is given (default: kolada-<KPI id in lower case>).")
    var id: String?

    @OptionGroup var database: Token.DatabaseOption

    /// Bounds wide enough for any figure Kolada publishes (kronor per inhabitant, counts, shares).
    static let bounds = -1e12...1e12

    func validate() throws {
        guard !kpis.isEmpty else { throw ValidationError("give at least one Kolada KPI id, such as N00945") }
        for kpi in kpis where !Indicator.isKoladaID(kpi.uppercased()) {
            throw ValidationError("'\(kpi)' is not a Kolada KPI id: one letter and five digits, such as N00945")
        }
        guard Direction(rawValue: direction.lowercased()) != nil else {
            throw ValidationError("--direction \(direction): give higher or lower")
        }
        if let unit, IndicatorUnit(rawValue: unit.lowercased()) == nil {
            throw ValidationError("--unit \(unit): give index, percent, rank, score, count or kronor")
        }
        if let decimals, !(0...6).contains(decimals) {
            throw ValidationError("--decimals \(decimals): give 0–6")
        }
        if let id {
            guard kpis.count == 1 else {
                throw ValidationError("--id names one indicator: give one KPI with it, or leave it out")
            }
            guard (try? IndicatorID(id)) != nil else {
                throw ValidationError(
                    "--id '\(id)' is not an indicator id: 1–64 lower-case letters, digits and hyphens"
                )
            }
        }
        guard FileManager.default.isReadableFile(atPath: kpiMetadata) else {
            throw ValidationError("cannot read \(kpiMetadata); check the path")
        }
    }

    func run() async throws {
        let metadata = try KoladaKPIMetadata.read(path: kpiMetadata)
        let indicators = try definitions(from: metadata)
        let storage = try await SQLiteStorage(path: try database.existingPath())
        let added: [IndicatorID]
        do {
            guard try await !storage.isEmpty() else {
                throw CommandFailure(
                    "the database \(database.path) holds no catalog yet; start `jamfor serve` on it once first"
                )
            }
            added = try await storage.addIndicators(indicators)
        } catch {
            try? await storage.close()
            throw error
        }
        try await storage.close()
        for indicator in indicators {
            let kpi = indicator.koladaID ?? ""
            let what =
                "\(kpi) \(indicator.titleSV): \(indicator.unit.rawValue), \(indicator.direction.rawValue) is better"
                + (indicator.splitsByGender ? ", by gender" : "")
            if added.contains(indicator.id) {
                print("Added \(indicator.id) (\(what)).")
            } else {
                print("\(indicator.id) was there already, the same (\(what)).")
            }
        }
        print("A running server sees them at once. Import their figures with: jamfor import kolada FILE…")
    }

    /// The indicators for the KPIs given, described by `metadata`.
    func definitions(from metadata: [KoladaKPI]) throws -> [Indicator] {
        let byID = Dictionary(metadata.map { ($0.id.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<String>()
        let wanted = kpis.map { $0.uppercased() }.filter { seen.insert($0).inserted }
        let missing = wanted.filter { byID[$0] == nil }
        guard missing.isEmpty else {
            throw CommandFailure(
                "\(kpiMetadata) does not describe \(missing.joined(separator: ", ")); "
                    + "download the KPI's metadata from Kolada (api/v2/kpi/ID) and give that file"
            )
        }
        let direction = Direction(rawValue: direction.lowercased()) ?? .higher
        return try wanted.compactMap { byID[$0] }.map { kpi throws in
            guard let unit = unit.flatMap({ IndicatorUnit(rawValue: $0.lowercased()) }) ?? Self.unit(of: kpi.title)
            else {
                throw CommandFailure(
                    "cannot tell the unit of \(kpi.id) (\"\(kpi.title)\") from its title; give it with --unit"
                )
            }
            let id = try IndicatorID(self.id ?? "kolada-\(kpi.id.lowercased())")
            return try Indicator(
                id: id,
                titleSV: kpi.title,
                // Kolada titles its KPIs in Swedish only.
                titleEN: kpi.title,
                unit: unit,
                direction: direction,
                bounds: Self.bounds,
                splitsByGender: kpi.isDividedByGender,
                deadBand: 0,
                decimals: decimals ?? Self.defaultDecimals(unit),
                koladaID: kpi.id.uppercased(),
                about: kpi.description ?? ""
            )
        }
    }

    /// The unit a Kolada title states, if it states one: titles end in the unit, as in
    /// "Sjukfrånvaro, andel (%)", "Nettokostnad, kr/inv" or "Antal invånare".
    static func unit(of title: String) -> IndicatorUnit? {
        let text = title.lowercased()
        let words = Set(text.split { !$0.isLetter }.map(String.init))
        if text.contains("(%)") || text.contains("procent") || words.contains("andel") { return .percent }
        // Thousands or millions of kronor ("tkr", "mnkr") would show a thousand times too small as
        // kronor: not guessed.
        if words.contains("tkr") || words.contains("mnkr") || words.contains("mkr") { return nil }
        if words.contains("kr") || words.contains("kronor") { return .kronor }
        if text.contains("index") { return .index }
        if words.contains("antal") { return .count }
        return nil
    }

    /// Decimals for a unit when none are given: shares and indices with one, amounts and counts whole.
    static func defaultDecimals(_ unit: IndicatorUnit) -> Int {
        switch unit {
        case .percent, .index, .score: return 1
        case .kronor, .count, .rank: return 0
        }
    }
}
