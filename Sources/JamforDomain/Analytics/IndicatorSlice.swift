/// The figures of one indicator for one period, scope and gender: what a comparison is made over.
///
/// Building a slice is where comparability is guarded: a figure of another indicator, period,
/// scope or gender is an error, not something to drop silently.
public struct IndicatorSlice: Sendable {
    /// The indicator every figure is of.
    public let indicator: Indicator
    /// The period, scope and gender every figure has.
    public let period: Period
    public let scope: Scope
    public let gender: Gender
    /// Municipalities with an observation, in the order given.
    public let municipalities: [MunicipalityCode]
    /// The readings, parallel to ``municipalities``.
    public let readings: [Reading]
    /// Whether each reading is synthetic, parallel to ``municipalities``.
    public let synthetic: [Bool]
    private let index: [MunicipalityCode: Int]

    /// Builds a slice and checks that every observation belongs to it.
    ///
    /// - Parameter registry: when given, a figure of another indicator is reported as a unit
    ///   mismatch if the units differ.
    public init(
        indicator: Indicator,
        period: Period,
        scope: Scope = .kommun,
        gender: Gender = .total,
        observations: some Sequence<Observation>,
        registry: Registry? = nil
    ) throws(AnalyticsError) {
        var municipalities: [MunicipalityCode] = []
        var readings: [Reading] = []
        var synthetic: [Bool] = []
        var index: [MunicipalityCode: Int] = [:]
        index.reserveCapacity(observations.underestimatedCount)
        municipalities.reserveCapacity(observations.underestimatedCount)
        readings.reserveCapacity(observations.underestimatedCount)
        synthetic.reserveCapacity(observations.underestimatedCount)
        for observation in observations {
            let key = observation.key
            if key.indicator != indicator.id {
                if let other = registry?.indicator(key.indicator), other.unit != indicator.unit {
                    throw .mixedUnits(indicator.unit, other.unit)
                }
                throw .mixedIndicators(indicator.id, key.indicator)
            }
            guard key.period == period else { throw .mixedPeriods(period, key.period) }
            guard key.scope == scope else { throw .mixedScopes(scope, key.scope) }
            guard key.gender == gender else { throw .mixedGenders(gender, key.gender) }
            guard index.updateValue(municipalities.count, forKey: key.municipality) == nil else {
                throw .duplicateMunicipality(key.municipality)
            }
            municipalities.append(key.municipality)
            readings.append(observation.reading)
            synthetic.append(observation.source.isSynthetic)
        }
        self.indicator = indicator
        self.period = period
        self.scope = scope
        self.gender = gender
        self.municipalities = municipalities
        self.readings = readings
        self.synthetic = synthetic
        self.index = index
    }

    /// The reading for `code`, or nil when the slice has no observation for it.
    public func reading(for code: MunicipalityCode) -> Reading? {
        index[code].map { readings[$0] }
    }

    /// Whether the figure for `code` is synthetic; false when there is none.
    public func isSynthetic(_ code: MunicipalityCode) -> Bool {
        index[code].map { synthetic[$0] } ?? false
    }

    /// The position of `code` in ``municipalities``, for reading several parallel arrays with one look-up.
    func position(of code: MunicipalityCode) -> Int? { index[code] }

    /// Whether any figure in the slice is synthetic.
    public var containsSynthetic: Bool { synthetic.contains(true) }

    /// The values of all municipalities that have one, in the order given.
    public var values: [Double] { readings.compactMap(\.value) }

    /// Checks that `other` holds the same cut of the same series one year earlier.
    func checkPrevious(_ other: IndicatorSlice) throws(AnalyticsError) {
        guard other.indicator.id == indicator.id else { throw .mixedIndicators(indicator.id, other.indicator.id) }
        guard other.scope == scope else { throw .mixedScopes(scope, other.scope) }
        guard other.gender == gender else { throw .mixedGenders(gender, other.gender) }
        guard other.period == period.previousEqual else {
            throw .notPreviousEqualPeriod(current: period, previous: other.period)
        }
    }
}
