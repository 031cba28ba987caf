import JamforClient
import Testing

/// The defaults a configuration starts from.
struct ClientConfigurationTests {
    @Test func defaults() {
        let configuration = ClientConfiguration(address: ServerAddress(host: "localhost"))
        #expect(configuration.credentials == nil)
        #expect(configuration.tls == nil)
        #expect(configuration.tlsServerName == nil)
        #expect(configuration.connectTimeout == .seconds(5))
        #expect(configuration.requestTimeout == .seconds(30))
        #expect(configuration.clientName == "jamfor/1")
        #expect(configuration.compression)
    }
}
