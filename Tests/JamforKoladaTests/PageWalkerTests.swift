import Testing

@testable import JamforKolada

@Suite struct PageWalkerTests {
    /// Walks `text`, skipping each entry, and returns the pages.
    private func walk(_ text: String) throws(KoladaReadError) -> [KoladaPageSummary] {
        let source = try InputSource(bytes: Array(text.utf8), name: "w.json", limits: KoladaReadLimits())
        var scanner = JSONScanner(source: source, limits: KoladaReadLimits())
        var walker = PageWalker()
        while try walker.nextEntry(&scanner) {
            try scanner.skipValue(inside: "an entry")
            walker.addValues(1)
        }
        return walker.pages
    }

    @Test func findsEntriesInConcatenatedPagesAndArraysOfPages() throws {
        let pages = try walk(
            "{\"values\": [1, 2]} {\"values\": []}\n[{\"values\": [3]}, {\"count\": 1, \"values\": [{}]}] []"
        )
        #expect(pages.map(\.entries) == [2, 0, 1, 1])
        #expect(pages.map(\.values) == [2, 0, 1, 1])
        #expect(pages.map(\.index) == [1, 2, 3, 4])
        #expect(pages.map(\.position.byteOffset) == [0, 19, 35, 52])
        #expect(pages.map(\.declaredCount) == [nil, nil, nil, 1])
    }

    @Test func keysMayComeInAnyOrderAndRepeat() throws {
        let pages = try walk(
            "{\"next_url\": \"u\", \"values\": [1], \"count\": 2, \"values\": [2], \"x\": {\"values\": [9]}}"
        )
        #expect(pages.map(\.entries) == [2])
        #expect(pages.map(\.nextPage) == ["u"])
        #expect(pages.map(\.declaredCount) == [2])
    }

    @Test func brokenStructureIsRefused() {
        let broken = [
            "{\"values\": [1 2]}", "{\"values\": [1,]}", "{\"values\": []", "[{\"values\": []} {\"values\": []}]",
            "{\"values\": [] \"count\": 1}", "{values: []}", "{\"values\" []}", "[", "{\"values\": [1], }",
        ]
        for text in broken {
            #expect(throws: KoladaReadError.self, "\(text)") { try walk(text) }
        }
    }
}
