import ArgumentParser
import Foundation
import JamforClient
import JamforDomain
import JamforKolada
import JamforTerminal
import JamforWire

/// `jamfor import`: figures into the server from Kolada data files or CSV.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send figures from Kolada data files or CSV files to the server.",
        discussion: """
            Examples:
              jamfor import kolada N05401-2022.json N05401-2022-page2.json.gz
              jamfor import csv kkvh.csv
            """,
        subcommands: [ImportKolada.self, ImportCSV.self]
    )
}

/// `jamfor import kolada`: Kolada API data files, as a user saves them.
struct ImportKolada: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kolada",
        abstract: "Send the figures of Kolada data files (v2 or v3, .json or .json.gz, one or more pages).",
        discussion: """
            KPIs are matched to indicators by their Kolada id (or, in files Jamfor wrote, by Jamfor id); \
            values of other KPIs are skipped and counted, and so are group ids that are not \
            municipalities (such as G124026 or 0000 for the country) and values Kolada marks as deleted. \
            --kpi-metadata with a Kolada KPI metadata file names the skipped KPIs; `jamfor indicators \
            add` adds them to the catalog from that file. Figures are stored \
            as the whole organisation's (scope kommun) with the source kolada:KPI. A figure is public \
            when the file says so ("visibility": "public", as Jamfor writes it) or, in a Kolada file \
            that says nothing, when it is a whole year and --visibility is public (the default); \
            part-year figures, which Kolada never publishes, stay with the network. Importing a file again stores nothing twice: \
            figures already stored as they are count as unchanged. The exit code is 1 when any figure \
            was rejected.

            Examples:
              jamfor import kolada N05401.json
              jamfor import kolada page1.json page2.json.gz --kpi-metadata kpi.json
            """
    )

    @Argument(help: "Kolada data files.", completion: .file(extensions: ["json", "gz"]))
    var files: [String]

    @Option(name: .long, help: "A Kolada KPI metadata file, to name the KPIs the catalog lacks.")
    var kpiMetadata: String?

    @Option(name: .long, help: "public or network, for figures the file does not mark (default public).")
    var visibility: String = "public"

    @Option(name: .long, help: "sv or en, for the progress and summary lines.")
    var locale: DisplayLocale?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one Kolada data file") }
        guard ["public", "network"].contains(visibility.lowercased()) else {
            throw ValidationError("--visibility \(visibility): give public or network")
        }
        for file in files + (kpiMetadata.map { [$0] } ?? []) {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("cannot read \(file); check the path")
            }
        }
    }

    func run() async throws {
        let files = self.files
        let connection = self.connection
        let metadata = self.kpiMetadata
        let fallback: JamforWire.Visibility = visibility.lowercased() == "network" ? .network : .public
        let locale = locale ?? OutputOptions.options(format: .table, locale: nil, noColor: true).locale
        let (summary, rejected) = try await cancellingOnInterrupt {
            try await Self.importFiles(files, metadata: metadata, visibility: fallback, connection, locale: locale)
        }
        try emit(summary)
        if rejected { throw ExitCode.failure }
    }

    /// What was left out, and why.
    struct Skipped {
        var unknownKPIs: [String: Int] = [:]
        var groups = 0
        var deleted = 0
        var unknownMunicipalities: [String: Int] = [:]
        var genders: [String: Int] = [:]
        /// Values by gender of indicators reported in total only, by indicator.
        var totalOnly: [String: Int] = [:]
    }

    private static func importFiles(
        _ files: [String],
        metadata: String?,
        visibility: JamforWire.Visibility,
        _ connection: ConnectionOptions,
        locale: DisplayLocale
    ) async throws -> (String, Bool) {
        let sv = locale == .sv
        let titles: [String: String]
        if let metadata {
            titles = Dictionary(
                try KoladaKPIMetadata.read(path: metadata).map { ($0.id, $0.title) },
                uniquingKeysWith: { a, _ in a }
            )
        } else {
            titles = [:]
        }
        return try await withClient(connection) { client in
            let catalog = try await Catalog.load(client)
            var indicators: [String: String] = [:]
            for indicator in catalog.indicators {
                indicators[indicator.id] = indicator.id
                if let kolada = indicator.koladaID { indicators[kolada] = indicator.id }
            }
            let known = Set(catalog.municipalities.map(\.code))
            let totalOnly = Set(catalog.indicators.filter { !$0.splitsByGender }.map(\.id))
            var sender = BatchSender(client: client, batchSize: 50_000, pipelined: true)
            var skipped = Skipped()
            var records: [ObservationRecord] = []
            // Where each figure came from: the file's index and the line, packed in one Int, so that a
            // file of millions of values costs eight bytes a value to be able to name a rejection.
            var origins: [Int] = []
            let progress = Progress(sv ? "Importerar" : "Importing", unit: sv ? "värden" : "figures", locale: locale)
            var read = 0
            do {
                for (fileIndex, file) in files.enumerated() {
                    let reader = try KoladaDataReader(path: file)
                    while let value = try reader.next() {
                        read += 1
                        // Reading is synchronous: give Ctrl-C a chance even where nothing is sent.
                        if read & 0xFFF == 0 { try Task.checkCancellation() }
                        if value.isDeleted {
                            skipped.deleted += 1
                            continue
                        }
                        // Group ids, the country (0000) and regions (00xx) are not municipalities.
                        guard !value.isGroup, value.isMunicipality, !value.municipality.hasPrefix("00") else {
                            skipped.groups += 1
                            continue
                        }
                        guard known.contains(value.municipality) else {
                            skipped.unknownMunicipalities[value.municipality, default: 0] += 1
                            continue
                        }
                        guard let indicator = indicators[value.kpi] else {
                            skipped.unknownKPIs[value.kpi, default: 0] += 1
                            continue
                        }
                        guard ["T", "K", "M"].contains(value.gender) else {
                            skipped.genders[value.gender, default: 0] += 1
                            continue
                        }
                        if value.gender != "T" && totalOnly.contains(indicator) {
                            skipped.totalOnly[indicator, default: 0] += 1
                            continue
                        }
                        let origin = fileIndex << 32 | min(value.position.line, Int(UInt32.max))
                        // Fails closed: a figure whose visibility is unclear is not published. Jamfor
                        // marks every figure it exports; a Kolada file marks none, and Kolada never
                        // publishes part-year figures, so those stay in the network too.
                        let figureVisibility: JamforWire.Visibility
                        switch value.visibility?.lowercased() {
                        case "public": figureVisibility = .public
                        case "network": figureVisibility = .network
                        case nil: figureVisibility = value.month == nil ? visibility : .network
                        case let other?:
                            sender.reject(
                                origin: origin,
                                reason:
                                    "the visibility '\(other)' is neither public nor network; the figure was not sent"
                            )
                            continue
                        }
                        let period =
                            value.month.map { String(format: "%04d-%02d", value.year, $0) } ?? String(value.year)
                        origins.append(origin)
                        records.append(
                            ObservationRecord(
                                indicator: indicator,
                                municipality: value.municipality,
                                period: period,
                                scope: Scope.kommun.rawValue,
                                gender: value.gender,
                                value: value.status == nil ? value.value : nil,
                                // Kolada writes a missing figure as a null value with an empty status.
                                status: value.status ?? (value.value == nil ? StatusMarker.missing.rawValue : nil),
                                // By KPI, not by file name: the same figures in a renamed file are unchanged.
                                source: "kolada:" + value.kpi,
                                visibility: figureVisibility
                            )
                        )
                        if records.count == sender.nextBatchSize {
                            try await sender.send(records, origins: origins)
                            records.removeAll(keepingCapacity: true)
                            origins.removeAll(keepingCapacity: true)
                            progress.update(sender.sent)
                        }
                    }
                }
                try await sender.send(records, origins: origins)
                try await sender.finish()
            } catch {
                sender.cancel()
                progress.finish()
                throw error
            }
            progress.finish()
            let seconds = max(progress.elapsed.seconds, 1e-9)
            return (
                Self.summary(
                    sender,
                    skipped: skipped,
                    read: read,
                    files: files,
                    titles: titles,
                    metadata: metadata,
                    seconds: seconds,
                    sv: sv
                ),
                !sender.response.rejected.isEmpty
            )
        }
    }

    static func summary(
        _ sender: BatchSender,
        skipped: Skipped,
        read: Int,
        files: [String],
        titles: [String: String],
        metadata: String? = nil,
        seconds: Double,
        sv: Bool
    ) -> String {
        let response = sender.response
        func n(_ count: Int) -> String { Progress.grouped(count, sv) }
        let rate = n(Int((Double(sender.sent) / seconds).rounded()))
        var text =
            sv
            ? "Läste \(n(read)) värden. Skickade \(n(sender.sent)) på \(String(format: "%.1f", seconds).replacingOccurrences(of: ".", with: ",")) s (\(rate)/s): "
                + "\(n(Int(response.inserted))) nya, \(n(Int(response.updated))) ändrade, "
                + "\(n(Int(response.unchanged))) oförändrade, \(n(response.rejected.count)) avvisade.\n"
            : "Read \(n(read)) figures. Sent \(n(sender.sent)) in \(String(format: "%.1f", seconds)) s (\(rate)/s): "
                + "\(n(Int(response.inserted))) new, \(n(Int(response.updated))) updated, "
                + "\(n(Int(response.unchanged))) unchanged, \(n(response.rejected.count)) rejected.\n"
        // At most ten of a kind are named; a bulk file can hold thousands.
        func some(_ names: [String]) -> String {
            let more =
                names.count > 10 ? (sv ? " och \(n(names.count - 10)) till" : " and \(n(names.count - 10)) more") : ""
            return names.prefix(10).joined(separator: ", ") + more
        }
        let unknown = skipped.unknownKPIs.values.reduce(0, +)
        if unknown > 0 {
            let list = skipped.unknownKPIs.keys.sorted().map { kpi in
                "\(kpi)\(titles[kpi].map { " (\($0))" } ?? "") × \(n(skipped.unknownKPIs[kpi] ?? 0))"
            }
            text +=
                (sv
                    ? "Hoppade över \(n(unknown)) värden av KPI:er som katalogen saknar: "
                    : "Skipped \(n(unknown)) figures of KPIs the catalog lacks: ")
                + some(list) + ".\n"
            // The way to keep them, spelled out: an administrator adds the KPIs, then imports again.
            let kpis = skipped.unknownKPIs.keys.sorted().prefix(10).joined(separator: " ")
            let file = metadata ?? "KPI-METADATA.json"
            text +=
                sv
                ? "Lägg till dem på servern med `jamfor indicators add \(kpis) --kpi-metadata \(file) "
                    + "--direction higher|lower` och importera igen.\n"
                : "To keep them, add them on the server with `jamfor indicators add \(kpis) --kpi-metadata \(file) "
                    + "--direction higher|lower` and import again.\n"
        }
        let byGender = skipped.totalOnly.values.reduce(0, +)
        if byGender > 0 {
            text +=
                (sv
                    ? "Hoppade över \(n(byGender)) värden per kön av nyckeltal som bara redovisas totalt: "
                    : "Skipped \(n(byGender)) figures by gender of indicators reported in total only: ")
                + some(skipped.totalOnly.keys.sorted()) + ".\n"
        }
        if skipped.groups > 0 {
            text +=
                sv
                ? "Hoppade över \(n(skipped.groups)) gruppvärden (id som inte är kommuner: grupper, riket, regioner).\n"
                : "Skipped \(n(skipped.groups)) group values (ids that are not municipalities: groups, the country, regions).\n"
        }
        if skipped.deleted > 0 {
            text +=
                sv
                ? "Hoppade över \(n(skipped.deleted)) värden som Kolada markerat som borttagna.\n"
                : "Skipped \(n(skipped.deleted)) values Kolada marks as deleted.\n"
        }
        let strangers = skipped.unknownMunicipalities.values.reduce(0, +)
        if strangers > 0 {
            text +=
                (sv
                    ? "Hoppade över \(n(strangers)) värden av okända kommunkoder: "
                    : "Skipped \(n(strangers)) figures of unknown municipality codes: ")
                + some(skipped.unknownMunicipalities.keys.sorted()) + ".\n"
        }
        let genders = skipped.genders.values.reduce(0, +)
        if genders > 0 {
            text +=
                (sv
                    ? "Hoppade över \(n(genders)) värden med okänt kön: "
                    : "Skipped \(n(genders)) figures of unknown genders: ")
                + skipped.genders.keys.sorted().joined(separator: ", ") + ".\n"
        }
        // Rejections grouped by reason, each with the first places it occurred.
        var byReason: [(reason: String, places: [String], count: Int)] = []
        var reasonIndex: [String: Int] = [:]
        for rejection in response.rejected.sorted(by: { $0.index < $1.index }) {
            let origin =
                sender.origins.indices.contains(Int(rejection.index)) ? sender.origins[Int(rejection.index)] : -1
            let fileIndex = origin >> 32
            let place = files.indices.contains(fileIndex) ? "\(files[fileIndex]):\(origin & 0xFFFF_FFFF)" : "?"
            let reason = ClientError.printable(rejection.reason)
            if let index = reasonIndex[reason] {
                if byReason[index].places.count < 3 { byReason[index].places.append(place) }
                byReason[index].count += 1
            } else {
                reasonIndex[reason] = byReason.count
                byReason.append((reason, [place], 1))
            }
        }
        for (reason, shownPlaces, count) in byReason.prefix(20) {
            let shown = shownPlaces.joined(separator: ", ")
            let more = count > 3 ? (sv ? " och \(n(count - 3)) till" : " and \(n(count - 3)) more") : ""
            text += count == 1 ? "\(shown): \(reason)\n" : "\(n(count)) × \(reason) (\(shown)\(more))\n"
        }
        if byReason.count > 20 {
            text +=
                sv ? "… och \(n(byReason.count - 20)) skäl till.\n" : "… and \(n(byReason.count - 20)) more reasons.\n"
        }
        return text
    }
}

/// `jamfor import csv`: the flat CSV that `jamfor export csv` writes, or a member's own file.
struct ImportCSV: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Send the figures of a CSV file (the columns `jamfor export csv` writes, or `jamfor submit`'s).",
        discussion: """
            The file is read as `jamfor submit` reads it (see its --help): a header naming the columns, \
            ';' with decimal commas or ',' with decimal points; unlike `jamfor submit`, a file of any \
            size, read and sent a batch at a time. Importing a file again stores nothing twice. The \
            exit code is 1 when any row was rejected.

            Example:
              jamfor import csv kkvh.csv
            """
    )

    @Argument(help: "The CSV file.", completion: .file(extensions: ["csv", "txt"]))
    var file: String

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let options = output.options()
        let file = self.file
        let connection = self.connection
        // Read through once before connecting: the file is sent as it is read, so a broken line found
        // only then would leave the rows before it stored and the rest not.
        try SubmitFile.precheck(path: file, whole: true)
        let (text, rejected) = try await cancellingOnInterrupt {
            try await withClient(connection) { client in
                let catalog = try await Catalog.load(client)
                var sender = BatchSender(client: client, batchSize: 50_000, pipelined: true)
                let progress = Progress(
                    options.locale == .sv ? "Importerar" : "Importing",
                    unit: options.locale == .sv ? "rader" : "rows",
                    locale: options.locale
                )
                let parsed: SubmitFile
                do {
                    // Read as it is sent, a batch at a time: memory holds a batch, not the file, so an
                    // export of any size comes back in.
                    parsed = try await SubmitFile.stream(
                        path: file,
                        lookup: catalog.lookup,
                        batchSize: sender.batchSize
                    ) { batch in
                        try await sender.send(batch.map(\.record), origins: batch.map(\.line))
                        progress.update(sender.sent)
                    }
                    try await sender.finish()
                } catch {
                    sender.cancel()
                    progress.finish()
                    throw error
                }
                progress.finish()
                for problem in parsed.problems {
                    sender.reject(origin: problem.line, reason: problem.reason)
                }
                var response = sender.response
                let lines = sender.origins
                response.rejected.sort { lines[Int($0.index)] < lines[Int($1.index)] }
                return (Views.submit(response, file: file, lines: lines, options: options), !response.rejected.isEmpty)
            }
        }
        try emit(text)
        if rejected { throw ExitCode.failure }
    }
}
