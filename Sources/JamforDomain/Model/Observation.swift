public import Foundation

/// A figure, or Kolada's marker for why there is none. A value is always finite.
public struct Reading: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The figure, when there is one.
    public let value: Double?
    /// The marker, when there is no figure.
    public let status: StatusMarker?

    /// A figure; NaN and infinities are refused.
    public init(value: Double) throws(DomainError) {
        guard value.isFinite else { throw .nonFiniteValue(value) }
        self.value = value
        self.status = nil
    }

    /// A marker instead of a figure.
    public init(status: StatusMarker) {
        self.value = nil
        self.status = status
    }

    public var description: String {
        if let value { return String(value) }
        return status?.rawValue ?? StatusMarker.missing.rawValue
    }

    private enum CodingKeys: String, CodingKey {
        case value, status
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let value = try container.decodeIfPresent(Double.self, forKey: .value) {
            try self.init(value: value)
        } else {
            try self.init(status: container.decode(StatusMarker.self, forKey: .status))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(value, forKey: .value)
        try container.encodeIfPresent(status, forKey: .status)
    }
}

/// Where a figure comes from.
public enum SourceKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A municipality's own report; the reference names the document.
    case report
    /// A Kolada data file.
    case kolada
    /// Submitted to Jamfor by a member.
    case submission
    /// Made up by the dataset generator for demos and scale tests: not a real figure.
    case synthetic
}

/// The provenance of a figure: a kind and a reference within it, written `kind:reference`
/// (`report:001_034fdc850437dc3c.txt`, `synthetic:jamfor-datagen/1 seed=2026`).
public struct Source: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kind: SourceKind
    /// The document, file or tool the figure comes from.
    public var reference: String

    public init(kind: SourceKind, reference: String) {
        self.kind = kind
        self.reference = reference
    }

    /// Parses `kind:reference`.
    public init(_ text: String) throws(DomainError) {
        guard let colon = text.firstIndex(of: ":"), let kind = SourceKind(rawValue: String(text[..<colon])) else {
            throw .invalidSource(text)
        }
        let reference = String(text[text.index(after: colon)...])
        guard !reference.isEmpty else { throw .invalidSource(text) }
        self.init(kind: kind, reference: reference)
    }

    /// Whether the figure is made up rather than measured.
    public var isSynthetic: Bool { kind == .synthetic }

    public var description: String { "\(kind.rawValue):\(reference)" }
}

/// The dimensions that identify one figure: indicator × municipality × period × scope × gender.
public struct SeriesKey: Sendable, Hashable, Codable {
    /// What is measured.
    public var indicator: IndicatorID
    /// Whose figure it is.
    public var municipality: MunicipalityCode
    /// The year or year-to-date cut it covers.
    public var period: Period
    /// The whole organisation or the executive board's administration.
    public var scope: Scope
    /// Total, women or men.
    public var gender: Gender

    public init(
        indicator: IndicatorID,
        municipality: MunicipalityCode,
        period: Period,
        scope: Scope = .kommun,
        gender: Gender = .total
    ) {
        self.indicator = indicator
        self.municipality = municipality
        self.period = period
        self.scope = scope
        self.gender = gender
    }
}

/// One municipality's figure for one indicator, period, scope and gender, with its provenance.
public struct Observation: Sendable, Hashable, Codable {
    /// Which figure this is.
    public var key: SeriesKey
    /// The figure or the marker that stands in for it.
    public var reading: Reading
    /// Where the figure comes from; synthetic figures say so here.
    public var source: Source
    /// Who submitted it: a principal's name, or nil for dataset figures.
    public var submitter: String?
    /// When it was recorded, or nil for dataset figures.
    public var recordedAt: Date?
    /// Who may see it: anyone, or the municipality's networks only.
    public var visibility: Visibility
    /// Free text from the source, such as which table of a report the figure is in.
    public var note: String?

    public init(
        key: SeriesKey,
        reading: Reading,
        source: Source,
        submitter: String? = nil,
        recordedAt: Date? = nil,
        visibility: Visibility = .public,
        note: String? = nil
    ) {
        self.key = key
        self.reading = reading
        self.source = source
        self.submitter = submitter
        self.recordedAt = recordedAt
        self.visibility = visibility
        self.note = note
    }

    /// The figure, when there is one.
    public var value: Double? { reading.value }
}

/// A municipality's goal for an indicator in a year.
public struct Target: Sendable, Hashable, Codable {
    /// What the goal is about.
    public var indicator: IndicatorID
    /// Whose goal it is.
    public var municipality: MunicipalityCode
    /// The year the goal is for.
    public var year: Int
    /// The organisation the goal is set for.
    public var scope: Scope
    /// Total, women or men.
    public var gender: Gender
    /// The goal: reached when the figure is at least this (higher is better) or at most this (lower).
    public var value: Double
    /// The document the goal is stated in.
    public var source: Source
    /// Where in the document, or how the goal is worded.
    public var note: String?

    /// A goal; NaN, infinities and years outside ``Period/years`` are refused.
    public init(
        indicator: IndicatorID,
        municipality: MunicipalityCode,
        year: Int,
        scope: Scope = .kommun,
        gender: Gender = .total,
        value: Double,
        source: Source,
        note: String? = nil
    ) throws(DomainError) {
        guard value.isFinite else { throw .nonFiniteValue(value) }
        guard Period.years.contains(year) else { throw .periodYearOutOfRange(String(year), year: year) }
        self.indicator = indicator
        self.municipality = municipality
        self.year = year
        self.scope = scope
        self.gender = gender
        self.value = value
        self.source = source
        self.note = note
    }
}

/// A starting level a report states without a year ("Startläge"): kept for reference, never
/// compared as an observation.
public struct Baseline: Sendable, Hashable, Codable {
    /// What is measured.
    public var indicator: IndicatorID
    /// Whose starting level it is.
    public var municipality: MunicipalityCode
    /// The whole organisation or the executive board's administration.
    public var scope: Scope
    /// Total, women or men.
    public var gender: Gender
    /// The starting level.
    public var value: Double
    /// The document that states it.
    public var source: Source
    /// Where in the document.
    public var note: String?

    /// A baseline; NaN and infinities are refused.
    public init(
        indicator: IndicatorID,
        municipality: MunicipalityCode,
        scope: Scope,
        gender: Gender,
        value: Double,
        source: Source,
        note: String? = nil
    ) throws(DomainError) {
        guard value.isFinite else { throw .nonFiniteValue(value) }
        self.indicator = indicator
        self.municipality = municipality
        self.scope = scope
        self.gender = gender
        self.value = value
        self.source = source
        self.note = note
    }
}
