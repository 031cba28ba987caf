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

    @Test("a tie that straddles the best quarter's boundary is yellow, and so shares one class")
    func tieStraddlingBoundary() {
        // Best first: 10 at position 1, the two 9s at positions 2–3; the quarter is 2 positions.
        #expect(
            classes([10, 9, 9, 8, 7, 6, 5, 4], .higher) == [
                .green, .yellow, .yellow, .yellow, .yellow, .yellow, .red, .red,
            ]
        )
        // The worst quarter's boundary: the two 5s take positions 6–7 of 8, so they are not all in it.
        #expect(
            classes([10, 9, 8, 7, 6, 5, 5, 4], .higher) == [
                .green, .green, .yellow, .yellow, .yellow, .yellow, .yellow, .red,
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
