import JamforClient
import Testing

/// Reading server addresses as users write them.
struct ServerAddressTests {
    @Test(
        arguments: [
            ("localhost", "localhost", 7411),
            ("localhost:7500", "localhost", 7500),
            ("127.0.0.1", "127.0.0.1", 7411),
            ("127.0.0.1:1", "127.0.0.1", 1),
            ("jamfor.example.se:65535", "jamfor.example.se", 65535),
            ("[::1]:7412", "::1", 7412),
            ("[::1]", "::1", 7411),
            ("::1", "::1", 7411),
            ("fe80::1", "fe80::1", 7411),
            ("  localhost:7411 ", "localhost", 7411),
        ]
    )
    func validAddresses(text: String, host: String, port: Int) throws {
        let address = try ServerAddress(parsing: text)
        #expect(address == ServerAddress(host: host, port: port))
    }

    @Test(
        arguments: [
            ("", "empty"),
            ("   ", "empty"),
            ("localhost:", "missing"),
            (":7411", "host is missing"),
            ("localhost:http", "not a number"),
            ("localhost:0", "out of range"),
            ("localhost:65536", "out of range"),
            ("localhost:99999999999999999999999", "out of range"),
            ("localhost:-1", "not a number"),
            ("tcp://localhost:7411", "scheme"),
            ("[::1", "not closed"),
            ("[::1]7411", "only \":port\""),
            ("[localhost]:7411", "not an IPv6 address"),
            ("::1:7411:x", "not an IPv6 address"),
            ("local host", "contains"),
            ("host/path", "contains"),
        ]
    )
    func invalidAddresses(text: String, fragment: String) {
        #expect {
            try ServerAddress(parsing: text)
        } throws: { error in
            guard case .invalidAddress(let offending, let reason) = error as? ClientError else { return false }
            return offending == text && reason.contains(fragment)
        }
    }

    @Test func theErrorSaysHowToWriteAnAddress() {
        let error = ClientError.invalidAddress("localhost:0", reason: "the port 0 is out of range")
        #expect(error.description.contains("\"localhost:0\""))
        #expect(error.description.contains("host:port"))
    }

    @Test func descriptionsPutIPv6AddressesInBrackets() {
        #expect(ServerAddress(host: "::1", port: 7411).description == "[::1]:7411")
        #expect(ServerAddress(host: "localhost").description == "localhost:7411")
        #expect(ServerAddress.defaultPort == 7411)
    }

    @Test func descriptionsParseBackToTheSameAddress() throws {
        for address in [
            ServerAddress(host: "::1", port: 9), ServerAddress(host: "10.0.0.1"), ServerAddress(host: "a.b"),
        ] {
            #expect(try ServerAddress(parsing: address.description) == address)
        }
    }
}
