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
            (.timedOut(operation: "rank", after: .milliseconds(250)), ["rank", "250 ms", "--timeout"]),
            (.timedOut(operation: "connecting to x", after: .seconds(5)), ["connecting to x", "5 s"]),
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
        #expect(
            ClientError.timedOut(operation: "rank", after: .seconds(1))
                == .timedOut(operation: "rank", after: .seconds(1))
        )
        #expect(ClientError.server(code: .conflict, message: "m").description.contains("jamfor.example") == false)
        #expect(ClientError.credentialsRefused(Self.address, message: "m").description.contains("jamfor.example:7411"))
    }
}
