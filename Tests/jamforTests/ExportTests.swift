import Foundation
import JamforDomain
import JamforKolada
import JamforServer
import Testing

// `jamfor export` and `jamfor import`, run as a user runs them, between real servers on loopback:
// what one server exports, another imports back to the same figures.

/// A scratch directory removed when the test ends.
struct Scratch {
    let url: URL

    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("jamfor-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

extension CommandServer {
    /// A server that knows the municipalities, indicators and networks but holds no figures.
    static func withEmpty<Result: Sendable>(_ body: (EmbeddedServer) async throws -> Result) async throws -> Result {
        var empty = try await dataset.value
        empty.observations = []
        empty.targets = []
        empty.baselines = []
        return try await EmbeddedServer.run(
            dataset: empty,
            accounts: [EmbeddedAccount(name: "admin", role: .admin)],
            configuration: ResponderConfiguration(now: { now })
        ) { server in try await body(server) }
    }

    static func admin(_ server: EmbeddedServer) -> [String: String] {
        environment(server, user: "admin")
    }
}

/// The figures of a Kolada data file, without positions, sorted, for comparing two files.
func koladaFigures(_ path: String) throws -> [String] {
    try KoladaDataReader.readAll(path: path).values
        .map { value in
            let period = value.month.map { "\(value.year)-\($0)" } ?? "\(value.year)"
            return [
                value.kpi, value.municipality, period, value.gender, value.value.map { "\($0)" } ?? "nil",
                value.status ?? "", value.visibility ?? "", value.isGroup ? "group" : "",
                value.count.map(String.init) ?? "",
            ].joined(separator: "|")
        }
        .sorted()
}

@Suite("jamfor export and import", .serialized)
struct ExportTests {
    @Test("a network's Kolada file holds its members' figures, then its group values", .timeLimit(.minutes(2)))
    func networkFile() async throws {
        let scratch = try Scratch("export-kolada")
        defer { scratch.remove() }
        try await CommandServer.with { server in
            let run = try await CommandLine.run(
                [
                    "export", "kolada", "--network", "kkvh", "--indicators", "sick-leave", "--locale", "en", "--out",
                    scratch.path("kkvh.json"),
                ],
                environment: CommandServer.admin(server)
            )
            #expect(run.status == 0, "\(run.error)")
            let values = try KoladaDataReader.readAll(path: scratch.path("kkvh.json")).values
            let members = values.filter { !$0.isGroup }
            let groups = values.filter(\.isGroup)
            #expect(Set(members.map(\.municipality)) == ["0880", "1080", "1290", "0780", "1380"])
            #expect(members.allSatisfy { $0.kpi == "sick-leave" })
            #expect(!groups.isEmpty)
            #expect(groups.allSatisfy { $0.municipality == "Gkkvh" })
            // Each group value is the unweighted mean of the members with a value, count = how many.
            for group in groups {
                let contributing = members.filter {
                    $0.year == group.year && $0.month == group.month && $0.gender == group.gender && $0.value != nil
                }
                #expect(group.count == contributing.count)
                let mean = contributing.compactMap(\.value).reduce(0, +) / Double(contributing.count)
                #expect(abs((group.value ?? .nan) - mean) < 1e-9)
            }
            // The unpublished part-year figures say so, and so does the summary.
            let hidden = members.filter { $0.visibility == "network" }
            #expect(hidden.contains { $0.month == 8 && $0.year == 2024 })
            #expect(
                run.output.contains("\(hidden.count) of the figures are the network's only"),
                "\(run.output)"
            )

            // --public-only leaves them out, and out of the group values.
            let published = try await CommandLine.run(
                [
                    "export", "kolada", "--network", "kkvh", "--indicators", "sick-leave", "--public-only", "--locale",
                    "en", "--out", scratch.path("public.json"),
                ],
                environment: CommandServer.admin(server)
            )
            #expect(published.status == 0, "\(published.error)")
            #expect(published.output.contains("Left out \(hidden.count) figures only the network may see"))
            let values2 = try KoladaDataReader.readAll(path: scratch.path("public.json")).values
            #expect(values2.allSatisfy { $0.visibility == "public" })
            #expect(values2.filter { !$0.isGroup }.count == members.count - hidden.count)
            for group in values2.filter(\.isGroup) {
                let contributing = values2.filter {
                    !$0.isGroup && $0.year == group.year && $0.month == group.month && $0.gender == group.gender
                        && $0.value != nil
                }
                #expect(group.count == contributing.count, "group values count the public figures only")
            }

            let csv = try await CommandLine.run(
                [
                    "export", "csv", "--network", "kkvh", "--public-only", "--locale", "en", "--out",
                    scratch.path("public.csv"),
                ],
                environment: CommandServer.admin(server)
            )
            #expect(csv.status == 0, "\(csv.error)")
            let rows = try String(contentsOfFile: scratch.path("public.csv"), encoding: .utf8).split(separator: "\r\n")
            #expect(rows.count > 1)
            #expect(rows.dropFirst().allSatisfy { $0.hasSuffix(",public") }, "\(rows.prefix(3))")
        }
    }

    @Test("export kolada, import it into an empty server, export again: the same figures", .timeLimit(.minutes(3)))
    func koladaRoundTrip() async throws {
        let scratch = try Scratch("roundtrip-kolada")
        defer { scratch.remove() }
        let first = scratch.path("first.json.gz")
        let second = scratch.path("second.json")
        try await CommandServer.with { server in
            let run = try await CommandLine.run(
                ["export", "kolada", "--network", "4m", "--out", first],
                environment: CommandServer.admin(server)
            )
            #expect(run.status == 0, "\(run.error)")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(bytes.prefix(2) == Data([0x1F, 0x8B]), "gzip")
        try await CommandServer.withEmpty { server in
            let imported = try await CommandLine.run(
                ["import", "kolada", first, "--locale", "en"],
                environment: CommandServer.admin(server)
            )
            #expect(imported.status == 0, "\(imported.output)\(imported.error)")
            #expect(imported.output.contains("0 rejected"), "\(imported.output)")
            let exported = try await CommandLine.run(
                ["export", "kolada", "--network", "4m", "--out", second],
                environment: CommandServer.admin(server)
            )
            #expect(exported.status == 0, "\(exported.error)")
            let again = try await CommandLine.run(
                ["import", "kolada", first, "--locale", "en"],
                environment: CommandServer.admin(server)
            )
            #expect(again.output.contains(" 0 new, 0 updated"), "importing again stores nothing: \(again.output)")
        }
        let before = try koladaFigures(first)
        #expect(before.count > 400)
        #expect(before.contains { $0.contains("|network|") }, "the 4M part-year figures are network-only")
        #expect(try koladaFigures(second) == before)
    }

    @Test("export csv, import it into an empty server, export again: the same file", .timeLimit(.minutes(3)))
    func csvRoundTrip() async throws {
        let scratch = try Scratch("roundtrip-csv")
        defer { scratch.remove() }
        for locale in ["sv", "en"] {
            let first = scratch.path("first-\(locale).csv")
            let second = scratch.path("second-\(locale).csv")
            try await CommandServer.with { server in
                let run = try await CommandLine.run(
                    ["export", "csv", "--network", "kkvh", "--locale", locale, "--out", first],
                    environment: CommandServer.admin(server)
                )
                #expect(run.status == 0, "\(run.error)")
            }
            try await CommandServer.withEmpty { server in
                let imported = try await CommandLine.run(
                    ["import", "csv", first],
                    environment: CommandServer.admin(server)
                )
                #expect(imported.status == 0, "\(imported.output)\(imported.error)")
                let exported = try await CommandLine.run(
                    ["export", "csv", "--network", "kkvh", "--locale", locale, "--out", second],
                    environment: CommandServer.admin(server)
                )
                #expect(exported.status == 0, "\(exported.error)")
            }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: first))
            #expect((bytes.prefix(3) == Data([0xEF, 0xBB, 0xBF])) == (locale == "sv"), "a BOM for Swedish Excel only")
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.split(separator: "\r\n").count > 500)
            #expect(try Data(contentsOf: URL(fileURLWithPath: second)) == Data(contentsOf: URL(fileURLWithPath: first)))
        }
    }

    @Test("an existing file is kept unless --force; a failed export leaves no file", .timeLimit(.minutes(2)))
    func targets() async throws {
        let scratch = try Scratch("export-target")
        defer { scratch.remove() }
        let path = scratch.path("kept.json")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try await CommandServer.with { server in
            let refused = try await CommandLine.run(
                ["export", "kolada", "--network", "4m", "--out", path],
                environment: CommandServer.admin(server)
            )
            #expect(refused.status != 0)
            #expect(refused.error.contains("--force"))
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        }
        let port = try await CommandServer.with { $0.port }
        let failed = try await CommandLine.run(
            ["export", "kolada", "--network", "4m", "--out", scratch.path("new.json")],
            environment: ["JAMFOR_SERVER": "127.0.0.1:\(port)"]
        )
        #expect(failed.status != 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["kept.json"])
    }

    @Test("Ctrl-C during an export leaves no file and no partial file", .timeLimit(.minutes(2)))
    func interrupted() async throws {
        let scratch = try Scratch("export-interrupt")
        defer { scratch.remove() }
        // Batches of ten figures: the country's tens of thousands take many round trips, so the export
        // is still streaming when the signal comes, whatever the machine's speed.
        try await EmbeddedServer.run(
            dataset: try await CommandServer.dataset.value,
            accounts: [EmbeddedAccount(name: "admin", role: .admin)],
            configuration: ResponderConfiguration(maximumExportBatchSize: 10, now: { CommandServer.now })
        ) { server in
            let process = Process()
            process.executableURL = try CommandLine.executable()
            process.arguments = ["export", "kolada", "--country", "--out", scratch.path("country.json")]
            process.environment = CommandServer.admin(server).merging(["PATH": "/usr/bin:/bin"]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The partial file shows that the export is under way.
            var started = false
            for _ in 0..<500 where !started {
                started = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
                    .contains { $0.hasPrefix(".country.json.partial-") }
                if !started { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(started, "no partial file appeared")
            process.interrupt()
            while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            #expect(process.terminationStatus == 130, "the export was not interrupted")
            let left = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
            #expect(left.isEmpty, "left behind: \(left)")
        }
    }

    @Test("a report has a page per member and an index, self-contained", .timeLimit(.minutes(2)))
    func report() async throws {
        let scratch = try Scratch("report")
        defer { scratch.remove() }
        try await CommandServer.with { server in
            let run = try await CommandLine.run(
                ["export", "report", "--network", "kkvh", "--period", "2024", "--out", scratch.url.path],
                environment: CommandServer.environment(server)
            )
            #expect(run.status == 0, "\(run.error)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
        #expect(
            files == [
                "0780-vaxjo.html", "0880-kalmar.html", "1080-karlskrona.html", "1290-kristianstad.html",
                "1380-halmstad.html", "index.html",
            ]
        )
        for file in files {
            let html = try String(contentsOfFile: scratch.path(file), encoding: .utf8)
            #expect(html.contains("<svg"))
            #expect(!html.contains("<script"))
            #expect(!html.contains("http://") && !html.contains("https://"))
        }
        let kalmar = try String(contentsOfFile: scratch.path("0880-kalmar.html"), encoding: .utf8)
        #expect(kalmar.contains("Kalmar"))
        #expect(kalmar.contains("Sjukfrånvaro"))
    }
}

@Suite("jamfor import kolada")
struct ImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("JamforKoladaTests/Fixtures")

    @Test("a hand-written Kolada file of two pages imports with the right counts", .timeLimit(.minutes(2)))
    func twoPages() async throws {
        let file = Self.fixtures.appendingPathComponent("kolada-v2-two-pages.json").path
        try await CommandServer.withEmpty { server in
            let run = try await CommandLine.run(
                ["import", "kolada", file, "--locale", "en"],
                environment: CommandServer.admin(server)
            )
            // 12 values: 2 group values (G124026, the country 0000) skipped, 4 by gender skipped (voter
            // turnout is reported in total only); the 6 totals are stored, among them one ".." marker
            // and one "-" marker.
            #expect(run.output.contains("Read 12 figures. Sent 6"), "\(run.output)")
            #expect(run.output.contains("6 new, 0 updated, 0 unchanged, 0 rejected"), "\(run.output)")
            #expect(run.output.contains("Skipped 2 group values"), "\(run.output)")
            #expect(
                run.output.contains("Skipped 4 figures by gender of indicators reported in total only: voter-turnout"),
                "\(run.output)"
            )
            #expect(run.status == 0, "\(run.error)")
            let again = try await CommandLine.run(
                ["import", "kolada", file, "--locale", "en"],
                environment: CommandServer.admin(server)
            )
            #expect(again.output.contains("0 new, 0 updated, 6 unchanged, 0 rejected"), "\(again.output)")
            // The same figures in a file of another name are unchanged too.
            let renamed = FileManager.default.temporaryDirectory.appendingPathComponent(
                "renamed-\(UUID().uuidString).json"
            )
            try FileManager.default.copyItem(at: URL(fileURLWithPath: file), to: renamed)
            defer { try? FileManager.default.removeItem(at: renamed) }
            let other = try await CommandLine.run(
                ["import", "kolada", renamed.path, "--locale", "en"],
                environment: CommandServer.admin(server)
            )
            #expect(other.output.contains("0 new, 0 updated, 6 unchanged"), "\(other.output)")
        }
    }

    @Test(
        "visibility fails closed: part-year figures of a Kolada file stay in the network, odd words are refused",
        .timeLimit(.minutes(2))
    )
    func visibility() async throws {
        let scratch = try Scratch("import-visibility")
        defer { scratch.remove() }
        let file = scratch.path("mixed.json")
        let entries = [
            #"{"kpi": "N05401", "municipality": "0880", "period": 2022, "values": [{"gender": "T", "count": 1, "status": "", "value": 80.5}]}"#,
            #"{"kpi": "sick-leave", "municipality": "0880", "period": "2024-08", "values": [{"gender": "T", "count": 1, "status": "", "value": 6.6}]}"#,
            #"{"kpi": "sick-leave", "municipality": "0780", "period": 2023, "values": [{"gender": "T", "count": 1, "status": "", "value": 7.1, "visibility": "Network"}]}"#,
            #"{"kpi": "sick-leave", "municipality": "1380", "period": 2023, "values": [{"gender": "T", "count": 1, "status": "", "value": 7.2, "visibility": "nätverk"}]}"#,
        ]
        try Data(("{\"values\": [\n" + entries.joined(separator: ",\n") + "\n], \"count\": 4}\n").utf8)
            .write(to: URL(fileURLWithPath: file))
        try await CommandServer.withEmpty { server in
            let run = try await CommandLine.run(
                ["import", "kolada", file, "--locale", "en"],
                environment: CommandServer.admin(server)
            )
            #expect(run.status == 1, "one figure is refused")
            #expect(run.output.contains("3 new"), "\(run.output)")
            #expect(
                run.output.contains("mixed.json:5: the visibility 'nätverk' is neither public nor network"),
                "\(run.output)"
            )
            let exported = try await CommandLine.run(
                ["export", "csv", "--country", "--locale", "en", "--out", scratch.path("back.csv")],
                environment: CommandServer.admin(server)
            )
            #expect(exported.status == 0, "\(exported.error)")
            let rows = try String(contentsOfFile: scratch.path("back.csv"), encoding: .utf8).split(separator: "\r\n")
            #expect(rows.contains { $0.contains("voter-turnout,N05401,0880") && $0.hasSuffix(",public") }, "\(rows)")
            #expect(
                rows.contains { $0.contains("sick-leave,,0880") && $0.contains("2024-08") && $0.hasSuffix(",network") }
            )
            #expect(rows.contains { $0.contains("sick-leave,,0780") && $0.hasSuffix(",network") })
        }
    }

    @Test("deleted values and unknown KPIs are skipped and counted; metadata names the KPIs", .timeLimit(.minutes(2)))
    func skipped() async throws {
        let v3 = Self.fixtures.appendingPathComponent("kolada-v3-array-of-pages.json").path
        let metadata = Self.fixtures.appendingPathComponent("kolada-kpi-metadata.json").path
        try await CommandServer.withEmpty { server in
            let run = try await CommandLine.run(
                ["import", "kolada", v3, "--kpi-metadata", metadata, "--locale", "en"],
                environment: CommandServer.admin(server)
            )
            #expect(run.output.contains("Kolada marks as deleted"), "\(run.output)")
            #expect(!run.error.contains("Error"), "\(run.error)")
        }
    }

    @Test("a CSV file broken near its end is refused before any of it is stored", .timeLimit(.minutes(1)))
    func brokenCSV() async throws {
        let scratch = try Scratch("import-csv-broken")
        defer { scratch.remove() }
        let file = scratch.path("broken.csv")
        var text = "indicator;municipality;period;value;visibility\n"
        for year in 2000...2020 { text += "sick-leave;Kalmar;\(year);7,\(year % 10);public\n" }
        text += "sick-leave;Kalmar;2021;\"7,5;public\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try await CommandServer.withEmpty { server in
            let run = try await CommandLine.run(
                ["import", "csv", file, "--locale", "en"],
                environment: CommandServer.admin(server)
            )
            #expect(run.status != 0)
            #expect(run.error.contains("broken.csv:23: a quoted field is never closed"), "\(run.error)")
            let exported = try await CommandLine.run(
                ["export", "csv", "--country", "--locale", "en", "--out", scratch.path("back.csv")],
                environment: CommandServer.admin(server)
            )
            #expect(exported.output.contains("Wrote 0 rows"), "nothing was stored: \(exported.output)")
        }
    }

    @Test("a broken file is named with its position", .timeLimit(.minutes(1)))
    func broken() async throws {
        let file = Self.fixtures.appendingPathComponent("broken-truncated.json").path
        try await CommandServer.withEmpty { server in
            let run = try await CommandLine.run(["import", "kolada", file], environment: CommandServer.admin(server))
            #expect(run.status != 0)
            #expect(run.error.contains("broken-truncated.json"), "\(run.error)")
        }
    }
}
