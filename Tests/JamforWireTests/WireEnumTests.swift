import Testing

@testable import JamforWire

@Suite struct WireEnumTests {
    @Test func enumerationsAreTheirRawValues() throws {
        #expect(try encode(ColourClass.green) == "03")
        #expect(try encode(Visibility.network) == "01")
        #expect(try encode(Direction.lowerIsBetter) == "656c6f776572")
        #expect(try encode(ComparisonSet.Kind.country) == "67636f756e747279")
        #expect(try encode(TrendSeries.Kind.groupMean) == "6a67726f75702d6d65616e")
        for colour in ColourClass.allCases { try roundTrip(colour) }
        for visibility in Visibility.allCases { try roundTrip(visibility) }
        for direction in Direction.allCases { try roundTrip(direction) }
    }

    @Test func unknownValuesNameTheKnownOnes() throws {
        do {
            _ = try CBORDecoder().decode(ColourClass.self, from: [0x07])
            Issue.record("7 is no colour class")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription == "unknown ColourClass 7; known values are 0, 1, 2, 3")
        }
        // Inside a message, the path leads to the field.
        let row = RankRow(municipality: "0880", name: "Kalmar", colour: .green)
        var bytes = try CBOREncoder().encode(row)
        let colourAt = try #require(bytes.lastIndex(of: 0x03))
        bytes[colourAt] = 0x09
        do {
            _ = try CBORDecoder().decode(RankRow.self, from: bytes)
            Issue.record("9 is no colour class")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.map(\.intValue) == [8])
        }
        #expect(throws: DecodingError.self) {
            try CBORDecoder().decode(Direction.self, from: [0x63] + Array("up!".utf8))
        }
    }
}
