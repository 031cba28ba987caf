import Foundation

enum Codec: String, CaseIterable {
    case cbor = "jamfor-cbor"
    case json = "json"
    case protobuf = "protobuf"
}

/// One workload × codec cell of the benchmark.
struct ResultRow {
    var workload: String
    var codec: Codec
    var bytes: Int
    var encode: Timing
    var decode: Timing

    /// A one-line progress note printed as soon as the cell is measured.
    var summary: String {
        "\(workload)/\(codec.rawValue): \(grouped(bytes)) bytes, encode \(grouped(encode.medianNanoseconds)) ns "
            + "(\(encode.runs) runs), decode \(grouped(decode.medianNanoseconds)) ns (\(decode.runs) runs)"
    }
}

struct ReportError: Error, CustomStringConvertible {
    var description: String
}

/// Formats the measured cells as a table and as the machine-readable RESULT line.
struct Report {
    var rows: [ResultRow]

    init(rows: [ResultRow]) throws {
        self.rows = rows
        // Fail loudly rather than print a RESULT line with made-up numbers.
        for workload in ["rank", "bulk", "doubles"] {
            for codec in Codec.allCases where !rows.contains(where: { $0.workload == workload && $0.codec == codec }) {
                throw ReportError(description: "no measurement for \(workload)/\(codec.rawValue)")
            }
        }
    }

    private func row(_ workload: String, _ codec: Codec) -> ResultRow {
        // `init` checked that every combination exists.
        rows.first { $0.workload == workload && $0.codec == codec } ?? rows[0]
    }

    func table(checksum: Int) -> String {
        let header = [
            "workload", "codec", "bytes", "size/ours", "encode ns/op", "decode ns/op", "enc t/ours", "dec t/ours",
            "runs e/d",
        ]
        var lines: [[String]] = [header]
        for cell in rows {
            let ours = row(cell.workload, .cbor)
            lines.append([
                cell.workload,
                cell.codec.rawValue,
                grouped(cell.bytes),
                two(Double(cell.bytes) / Double(ours.bytes)),
                grouped(cell.encode.medianNanoseconds),
                grouped(cell.decode.medianNanoseconds),
                two(cell.encode.medianNanoseconds / ours.encode.medianNanoseconds),
                two(cell.decode.medianNanoseconds / ours.decode.medianNanoseconds),
                "\(cell.encode.runs)/\(cell.decode.runs)",
            ])
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        var text = "\nWireBench — median ns per operation (≥5 runs and ≥0.3 s each, after warm-up)\n"
        text += "ours = jamfor-cbor; size/ours = bytes / our bytes; t/ours = time / our time (>1: ours faster)\n"
        text += "rank = RankResponse, 290 rows; bulk = ExportBatch, 100,000 records; doubles = 1,000,000 Doubles\n\n"
        for (index, line) in lines.enumerated() {
            // Text columns left-aligned, numbers right-aligned.
            let cells = line.enumerated().map { column, cell in
                column < 2 ? pad(cell, widths[column], left: true) : pad(cell, widths[column], left: false)
            }
            text += cells.joined(separator: "  ") + "\n"
            if index == 0 { text += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        let doubles = row("doubles", .cbor)
        text += "\njamfor-cbor doubles: encode \(two(doublesGBps)) GB/s, decode "
        text += "\(two(8_000_000 / doubles.decode.medianNanoseconds)) GB/s (8,000,000 bytes of payload)\n"
        text += "checksum \(checksum)"
        return text
    }

    /// (c)'s encode throughput of our codec: 8,000,000 payload bytes per median encode time, in GB/s.
    private var doublesGBps: Double {
        // bytes / (ns × 1e-9) / 1e9 simplifies to bytes / ns.
        Double(Workloads.doubleCount * MemoryLayout<Double>.size) / row("doubles", .cbor).encode.medianNanoseconds
    }

    func resultLine() -> String {
        let rankOurs = row("rank", .cbor)
        let rankJSON = row("rank", .json)
        let bulkOurs = row("bulk", .cbor)
        let bulkJSON = row("bulk", .json)
        let bulkProtobuf = row("bulk", .protobuf)
        let fields: [(String, Double)] = [
            ("rank_encode_x", rankJSON.encode.medianNanoseconds / rankOurs.encode.medianNanoseconds),
            ("rank_decode_x", rankJSON.decode.medianNanoseconds / rankOurs.decode.medianNanoseconds),
            ("bulk_encode_x", bulkJSON.encode.medianNanoseconds / bulkOurs.encode.medianNanoseconds),
            ("bulk_decode_x", bulkJSON.decode.medianNanoseconds / bulkOurs.decode.medianNanoseconds),
            ("size_ratio", Double(bulkOurs.bytes) / Double(bulkJSON.bytes)),
            ("doubles_gbps", doublesGBps),
            ("pb_encode", bulkProtobuf.encode.medianNanoseconds / bulkOurs.encode.medianNanoseconds),
            ("pb_decode", bulkProtobuf.decode.medianNanoseconds / bulkOurs.decode.medianNanoseconds),
        ]
        return "RESULT " + fields.map { "\($0.0)=\(two($0.1))" }.joined(separator: " ")
    }
}

func two(_ value: Double) -> String {
    String(format: "%.2f", value)
}

/// An integer with thousands separators, e.g. 1,234,567, for a table that is read by people.
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(digit)
    }
    return value < 0 ? "-" + result : result
}

func grouped(_ value: Double) -> String {
    grouped(Int(value.rounded()))
}

private func pad(_ text: String, _ width: Int, left: Bool) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + padding : padding + text
}
