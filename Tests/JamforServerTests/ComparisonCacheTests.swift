import JamforDomain
import JamforWire
import Testing

@testable import JamforServer

@Suite("Comparison answers kept between submissions")
struct ComparisonCacheTests {
    private let request = WireMessage.rank(RankRequest(indicator: "hme", period: "2024", set: .network("kkvh")))
    private let answer = WireMessage.pong(Pong(nonce: 1))

    @Test("an answer is kept per request and visibility class")
    func keyed() throws {
        let cache = ComparisonCache(capacity: 10)
        let kalmar = try MunicipalityCode("0880")
        let insider = Viewer(municipality: kalmar, networkMembers: [kalmar])
        let key = cache.key(request, insider)
        let (none, generation) = cache.lookUp(key)
        #expect(none == nil)
        cache.keep(answer, for: key, computedAt: generation)
        #expect(cache.lookUp(key).answer == answer)
        // Another member of the same network sees the same figures, so shares the answer.
        let sameNetwork = Viewer(municipality: try MunicipalityCode("0780"), networkMembers: [kalmar])
        #expect(cache.lookUp(cache.key(request, sameNetwork)).answer == answer)
        // An outsider does not.
        #expect(cache.lookUp(cache.key(request, .publicOnly)).answer == nil)
    }

    @Test("a submission clears every answer, and an answer computed before it is not kept")
    func invalidation() {
        let cache = ComparisonCache(capacity: 10)
        let key = cache.key(request, .publicOnly)
        let before = cache.lookUp(key).generation
        cache.keep(answer, for: key, computedAt: before)
        cache.invalidate()
        #expect(cache.lookUp(key).answer == nil)
        // A reader that looked up the generation before the submission finishes after it.
        cache.keep(answer, for: key, computedAt: before)
        #expect(cache.lookUp(key).answer == nil)
        #expect(cache.count == 0)
    }

    @Test("capacity bounds the answers kept; 0 keeps none")
    func capacity() {
        let small = ComparisonCache(capacity: 2)
        for nonce in 0..<5 {
            let key = small.key(.ping(Ping(nonce: UInt64(nonce))), .publicOnly)
            small.keep(answer, for: key, computedAt: small.lookUp(key).generation)
        }
        #expect(small.count <= 2)
        let none = ComparisonCache(capacity: 0)
        let key = none.key(request, .publicOnly)
        none.keep(answer, for: key, computedAt: none.lookUp(key).generation)
        #expect(none.count == 0)
    }
}
