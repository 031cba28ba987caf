import ArgumentParser
import JamforClient
import JamforTerminal
import Testing

@testable import jamfor

@Suite("Connection and output options")
struct ClientOptionsTests {
    @Test("flags beat JAMFOR_SERVER, JAMFOR_USER and JAMFOR_TOKEN; nothing given is anonymous on 127.0.0.1:7411")
    func precedence() throws {
        let none = try ConnectionOptions.parse([]).configuration(environment: [:])
        #expect(none.address == ServerAddress(host: "127.0.0.1", port: 7411))
        #expect(none.credentials == nil)
        #expect(none.tls == nil)
        let environment = ["JAMFOR_SERVER": "jamfor.example:7500", "JAMFOR_USER": "kalmar", "JAMFOR_TOKEN": "abc"]
        let fromEnvironment = try ConnectionOptions.parse([]).configuration(environment: environment)
        #expect(fromEnvironment.address == ServerAddress(host: "jamfor.example", port: 7500))
        #expect(fromEnvironment.credentials?.user == "kalmar")
        #expect(fromEnvironment.credentials?.token == "abc")
        let flags = try ConnectionOptions.parse(["--server", "localhost:7600", "--user", "vaxjo", "--token", "def"])
            .configuration(environment: environment)
        #expect(flags.address == ServerAddress(host: "localhost", port: 7600))
        #expect(flags.credentials?.user == "vaxjo")
        #expect(try ConnectionOptions.parse([]).configuration(environment: ["JAMFOR_TLS": "1"]).tls != nil)
    }

    @Test("a user without a token, a token without a user, a bad address and a bad timeout are refused")
    func refused() throws {
        #expect(throws: CommandFailure.self) {
            try ConnectionOptions.parse([]).configuration(environment: ["JAMFOR_USER": "kalmar"])
        }
        #expect(throws: CommandFailure.self) {
            try ConnectionOptions.parse([]).configuration(environment: ["JAMFOR_TOKEN": "abc"])
        }
        #expect(throws: ClientError.self) {
            try ConnectionOptions.parse(["--server", "host:99999"]).configuration(environment: [:])
        }
        #expect(throws: CommandFailure.self) {
            try ConnectionOptions.parse(["--timeout", "0"]).configuration(environment: [:])
        }
        #expect(throws: CommandFailure.self) {
            try ConnectionOptions.parse(["--tls-ca", "/nonexistent.pem"]).configuration(environment: [:])
        }
    }

    @Test("--locale beats JAMFOR_LOCALE, which beats sv; --no-color and NO_COLOR turn colour off")
    func output() throws {
        #expect(try OutputOptions.parse([]).options(environment: [:]).locale == .sv)
        #expect(try OutputOptions.parse([]).options(environment: ["JAMFOR_LOCALE": "en"]).locale == .en)
        #expect(
            try OutputOptions.parse(["--locale", "sv"]).options(environment: ["JAMFOR_LOCALE": "en"]).locale == .sv
        )
        #expect(try OutputOptions.parse(["--no-color"]).options(environment: [:]).colour == false)
        #expect(try OutputOptions.parse([]).options(environment: ["NO_COLOR": "1"]).colour == false)
        #expect(try OutputOptions.parse(["--format", "csv"]).options(environment: [:]).format == .csv)
        #expect(throws: (any Error).self) { try OutputOptions.parse(["--format", "xml"]) }
    }

    @Test("scope, gender and periods are checked before anything is sent")
    func slices() throws {
        #expect(throws: (any Error).self) { try SliceOptions.parse(["--scope", "region"]) }
        #expect(throws: (any Error).self) { try SliceOptions.parse(["--gender", "X"]) }
        #expect(try SliceOptions.parse(["--gender", "k"]).genderCode == "K")
        #expect(throws: ValidationError.self) { try parsePeriod("2024-13") }
        #expect(throws: ValidationError.self) { try parsePeriod("24") }
        #expect(try parsePeriod("2024-08").description == "2024-08")
    }
}
