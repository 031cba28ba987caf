/// The shape of a rendered answer.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// An aligned table for the terminal, with bars and optional colour.
    case table
    /// RFC 4180 comma- (en) or semicolon-separated (sv) values for spreadsheets.
    case csv
    /// One JSON document with numbers as numbers and `null` for missing values.
    case json
    /// A GitHub-flavoured Markdown section for reports.
    case markdown
}

/// The language and number conventions of a rendered answer.
public enum DisplayLocale: String, CaseIterable, Sendable {
    /// Swedish: Swedish words, decimal comma.
    case sv
    /// English: English words, decimal point.
    case en
}

/// How to render an answer: format, language, colour and the width to fit.
public struct RenderOptions: Sendable, Hashable {
    /// The narrowest width a table is laid out for.
    public static let minimumWidth = 40
    /// The widest: a `COLUMNS` of a billion should not make a rule line of a billion characters.
    public static let maximumWidth = 1000

    public var format: OutputFormat
    public var locale: DisplayLocale
    /// ANSI colour; only the table format uses it.
    public var colour: Bool
    /// Whether tables cut names and titles with "…" to fit ``width``. Off, a table keeps every name whole
    /// and may be wider than ``width`` (prose still wraps at it): for output that goes to a file or a
    /// program rather than to a terminal.
    public var truncates: Bool
    /// The terminal columns to fit, clamped to ``minimumWidth``…``maximumWidth``.
    public var width: Int {
        get { storedWidth }
        set { storedWidth = Self.clamped(newValue) }
    }

    private var storedWidth: Int

    public init(
        format: OutputFormat = .table,
        locale: DisplayLocale = .sv,
        colour: Bool = false,
        width: Int = 100,
        truncates: Bool = true
    ) {
        self.format = format
        self.locale = locale
        self.colour = colour
        self.truncates = truncates
        self.storedWidth = Self.clamped(width)
    }

    private static func clamped(_ width: Int) -> Int {
        min(max(minimumWidth, width), maximumWidth)
    }

    /// Whether escape codes may be written: colour is asked for and the format is a table.
    var usesColour: Bool { colour && format == .table }
}
