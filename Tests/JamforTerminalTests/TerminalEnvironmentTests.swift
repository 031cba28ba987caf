import Testing

@testable import JamforTerminal

@Suite struct TerminalEnvironmentTests {
    private let terminal = TerminalEnvironment(isTerminal: true, width: 132, noColor: false)

    @Test func aTerminalGetsColourAndItsWidthForTables() {
        let options = terminal.options(format: .table, locale: .sv, noColorFlag: false)
        #expect(options == RenderOptions(format: .table, locale: .sv, colour: true, width: 132))
    }

    @Test func theFlagTurnsColourOff() {
        #expect(!terminal.options(format: .table, locale: .en, noColorFlag: true).colour)
    }

    @Test func onlyTablesAreColoured() {
        for format in OutputFormat.allCases where format != .table {
            #expect(!terminal.options(format: format, locale: .sv, noColorFlag: false).colour)
        }
    }

    @Test func noColorInTheEnvironmentTurnsColourOff() {
        let environment = TerminalEnvironment.detect(
            environment: ["NO_COLOR": "1"],
            isTerminal: true,
            terminalWidth: 80
        )
        #expect(environment.noColor)
        #expect(!environment.options(format: .table, locale: .sv, noColorFlag: false).colour)
        // no-color.org: set to an empty string, it asks for nothing.
        let empty = TerminalEnvironment.detect(environment: ["NO_COLOR": ""], isTerminal: true, terminalWidth: 80)
        #expect(!empty.noColor)
        #expect(empty.options(format: .table, locale: .sv, noColorFlag: false).colour)
    }

    @Test func aDumbTerminalGetsNoColour() {
        let environment = TerminalEnvironment.detect(environment: ["TERM": "dumb"], isTerminal: true, terminalWidth: 80)
        #expect(environment.noColor)
        #expect(!environment.options(format: .table, locale: .sv, noColorFlag: false).colour)
        let xterm = TerminalEnvironment.detect(
            environment: ["TERM": "xterm-256color"],
            isTerminal: true,
            terminalWidth: 80
        )
        #expect(!xterm.noColor)
    }

    @Test func pipedOutputGetsNoColourAndWidthFromColumnsOrAHundred() {
        let piped = TerminalEnvironment.detect(environment: [:], isTerminal: false, terminalWidth: nil)
        #expect(!piped.isTerminal)
        let options = piped.options(format: .table, locale: .sv, noColorFlag: false)
        #expect(!options.colour)
        #expect(options.width == 100)
        let columns = TerminalEnvironment.detect(environment: ["COLUMNS": "72"], isTerminal: false, terminalWidth: nil)
        #expect(columns.options(format: .table, locale: .sv, noColorFlag: false).width == 72)
    }

    @Test func theTerminalsWidthWinsOverColumns() {
        let environment = TerminalEnvironment.detect(
            environment: ["COLUMNS": "72"],
            isTerminal: true,
            terminalWidth: 150
        )
        #expect(environment.width == 150)
        let unknown = TerminalEnvironment.detect(environment: ["COLUMNS": "72"], isTerminal: true, terminalWidth: nil)
        #expect(unknown.width == 72)
    }

    @Test func nonsenseColumnsAreIgnoredAndNarrowWidthsClamped() {
        let nonsense = TerminalEnvironment.detect(
            environment: ["COLUMNS": "wide"],
            isTerminal: false,
            terminalWidth: nil
        )
        #expect(nonsense.width == nil)
        let negative = TerminalEnvironment.detect(environment: ["COLUMNS": "-5"], isTerminal: false, terminalWidth: nil)
        #expect(negative.width == nil)
        let narrow = TerminalEnvironment.detect(environment: ["COLUMNS": "20"], isTerminal: false, terminalWidth: nil)
        #expect(narrow.options(format: .table, locale: .sv, noColorFlag: false).width == 40)
    }

    @Test func detectingTheRealEnvironmentReadsNoColor() {
        // Whatever the test runner's stdout is, NO_COLOR from the given environment is honoured.
        #expect(TerminalEnvironment.detect(environment: ["NO_COLOR": "yes"]).noColor)
    }

    @Test func outputThatIsNotATerminalIsNotTruncatedUnlessColumnsIsSet() {
        let piped = TerminalEnvironment.detect(environment: [:], isTerminal: false, terminalWidth: nil)
        #expect(!piped.options(format: .table, locale: .sv, noColorFlag: false).truncates)
        let columns = TerminalEnvironment.detect(environment: ["COLUMNS": "72"], isTerminal: false, terminalWidth: nil)
        #expect(columns.options(format: .table, locale: .sv, noColorFlag: false).truncates)
        #expect(terminal.options(format: .table, locale: .sv, noColorFlag: false).truncates)
        let unknownWidth = TerminalEnvironment.detect(environment: [:], isTerminal: true, terminalWidth: nil)
        #expect(unknownWidth.options(format: .table, locale: .sv, noColorFlag: false).truncates)
    }
}
