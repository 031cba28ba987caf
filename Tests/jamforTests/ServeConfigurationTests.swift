import Foundation
import Testing

@testable import jamfor

@Suite("jamfor serve settings")
struct ServeConfigurationTests {
    private func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jamfor-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("defaults: loopback, port 7411, jamfor.sqlite, anonymous off")
    func defaults() throws {
        let settings = try Serve.parse([]).settings(environment: [:])
        #expect(settings == ServeSettings())
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 7411)
        #expect(!settings.allowAnonymous)
    }

    @Test("flags beat the environment, which beats the config file")
    func precedence() throws {
        let file = try temporaryFile(
            #"{"port": 7000, "database": "file.sqlite", "idle-timeout": 60, "allow-anonymous": true}"#
        )
        defer { try? FileManager.default.removeItem(atPath: file) }
        let environment = ["JAMFOR_PORT": "7100", "JAMFOR_DATABASE": "env.sqlite"]
        let fromFile = try Serve.parse(["--config", file]).settings(environment: [:])
        #expect(fromFile.port == 7000)
        #expect(fromFile.database == "file.sqlite")
        #expect(fromFile.idleTimeout == 60)
        #expect(fromFile.allowAnonymous)
        let fromEnvironment = try Serve.parse(["--config", file]).settings(environment: environment)
        #expect(fromEnvironment.port == 7100)
        #expect(fromEnvironment.database == "env.sqlite")
        #expect(fromEnvironment.idleTimeout == 60)
        let fromFlags = try Serve.parse(["--config", file, "--port", "7200"]).settings(environment: environment)
        #expect(fromFlags.port == 7200)
        #expect(fromFlags.database == "env.sqlite")
    }

    @Test("bad values name the setting, where it came from and what is expected")
    func badValues() throws {
        #expect(
            throws: SettingsError.invalid(
                key: "port",
                value: "70000",
                origin: "the environment",
                expected: "a whole number in 0…65535"
            )
        ) {
            try Serve.parse([]).settings(environment: ["JAMFOR_PORT": "70000"])
        }
        #expect(
            throws: SettingsError.invalid(
                key: "port",
                value: "-1",
                origin: "the command line",
                expected: "a whole number in 0…65535"
            )
        ) {
            try Serve.parse(["--port=-1"]).settings(environment: [:])
        }
        let file = try temporaryFile(#"{"prot": 7000}"#)
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(throws: SettingsError.self) { try Serve.parse(["--config", file]).settings(environment: [:]) }
        let broken = try temporaryFile("{port: 7000")
        defer { try? FileManager.default.removeItem(atPath: broken) }
        #expect(throws: SettingsError.self) { try Serve.parse(["--config", broken]).settings(environment: [:]) }
        let missing = #expect(throws: SettingsError.self) {
            try Serve.parse(["--config", "/nonexistent/serve.json"]).settings(environment: [:])
        }
        guard case .unreadableFile(let path, _) = missing else {
            Issue.record("expected an unreadable-file error, got \(String(describing: missing))")
            return
        }
        #expect(path == "/nonexistent/serve.json")
    }

    @Test("plain TCP on an address others can reach needs --insecure; TLS needs both files")
    func safety() throws {
        #expect(throws: SettingsError.insecureAddress("0.0.0.0")) {
            try Serve.parse(["--host", "0.0.0.0"]).settings(environment: [:])
        }
        let insecure = try Serve.parse(["--host", "0.0.0.0", "--insecure"]).settings(environment: [:])
        #expect(insecure.insecure)
        let tls = try Serve.parse(["--host", "0.0.0.0", "--tls-certificate", "c.pem", "--tls-key", "k.pem"])
            .settings(environment: [:])
        #expect(tls.tlsCertificate == "c.pem")
        #expect(throws: SettingsError.incompleteTLS) {
            try Serve.parse(["--tls-certificate", "c.pem"]).settings(environment: [:])
        }
        #expect(try Serve.parse(["--host", "::1"]).settings(environment: [:]).host == "::1")
    }

    @Test("user names for tokens")
    func names() {
        #expect(Token.Create.isValidName("kalmar.analys_1"))
        #expect(!Token.Create.isValidName(""))
        #expect(!Token.Create.isValidName("kalmar analys"))
        #expect(!Token.Create.isValidName("växjö"))
    }
}
