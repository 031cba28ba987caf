import JamforClient
import JamforWire
import NIOSSL
import Testing

/// Opening connections: refused ports, TLS that works and TLS that does not.
@Suite(.timeLimit(.minutes(1)))
struct ConnectorTests {
    @Test func aPortNothingListensOnCannotBeConnectedTo() async throws {
        let address = ServerAddress(host: "127.0.0.1", port: try await unusedPort())
        let error = await clientError {
            try await JamforClient.withConnection(ClientConfiguration(address: address)) { _ in }
        }
        guard case .cannotConnect(let failed, let reason)? = error else {
            Issue.record("expected cannotConnect, got \(String(describing: error))")
            return
        }
        #expect(failed == address)
        #expect(reason.contains("refused"))
        #expect(error?.description.contains("jamfor serve") == true)
        #expect(error?.description.contains("JAMFOR_SERVER") == true)
    }

    @Test func aPortOutOfRangeIsAnInvalidAddress() async throws {
        let error = await clientError {
            try await JamforClient.withConnection(
                ClientConfiguration(address: ServerAddress(host: "localhost", port: 70000))
            ) { _ in }
        }
        guard case .invalidAddress(let text, let reason)? = error else {
            Issue.record("expected invalidAddress, got \(String(describing: error))")
            return
        }
        #expect(text == "localhost:70000")
        #expect(reason.contains("70000"))
    }

    @Test(arguments: ["127.0.0.1", "localhost"])
    func theProtocolRunsInsideTLS(host: String) async throws {
        try await withJamforServer(tls: try TestCertificate.server()) { running in
            let configuration = ClientConfiguration(
                address: ServerAddress(host: host, port: running.address.port),
                tls: try TestCertificate.client()
            )
            try await JamforClient.withConnection(configuration) { client in
                let networks = try await client.networks()
                #expect(networks == SlowResponder.networks)
                let roundTrip = try await client.ping()
                #expect(roundTrip > .zero)
            }
        }
    }

    @Test func aCertificateTheClientDoesNotTrustCannotConnect() async throws {
        try await withJamforServer(tls: try TestCertificate.server()) { running in
            // The system's roots do not include the test certificate.
            let configuration = ClientConfiguration(address: running.address, tls: .makeClientConfiguration())
            let error = await clientError {
                try await JamforClient.withConnection(configuration) { _ in }
            }
            guard case .cannotConnect(_, let reason)? = error else {
                Issue.record("expected cannotConnect, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("TLS"))
        }
    }

    @Test func aPlainClientOnATLSServerIsToldToUseTLS() async throws {
        try await withJamforServer(tls: try TestCertificate.server()) { running in
            let error = await clientError {
                try await JamforClient.withConnection(ClientConfiguration(address: running.address)) { _ in }
            }
            guard case .cannotConnect(_, let reason)? = error else {
                Issue.record("expected cannotConnect, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("--tls"))
        }
    }

    @Test func aTLSClientOnAPlainServerCannotConnect() async throws {
        try await withJamforServer { running in
            let configuration = ClientConfiguration(address: running.address, tls: try TestCertificate.client())
            let error = await clientError {
                try await JamforClient.withConnection(configuration) { _ in }
            }
            guard case .cannotConnect(_, let reason)? = error else {
                Issue.record("expected cannotConnect, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("TLS"))
        }
    }
}
