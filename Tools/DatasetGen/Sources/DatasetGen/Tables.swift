import Foundation

/// An error with a message meant for the person running the tool.
struct DatagenError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A tab-separated table with one header row; blank lines and lines starting with `#` are skipped.
struct TSVTable {
    let path: String
    let header: [String]
    /// The data rows with their 1-based line numbers in the file.
    let rows: [(line: Int, fields: [String])]

    init(path: String) throws {
        self.path = path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DatagenError("cannot read \(path): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DatagenError("\(path) is not valid UTF-8")
        }
        var header: [String]?
        var rows: [(line: Int, fields: [String])] = []
        // Split on any line break: in Swift "\r\n" is one Character, so splitting on "\n" alone would
        // leave a CRLF file in one piece.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") {
                line = line.dropLast()
            }
            if line.isEmpty || line.hasPrefix("#") {
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if header == nil {
                header = fields
            } else {
                rows.append((line: index + 1, fields: fields))
            }
        }
        guard let header else {
            throw DatagenError("\(path) has no header row")
        }
        self.header = header
        self.rows = rows
    }

    /// The position of each named column; throws if one is missing.
    func columns(_ names: [String]) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for name in names {
            guard let index = header.firstIndex(of: name) else {
                throw DatagenError("\(path): missing column '\(name)' in the header")
            }
            result[name] = index
        }
        return result
    }

    /// The field of a row in a column, or a clear error if the row is too short.
    func field(_ row: (line: Int, fields: [String]), _ column: Int) throws -> String {
        guard column < row.fields.count else {
            throw DatagenError("\(path):\(row.line): expected at least \(column + 1) fields, found \(row.fields.count)")
        }
        return row.fields[column]
    }
}

/// One municipality from `Datasets/municipalities.tsv`.
struct Municipality {
    let code: String
    let name: String
}

/// Reads the municipality list, sorted by code; codes must be four digits and unique.
func readMunicipalities(root: String) throws -> [Municipality] {
    let table = try TSVTable(path: root + "/Datasets/municipalities.tsv")
    let columns = try table.columns(["code", "name"])
    var seen: Set<String> = []
    var result: [Municipality] = []
    for row in table.rows {
        let code = try table.field(row, columns["code", default: 0])
        let name = try table.field(row, columns["name", default: 0])
        guard code.utf8.count == 4, code.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw DatagenError("\(table.path):\(row.line): municipality code '\(code)' is not four digits")
        }
        guard seen.insert(code).inserted else {
            throw DatagenError("\(table.path):\(row.line): duplicate municipality code \(code)")
        }
        result.append(Municipality(code: code, name: name))
    }
    guard !result.isEmpty else {
        throw DatagenError("\(table.path) lists no municipalities")
    }
    return result.sorted { $0.code < $1.code }
}

/// One indicator of the catalog `Datasets/indicators.tsv`, with the columns this tool uses.
struct CatalogIndicator {
    let id: String
    let position: Int
    let genderSplit: Bool
    let decimals: Int
}

/// Reads the indicator catalog in file order.
func readCatalog(root: String) throws -> [CatalogIndicator] {
    let table = try TSVTable(path: root + "/Datasets/indicators.tsv")
    let columns = try table.columns(["id", "gender_split", "decimals"])
    var result: [CatalogIndicator] = []
    for row in table.rows {
        let id = try table.field(row, columns["id", default: 0])
        let split = try table.field(row, columns["gender_split", default: 0])
        let decimalsText = try table.field(row, columns["decimals", default: 0])
        guard let decimals = Int(decimalsText) else {
            throw DatagenError("\(table.path):\(row.line): decimals '\(decimalsText)' is not an integer")
        }
        result.append(
            CatalogIndicator(id: id, position: result.count, genderSplit: split == "yes", decimals: decimals)
        )
    }
    return result
}

/// A real reported outcome from `Datasets/reports/figures.tsv`.
struct RealOutcome {
    let indicator: String
    let municipality: String
    let scope: String
    let period: String
    let gender: String
    let value: Double?
}

/// Reads the rows of kind `outcome` from the reports file.
func readRealOutcomes(root: String) throws -> [RealOutcome] {
    let table = try TSVTable(path: root + "/Datasets/reports/figures.tsv")
    let names = ["municipality_code", "indicator", "scope", "period", "gender", "value", "kind"]
    let columns = try table.columns(names)
    var result: [RealOutcome] = []
    for row in table.rows {
        var fields: [String: String] = [:]
        for name in names {
            fields[name] = try table.field(row, columns[name, default: 0])
        }
        guard fields["kind"] == "outcome" else {
            continue
        }
        result.append(
            RealOutcome(
                indicator: fields["indicator", default: ""],
                municipality: fields["municipality_code", default: ""],
                scope: fields["scope", default: ""],
                period: fields["period", default: ""],
                gender: fields["gender", default: ""],
                value: Double(fields["value", default: ""])
            )
        )
    }
    return result
}
