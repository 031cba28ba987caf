public import Foundation

/// Who may see an observation. Written as a small integer: it is on every observation.
public enum Visibility: UInt8, Codable, Sendable, Hashable, CaseIterable {
    /// Anyone.
    case `public` = 0
    /// Members of the submitter's networks only, until published.
    case network = 1
}

/// One figure: indicator × municipality × period × scope × gender → value or status.
public struct ObservationRecord: Codable, Sendable, Hashable {
    public var indicator: String
    public var municipality: String
    public var period: String
    public var scope: String
    public var gender: String
    /// The figure; `nil` when ``status`` says why there is none.
    public var value: Double?
    /// Kolada's status marker instead of a value: `"-"`, `"."` or `".."`.
    public var status: String?
    /// Where the figure comes from (a report, a Kolada file, `"synthetic"`).
    public var source: String?
    /// Who submitted it.
    public var submitter: String?
    /// When it was submitted.
    public var submittedAt: Date?
    public var visibility: Visibility

    public init(
        indicator: String,
        municipality: String,
        period: String,
        scope: String = "kommun",
        gender: String = "T",
        value: Double? = nil,
        status: String? = nil,
        source: String? = nil,
        submitter: String? = nil,
        submittedAt: Date? = nil,
        visibility: Visibility = .public
    ) {
        self.indicator = indicator
        self.municipality = municipality
        self.period = period
        self.scope = scope
        self.gender = gender
        self.value = value
        self.status = status
        self.source = source
        self.submitter = submitter
        self.submittedAt = submittedAt
        self.visibility = visibility
    }

    enum CodingKeys: Int, CodingKey {
        case indicator = 1
        case municipality = 2
        case period = 3
        case scope = 4
        case gender = 5
        case value = 6
        case status = 7
        case source = 8
        case submitter = 9
        case submittedAt = 10
        case visibility = 11
    }
}

/// Stores a batch of observations; resending the same key returns the first answer.
public struct SubmitRequest: Codable, Sendable, Hashable {
    /// A client-chosen key that makes the submission idempotent.
    public var idempotencyKey: String
    public var observations: [ObservationRecord]

    public init(idempotencyKey: String, observations: [ObservationRecord]) {
        self.idempotencyKey = idempotencyKey
        self.observations = observations
    }

    enum CodingKeys: Int, CodingKey {
        case idempotencyKey = 1
        case observations = 2
    }
}

/// Why one observation of a submission was not stored.
public struct Rejection: Codable, Sendable, Hashable {
    /// Its position in ``SubmitRequest/observations``.
    public var index: UInt32
    public var code: ErrorCode
    public var reason: String

    public init(index: UInt32, code: ErrorCode, reason: String) {
        self.index = index
        self.code = code
        self.reason = reason
    }

    enum CodingKeys: Int, CodingKey {
        case index = 1
        case code = 2
        case reason = 3
    }
}

/// The answer to ``SubmitRequest``.
public struct SubmitResponse: Codable, Sendable, Hashable {
    public var inserted: UInt32
    public var updated: UInt32
    public var unchanged: UInt32
    public var rejected: [Rejection]
    /// True when this answer is a replay of an earlier submission with the same key.
    public var replayed: Bool

    public init(inserted: UInt32, updated: UInt32, unchanged: UInt32, rejected: [Rejection], replayed: Bool = false) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.rejected = rejected
        self.replayed = replayed
    }

    enum CodingKeys: Int, CodingKey {
        case inserted = 1
        case updated = 2
        case unchanged = 3
        case rejected = 4
        case replayed = 5
    }
}

/// Asks for observations matching a query, streamed back as ``ExportBatch`` frames.
public struct ExportRequest: Codable, Sendable, Hashable {
    /// Only these indicators; empty means all.
    public var indicators: [String]
    /// Only these municipalities; empty means all.
    public var municipalities: [String]
    /// First period to include, if bounded.
    public var from: String?
    /// Last period to include, if bounded.
    public var to: String?
    /// Only this scope, if set.
    public var scope: String?
    /// Only this gender, if set.
    public var gender: String?
    /// Observations per batch; the server caps it.
    public var batchSize: UInt32?

    public init(
        indicators: [String] = [],
        municipalities: [String] = [],
        from: String? = nil,
        to: String? = nil,
        scope: String? = nil,
        gender: String? = nil,
        batchSize: UInt32? = nil
    ) {
        self.indicators = indicators
        self.municipalities = municipalities
        self.from = from
        self.to = to
        self.scope = scope
        self.gender = gender
        self.batchSize = batchSize
    }

    enum CodingKeys: Int, CodingKey {
        case indicators = 1
        case municipalities = 2
        case from = 3
        case to = 4
        case scope = 5
        case gender = 6
        case batchSize = 7
    }
}

/// One batch of an export stream; the last batch's frame has the end-of-stream flag.
public struct ExportBatch: Codable, Sendable, Hashable {
    /// 0 for the first batch of the stream, then 1, 2, …
    public var sequence: UInt32
    public var observations: [ObservationRecord]

    public init(sequence: UInt32, observations: [ObservationRecord]) {
        self.sequence = sequence
        self.observations = observations
    }

    enum CodingKeys: Int, CodingKey {
        case sequence = 1
        case observations = 2
    }
}
