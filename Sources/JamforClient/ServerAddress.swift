import NIOCore

/// Where a Jamfor server listens: a host name or IP address, and a TCP port.
public struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The port a server listens on unless told otherwise.
    public static let defaultPort = 7411

    /// A host name, an IPv4 address or an IPv6 address (without brackets).
    public var host: String
    /// The TCP port, 1–65535.
    public var port: Int

    public init(host: String, port: Int = ServerAddress.defaultPort) {
        self.host = host
        self.port = port
    }

    /// Reads an address as a user writes it: `host`, `host:port`, `[::1]:port`, `[::1]` or `::1`.
    /// Without a port, ``defaultPort`` is used.
    /// - Throws: ``ClientError/invalidAddress(_:reason:)`` naming what is wrong with `text`.
    public init(parsing text: String) throws(ClientError) {
        let trimmed = text.trimmingWhitespace
        func invalid(_ reason: String) -> ClientError { .invalidAddress(text, reason: reason) }

        guard !trimmed.isEmpty else { throw invalid("it is empty") }
        if trimmed.contains("://") {
            throw invalid("it has a scheme; give only the host and port, without \"jamfor://\" or \"tcp://\"")
        }

        let host: Substring
        let portText: Substring?
        if trimmed.hasPrefix("[") {
            // A bracketed IPv6 address, the only way to give an IPv6 address a port.
            guard let close = trimmed.firstIndex(of: "]") else {
                throw invalid("the \"[\" of an IPv6 address is not closed by \"]\"")
            }
            host = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            let rest = trimmed[trimmed.index(after: close)...]
            if rest.isEmpty {
                portText = nil
            } else if rest.first == ":" {
                portText = rest.dropFirst()
            } else {
                throw invalid("only \":port\" may follow \"]\", not \"\(rest)\"")
            }
            guard host.contains(":"), Self.isIPAddress(String(host)) else {
                throw invalid("\"\(host)\" in brackets is not an IPv6 address")
            }
        } else {
            let colons = trimmed.count(where: { $0 == ":" })
            switch colons {
            case 0:
                host = Substring(trimmed)
                portText = nil
            case 1:
                let colon = trimmed.firstIndex(of: ":") ?? trimmed.endIndex
                host = trimmed[..<colon]
                portText = trimmed[trimmed.index(after: colon)...]
            default:
                // Several colons without brackets: an IPv6 address on its own.
                guard Self.isIPAddress(trimmed) else {
                    throw invalid(
                        "\"\(trimmed)\" is not an IPv6 address; write an IPv6 address with a port in brackets, as [::1]:7411"
                    )
                }
                host = Substring(trimmed)
                portText = nil
            }
        }

        guard !host.isEmpty else { throw invalid("the host is missing; write it before the port, as localhost:7411") }
        if let bad = host.first(where: { $0.isWhitespace || "/@?#[]\\".contains($0) }) {
            throw invalid("the host \"\(host)\" contains \"\(bad)\", which no host name or address contains")
        }

        var port = Self.defaultPort
        if let portText {
            guard !portText.isEmpty else { throw invalid("the port after \":\" is missing") }
            guard portText.allSatisfy(\.isASCIIDigit) else {
                throw invalid("the port \"\(portText)\" is not a number")
            }
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw invalid("the port \(portText) is out of range; give a port from 1 to 65535")
            }
            port = number
        }
        self.init(host: String(host), port: port)
    }

    /// `host:port`, with an IPv6 address in brackets: `[::1]:7411`.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Whether the host is an IP address rather than a name.
    var hostIsIPAddress: Bool { Self.isIPAddress(host) }

    static func isIPAddress(_ text: String) -> Bool {
        (try? SocketAddress(ipAddress: text, port: 0)) != nil
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
