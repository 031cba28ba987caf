public import Foundation
public import JamforDomain

/// Where the server keeps its registry, observations, submissions and accounts.
///
/// Handlers talk only to this protocol, so that another engine can be added without touching them.
/// Every method is safe to call from many tasks at once.
public protocol Storage: Sendable {
    /// The municipalities, networks and indicators.
    func registry() async throws(StorageError) -> Registry

    /// Whether nothing has been stored yet (no municipalities): a first start.
    func isEmpty() async throws(StorageError) -> Bool

    /// Stores a whole dataset (registry, observations, targets, baselines) in one transaction.
    func load(_ dataset: Dataset) async throws(StorageError)

    /// Every observation of one indicator, period, scope and gender that `viewer` may see, for all
    /// municipalities: the national slice a ranking is made from.
    func observations(
        of indicator: IndicatorID,
        period: Period,
        scope: Scope,
        gender: Gender,
        visibleTo viewer: Viewer
    ) async throws(StorageError) -> [Observation]

    /// The observations of one indicator, scope and gender for the same cut across the years
    /// `years`, for `municipalities` (nil: all) that `viewer` may see: what a trend is made from.
    func series(
        of indicator: IndicatorID,
        cut throughMonth: Int?,
        years: ClosedRange<Int>,
        scope: Scope,
        gender: Gender,
        municipalities: [MunicipalityCode]?,
        visibleTo viewer: Viewer
    ) async throws(StorageError) -> [Observation]

    /// The targets of `municipality` for one indicator, scope and gender, by year.
    func targets(
        of indicator: IndicatorID,
        municipality: MunicipalityCode,
        scope: Scope,
        gender: Gender
    ) async throws(StorageError) -> [Target]

    /// Stores a validated batch in one transaction, idempotently.
    ///
    /// The first submission with `key` by `principal` stores the observations (each inserted,
    /// updated with a revision of the old figure, or left unchanged) and records the outcome. A
    /// later one with the same key and the same `digest` stores nothing and returns the recorded
    /// outcome with `replayed` set; with another digest it fails with ``StorageError/conflict(key:)``.
    func submit(
        _ observations: [Observation],
        rejected: [SubmissionRejection],
        key: String,
        digest: [UInt8],
        principal: String
    ) async throws(StorageError) -> SubmissionOutcome

    /// One page of an export, in a stable order, starting after `cursor` (nil: from the start).
    /// Returns the page and the cursor to continue from, nil when the export is complete.
    func exportPage(
        _ filter: ExportFilter,
        after cursor: ExportCursor?,
        limit: Int,
        visibleTo viewer: Viewer
    ) async throws(StorageError) -> (observations: [Observation], next: ExportCursor?)

    /// How many indicators the catalog holds: a cheap look for ones added since the registry was read.
    func indicatorCount() async throws(StorageError) -> Int

    /// Adds `indicators` after the stored ones, in one transaction, and returns the ids it added.
    ///
    /// One stored already with exactly the same definition is left as it is, so adding the same
    /// indicators twice is harmless.
    /// - Throws: ``StorageError/indicatorConflict(id:reason:)`` when an id or a Kolada id is taken by
    ///   a different definition; then nothing is added.
    func addIndicators(_ indicators: [Indicator]) async throws(StorageError) -> [IndicatorID]

    /// The earlier figures of one observation, newest first.
    func revisions(of key: SeriesKey) async throws(StorageError) -> [Revision]

    /// Adds an account with a token hash; the name must be new.
    func createAccount(_ account: Account) async throws(StorageError)

    /// The account named `name`, revoked or not; the caller checks the token hash and revocation.
    func account(named name: String) async throws(StorageError) -> Account?

    /// All accounts, revoked ones included, by name.
    func accounts() async throws(StorageError) -> [Account]

    /// Revokes an account's token; returns whether there was such an account.
    func revokeAccount(named name: String, at time: Date) async throws(StorageError) -> Bool

    /// Flushes and closes the database; later calls fail with ``StorageError/closed``.
    func close() async throws(StorageError)
}

/// A principal's account: who it is, what it may do, and the hash of its token.
public struct Account: Sendable, Hashable {
    /// The user name given in `Hello.credentials`.
    public var name: String
    public var role: Role
    /// The municipality a member is bound to; nil for admins and readers.
    public var municipality: MunicipalityCode?
    /// SHA-256 of the token: the token itself is never stored.
    public var tokenHash: [UInt8]
    public var createdAt: Date
    /// When the token was revoked; a revoked account cannot log in.
    public var revokedAt: Date?

    public init(
        name: String,
        role: Role,
        municipality: MunicipalityCode? = nil,
        tokenHash: [UInt8],
        createdAt: Date,
        revokedAt: Date? = nil
    ) {
        self.name = name
        self.role = role
        self.municipality = municipality
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// An observation of a submission that was not stored, and why.
public struct SubmissionRejection: Sendable, Hashable {
    /// Its position in the submitted batch, from 0.
    public var index: Int
    /// The protocol error code (`ErrorCode.rawValue`).
    public var code: UInt16
    public var reason: String

    public init(index: Int, code: UInt16, reason: String) {
        self.index = index
        self.code = code
        self.reason = reason
    }
}

/// What a submission did.
public struct SubmissionOutcome: Sendable, Hashable {
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    public var rejected: [SubmissionRejection]
    /// Whether this repeats the answer to an earlier submission with the same key.
    public var replayed: Bool

    public init(
        inserted: Int = 0,
        updated: Int = 0,
        unchanged: Int = 0,
        rejected: [SubmissionRejection] = [],
        replayed: Bool = false
    ) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.rejected = rejected
        self.replayed = replayed
    }
}

/// An earlier figure of an observation, kept when a submission changed it.
public struct Revision: Sendable, Hashable {
    /// The figure before the change.
    public var reading: Reading
    public var source: Source
    public var visibility: Visibility
    /// Who changed it.
    public var changedBy: String
    /// When it was changed.
    public var changedAt: Date

    public init(reading: Reading, source: Source, visibility: Visibility, changedBy: String, changedAt: Date) {
        self.reading = reading
        self.source = source
        self.visibility = visibility
        self.changedBy = changedBy
        self.changedAt = changedAt
    }
}

/// Which observations an export covers; every filter must match.
public struct ExportFilter: Sendable, Hashable {
    /// Only these indicators; empty means all.
    public var indicators: [IndicatorID]
    /// Only these municipalities; empty means all.
    public var municipalities: [MunicipalityCode]
    /// Only periods from this one on (by ``Period`` order).
    public var from: Period?
    /// Only periods up to this one.
    public var to: Period?
    public var scope: Scope?
    public var gender: Gender?

    public init(
        indicators: [IndicatorID] = [],
        municipalities: [MunicipalityCode] = [],
        from: Period? = nil,
        to: Period? = nil,
        scope: Scope? = nil,
        gender: Gender? = nil
    ) {
        self.indicators = indicators
        self.municipalities = municipalities
        self.from = from
        self.to = to
        self.scope = scope
        self.gender = gender
    }
}

/// Where an export continues: opaque to callers.
public struct ExportCursor: Sendable, Hashable {
    /// The storage engine's position (for SQLite, the last row id sent).
    public let position: Int64

    public init(position: Int64) { self.position = position }
}

/// A storage failure.
public enum StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// A migration failed.
    case migrationFailed(version: String, reason: String)
    /// The database engine reported an error.
    case database(reason: String)
    /// A stored row could not be read back as a domain value: the file was changed outside Jamfor.
    case corruptRow(table: String, reason: String)
    /// An idempotency key reused for a different batch.
    case conflict(key: String)
    /// An account name that already exists.
    case accountExists(String)
    /// An indicator to add whose id or Kolada id is taken by a different definition.
    case indicatorConflict(id: String, reason: String)
    /// The storage was closed.
    case closed

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the database \(path): \(reason); check the path and its permissions"
        case .migrationFailed(let version, let reason):
            return "the database migration \(version) failed: \(reason); restore a backup or start a new database"
        case .database(let reason):
            return "the database failed: \(reason)"
        case .corruptRow(let table, let reason):
            return "a row of \(table) cannot be read: \(reason); the database was changed outside Jamfor"
        case .conflict(let key):
            return "the idempotency key \(key) was already used for a different batch; use a new key for new figures"
        case .accountExists(let name):
            return "an account named \(name) already exists; choose another name or revoke the old one"
        case .indicatorConflict(let id, let reason):
            return "the indicator \(id) cannot be added: \(reason)"
        case .closed:
            return "the database is closed"
        }
    }
}
