public import ArgumentParser
import Foundation
import JamforClient
import JamforDomain
import JamforTerminal
import JamforWire
import NIOSSL

/// Where the server is and who connects: flags first, then `JAMFOR_SERVER`, `JAMFOR_USER`,
/// `JAMFOR_TOKEN` and `JAMFOR_TLS`.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The server as host or host:port (default: $JAMFOR_SERVER, else 127.0.0.1:7411).")
    )
    var server: String?

    @Option(name: .long, help: "Your user name (default: $JAMFOR_USER; without one you connect anonymously).")
    var user: String?

    @Option(
        name: .long,
        help: "Your token (default: $JAMFOR_TOKEN, which is better: a flag shows in the process list)."
    )
    var token: String?

    @Flag(name: .long, help: "Speak TLS to the server (also: JAMFOR_TLS=1).")
    var tls = false

    @Option(name: .long, help: "A PEM file of certificate authorities to trust for TLS (default: the system's).")
    var tlsCA: String?

    @Option(name: .long, help: "Seconds to wait for the server to accept and to answer (default 5 and 30).")
    var timeout: Int?

    /// The client settings these options and `environment` give.
    func configuration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ClientConfiguration {
        func setting(_ flag: String?, _ variable: String) -> String? {
            if let flag { return flag }
            guard let value = environment[variable], !value.isEmpty else { return nil }
            return value
        }
        let address = try ServerAddress(parsing: setting(server, "JAMFOR_SERVER") ?? "127.0.0.1:7411")
        let user = setting(user, "JAMFOR_USER")
        let token = setting(token, "JAMFOR_TOKEN")
        let credentials: Credentials?
        switch (user, token) {
        case (let user?, let token?): credentials = Credentials(user: user, token: token)
        case (nil, nil): credentials = nil
        case (_?, nil):
            throw CommandFailure(
                "a user name was given but no token: set JAMFOR_TOKEN to the token `jamfor token create` printed"
            )
        case (nil, _?):
            throw CommandFailure(
                "a token was given but no user name: set JAMFOR_USER (or --user) to the account's name"
            )
        }
        let wantsTLS =
            tls || tlsCA != nil || ["1", "true", "yes"].contains(environment["JAMFOR_TLS"]?.lowercased() ?? "")
        var tlsConfiguration: TLSConfiguration?
        if wantsTLS {
            var configuration = TLSConfiguration.makeClientConfiguration()
            if let tlsCA {
                guard FileManager.default.isReadableFile(atPath: tlsCA) else {
                    throw CommandFailure(
                        "cannot read the certificate file '\(tlsCA)': give a readable PEM file with --tls-ca"
                    )
                }
                configuration.trustRoots = .file(tlsCA)
            }
            tlsConfiguration = configuration
        }
        var configuration = ClientConfiguration(address: address, credentials: credentials, tls: tlsConfiguration)
        // Over loopback the bytes cost next to nothing and zlib costs both ends CPU: exporting 1,000,000
        // figures took 1.6 s with compression and 1.1 s without (Tools/ExportBench), and importing them
        // cost the client 0.6 s of CPU more. Elsewhere the network is the narrower pipe: it is offered.
        let host = address.host.lowercased()
        let loopback =
            host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1"
            || (host.hasPrefix("127.") && host.split(separator: ".").count == 4
                && host.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") })
        configuration.compression = !loopback
        if let timeout {
            guard (1...3600).contains(timeout) else {
                throw CommandFailure("--timeout \(timeout) is out of range: give 1–3600 seconds")
            }
            configuration.requestTimeout = .seconds(timeout)
            configuration.connectTimeout = .seconds(timeout)
        }
        return configuration
    }
}

// Conformances of the executable alone, which is why they are not declared in JamforTerminal.
extension OutputFormat: ArgumentParser.ExpressibleByArgument {}
extension DisplayLocale: ArgumentParser.ExpressibleByArgument {}

/// How results are printed.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "table, csv, json or markdown.")
    var format: OutputFormat = .table

    @Option(name: .long, help: "sv (decimal comma, ';' in CSV) or en (default: $JAMFOR_LOCALE, else sv).")
    var locale: DisplayLocale?

    @Flag(name: .customLong("no-color"), help: "No colour, even on a terminal (so does NO_COLOR=1).")
    var noColor = false

    /// The render options for stdout as it is now.
    func options(environment: [String: String] = ProcessInfo.processInfo.environment) -> RenderOptions {
        Self.options(format: format, locale: locale, noColor: noColor, environment: environment)
    }

    /// The render options for stdout with these choices, for commands with options of their own.
    static func options(
        format: OutputFormat,
        locale: DisplayLocale?,
        noColor: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> RenderOptions {
        var fromEnvironment: DisplayLocale?
        if let text = environment["JAMFOR_LOCALE"], !text.isEmpty {
            fromEnvironment = DisplayLocale(rawValue: text.lowercased())
            if fromEnvironment == nil { note("JAMFOR_LOCALE=\(text) is neither sv nor en; using sv") }
        }
        let locale = locale ?? fromEnvironment ?? .sv
        return TerminalEnvironment.detect(environment: environment)
            .options(format: format, locale: locale, noColorFlag: noColor)
    }
}

/// Options that pick a slice: scope and gender, checked before anything is sent.
struct SliceOptions: ParsableArguments {
    @Option(name: .long, help: "kommun (the whole organisation) or ks (the executive board's administration).")
    var scope: String = "kommun"

    @Option(name: .long, help: "T (total), K (women) or M (men).")
    var gender: String = "T"

    func validate() throws {
        do {
            _ = try Scope(parsing: scopeCode)
            _ = try Gender(parsing: genderCode)
        } catch {
            throw ValidationError(error.description)
        }
    }

    var scopeCode: String { scope.lowercased() }
    var genderCode: String { gender.uppercased() }
}

/// Checks a period given on the command line, with the domain's own message when it is wrong.
func parsePeriod(_ text: String, option: String = "--period") throws -> Period {
    do {
        return try Period(text)
    } catch {
        throw ValidationError("\(option): \(error.description)")
    }
}
