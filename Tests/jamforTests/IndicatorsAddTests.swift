import Foundation
import JamforDomain
import JamforKolada
import Testing

@testable import jamfor

/// `jamfor indicators add`: Kolada KPIs into the catalog of a running server's database, after which
/// `jamfor import kolada` keeps the figures it skipped before.
@Suite("jamfor indicators add", .serialized)
struct IndicatorsAddTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("JamforKoladaTests/Fixtures")
    static let metadata = fixtures.appendingPathComponent("kolada-kpi-metadata.json").path
    static let v3 = fixtures.appendingPathComponent("kolada-v3-array-of-pages.json").path

    @Test("units are read from Kolada's titles, and a title without one is not guessed")
    func units() {
        #expect(IndicatorsAdd.unit(of: "Sjukfrånvaro bland kommunalt anställda, andel (%)") == .percent)
        #expect(IndicatorsAdd.unit(of: "Valdeltagande i senaste kommunalvalet, andel (%)") == .percent)
        #expect(IndicatorsAdd.unit(of: "Nettokostnad grundskola, kr/inv") == .kronor)
        // Thousands of kronor would show a thousand times too small as kronor.
        #expect(IndicatorsAdd.unit(of: "Nettokostnad äldreomsorg, tkr") == nil)
        #expect(IndicatorsAdd.unit(of: "Nöjd Kund Index - Bygglov") == .index)
        #expect(IndicatorsAdd.unit(of: "Antal invånare totalt") == .count)
        #expect(IndicatorsAdd.unit(of: "Hållbart medarbetarengagemang (HME) — totalindex 📊") == .index)
        #expect(IndicatorsAdd.unit(of: "Invånare 65+ i ordinärt boende") == nil)
        // "kr" inside a word is not kronor.
        #expect(IndicatorsAdd.unit(of: "Kvalitetskrav uppfyllda") == nil)
    }

    @Test("the definitions come from the metadata file, with the direction and unit given")
    func definitions() throws {
        let command = try IndicatorsAdd.parse(
            ["n00945", "U00002", "--kpi-metadata", Self.metadata, "--direction", "lower"]
        )
        let indicators = try command.definitions(from: try KoladaKPIMetadata.read(path: Self.metadata))
        #expect(indicators.map(\.id.rawValue) == ["kolada-n00945", "kolada-u00002"])
        let sick = try #require(indicators.first)
        #expect(sick.koladaID == "N00945")
        #expect(sick.unit == .percent)
        #expect(sick.direction == .lower)
        #expect(sick.splitsByGender)
        #expect(sick.decimals == 1)
        #expect(sick.titleSV == "Sjukfrånvaro bland kommunalt anställda, andel (%)")
        #expect(indicators[1].unit == .index)

        let named = try IndicatorsAdd.parse(
            ["N05401", "--kpi-metadata", Self.metadata, "--direction", "higher", "--id", "turnout", "--unit", "score"]
        )
        let turnout = try named.definitions(from: try KoladaKPIMetadata.read(path: Self.metadata))
        #expect(turnout.map(\.id.rawValue) == ["turnout"])
        #expect(turnout.first?.unit == .score)
        #expect(turnout.first?.about.contains("Valmyndigheten") == true)
    }

    @Test("wrong input gets a specific message and a non-zero exit", .timeLimit(.minutes(2)))
    func wrongInput() async throws {
        let scratch = try Scratch("indicators-add")
        defer { scratch.remove() }
        let database = scratch.path("none.sqlite")
        let cases: [([String], String)] = [
            (["N0094", "--kpi-metadata", Self.metadata, "--direction", "lower"], "not a Kolada KPI id"),
            (["N00945", "--kpi-metadata", Self.metadata, "--direction", "down"], "give higher or lower"),
            (["N00945", "--kpi-metadata", Self.metadata], "--direction"),
            (["N00945", "--kpi-metadata", scratch.path("missing.json"), "--direction", "lower"], "cannot read"),
            (["N00945", "--kpi-metadata", Self.metadata, "--direction", "lower", "--unit", "m2"], "--unit m2"),
            (
                ["N00945", "U00002", "--kpi-metadata", Self.metadata, "--direction", "lower", "--id", "x"],
                "--id names one"
            ),
            (
                ["N00945", "--kpi-metadata", Self.metadata, "--direction", "lower", "--database", database],
                "no database at"
            ),
        ]
        for (arguments, message) in cases {
            let run = try await CommandLine.run(["indicators", "add"] + arguments)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.error.contains(message), "\(arguments): \(run.error)")
        }
    }

    @Test(
        "skipped KPIs are named with the command that adds them; once added, importing again keeps their figures",
        .timeLimit(.minutes(2))
    )
    func addThenImport() async throws {
        try await CommandServer.withEmpty { server in
            let environment = CommandServer.admin(server)
            let before = try await CommandLine.run(
                ["import", "kolada", Self.v3, "--kpi-metadata", Self.metadata, "--locale", "en"],
                environment: environment
            )
            #expect(before.status == 0, "\(before.error)")
            #expect(before.output.contains("Skipped 4 figures of KPIs the catalog lacks: N00945"), "\(before.output)")
            #expect(
                before.output.contains("jamfor indicators add N00945 --kpi-metadata \(Self.metadata) --direction"),
                "\(before.output)"
            )

            let arguments = [
                "indicators", "add", "N00945", "--kpi-metadata", Self.metadata, "--direction", "lower",
                "--database", server.databasePath,
            ]
            let add = try await CommandLine.run(arguments)
            #expect(add.status == 0, "\(add.error)")
            #expect(add.output.contains("Added kolada-n00945 (N00945 Sjukfrånvaro"), "\(add.output)")
            let again = try await CommandLine.run(arguments)
            #expect(again.status == 0, "\(again.error)")
            #expect(again.output.contains("kolada-n00945 was there already"), "\(again.output)")
            let flipped = try await CommandLine.run(
                Array(arguments.prefix(6)) + ["higher", "--database", server.databasePath]
            )
            #expect(flipped.status != 0)
            #expect(flipped.error.contains("direction lower, not higher"), "\(flipped.error)")
            #expect(flipped.error.contains("add it as it is stored"), "\(flipped.error)")

            // The running server sees the indicator without a restart; the deleted value stays out.
            let after = try await CommandLine.run(
                ["import", "kolada", Self.v3, "--locale", "en"],
                environment: environment
            )
            #expect(after.status == 0, "\(after.error)")
            #expect(after.output.contains("4 new, 0 updated, 0 unchanged, 0 rejected"), "\(after.output)")
            let listed = try await CommandLine.run(["indicators", "--format", "csv"], environment: environment)
            #expect(listed.output.contains("kolada-n00945"), "\(listed.output)")
        }
    }
}
