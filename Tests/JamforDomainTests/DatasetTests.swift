import Foundation
import Testing

@testable import JamforDomain

/// The committed `Datasets/` directory, loaded as the server and the client load it.
@Suite("The Datasets directory")
struct DatasetTests {
    static let dataset: Result<Dataset, DatasetError> = Result { () throws(DatasetError) in try Dataset.load() }

    private func load() throws -> Dataset { try Self.dataset.get() }

    /// The reference figures the report transcription was made from, beside the repository.
    private static var referenceFigures: URL {
        Dataset.defaultDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/reference/seed-figures.tsv")
    }

    @Test("all 290 municipalities in 21 counties")
    func municipalities() throws {
        let registry = try load().registry
        #expect(registry.municipalities.count == 290)
        #expect(Set(registry.municipalities.map(\.county.code)).count == 21)
        let kalmar = try #require(registry.municipality(MunicipalityCode("0880")))
        #expect(kalmar.name == "Kalmar")
        #expect(kalmar.county.name == "Kalmar län")
        #expect(registry.municipality(try MunicipalityCode("0780"))?.name == "Växjö")
        #expect(registry.municipality(try MunicipalityCode("0000")) == nil)
    }

    @Test(
        "the three networks with their members",
        arguments: [
            ("kkvh", ["Kalmar", "Karlskrona", "Kristianstad", "Växjö", "Halmstad"]),
            ("4m", ["Enköping", "Eskilstuna", "Strängnäs", "Västerås"]),
            ("vastra-malardalen", ["Köping", "Arboga", "Kungsör"]),
        ]
    )
    func networks(id: String, names: [String]) throws {
        let registry = try load().registry
        let network = try #require(registry.network(NetworkID(id)))
        let memberNames = network.members.map { registry.municipality($0)?.name }
        #expect(memberNames == names)
    }

    @Test("the catalog has the four main indicators and every indicator of the reference figures")
    func catalog() throws {
        let registry = try load().registry
        for id in ["hme", "nki", "sick-leave", "turnover"] {
            #expect(registry.indicator(try IndicatorID(id)) != nil, "\(id)")
        }
        let referenced = Set(try load().observations.map(\.key.indicator))
        for id in referenced { #expect(registry.indicator(id) != nil, "\(id)") }
        #expect(registry.indicator(try IndicatorID("sick-leave"))?.direction == .lower)
        #expect(registry.indicator(try IndicatorID("turnover"))?.accumulates == true)
        #expect(registry.indicator(try IndicatorID("hme"))?.splitsByGender == true)
        // Only Kolada ids that can be shown to be real are given.
        let kolada = registry.indicators.compactMap { $0.koladaID.map { ($0, $0) } }
        #expect(kolada.map(\.0) == ["N05401"])
    }

    @Test("every reference figure is loaded, with its source document and kind")
    func everySeedFigure() throws {
        let dataset = try load()
        let text = try String(contentsOf: Self.referenceFigures, encoding: .utf8)
        var rows = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        let header = rows.removeFirst().map(String.init)
        #expect(rows.count == 67)
        func column(_ row: [Substring], _ name: String) -> String {
            String(row[header.firstIndex(of: name) ?? 0])
        }
        var outcomes = 0
        var targets = 0
        var baselines = 0
        for row in rows {
            let indicator = try IndicatorID(column(row, "indicator"))
            let code = try MunicipalityCode(column(row, "municipality_code"))
            let scope = try Scope(parsing: column(row, "scope"))
            let gender = try Gender(parsing: column(row, "gender"))
            let value = try parseDecimal(column(row, "value"))
            let source = Source(kind: .report, reference: column(row, "source"))
            let label = row.joined(separator: " ")
            switch column(row, "kind") {
            case "outcome":
                outcomes += 1
                let period = try Period(column(row, "period"))
                let found = dataset.observations.first {
                    $0.key
                        == SeriesKey(
                            indicator: indicator,
                            municipality: code,
                            period: period,
                            scope: scope,
                            gender: gender
                        )
                }
                #expect(found?.value == value, "\(label)")
                #expect(found?.source == source, "\(label)")
                #expect(found?.visibility == .public, "\(label)")
            case "target":
                targets += 1
                let year = try Period(column(row, "period")).year
                let found = dataset.targets.first {
                    $0.indicator == indicator && $0.municipality == code && $0.year == year && $0.scope == scope
                        && $0.gender == gender
                }
                #expect(found?.value == value, "\(label)")
                #expect(found?.source == source, "\(label)")
            default:
                baselines += 1
                let found = dataset.baselines.first {
                    $0.indicator == indicator && $0.municipality == code && $0.scope == scope && $0.gender == gender
                }
                #expect(found?.value == value, "\(label)")
                #expect(found?.source == source, "\(label)")
            }
        }
        #expect(dataset.summary.realObservations == outcomes)
        #expect(dataset.targets.count == targets)
        #expect(dataset.baselines.count == baselines)
        #expect(outcomes == 47 && targets == 14 && baselines == 6)
    }

    @Test(
        "real figures of Enköping, Eskilstuna and Köping appear with their reports",
        arguments: [
            ("hme", "0381", "2023-08", Scope.kommun, 78.0, "001_034fdc850437dc3c.txt"),
            ("sick-leave", "0381", "2023-08", .ks, 4.5, "001_034fdc850437dc3c.txt"),
            ("turnover", "0381", "2022", .kommun, 10.3, "001_034fdc850437dc3c.txt"),
            ("nki", "0484", "2017", .kommun, 75, "004_2e2eaf0fe07ce865.txt"),
            ("sick-leave", "0484", "2017-08", .ks, 4.7, "004_2e2eaf0fe07ce865.txt"),
            ("voter-turnout", "1983", "2018", .kommun, 82.75, "003_8ed01db54d71d693.txt"),
            ("nki-rank", "1983", "2017", .kommun, 74, "003_8ed01db54d71d693.txt"),
        ]
    )
    func realFigures(
        indicator: String,
        code: String,
        period: String,
        scope: Scope,
        value: Double,
        report: String
    ) throws {
        let key = SeriesKey(
            indicator: try IndicatorID(indicator),
            municipality: try MunicipalityCode(code),
            period: try Period(period),
            scope: scope
        )
        let matches = try load().observations.filter { $0.key == key }
        #expect(matches.count == 1)
        #expect(matches.first?.value == value)
        #expect(matches.first?.source == Source(kind: .report, reference: report))
        #expect(matches.first?.source.isSynthetic == false)
    }

    @Test("rows without a dated period are baselines, not observations")
    func baselines() throws {
        let dataset = try load()
        let enkoping = try MunicipalityCode("0381")
        let hme = dataset.baselines.first {
            $0.municipality == enkoping && $0.indicator.rawValue == "hme" && $0.scope == .kommun
        }
        #expect(hme?.value == 83)
        #expect(hme?.note?.contains("Startläge") == true)
    }

    @Test("the synthetic national dataset covers every municipality, the four indicators and 16 periods")
    func syntheticCoverage() throws {
        let dataset = try load()
        let synthetic = dataset.observations.filter(\.source.isSynthetic)
        #expect(synthetic.count == dataset.summary.syntheticObservations)
        #expect(synthetic.count > 30_000)
        #expect(Set(synthetic.map(\.key.indicator.rawValue)) == ["hme", "nki", "sick-leave", "turnover"])
        #expect(Set(synthetic.map(\.key.municipality)).count == 290)
        let periods = Set(synthetic.map(\.key.period.description))
        let expected = Set(
            (2015...2024).map(String.init) + ["2022", "2023", "2024"].flatMap { ["\($0)-04", "\($0)-08"] }
        )
        #expect(periods == expected)
        #expect(
            Set(synthetic.filter { $0.key.indicator.rawValue == "sick-leave" }.map(\.key.gender)) == [
                .total, .women, .men,
            ]
        )
        #expect(Set(synthetic.filter { $0.key.indicator.rawValue == "nki" }.map(\.key.gender)) == [.total])
        // A few values missing or confidential, never most.
        let missing = synthetic.filter { $0.reading.status == .missing }.count
        let confidential = synthetic.filter { $0.reading.status == .confidential }.count
        #expect(missing > 0 && missing < synthetic.count / 50)
        #expect(confidential > 0 && confidential < synthetic.count / 100)
        // Interim figures of the latest year are not yet published.
        #expect(
            synthetic.filter { $0.key.period.description.hasPrefix("2024-") }.allSatisfy { $0.visibility == .network }
        )
        #expect(synthetic.filter { $0.key.period.year < 2024 }.allSatisfy { $0.visibility == .public })
    }

    @Test(
        "synthetic levels are realistic: the national mean of each whole year in range",
        arguments: [("hme", 75.0, 82.0), ("nki", 60, 80), ("sick-leave", 6, 10), ("turnover", 6, 14)]
    )
    func syntheticLevels(indicator: String, low: Double, high: Double) throws {
        let dataset = try load()
        let id = try IndicatorID(indicator)
        for year in 2015...2024 {
            let values = dataset.observations.compactMap { observation in
                observation.key.indicator == id && observation.key.period == (try? Period(year: year))
                    && observation.key.gender == .total ? observation.value : nil
            }
            let mean = GroupStatistics(values: values).mean ?? .nan
            #expect((low...high).contains(mean), "\(indicator) \(year): mean \(mean)")
            #expect(values.count > 280, "\(indicator) \(year)")
        }
    }

    @Test("a synthetic figure never replaces a real one")
    func realWins() throws {
        let dataset = try load()
        var seen = Set<SeriesKey>()
        for observation in dataset.observations { #expect(seen.insert(observation.key).inserted) }
        let key = SeriesKey(
            indicator: try IndicatorID("hme"),
            municipality: try MunicipalityCode("0381"),
            period: try Period("2022")
        )
        let enkoping = dataset.observations.filter { $0.key == key }
        #expect(enkoping.count == 1)
        #expect(enkoping.first?.value == 77)
        #expect(enkoping.first?.source.kind == .report)
    }

    @Test("JAMFOR_DATASETS is not needed: the default directory is the repository's Datasets")
    func defaultDirectory() {
        #expect(Dataset.defaultDirectory.lastPathComponent == "Datasets")
        #expect(
            FileManager.default.fileExists(
                atPath: Dataset.defaultDirectory.appendingPathComponent("indicators.tsv").path
            )
        )
    }

    @Test("reports only: no synthetic observation is loaded")
    func reportsOnly() throws {
        let dataset = try Dataset.load(parts: [.reports])
        #expect(dataset.observations.allSatisfy { !$0.source.isSynthetic })
        #expect(dataset.summary.syntheticObservations == 0)
        #expect(dataset.observations.count == 47)
    }
}

@Suite("The README's analytics example")
struct ReadmeExampleTests {
    @Test("KKVH ranked on the 2024 HME figures, coloured against the country")
    func example() throws {
        let dataset = try DatasetTests.dataset.get()
        let hme = try dataset.slice(IndicatorID("hme"), period: Period("2024"))
        let network = try #require(dataset.registry.network(NetworkID("kkvh")))
        let ranking = try Analytics.rank(hme, members: network.members)
        #expect(ranking.entries.count == 5)
        #expect(Set(ranking.entries.map(\.municipality)) == Set(network.members))
        #expect(ranking.colourBase > 280)
        #expect(ranking.country.count == ranking.colourBase)
        #expect(ranking.entries.allSatisfy { $0.isSynthetic })
        #expect(ranking.containsSynthetic)
        // The ranks agree with the values: sorted best first, ties sharing a rank.
        let values = ranking.entries.compactMap(\.value)
        #expect(values == values.sorted(by: >))
        let unknown = try IndicatorID("hmm")
        #expect(throws: AnalyticsError.unknownIndicator(unknown)) {
            try dataset.slice(IndicatorID("hmm"), period: Period("2024"))
        }
    }
}
