public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decides colour and width from the real process environment.
public struct TerminalEnvironment: Sendable, Hashable {
    /// The width used when nothing says otherwise.
    public static let defaultWidth = 100

    /// Whether standard output is a terminal.
    public var isTerminal: Bool
    /// The terminal's (or `COLUMNS`') width, when known.
    public var width: Int?
    /// Whether the environment asks for no colour (`NO_COLOR` set and non-empty, or `TERM=dumb`).
    public var noColor: Bool

    public init(isTerminal: Bool, width: Int?, noColor: Bool) {
        self.isTerminal = isTerminal
        self.width = width
        self.noColor = noColor
    }

    /// Reads standard output's `isatty` and `TIOCGWINSZ` width (falling back to `COLUMNS`), `NO_COLOR`
    /// (any non-empty value, see no-color.org) and `TERM=dumb`.
    public static func detect(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> TerminalEnvironment {
        let terminal = isatty(STDOUT_FILENO) == 1
        return detect(environment: environment, isTerminal: terminal, terminalWidth: terminal ? windowWidth() : nil)
    }

    /// The decision itself, apart from the system calls, so that it can be tested.
    static func detect(environment: [String: String], isTerminal: Bool, terminalWidth: Int?) -> TerminalEnvironment {
        let columns = environment["COLUMNS"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0 > 0 ? $0 : nil }
        let width = terminalWidth.flatMap { $0 > 0 ? $0 : nil } ?? columns
        let noColorValue = environment["NO_COLOR"] ?? ""
        let dumb = environment["TERM"] == "dumb"
        return TerminalEnvironment(isTerminal: isTerminal, width: width, noColor: !noColorValue.isEmpty || dumb)
    }

    /// Render options for this environment: colour only on a terminal that allows it, when the user has not
    /// turned it off with a flag, and for the table format; the terminal's width, else `COLUMNS`, else 100.
    /// Names are cut to fit only when there is a width to fit: on a terminal, or when `COLUMNS` is set;
    /// output piped to a file or a program keeps every name whole.
    public func options(format: OutputFormat, locale: DisplayLocale, noColorFlag: Bool) -> RenderOptions {
        let colour = isTerminal && !noColor && !noColorFlag && format == .table
        return RenderOptions(
            format: format,
            locale: locale,
            colour: colour,
            width: width ?? Self.defaultWidth,
            truncates: isTerminal || width != nil
        )
    }

    private static func windowWidth() -> Int? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
