@testable import JamforDomain

/// Indicators and observations for hand-worked analytics examples.
enum Fixture {
    static func indicator(
        _ id: String,
        unit: IndicatorUnit = .index,
        direction: Direction,
        bounds: ClosedRange<Double> = 0...100,
        accumulates: Bool = false,
        deadBand: Double
    ) -> Indicator {
        do {
            return try Indicator(
                id: IndicatorID(id),
                titleSV: id,
                titleEN: id,
                unit: unit,
                direction: direction,
                bounds: bounds,
                splitsByGender: true,
                accumulates: accumulates,
                deadBand: deadBand,
                decimals: 1
            )
        } catch {
            preconditionFailure("fixture indicator \(id): \(error)")
        }
    }

    static let hme = indicator("hme", direction: .higher, deadBand: 1)
    static let nki = indicator("nki", direction: .higher, deadBand: 1)
    static let sickLeave = indicator("sick-leave", unit: .percent, direction: .lower, deadBand: 0.2)
    static let turnover = indicator("turnover", unit: .percent, direction: .lower, accumulates: true, deadBand: 0.5)

    static func code(_ text: String) -> MunicipalityCode {
        do { return try MunicipalityCode(text) } catch { preconditionFailure("fixture code \(text)") }
    }

    static func period(_ text: String) -> Period {
        do { return try Period(text) } catch { preconditionFailure("fixture period \(text)") }
    }

    /// An observation of `indicator` for municipality `code`: a value, or a status marker when `value` is nil.
    static func observation(
        _ indicator: Indicator,
        _ code: String,
        _ value: Double?,
        period: String = "2023",
        scope: Scope = .kommun,
        gender: Gender = .total,
        status: StatusMarker = .missing,
        synthetic: Bool = false
    ) -> Observation {
        let reading: Reading
        if let value {
            do { reading = try Reading(value: value) } catch { preconditionFailure("fixture value \(value)") }
        } else {
            reading = Reading(status: status)
        }
        return Observation(
            key: SeriesKey(
                indicator: indicator.id,
                municipality: self.code(code),
                period: self.period(period),
                scope: scope,
                gender: gender
            ),
            reading: reading,
            source: synthetic
                ? Source(kind: .synthetic, reference: "jamfor-datagen/1 seed=1")
                : Source(kind: .report, reference: "test")
        )
    }

    /// A slice of `indicator` for 2023 (or `period`) from `(code, value)` pairs; nil values become `-` markers.
    static func slice(
        _ indicator: Indicator,
        _ values: [(String, Double?)],
        period: String = "2023"
    ) throws -> IndicatorSlice {
        try IndicatorSlice(
            indicator: indicator,
            period: self.period(period),
            observations: values.map { observation(indicator, $0.0, $0.1, period: period) }
        )
    }

    /// Eight municipality codes in ascending order, for sets of up to eight.
    static let codes = ["0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127"]
}
