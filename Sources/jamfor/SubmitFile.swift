import Foundation
import JamforDomain
import JamforWire

/// Why a submission file cannot be read at all.
enum SubmitFileError: Error, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case tooLarge(path: String, bytes: Int, limit: Int)
    case notUTF8(path: String)
    case empty(path: String)
    case missingColumns(path: String, missing: [String])
    case unknownColumn(path: String, column: String)
    case duplicateColumn(path: String, column: String)
    case unterminatedQuote(path: String, line: Int)
    case lineTooLong(path: String, line: Int, limit: Int)
    case tooManyRows(path: String, limit: Int)
    case noRows(path: String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read '\(path)': \(reason)"
        case .tooLarge(let path, let bytes, let limit):
            "'\(path)' is \(bytes) bytes, more than the \(limit) a submission file may be; split it into smaller files"
        case .notUTF8(let path): "'\(path)' is not UTF-8 text; save it as CSV UTF-8"
        case .empty(let path):
            "'\(path)' has no header line; the first line names the columns, see `jamfor submit --help`"
        case .missingColumns(let path, let missing):
            "'\(path)' has no \(missing.joined(separator: ", ")) column; the header needs at least "
                + "indicator, municipality, period and value (see `jamfor submit --help`)"
        case .unknownColumn(let path, let column):
            "'\(path)': the column '\(column)' is not one Jamfor reads; the columns are "
                + SubmitFile.columnHelp
        case .duplicateColumn(let path, let column): "'\(path)': the column '\(column)' appears twice in the header"
        case .unterminatedQuote(let path, let line):
            "\(path):\(line): a quoted field is never closed; close it with \" or remove the quote"
        case .lineTooLong(let path, let line, let limit):
            "\(path):\(line): the line is longer than \(limit) bytes; is this a CSV file?"
        case .tooManyRows(let path, let limit): "'\(path)' has more than \(limit) rows; split it into smaller files"
        case .noRows(let path): "'\(path)' has a header but no rows of figures below it"
        }
    }
}

/// A member's own figures, read from a CSV file: one row per figure, columns named in a header.
///
/// The separator is `;` (the Swedish spreadsheet default, with decimal commas), `,` or a tab, taken
/// from the header line. Rows that cannot be read are not sent; they are reported with their line.
struct SubmitFile: Sendable {
    /// A row ready to send, with the line it came from.
    struct Row: Sendable, Hashable {
        var line: Int
        var record: ObservationRecord
    }

    /// A row that was not sent, and why.
    struct Problem: Sendable, Hashable {
        var line: Int
        var reason: String
    }

    static let maximumBytes = 64 << 20
    static let maximumLineBytes = 64 << 10
    static let maximumRows = 1_000_000

    static let columnHelp =
        "indicator, municipality, period, value, status, scope, gender, visibility and source "
        + "(or in Swedish: indikator, kommun, period, värde, status, omfattning, kön, synlighet, källa)"

    private static let aliases: [String: String] = [
        "indicator": "indicator", "indikator": "indicator", "kpi": "indicator",
        "municipality": "municipality", "kommun": "municipality", "municipality code": "municipality",
        "kommunkod": "municipality",
        "period": "period", "ar": "period", "year": "period",
        "value": "value", "varde": "value",
        "status": "status",
        "scope": "scope", "omfattning": "scope",
        "gender": "gender", "kon": "gender",
        "visibility": "visibility", "synlighet": "visibility",
        "source": "source", "kalla": "source",
        // Columns of `jamfor export csv` that say nothing a submission needs.
        "kolada id": "ignored", "municipality name": "ignored", "kommunnamn": "ignored",
    ]

    var rows: [Row] = []
    var problems: [Problem] = []

    /// Reads and checks `path`; `lookup` resolves indicators, names and codes. Without `resolving`
    /// only the file and its header are checked (before connecting), and no rows are kept.
    init(path: String, lookup: Lookup, resolving: Bool = true) throws(SubmitFileError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "there is no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory, not a CSV file") }
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            guard size <= Self.maximumBytes else {
                throw SubmitFileError.tooLarge(path: path, bytes: size, limit: Self.maximumBytes)
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as SubmitFileError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        guard data.count <= Self.maximumBytes else {
            throw .tooLarge(path: path, bytes: data.count, limit: Self.maximumBytes)
        }
        guard var text = String(bytes: data, encoding: .utf8) else { throw .notUTF8(path: path) }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        try self.init(text: text, path: path, lookup: lookup, resolving: resolving)
    }

    /// Reads CSV `text` as if it came from `path`.
    init(text: String, path: String, lookup: Lookup, resolving: Bool = true) throws(SubmitFileError) {
        let records = try Self.records(text, path: path)
        guard let header = records.first, !header.fields.allSatisfy({ $0.isEmpty }) else { throw .empty(path: path) }
        var columns: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let folded = Lookup.fold(name)
            // Spreadsheets often save empty columns after the last one.
            if folded.isEmpty && header.fields[index...].allSatisfy({ Lookup.fold($0).isEmpty }) { break }
            guard var column = Self.aliases[folded] else { throw .unknownColumn(path: path, column: name) }
            // `jamfor export csv` (sv) writes both kommunkod and kommun (the name): the code is the key.
            if folded == "kommun" && header.fields.contains(where: { Lookup.fold($0) == "kommunkod" }) {
                column = "ignored"
            }
            if column == "ignored" { continue }
            guard columns[column] == nil else { throw .duplicateColumn(path: path, column: name) }
            columns[column] = index
        }
        let missing =
            ["indicator", "municipality", "period"].filter { columns[$0] == nil }
            + (columns["value"] == nil && columns["status"] == nil ? ["value"] : [])
        guard missing.isEmpty else { throw .missingColumns(path: path, missing: missing) }
        guard records.count - 1 <= Self.maximumRows else { throw .tooManyRows(path: path, limit: Self.maximumRows) }
        let body = records.dropFirst().filter {
            !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        guard !body.isEmpty else { throw .noRows(path: path) }
        guard resolving else { return }
        // Fields beyond the last named column are extra; empty ones (trailing separators) are not.
        let width = (header.fields.lastIndex { !Lookup.fold($0).isEmpty } ?? 0) + 1
        for record in body {
            let extra = record.fields[min(width, record.fields.count)...]
            guard extra.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                problems.append(
                    Problem(
                        line: record.line,
                        reason: "the line has \(record.fields.count) fields but the header names \(width) columns; "
                            + "remove the extra fields or name their columns"
                    )
                )
                continue
            }
            func field(_ name: String) -> String? {
                guard let index = columns[name], index < record.fields.count else { return nil }
                let value = record.fields[index].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            do {
                let row = try Self.observation(field: field, decimalComma: header.separator != ",", lookup: lookup)
                rows.append(Row(line: record.line, record: row))
            } catch {
                problems.append(Problem(line: record.line, reason: error.description))
            }
        }
    }

    /// Checks, before anything is sent, that `path` is a readable UTF-8 CSV file with a usable header
    /// and at least one row.
    static func precheck(path: String) throws(SubmitFileError) {
        _ = try SubmitFile(path: path, lookup: Lookup(), resolving: false)
    }

    /// A row's error, named for the person who wrote the file.
    private struct RowError: Error {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private static func observation(
        field: (String) -> String?,
        decimalComma: Bool,
        lookup: Lookup
    ) throws(RowError) -> ObservationRecord {
        guard let indicatorText = field("indicator") else { throw RowError("the indicator is empty") }
        let indicator: String
        do { indicator = try lookup.indicator(indicatorText).id } catch { throw RowError(error.description) }
        guard let place = field("municipality") else { throw RowError("the municipality is empty") }
        guard let periodText = field("period") else { throw RowError("the period is empty") }
        let code: String
        do { code = try lookup.municipality(place).code } catch { throw RowError(error.description) }
        let period: Period
        do { period = try Period(periodText) } catch { throw RowError(error.description) }
        let scope = field("scope")?.lowercased() ?? Scope.kommun.rawValue
        do { _ = try Scope(parsing: scope) } catch { throw RowError(error.description) }
        let gender = field("gender")?.uppercased() ?? Gender.total.rawValue
        do { _ = try Gender(parsing: gender) } catch { throw RowError(error.description) }
        let visibilityText = field("visibility")?.lowercased() ?? JamforDomain.Visibility.network.rawValue
        let visibility: JamforWire.Visibility
        do {
            visibility = try JamforDomain.Visibility(parsing: visibilityText) == .public ? .public : .network
        } catch { throw RowError(error.description) }
        var value: Double?
        if let text = field("value") {
            var normalized = text.replacingOccurrences(of: "\u{2212}", with: "-")
                .replacingOccurrences(of: "\u{00A0}", with: "")
                .replacingOccurrences(of: " ", with: "")
            if decimalComma { normalized = normalized.replacingOccurrences(of: ",", with: ".") }
            guard let number = Double(normalized), number.isFinite else {
                throw RowError("'\(text)' is not a number; write it like \(decimalComma ? "7,5" : "7.5")")
            }
            value = number
        }
        let status = field("status")
        if let status {
            do { _ = try StatusMarker(parsing: status) } catch { throw RowError(error.description) }
        }
        switch (value, status) {
        case (nil, nil): throw RowError("there is neither a value nor a status marker (-, . or ..)")
        case (_?, _?): throw RowError("there is both a value and a status marker; give one of them")
        default: break
        }
        return ObservationRecord(
            indicator: indicator,
            municipality: code,
            period: period.description,
            scope: scope,
            gender: gender,
            value: value,
            status: status,
            // Without a source the server records the submitting municipality, so the same figure sent
            // again from another file is unchanged, not a new revision.
            source: field("source"),
            visibility: visibility
        )
    }

    // MARK: - CSV

    struct Record {
        var line: Int
        var fields: [String]
        var separator: Character
    }

    /// Splits `text` into records (RFC 4180 quoting, CRLF or LF), with the separator of the header.
    static func records(_ text: String, path: String) throws(SubmitFileError) -> [Record] {
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let separator: Character =
            headerLine.contains(";") ? ";" : headerLine.contains("\t") ? "\t" : ","
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var lineBytes = 0
        var quoted = false
        var quoteLine = 0
        var iterator = text.makeIterator()
        var pending: Character?
        func endRecord() {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields, separator: separator))
            fields = []
            field = ""
        }
        while let character = pending ?? iterator.next() {
            pending = nil
            lineBytes += character.utf8.count
            if lineBytes > maximumLineBytes { throw .lineTooLong(path: path, line: line, limit: maximumLineBytes) }
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" || character == "\r" {
                        line += 1
                        lineBytes = 0
                    }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                quoted = true
                quoteLine = line
            case separator:
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                lineBytes = 0
                recordLine = line
            default:
                field.append(character)
            }
        }
        if quoted { throw .unterminatedQuote(path: path, line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
