import Foundation

/// The settings of `jamfor serve`, from flags, environment variables and a config file, in that
/// order of precedence.
struct ServeSettings: Equatable {
    var host = "127.0.0.1"
    var port = 7411
    var database = "jamfor.sqlite"
    var tlsCertificate: String?
    var tlsKey: String?
    var insecure = false
    var allowAnonymous = false
    var skipDatasets = false
    var datasets: String?
    var maxConnections = 1024
    var maxInFlight = 32
    var maxFrameLength = 16 * 1024 * 1024
    var maxSubmitObservations = 100_000
    var handshakeTimeout = 10
    var comparisonCache = 10_000
    var idleTimeout = 300
    var logLevel = "info"

    /// Every setting's name in a config file and the environment variable that can set it.
    static let keys: [(file: String, environment: String)] = [
        ("host", "JAMFOR_HOST"), ("port", "JAMFOR_PORT"), ("database", "JAMFOR_DATABASE"),
        ("tls-certificate", "JAMFOR_TLS_CERTIFICATE"), ("tls-key", "JAMFOR_TLS_KEY"), ("insecure", "JAMFOR_INSECURE"),
        ("allow-anonymous", "JAMFOR_ALLOW_ANONYMOUS"), ("skip-datasets", "JAMFOR_SKIP_DATASETS"),
        ("datasets", "JAMFOR_DATASETS"), ("max-connections", "JAMFOR_MAX_CONNECTIONS"),
        ("max-in-flight", "JAMFOR_MAX_IN_FLIGHT"), ("max-frame-length", "JAMFOR_MAX_FRAME_LENGTH"),
        ("max-submit-observations", "JAMFOR_MAX_SUBMIT_OBSERVATIONS"),
        ("handshake-timeout", "JAMFOR_HANDSHAKE_TIMEOUT"),
        ("comparison-cache", "JAMFOR_COMPARISON_CACHE"), ("idle-timeout", "JAMFOR_IDLE_TIMEOUT"),
        ("log-level", "JAMFOR_LOG_LEVEL"),
    ]

    /// Applies `values` (setting name → text) over the current settings.
    mutating func apply(_ values: [String: String], from origin: String) throws(SettingsError) {
        for (key, text) in values {
            switch key {
            case "host": host = text
            case "port": port = try Self.integer(text, key, origin, 0...65535)
            case "database": database = text
            case "tls-certificate": tlsCertificate = text
            case "tls-key": tlsKey = text
            case "insecure": insecure = try Self.flag(text, key, origin)
            case "allow-anonymous": allowAnonymous = try Self.flag(text, key, origin)
            case "skip-datasets": skipDatasets = try Self.flag(text, key, origin)
            case "datasets": datasets = text
            case "max-connections": maxConnections = try Self.integer(text, key, origin, 1...1_000_000)
            case "max-in-flight": maxInFlight = try Self.integer(text, key, origin, 1...65535)
            case "max-frame-length": maxFrameLength = try Self.integer(text, key, origin, 1024...Int(UInt32.max))
            case "max-submit-observations":
                maxSubmitObservations = try Self.integer(text, key, origin, 1...Int(UInt32.max))
            case "comparison-cache": comparisonCache = try Self.integer(text, key, origin, 0...1_000_000)
            case "handshake-timeout": handshakeTimeout = try Self.integer(text, key, origin, 1...3600)
            case "idle-timeout": idleTimeout = try Self.integer(text, key, origin, 1...86_400)
            case "log-level":
                guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(text) else {
                    throw .invalid(
                        key: key,
                        value: text,
                        origin: origin,
                        expected: "trace, debug, info, notice, warning, error or critical"
                    )
                }
                logLevel = text
            default:
                let known = Self.keys.map(\.file).joined(separator: ", ")
                throw .unknownKey(key, origin: origin, known: known)
            }
        }
    }

    /// The settings the environment gives, by setting name.
    static func environmentValues(_ environment: [String: String]) -> [String: String] {
        var values: [String: String] = [:]
        for (file, variable) in keys {
            if let value = environment[variable], !value.isEmpty { values[file] = value }
        }
        return values
    }

    /// Reads a config file: a JSON object whose keys are setting names and whose values are
    /// strings, numbers or booleans.
    static func fileValues(_ path: String) throws(SettingsError) -> [String: String] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path, reason: error.localizedDescription)
        }
        guard data.count <= 1 << 20 else { throw .unreadableFile(path, reason: "larger than 1 MiB") }
        let decoded: [String: FileValue]
        do {
            decoded = try JSONDecoder().decode([String: FileValue].self, from: data)
        } catch {
            throw .unreadableFile(
                path,
                reason: "not a JSON object of settings whose values are strings, numbers or booleans"
            )
        }
        var values: [String: String] = [:]
        for (key, value) in decoded { values[key] = value.text }
        return values
    }

    private static func integer(
        _ text: String,
        _ key: String,
        _ origin: String,
        _ range: ClosedRange<Int>
    ) throws(SettingsError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw .invalid(
                key: key,
                value: text,
                origin: origin,
                expected: "a whole number in \(range.lowerBound)…\(range.upperBound)"
            )
        }
        return value
    }

    private static func flag(_ text: String, _ key: String, _ origin: String) throws(SettingsError) -> Bool {
        switch text.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw .invalid(key: key, value: text, origin: origin, expected: "true or false")
        }
    }

    /// Whether the settings are safe to start with: no plain TCP on an address others can reach.
    func validate() throws(SettingsError) {
        if (tlsCertificate == nil) != (tlsKey == nil) {
            throw .incompleteTLS
        }
        let loopback = host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.")
        if !loopback && tlsCertificate == nil && !insecure {
            throw .insecureAddress(host)
        }
    }
}

/// A value in a JSON config file: a string, number or boolean, kept as the text a flag would give.
private struct FileValue: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            text = flag ? "true" : "false"
        } else if let number = try? container.decode(Int.self) {
            text = String(number)
        } else {
            text = try container.decode(String.self)
        }
    }
}

/// A setting that cannot be used.
enum SettingsError: Error, Equatable, CustomStringConvertible {
    case invalid(key: String, value: String, origin: String, expected: String)
    case unknownKey(String, origin: String, known: String)
    case unreadableFile(String, reason: String)
    case incompleteTLS
    case insecureAddress(String)

    var description: String {
        switch self {
        case .invalid(let key, let value, let origin, let expected):
            return "\(key) = '\(value)' (from \(origin)) is not valid: expected \(expected)"
        case .unknownKey(let key, let origin, let known):
            return "unknown setting '\(key)' in \(origin); the settings are \(known)"
        case .unreadableFile(let path, let reason):
            return "cannot read the config file \(path): \(reason)"
        case .incompleteTLS:
            return "TLS needs both --tls-certificate and --tls-key"
        case .insecureAddress(let host):
            return
                "refusing to listen on \(host) without TLS: give --tls-certificate and --tls-key, or --insecure if the network is trusted"
        }
    }
}
