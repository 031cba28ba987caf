import ArgumentParser
import Foundation

struct KoladaScale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kolada-scale",
        abstract: "Writes a Kolada-sized synthetic indicator catalog and observation set for scale tests.",
        discussion: """
            Writes DIR/indicators.tsv (ids scale-0001 ...) and DIR/observations.tsv with one row per \
            municipality, indicator and year (gender T, scope kommun). With the defaults that is \
            290 x 2000 x 20 = 11.6 million rows, close to 1 GB: write it outside the repository and do \
            not commit it. The output is streamed through a 1 MiB buffer.

            Example:
              jamfor-datagen kolada-scale --out /tmp/kolada --indicators 2000 --years 20
            """
    )

    static let lastYear = 2024

    @OptionGroup var rootOptions: RootOptions

    @Option(help: ArgumentHelp("The output directory; created if missing.", valueName: "dir"))
    var out: String

    @Option(help: "The number of indicators, 1...9999.")
    var indicators: Int = 2000

    @Option(help: "The number of years, 1...35, ending with 2024.")
    var years: Int = 20

    @Option(help: "The seed of the random model.")
    var seed: UInt64 = defaultSeed

    func validate() throws {
        guard (1...9999).contains(indicators) else {
            throw ValidationError("--indicators must be between 1 and 9999, got \(indicators).")
        }
        guard (1...35).contains(years) else {
            throw ValidationError("--years must be between 1 and 35, got \(years).")
        }
        guard !out.isEmpty else {
            throw ValidationError("--out must not be empty.")
        }
    }

    func run() throws {
        let started = Date()
        let root = try rootOptions.resolve()
        let directory = absolutePath(out)
        try createDirectory(directory)
        let municipalities = try readMunicipalities(root: root)
        let firstYear = Self.lastYear - years + 1

        try writeCatalog(path: directory + "/indicators.tsv")

        let command =
            "kolada-scale --out \(shellQuoted(out)) --indicators \(indicators) --years \(years) --seed \(seed)"
        let writer = try BufferedFileWriter(path: directory + "/observations.tsv")
        let stats: ScaleStats
        do {
            let comments = ObservationFormat.commentLines(
                seed: seed,
                command: command,
                extra: ["Scale-test data for \(indicators) made-up indicators (scale-NNNN); never commit it."]
            )
            for line in comments {
                try writer.write(line + "\n")
            }
            try writer.write(ObservationFormat.header + "\n")
            stats = try writeObservations(writer: writer, municipalities: municipalities, firstYear: firstYear)
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
        let seconds = Date().timeIntervalSince(started)
        printToStandardError(
            "jamfor-datagen kolada-scale: wrote \(indicators) indicators and \(stats.rows) rows "
                + "(\(stats.missing) with status '-', \(writer.bytesWritten) bytes) to \(directory) "
                + "in \(NumberFormat.string(seconds, decimals: 1)) s"
        )
        printToStandardError(
            "  values min/mean/max \(stats.values.describe(decimals: 1)), years \(firstYear)...\(Self.lastYear)"
        )
    }

    static func indicatorID(_ number: Int) -> String {
        "scale-" + fourDigits(number)
    }

    static func fourDigits(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    func writeCatalog(path: String) throws {
        let writer = try BufferedFileWriter(path: path)
        do {
            try writer.write(
                "id\ttitle_sv\ttitle_en\tunit\tdirection\tmin\tmax\tgender_split\tdead_band\tdecimals\tkolada_id\t"
                    + "description\n"
            )
            for number in 1...indicators {
                let digits = Self.fourDigits(number)
                let fields = [
                    Self.indicatorID(number),
                    "Syntetiskt nyckeltal \(digits)",
                    "Synthetic indicator \(digits)",
                    number % 2 == 1 ? "index" : "percent",
                    number % 2 == 1 ? "higher" : "lower",
                    "0",
                    "100",
                    "no",
                    "1",
                    "1",
                    "",
                    "SYNTHETIC indicator for scale tests only, not a real key figure (jamfor-datagen kolada-scale, "
                        + "seed \(seed))",
                ]
                try writer.write(fields.joined(separator: "\t") + "\n")
            }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
    }

    struct ScaleStats {
        var rows = 0
        var missing = 0
        var values = ValueStats()
    }

    /// Probability of status `-` per row.
    static let missingProbability = 0.005

    /// value = mean + trend·(year − middle year) + municipality level + noise, clamped to 0…100.
    func writeObservations(
        writer: BufferedFileWriter,
        municipalities: [Municipality],
        firstYear: Int
    ) throws -> ScaleStats {
        var stats = ScaleStats()
        let middleYear = Double(firstYear + Self.lastYear) / 2
        // Byte pieces prepared once: "<year>\tkommun\tT\t" per year, and the row tails.
        let yearPieces = (firstYear...Self.lastYear).map { Array("\($0)\tkommun\tT\t".utf8) }
        let source = ObservationFormat.source(seed: seed)
        let valueTail = Array("\t\tpublic\t\(source)\t\n".utf8)
        let missingTail = Array("\t-\tpublic\t\(source)\t\n".utf8)
        let valueText = (0...1000).map { tenths in
            var bytes: [UInt8] = []
            NumberFormat.append(scaled: tenths, decimals: 1, to: &bytes)
            return bytes
        }
        var sum = 0.0
        var minimum = Int.max
        var maximum = Int.min

        for number in 1...indicators {
            let id = Self.indicatorID(number)
            var rng = Xoshiro256StarStar(seed: seed, stream: "kolada-scale|\(id)")
            let mean = rng.uniform(20, 80)
            let spread = rng.uniform(3, 12)
            let trend = rng.normal() * 0.25
            let noiseSD = spread * 0.25
            for municipality in municipalities {
                let prefix = Array("\(id)\t\(municipality.code)\t".utf8)
                let level = rng.normal() * spread
                for (yearIndex, yearPiece) in yearPieces.enumerated() {
                    let missing = rng.chance(Self.missingProbability)
                    let year = Double(firstYear + yearIndex)
                    let raw = mean + trend * (year - middleYear) + level + rng.normal() * noiseSD
                    let tenths = min(max(NumberFormat.scaled(raw, decimals: 1), 0), 1000)
                    writer.withBuffer { buffer in
                        buffer.append(contentsOf: prefix)
                        buffer.append(contentsOf: yearPiece)
                        if missing {
                            buffer.append(contentsOf: missingTail)
                        } else {
                            buffer.append(contentsOf: valueText[tenths])
                            buffer.append(contentsOf: valueTail)
                        }
                    }
                    try writer.flushIfFull()
                    stats.rows += 1
                    if missing {
                        stats.missing += 1
                    } else {
                        sum += Double(tenths)
                        minimum = min(minimum, tenths)
                        maximum = max(maximum, tenths)
                    }
                }
            }
        }
        // Summarise from the integer tenths to keep the hot loop light.
        if stats.rows > stats.missing {
            stats.values = ValueStats(
                count: stats.rows - stats.missing,
                sum: sum / 10,
                minimum: Double(minimum) / 10,
                maximum: Double(maximum) / 10
            )
        }
        return stats
    }
}
