import ArgumentParser
import Foundation
import JamforClient
import JamforDomain
import JamforKolada
import JamforTerminal
import JamforWire

/// `jamfor export`: figures out of the server, as Kolada data files, CSV or reports.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write figures to a Kolada data file, a CSV file or HTML reports.",
        discussion: """
            Examples:
              jamfor export kolada --network kkvh --out kkvh.json.gz
              jamfor export csv --country --indicators hme --from 2020 --out hme.csv
              jamfor export report --network 4m --period 2024 --out rapporter/
            """,
        subcommands: [ExportKolada.self, ExportCSV.self, ExportReport.self]
    )
}

/// Which figures an export takes: the municipalities, indicators, years, scope and gender.
struct ExportSelection: ParsableArguments {
    @OptionGroup var set: SetOptions

    @Option(name: .long, help: "Comma-separated indicator ids (default: all).")
    var indicators: String?

    @Option(name: .long, help: "The first year (or period, such as 2023-08) to include.")
    var from: String?

    @Option(name: .long, help: "The last year (or period) to include.")
    var to: String?

    @Flag(
        name: .long,
        help: "Leave out the figures only the network may see (part-year and unpublished ones): a file to publish."
    )
    var publicOnly = false

    func validate() throws {
        guard set.network != nil || set.country || set.municipalities != nil else {
            throw ValidationError("say whose figures to export: --network N, --country or --municipalities a,b")
        }
        if let from { _ = try parsePeriod(from, option: "--from") }
        if let to { _ = try parsePeriod(to, option: "--to") }
        if let from, let to, let first = try? Period(from), let last = try? Period(to), first > last {
            throw ValidationError("--from \(from) is after --to \(to): give the earlier one first")
        }
    }

    /// The export request, the indicators chosen and the municipalities covered.
    func request(
        _ catalog: Catalog,
        principal: Principal,
        scope: String?
    ) throws -> (ExportRequest, [IndicatorInfo], ComparisonSet) {
        let lookup = catalog.lookup
        let set = try set.resolve(catalog, principal: principal)
        var chosen: [IndicatorInfo] = []
        if let indicators {
            for name in indicators.split(separator: ",") {
                let indicator = try lookup.indicator(name.trimmingCharacters(in: .whitespaces))
                if !chosen.contains(indicator) { chosen.append(indicator) }
            }
        }
        let codes: [String] =
            switch set.kind {
            case .country: []
            case .network: catalog.networks.first { $0.id == set.network }?.members ?? []
            case .list: set.codes ?? []
            }
        // An empty list asks the server for every municipality: only --country may mean that.
        if set.kind != .country && codes.isEmpty {
            throw CommandFailure(
                "\(catalog.label(of: set, locale: .en)) has no members to export; use --country for every municipality"
            )
        }
        let request = ExportRequest(
            indicators: chosen.map(\.id),
            municipalities: codes,
            from: from,
            to: to,
            scope: scope,
            batchSize: 10_000
        )
        return (request, chosen.isEmpty ? catalog.indicators : chosen, set)
    }
}

/// Where an export writes: a file that appears whole or not at all.
struct ExportTarget: ParsableArguments {
    @Option(name: .long, help: "The file to write.", completion: .file())
    var out: String

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    func check(extensions: [String]) throws {
        guard extensions.contains(where: { out.lowercased().hasSuffix($0) }) else {
            throw ValidationError("--out \(out): name the file with \(extensions.joined(separator: " or "))")
        }
        if !force && FileManager.default.fileExists(atPath: out) {
            throw ValidationError("\(out) exists; give --force to replace it, or another --out")
        }
        let directory = URL(fileURLWithPath: out).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: directory.isEmpty ? "." : directory) else {
            throw ValidationError("cannot write in \(directory); does the directory exist?")
        }
    }
}

/// `jamfor export kolada`: a Kolada v2 data file, plain or gzip-compressed.
struct ExportKolada: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kolada",
        abstract: "Write figures as a Kolada data file (.json or .json.gz), with the network's group values.",
        discussion: """
            The file has Kolada's v2 shape: {"values": [{"kpi", "municipality", "period", "values": \
            [{"gender", "count", "status", "value"}]}], "count"}. Indicators with a Kolada id are written \
            under it, the others under their Jamfor id. Figures are the whole organisation's (scope \
            kommun, Kolada's level). Two Jamfor additions keep a round trip exact: a part-year period \
            is written as the text "2024-08", and every figure says "visibility": "public" or \
            "network". A file with network-only figures is not for publishing: the summary counts \
            them, and --public-only leaves them out (and out of the group values). For a network, \
            its group values follow the members', as Kolada writes them: the unweighted mean of the members with a value, count = how many, under \
            the id G followed by the network's id, marked "is_group": true.

            The file appears only when it is complete: Ctrl-C stops the export on the server and \
            leaves no partial file.

            Examples:
              jamfor export kolada --network kkvh --out kkvh.json
              jamfor export kolada --country --indicators hme,nki --from 2020 --out hme-nki.json.gz
            """
    )

    @OptionGroup var selection: ExportSelection
    @OptionGroup var target: ExportTarget

    @Option(name: .long, help: "sv or en, for the progress and summary lines.")
    var locale: DisplayLocale?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        try target.check(extensions: [".json", ".json.gz"])
    }

    func run() async throws {
        let selection = self.selection
        let target = self.target
        let connection = self.connection
        let sv = (locale ?? OutputOptions.options(format: .table, locale: nil, noColor: true).locale) == .sv
        let summary = try await cancellingOnInterrupt {
            try await Self.export(selection, target, connection, sv: sv)
        }
        try emit(summary)
    }

    private static func export(
        _ selection: ExportSelection,
        _ target: ExportTarget,
        _ connection: ConnectionOptions,
        sv: Bool
    ) async throws -> String {
        try await withClient(connection) { client in
            let catalog = try await Catalog.load(client)
            let (request, indicators, set) = try selection.request(
                catalog,
                principal: client.welcome.principal,
                scope: Scope.kommun.rawValue
            )
            let kpis = Dictionary(indicators.map { ($0.id, $0.koladaID ?? $0.id) }, uniquingKeysWith: { a, _ in a })
            let gzip = target.out.lowercased().hasSuffix(".gz")
            let file = try AtomicOutputFile(path: target.out, compression: gzip ? .gzip() : .none)
            let writer = KoladaDataWriter(sink: file.sink)
            let progress = Progress(
                sv ? "Exporterar" : "Exporting",
                unit: sv ? "värden" : "figures",
                locale: sv ? .sv : .en
            )
            var groups = GroupMeans()
            var count = 0
            var withheld = WithheldFigures(publicOnly: selection.publicOnly)
            // Figures come in runs of one indicator and period: the last look-ups are kept while the
            // texts repeat (parsing the period and hashing the id anew for every figure was a fifth of
            // this loop's time in Tools/ExportBench).
            var lastPeriod: (text: String, value: Period)?
            var lastKPI: (indicator: String, kpi: String)?
            do {
                for try await batch in client.export(request) {
                    for record in batch.observations where withheld.keeps(record) {
                        let period: Period
                        if let last = lastPeriod, last.text == record.period {
                            period = last.value
                        } else {
                            guard let parsed = try? Period(record.period) else {
                                throw ClientError.protocolViolation("the server exported the period '\(record.period)'")
                            }
                            period = parsed
                            lastPeriod = (record.period, parsed)
                        }
                        let kpi: String
                        if let last = lastKPI, last.indicator == record.indicator {
                            kpi = last.kpi
                        } else {
                            kpi = kpis[record.indicator] ?? record.indicator
                            lastKPI = (record.indicator, kpi)
                        }
                        try writer.append(
                            KoladaRow(
                                kpi: kpi,
                                municipality: record.municipality,
                                year: period.year,
                                month: period.throughMonth,
                                gender: record.gender,
                                count: record.value == nil ? 0 : 1,
                                status: record.status,
                                value: record.value,
                                visibility: record.visibility == .network ? "network" : "public"
                            )
                        )
                        if set.kind == .network, let value = record.value {
                            groups.add(
                                value,
                                kpi: kpi,
                                period: period,
                                gender: record.gender,
                                hidden: record.visibility == .network
                            )
                        }
                    }
                    count += batch.observations.count
                    progress.update(count)
                }
                count -= withheld.left
                if set.kind == .network, let network = set.network {
                    for row in groups.rows(group: "G" + network) { try writer.append(row) }
                }
                try writer.finish()
                try file.commit(replacing: target.force)
            } catch {
                progress.finish()
                file.discard()
                throw error
            }
            progress.finish()
            let seconds = max(progress.elapsed.seconds, 1e-9)
            let rate = Progress.grouped(Int((Double(count) / seconds).rounded()), sv)
            return sv
                ? "Skrev \(Progress.grouped(count, sv)) värden och \(groups.count) gruppvärden till \(target.out) "
                    + "på \(String(format: "%.1f", seconds).replacingOccurrences(of: ".", with: ",")) s (\(rate) värden/s).\n"
                    + withheld.summary(sv: sv)
                : "Wrote \(Progress.grouped(count, sv)) figures and \(groups.count) group values to \(target.out) "
                    + "in \(String(format: "%.1f", seconds)) s (\(rate) figures/s).\n"
                    + withheld.summary(sv: sv)
        }
    }
}

/// The figures only the network may see, in an export: left out with `--public-only`, else counted,
/// so that the summary can say that the file is not for publishing.
struct WithheldFigures {
    let publicOnly: Bool
    /// Network-only figures written.
    private(set) var written = 0
    /// Network-only figures left out.
    private(set) var left = 0

    init(publicOnly: Bool) { self.publicOnly = publicOnly }

    /// Whether `record` goes into the file.
    mutating func keeps(_ record: ObservationRecord) -> Bool {
        guard record.visibility == .network else { return true }
        if publicOnly {
            left += 1
            return false
        }
        written += 1
        return true
    }

    /// A line for the summary, or nothing when every figure was public.
    func summary(sv: Bool) -> String {
        if left > 0 {
            return sv
                ? "Utelämnade \(Progress.grouped(left, sv)) värden som bara nätverket får se (--public-only).\n"
                : "Left out \(Progress.grouped(left, sv)) figures only the network may see (--public-only).\n"
        }
        guard written > 0 else { return "" }
        return sv
            ? "\(Progress.grouped(written, sv)) av värdena får bara nätverket se (delår eller opublicerade): dela "
                + "filen bara inom nätverket, eller exportera med --public-only.\n"
            : "\(Progress.grouped(written, sv)) of the figures are the network's only (part-year or unpublished): "
                + "share the file within the network only, or export with --public-only.\n"
    }
}

/// Group values as Kolada computes them: the unweighted mean of the members with a value, per KPI,
/// period and gender, with the number of contributors.
struct GroupMeans {
    private struct Key: Hashable, Comparable {
        var kpi: String
        var period: Period
        var gender: String

        static func < (a: Key, b: Key) -> Bool { (a.kpi, a.period, a.gender) < (b.kpi, b.period, b.gender) }
    }
    private var sums: [Key: (sum: Double, count: Int, hidden: Bool)] = [:]

    var count: Int { sums.count }

    mutating func add(_ value: Double, kpi: String, period: Period, gender: String, hidden: Bool) {
        let key = Key(kpi: kpi, period: period, gender: gender)
        var entry = sums[key] ?? (0, 0, false)
        entry.sum += value
        entry.count += 1
        // A mean over a figure only the network may see is itself the network's only.
        entry.hidden = entry.hidden || hidden
        sums[key] = entry
    }

    func rows(group: String) -> [KoladaRow] {
        sums.keys.sorted().compactMap { key in
            guard let entry = sums[key] else { return nil }
            return KoladaRow(
                kpi: key.kpi,
                municipality: group,
                year: key.period.year,
                month: key.period.throughMonth,
                gender: key.gender,
                count: entry.count,
                value: entry.sum / Double(entry.count),
                isGroup: true,
                visibility: entry.hidden ? "network" : "public"
            )
        }
    }
}

extension Duration {
    /// The duration in seconds, with fractions.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
