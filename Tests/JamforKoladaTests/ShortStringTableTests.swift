import Testing

@testable import JamforKolada

@Suite struct ShortStringTableTests {
    private func lookUp(_ table: inout ShortStringTable, _ text: String) -> String {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { table.string($0) }
    }

    @Test func givesBackTheSameTextForTheSameBytes() {
        var table = ShortStringTable()
        let texts = ["0880", "N05401", "G124026", "", "x", "0880\u{0}", "12345678", "123456789", "Växjö", "0000"]
        for _ in 0..<3 {
            for text in texts { #expect(lookUp(&table, text) == text) }
        }
    }

    @Test func staysCorrectWhenFull() {
        var table = ShortStringTable()
        let count = ShortStringTable.maxEntries * 2
        for index in 0..<count { #expect(lookUp(&table, String(index)) == String(index)) }
        for index in stride(from: 0, to: count, by: 37) { #expect(lookUp(&table, String(index)) == String(index)) }
    }
}
