import JamforClient
import Testing

@testable import jamfor

/// Compression is offered to servers across a network, not over loopback, where it costs CPU at
/// both ends and saves nothing.
@Suite("Compression by address")
struct LoopbackCompressionTests {
    @Test(
        "loopback addresses are not offered compression, others are",
        arguments: [
            ("127.0.0.1:7411", false), ("localhost", false), ("LOCALHOST:7500", false), ("127.5.6.7", false),
            ("[::1]:7411", false), ("jamfor.localhost", false), ("jamfor.example:7411", true), ("10.0.0.1", true),
            ("127.0.0.1.example", true), ("[2001:db8::1]:7411", true),
        ]
    )
    func offered(server: String, compression: Bool) throws {
        let configuration = try ConnectionOptions.parse(["--server", server]).configuration(environment: [:])
        #expect(configuration.compression == compression)
    }
}
