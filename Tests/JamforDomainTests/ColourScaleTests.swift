import Testing

@testable import JamforDomain

@Suite("Kolada colour classes")
struct ColourScaleTests {
    private func classes(_ values: [Double], _ direction: Direction) -> [ColourClass] {
        let scale = ColourScale(values: values, direction: direction)
        return values.map { scale.colour(of: $0) }
    }

    @Test("eight distinct values: the best two green, the worst two red")
    func quarters() {
        #expect(
            classes([1, 2, 3, 4, 5, 6, 7, 8], .higher) == [
                .red, .red, .yellow, .yellow, .yellow, .yellow, .green, .green,
            ]
        )
    }

    @Test("lower is better turns the classes round")
    func lowerIsBetter() {
        #expect(
            classes([6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.5], .lower) == [
                .green, .green, .yellow, .yellow, .yellow, .yellow, .red, .red,
            ]
        )
    }

    @Test("a tie that straddles a quarter's boundary goes the way its middle position lies, as one class")
    func tieStraddlingBoundary() {
        // Best first: 10 at position 1, the two 9s at positions 2–3 (middle 2.5); the quarter is 2 positions.
        #expect(
            classes([10, 9, 9, 8, 7, 6, 5, 4], .higher) == [
                .green, .yellow, .yellow, .yellow, .yellow, .yellow, .red, .red,
            ]
        )
        // The worst quarter's boundary: the two 5s take positions 6–7 of 8, 3–2 from the worst end (middle 2.5).
        #expect(
            classes([10, 9, 8, 7, 6, 5, 5, 4], .higher) == [
                .green, .green, .yellow, .yellow, .yellow, .yellow, .yellow, .red,
            ]
        )
        // Three 10s at positions 1–3 have their middle at 2, inside the quarter: all three green.
        #expect(
            classes([10, 10, 10, 7, 6, 5, 4, 3], .higher) == [
                .green, .green, .green, .yellow, .yellow, .yellow, .red, .red,
            ]
        )
        // Three 9s at positions 2–4 have their middle at 3, outside it: yellow, and 10 alone is green.
        #expect(
            classes([10, 9, 9, 9, 6, 5, 4, 3], .higher) == [
                .green, .yellow, .yellow, .yellow, .yellow, .yellow, .red, .red,
            ]
        )
        // Lower is better, a tie at the worst end: the three 9.5s at positions 6–8 (middle 7, 2 from the end) are red.
        #expect(
            classes([6.0, 6.5, 7.0, 7.5, 8.0, 9.5, 9.5, 9.5], .lower) == [
                .green, .green, .yellow, .yellow, .yellow, .red, .red, .red,
            ]
        )
    }

    @Test("a tie inside the quarter is green together")
    func tieInsideQuarter() {
        #expect(
            classes([10, 10, 8, 7, 6, 5, 4, 3], .higher) == [
                .green, .green, .yellow, .yellow, .yellow, .yellow, .red, .red,
            ]
        )
    }

    @Test("all equal values, and sets under four values, are yellow")
    func degenerate() {
        #expect(classes([7, 7, 7, 7, 7, 7, 7, 7], .higher) == Array(repeating: .yellow, count: 8))
        #expect(classes([1, 2, 3], .higher) == [.yellow, .yellow, .yellow])
        #expect(classes([1], .lower) == [.yellow])
        #expect(classes([1, 2, 3, 4], .higher) == [.red, .yellow, .yellow, .green])
    }

    @Test("no value is grey")
    func grey() {
        #expect(ColourScale(values: [1, 2, 3, 4], direction: .higher).colour(of: nil) == .grey)
        #expect(ColourScale(values: [], direction: .higher).colour(of: nil) == .grey)
    }

    @Test("a value the scale does not hold is yellow, not a guess")
    func foreignValue() {
        #expect(ColourScale(values: [1, 2, 3, 4], direction: .higher).colour(of: 2.5) == .yellow)
    }

    @Test("290 distinct values: 72 green, 146 yellow, 72 red")
    func country() {
        let values = (1...290).map(Double.init)
        let counted = Dictionary(grouping: classes(values, .higher), by: { $0 }).mapValues(\.count)
        #expect(counted == [.green: 72, .yellow: 146, .red: 72])
        // 219…290 are the best 72, 1…72 the worst.
        let scale = ColourScale(values: values, direction: .higher)
        #expect(scale.colour(of: 219) == .green)
        #expect(scale.colour(of: 218) == .yellow)
        #expect(scale.colour(of: 72) == .red)
        #expect(scale.colour(of: 73) == .yellow)
        #expect(scale.count == 290)
    }
}
