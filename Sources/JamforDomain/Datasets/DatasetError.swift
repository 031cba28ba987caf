/// A dataset file that cannot be loaded, with the file and line at fault.
public enum DatasetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The file is larger than the loader accepts.
    case fileTooLarge(file: String, bytes: Int, limit: Int)
    /// A line is not valid UTF-8.
    case notUTF8(file: String, line: Int)
    /// A line is longer than the loader accepts.
    case lineTooLong(file: String, line: Int, limit: Int)
    /// The file has no header row.
    case missingHeader(file: String)
    /// The header lacks columns the file kind needs.
    case missingColumns(file: String, columns: [String])
    /// A row has more or fewer fields than the header.
    case fieldCount(file: String, line: Int, expected: Int, found: Int)
    /// A field that must be filled in is empty.
    case emptyField(file: String, line: Int, column: String)
    /// A field breaks a rule of the domain.
    case invalidField(file: String, line: Int, column: String, DomainError)
    /// A municipality code that is not in the registry.
    case unknownMunicipality(file: String, line: Int, code: String)
    /// A municipality name that does not match the registry's name for the code.
    case municipalityNameMismatch(file: String, line: Int, code: String, found: String, expected: String)
    /// An indicator id that is not in the catalog.
    case unknownIndicator(file: String, line: Int, id: String)
    /// A unit that differs from the catalog's unit for the indicator.
    case unitMismatch(file: String, line: Int, indicator: String, found: String, expected: String)
    /// A row with both a value and a status marker, or with neither.
    case valueOrStatus(file: String, line: Int)
    /// A figure kind other than outcome, target or baseline.
    case unknownFigureKind(file: String, line: Int, kind: String)
    /// A period that does not fit the kind of figure: targets are for whole years, baselines have none.
    case periodForKind(file: String, line: Int, kind: String, period: String)
    /// A row that repeats the key of an earlier row.
    case duplicate(file: String, line: Int, firstLine: Int, key: String)
    /// A network member that is not in the registry.
    case unknownNetworkMember(file: String, line: Int, network: String, code: String)
    /// A county code that is not the first two digits of the municipality code.
    case countyMismatch(file: String, line: Int, code: String, county: String)
    /// Files that contradict each other.
    case inconsistent(file: String, RegistryError)
    /// A network that lists a member twice.
    case repeatedNetworkMember(file: String, line: Int, network: String, code: String)
    /// A row whose source is not of the kind the file must hold, such as a real figure in the synthetic file.
    case sourceKind(file: String, line: Int, expected: SourceKind, found: Source)

    /// The file the error is in.
    public var file: String {
        switch self {
        case .unreadable(let file, _), .fileTooLarge(let file, _, _), .notUTF8(let file, _),
            .lineTooLong(let file, _, _), .missingHeader(let file), .missingColumns(let file, _),
            .fieldCount(let file, _, _, _), .emptyField(let file, _, _), .invalidField(let file, _, _, _),
            .unknownMunicipality(let file, _, _), .municipalityNameMismatch(let file, _, _, _, _),
            .unknownIndicator(let file, _, _), .unitMismatch(let file, _, _, _, _), .valueOrStatus(let file, _),
            .unknownFigureKind(let file, _, _), .periodForKind(let file, _, _, _), .duplicate(let file, _, _, _),
            .unknownNetworkMember(let file, _, _, _), .countyMismatch(let file, _, _, _),
            .inconsistent(let file, _), .repeatedNetworkMember(let file, _, _, _), .sourceKind(let file, _, _, _):
            return file
        }
    }

    /// The 1-based line the error is on, when it is about one line.
    public var line: Int? {
        switch self {
        case .unreadable, .fileTooLarge, .missingHeader, .missingColumns, .inconsistent:
            return nil
        case .notUTF8(_, let line), .lineTooLong(_, let line, _), .fieldCount(_, let line, _, _),
            .emptyField(_, let line, _), .invalidField(_, let line, _, _), .unknownMunicipality(_, let line, _),
            .municipalityNameMismatch(_, let line, _, _, _), .unknownIndicator(_, let line, _),
            .unitMismatch(_, let line, _, _, _), .valueOrStatus(_, let line), .unknownFigureKind(_, let line, _),
            .periodForKind(_, let line, _, _), .duplicate(_, let line, _, _), .unknownNetworkMember(_, let line, _, _),
            .countyMismatch(_, let line, _, _), .repeatedNetworkMember(_, let line, _, _),
            .sourceKind(_, let line, _, _):
            return line
        }
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): \(problem)"
    }

    private var problem: String {
        switch self {
        case .unreadable(_, let reason):
            return
                "cannot read the file (\(reason)); check the path, or point JAMFOR_DATASETS at the Datasets directory"
        case .fileTooLarge(_, let bytes, let limit):
            return "the file has \(bytes) bytes, more than the limit of \(limit); split it into several files"
        case .notUTF8:
            return "the line is not valid UTF-8; save the file as UTF-8"
        case .lineTooLong(_, _, let limit):
            return "the line is longer than \(limit) bytes; check that the file is tab-separated with one row per line"
        case .missingHeader:
            return "the file has no header row; the first line that is not a # comment must name the columns"
        case .missingColumns(_, let columns):
            return "the header lacks the column(s) \(columns.joined(separator: ", "))"
        case .fieldCount(_, _, let expected, let found):
            return "expected \(expected) tab-separated fields as in the header, found \(found)"
        case .emptyField(_, _, let column):
            return "the column \(column) is empty; fill it in"
        case .invalidField(_, _, let column, let error):
            return "column \(column): \(error)"
        case .unknownMunicipality(_, _, let code):
            return "no municipality has the code \(code); use a code from municipalities.tsv"
        case .municipalityNameMismatch(_, _, let code, let found, let expected):
            return "the name '\(found)' does not match \(code), which is \(expected); fix the code or the name"
        case .unknownIndicator(_, _, let id):
            return "no indicator has the id \(id); add it to indicators.tsv or fix the id"
        case .unitMismatch(_, _, let indicator, let found, let expected):
            return "\(indicator) is measured in \(expected), not \(found); convert the figure or fix the indicator"
        case .valueOrStatus:
            return "give either a value or a status marker (-, . or ..), not both and not neither"
        case .unknownFigureKind(_, _, let kind):
            return "'\(kind)' is not a kind of figure: use outcome, target or baseline"
        case .periodForKind(_, _, let kind, let period):
            switch kind {
            case "target": return "a target is for a whole year, not '\(period)'"
            case "baseline": return "a baseline has the period 'baseline', not '\(period)'"
            default: return "an outcome needs a dated period, not '\(period)'"
            }
        case .duplicate(_, _, let firstLine, let key):
            return "\(key) is already given on line \(firstLine); keep one of the two rows"
        case .unknownNetworkMember(_, _, let network, let code):
            return "network \(network) lists \(code), which is not a municipality code in municipalities.tsv"
        case .repeatedNetworkMember(_, _, let network, let code):
            return "network \(network) lists \(code) twice; list each member once"
        case .sourceKind(_, _, let expected, let found):
            return
                "the source \(found) is not a \(expected.rawValue) source, and this file holds only \(expected.rawValue) figures; move the row to its own file"
        case .inconsistent(_, let error):
            return "\(error); fix the file so that it agrees with the others"
        case .countyMismatch(_, _, let code, let county):
            return "\(code) cannot be in county \(county): a municipality code starts with its county's code"
        }
    }
}
