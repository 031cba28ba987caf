import Testing

@testable import JamforDomain

@Suite("Indicator")
struct IndicatorTests {
    @Test("a value must be finite and within the bounds")
    func validatesValues() throws {
        let hme = Fixture.hme
        try hme.validate(0)
        try hme.validate(100)
        try hme.validate(78.5)
        #expect(throws: DomainError.nonFiniteValue(.infinity)) { try hme.validate(.infinity) }
        #expect(throws: DomainError.self) { try hme.validate(.nan) }
        #expect(throws: DomainError.valueOutOfBounds(indicator: "hme", value: 100.5, bounds: 0...100)) {
            try hme.validate(100.5)
        }
        #expect(throws: DomainError.valueOutOfBounds(indicator: "hme", value: -1, bounds: 0...100)) {
            try hme.validate(-1)
        }
    }

    @Test("figures by gender only for indicators that split by gender")
    func genders() throws {
        let split = Fixture.hme
        try split.validate(Gender.women)
        let total = try Indicator(
            id: IndicatorID("nki"),
            titleSV: "NKI",
            titleEN: "NKI",
            unit: .index,
            direction: .higher,
            bounds: 0...100,
            splitsByGender: false,
            deadBand: 1,
            decimals: 0
        )
        try total.validate(Gender.total)
        #expect(throws: DomainError.genderNotSplit(indicator: "nki", gender: .men)) { try total.validate(Gender.men) }
    }

    @Test("bounds, dead band, decimals and Kolada id are checked")
    func checksDefinition() throws {
        func make(
            bounds: ClosedRange<Double> = 0...100,
            deadBand: Double = 1,
            decimals: Int = 0,
            kolada: String? = nil
        ) throws -> Indicator {
            try Indicator(
                id: IndicatorID("x"),
                titleSV: "x",
                titleEN: "x",
                unit: .index,
                direction: .higher,
                bounds: bounds,
                splitsByGender: false,
                deadBand: deadBand,
                decimals: decimals,
                koladaID: kolada
            )
        }
        #expect(try make(kolada: "N05401").koladaID == "N05401")
        #expect(throws: DomainError.invalidBounds(indicator: "x", min: 0, max: .infinity)) {
            try make(bounds: 0...Double.infinity)
        }
        #expect(throws: DomainError.invalidDeadBand(indicator: "x", -0.1)) { try make(deadBand: -0.1) }
        #expect(throws: DomainError.invalidDecimals(indicator: "x", 7)) { try make(decimals: 7) }
        for bad in ["n05401", "N0540", "N054011", "NN5401", "Å05401"] {
            #expect(throws: DomainError.invalidKoladaID(bad)) { try make(kolada: bad) }
        }
    }
}
