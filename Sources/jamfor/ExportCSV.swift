import ArgumentParser
import Foundation
import JamforClient
import JamforDomain
import JamforKolada
import JamforTerminal
import JamforWire

/// `jamfor export csv`: flat rows for a spreadsheet.
struct ExportCSV: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Write figures as flat CSV rows that Excel opens (sv: ';', decimal comma, UTF-8 BOM).",
        discussion: """
            One row per figure: indicator, Kolada id, municipality code and name, period, scope, gender, \
            value, status, source and visibility. --locale sv (the default) writes ';' with decimal \
            commas and a UTF-8 byte order mark so that a Swedish Excel opens it as it is; --locale en \
            writes ',' and decimal points. `jamfor import csv` reads the file back. Opened by a double \
            click, Excel turns the code 0880 into 880 and the period 2024-08 into a date: open it through \
            Data › From Text/CSV and make those two columns text. --public-only leaves out the figures \
            only the network may see.

            Examples:
              jamfor export csv --network kkvh --out kkvh.csv
              jamfor export csv --country --indicators sick-leave --from 2022 --locale en --out sick.csv
            """
    )

    @OptionGroup var selection: ExportSelection
    @OptionGroup var target: ExportTarget

    @Option(name: .long, help: "Figures of one scope only: kommun or ks (default: both).")
    var scope: String?

    @Option(
        name: .long,
        help: "sv (';', decimal comma, BOM) or en (',', decimal point); default $JAMFOR_LOCALE, else sv."
    )
    var locale: DisplayLocale?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        try target.check(extensions: [".csv", ".txt"])
        if let scope { _ = try SliceOptions.parse(["--scope", scope]) }
    }

    func run() async throws {
        let selection = self.selection
        let target = self.target
        let connection = self.connection
        let scope = self.scope?.lowercased()
        let locale = locale ?? OutputOptions.options(format: .table, locale: nil, noColor: true).locale
        let summary = try await cancellingOnInterrupt {
            try await Self.export(selection, target, connection, scope: scope, locale: locale)
        }
        try emit(summary)
    }

    private static func export(
        _ selection: ExportSelection,
        _ target: ExportTarget,
        _ connection: ConnectionOptions,
        scope: String?,
        locale: DisplayLocale
    ) async throws -> String {
        let sv = locale == .sv
        return try await withClient(connection) { client in
            let catalog = try await Catalog.load(client)
            let (request, indicators, _) = try selection.request(
                catalog,
                principal: client.welcome.principal,
                scope: scope
            )
            let kolada = Dictionary(indicators.map { ($0.id, $0.koladaID) }, uniquingKeysWith: { a, _ in a })
            let names = Dictionary(catalog.municipalities.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let file = try AtomicOutputFile(path: target.out)
            let writer = FlatCSVWriter(sink: file.sink, locale: sv ? .sv : .en)
            let progress = Progress(sv ? "Exporterar" : "Exporting", unit: sv ? "rader" : "rows", locale: locale)
            var count = 0
            var withheld = WithheldFigures(publicOnly: selection.publicOnly)
            do {
                for try await batch in client.export(request) {
                    for record in batch.observations where withheld.keeps(record) {
                        try writer.append(
                            FlatCSVRow(
                                indicator: record.indicator,
                                koladaID: kolada[record.indicator] ?? nil,
                                municipalityCode: record.municipality,
                                municipalityName: names[record.municipality] ?? "",
                                period: record.period,
                                scope: record.scope,
                                gender: record.gender,
                                value: record.value,
                                status: record.status,
                                source: record.source,
                                visibility: record.visibility == .network ? "network" : "public"
                            )
                        )
                    }
                    count += batch.observations.count
                    progress.update(count)
                }
                count -= withheld.left
                try writer.finish()
                try file.commit(replacing: target.force)
            } catch {
                progress.finish()
                file.discard()
                throw error
            }
            progress.finish()
            return sv
                ? "Skrev \(Progress.grouped(count, sv)) rader till \(target.out).\n" + withheld.summary(sv: sv)
                : "Wrote \(Progress.grouped(count, sv)) rows to \(target.out).\n" + withheld.summary(sv: sv)
        }
    }
}
