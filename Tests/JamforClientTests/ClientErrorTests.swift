import JamforClient
import JamforWire
import Testing

/// Every error names the problem and what to do about it.
struct ClientErrorTests {
    static let address = ServerAddress(host: "jamfor.example", port: 7411)

    @Test(
        arguments: [
            (
                ClientError.cannotConnect(address, reason: "the connection was refused"),
                ["refused", "jamfor serve", "--server", "JAMFOR_SERVER"]
            ),
            (
                .credentialsRefused(address, message: "unknown user or wrong token"),
                ["wrong token", "JAMFOR_USER", "JAMFOR_TOKEN", "jamfor token create"]
            ),
            (
                .handshakeFailed(address, code: .unsupportedVersion, message: "speaks 2"),
                ["unsupportedVersion", "speaks 2", "protocol version 1"]
            ),
            (.handshakeFailed(address, code: .tooManyRequests, message: "full"), ["full", "try again later"]),
            (.forbidden(message: "readers cannot submit"), ["readers cannot submit", "JAMFOR_USER"]),
            (.notFound(message: "no indicator x"), ["no indicator x", "jamfor indicators"]),
            (.invalidArgument(message: "month 13 does not exist"), ["month 13 does not exist"]),
            (.server(code: .conflict, message: "key reused"), ["conflict", "key reused", "new key"]),
            (.server(code: .internalError, message: "oops"), ["internalError", "oops", "try again later"]),
            (.timedOut(operation: "rank", after: .milliseconds(250)), ["rank", "250 ms", "busy", "--timeout"]),
            (.timedOut(operation: "export", after: .seconds(30)), ["export", "30 s", "busy", "--timeout"]),
            (
                .connectTimedOut(address, after: .seconds(5)),
                ["connecting to jamfor.example:7411", "5 s", "up and reachable", "JAMFOR_SERVER", "--timeout"]
            ),
            (.connectionClosed("the server closed the connection"), ["the server closed the connection", "Try again"]),
            (.protocolViolation("request 7 is not in flight"), ["request 7 is not in flight", "version"]),
        ]
    )
    func descriptionsNameTheProblemAndTheFix(error: ClientError, fragments: [String]) {
        for fragment in fragments {
            #expect(error.description.contains(fragment), "\(error.description) lacks \(fragment)")
        }
    }

    @Test func casesCarryTheOffendingValues() {
        #expect(ClientError.cannotConnect(Self.address, reason: "r") != .cannotConnect(Self.address, reason: "s"))
        #expect(ClientError.server(code: .conflict, message: "m").description.contains("jamfor.example") == false)
        #expect(ClientError.credentialsRefused(Self.address, message: "m").description.contains("jamfor.example:7411"))
    }

    @Test func aTimeoutNamesTheOperationAndTheTimeItWaited() {
        let rank = ClientError.timedOut(operation: "rank", after: .milliseconds(1500))
        #expect(rank.description.hasPrefix("rank got no answer within 1500 ms."))
        #expect(rank != .timedOut(operation: "trend", after: .milliseconds(1500)))
        #expect(rank != .timedOut(operation: "rank", after: .seconds(1)))

        let connecting = ClientError.connectTimedOut(Self.address, after: .seconds(5))
        #expect(connecting == .timedOut(operation: "connecting to jamfor.example:7411", after: .seconds(5)))
        #expect(connecting.description.hasPrefix("connecting to jamfor.example:7411 got no answer within 5 s."))
        #expect(connecting != rank)
    }

    @Test func theAdviceOfATimeoutFitsWhatTimedOut() {
        // Both kinds may be given more time with --timeout, but for different reasons.
        let connecting = ClientError.connectTimedOut(Self.address, after: .seconds(5)).description
        #expect(connecting.contains("up and reachable"))
        #expect(!connecting.contains("query is large"))
        let request = ClientError.timedOut(operation: "compare", after: .seconds(30)).description
        #expect(request.contains("server is busy or the query is large"))
        #expect(!request.contains("reachable"))
        for description in [connecting, request] { #expect(description.contains("--timeout")) }
    }

    // A hostile server's message: an OSC title change ended by BEL, a screen clear, a line break, a
    // C1 CSI, a right-to-left override and DEL.
    static let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2Jred\r\nline\u{9B}31m\u{202E}txt\u{7F}"

    @Test func printableReplacesWhatATerminalWouldActOn() {
        #expect(
            ClientError.printable(Self.hostile)
                == "\u{FFFD}]0;owned\u{FFFD}\u{FFFD}[2Jred  line\u{FFFD}31m\u{FFFD}txt\u{FFFD}"
        )
        #expect(ClientError.printable("Enköping: 81,5 % – “bra” 👍\ttab") == "Enköping: 81,5 % – “bra” 👍 tab")
    }

    @Test(
        arguments: [
            ClientError.credentialsRefused(address, message: hostile),
            .handshakeFailed(address, code: .unsupportedVersion, message: hostile),
            .forbidden(message: hostile),
            .notFound(message: hostile),
            .invalidArgument(message: hostile),
            .server(code: .internalError, message: hostile),
            .connectionClosed(hostile),
            .protocolViolation(hostile),
            .cannotConnect(address, reason: hostile),
            .timedOut(operation: hostile, after: .seconds(1)),
        ]
    )
    func descriptionsCarryNoControlCharacters(error: ClientError) {
        let unprintable = error.description.unicodeScalars.filter { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
        }
        #expect(unprintable.isEmpty, "\(unprintable.map { String($0.value, radix: 16) })")
        #expect(error.description.contains("red  line"))
    }
}
