import Foundation
import GRDB
public import JamforDomain

extension SQLiteStorage {
    /// The national slice of one indicator, period, scope and gender that `viewer` may see, by
    /// municipality code. One range of the `observations_key` index, however much else is stored.
    public func observations(
        of indicator: IndicatorID,
        period: Period,
        scope: Scope,
        gender: Gender,
        visibleTo viewer: Viewer
    ) async throws(StorageError) -> [Observation] {
        let query = Self.sliceQuery(indicator: indicator, period: period, scope: scope, gender: gender, viewer: viewer)
        return try await read { db in try Self.fetchObservations(db, query) }
    }

    /// The observations of one indicator, scope, gender and cut over `years` that `viewer` may see,
    /// for `municipalities` (nil: all; empty: none), by year and then municipality code. One range
    /// of the `observations_key` index.
    public func series(
        of indicator: IndicatorID,
        cut throughMonth: Int?,
        years: ClosedRange<Int>,
        scope: Scope,
        gender: Gender,
        municipalities: [MunicipalityCode]?,
        visibleTo viewer: Viewer
    ) async throws(StorageError) -> [Observation] {
        if let municipalities, municipalities.isEmpty { return [] }
        let query = Self.seriesQuery(
            indicator: indicator,
            cut: throughMonth,
            years: years,
            scope: scope,
            gender: gender,
            municipalities: municipalities,
            viewer: viewer
        )
        return try await read { db in try Self.fetchObservations(db, query) }
    }

    /// The targets of `municipality` for one indicator, scope and gender, by year.
    public func targets(
        of indicator: IndicatorID,
        municipality: MunicipalityCode,
        scope: Scope,
        gender: Gender
    ) async throws(StorageError) -> [Target] {
        try await read { db in
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT indicator_id, municipality_code, year, scope, gender, value, source_kind,
                            source_reference, note
                        FROM targets
                        WHERE indicator_id = ? AND municipality_code = ? AND scope = ? AND gender = ?
                        ORDER BY year
                        """
                ),
                arguments: [indicator.rawValue, municipality.rawValue, scope.rawValue, gender.rawValue]
            )
            var targets: [Target] = []
            while let row = try rows.next() { targets.append(try Self.target(row)) }
            return targets
        }
    }

    /// One page of an export in rowid order, after `cursor`; the cursor is nil after the last page.
    ///
    /// Keyset pagination: each page starts at `id > cursor`, so a page costs the same wherever it
    /// is and figures added meanwhile cannot shift or repeat rows. `limit` is clamped to
    /// 1…2,147,483,647 (the caller caps it far lower; the clamp only keeps `limit + 1` from trapping).
    public func exportPage(
        _ filter: ExportFilter,
        after cursor: ExportCursor?,
        limit: Int,
        visibleTo viewer: Viewer
    ) async throws(StorageError) -> (observations: [Observation], next: ExportCursor?) {
        let pageSize = min(max(limit, 1), Int(Int32.max))
        let query = Self.exportQuery(filter, after: cursor, limit: pageSize, viewer: viewer)
        return try await read { db in
            var observations: [Observation] = []
            observations.reserveCapacity(min(pageSize, 16_384))
            var decoder = ObservationRowDecoder()
            var last: Int64?
            var next: ExportCursor?
            let statement = try db.makeStatement(sql: query.sql)
            let cursor = try Row.fetchCursor(statement, arguments: query.arguments)
            while let row = try cursor.next() {
                // One row more than a page was asked for: its presence says whether another page
                // follows, so the last page already ends the export instead of leaving an empty page
                // to fetch. It is not decoded: the next page starts with it.
                if observations.count == pageSize {
                    next = last.map { ExportCursor(position: $0) }
                    break
                }
                let (id, observation) = try decoder.observation(row, of: statement)
                observations.append(observation)
                last = id
            }
            return (observations, next)
        }
    }

    /// The earlier figures of one observation, newest first.
    public func revisions(of key: SeriesKey) async throws(StorageError) -> [Revision] {
        try await read { db in
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT r.value, r.status, r.source_kind, r.source_reference, r.visibility, r.changed_by,
                            r.changed_at
                        FROM revisions r
                        WHERE r.observation_id = (SELECT id FROM observations WHERE \(SQLiteCoding.keyCondition))
                        ORDER BY r.changed_at DESC, r.id DESC
                        """
                ),
                arguments: SQLiteCoding.keyArguments(key)
            )
            var revisions: [Revision] = []
            while let row = try rows.next() {
                let reader = RowReader(row: row, table: "revisions")
                revisions.append(
                    Revision(
                        reading: try reader.reading(value: 0, status: 1),
                        source: try reader.source(kind: 2, reference: 3),
                        visibility: try reader.parse(4, Visibility.init(parsing:)),
                        changedBy: try reader.decode(5),
                        changedAt: try reader.requiredDate(6)
                    )
                )
            }
            return revisions
        }
    }

    // MARK: - Queries

    /// An SQL query with its arguments.
    struct Query: Sendable {
        var sql: String
        var arguments: StatementArguments
    }

    /// The query of ``observations(of:period:scope:gender:visibleTo:)``: equality on the first five
    /// columns of `observations_key`, so SQLite searches that index.
    static func sliceQuery(
        indicator: IndicatorID,
        period: Period,
        scope: Scope,
        gender: Gender,
        viewer: Viewer
    ) -> Query {
        var arguments: StatementArguments = [
            indicator.rawValue, scope.rawValue, gender.rawValue, SQLiteCoding.throughMonth(period), period.year,
        ]
        var conditions = ["indicator_id = ?", "scope = ?", "gender = ?", "through_month = ?", "year = ?"]
        if let visibility = visibilityCondition(viewer, arguments: &arguments) { conditions.append(visibility) }
        return Query(
            sql: """
                SELECT \(SQLiteCoding.observationColumns) FROM observations
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY municipality_code
                """,
            arguments: arguments
        )
    }

    /// The query of ``series(of:cut:years:scope:gender:municipalities:visibleTo:)``: equality on the
    /// first four columns of `observations_key` and a range on the fifth, the year.
    static func seriesQuery(
        indicator: IndicatorID,
        cut throughMonth: Int?,
        years: ClosedRange<Int>,
        scope: Scope,
        gender: Gender,
        municipalities: [MunicipalityCode]?,
        viewer: Viewer
    ) -> Query {
        var arguments: StatementArguments = [
            indicator.rawValue, scope.rawValue, gender.rawValue, throughMonth ?? SQLiteCoding.wholeYear,
            years.lowerBound, years.upperBound,
        ]
        var conditions = [
            "indicator_id = ?", "scope = ?", "gender = ?", "through_month = ?", "year BETWEEN ? AND ?",
        ]
        if let municipalities {
            let codes = Set(municipalities.map(\.rawValue)).sorted()
            conditions.append("municipality_code IN (\(SQLiteCoding.placeholders(codes.count)))")
            arguments += StatementArguments(codes)
        }
        if let visibility = visibilityCondition(viewer, arguments: &arguments) { conditions.append(visibility) }
        return Query(
            sql: """
                SELECT \(SQLiteCoding.observationColumns) FROM observations
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY year, municipality_code
                """,
            arguments: arguments
        )
    }

    /// The query of one export page, fetching `limit + 1` rows.
    ///
    /// The filter columns are written `+column` so that SQLite does not pick an index for them: a
    /// page must walk the rowid from the cursor on, which reads the table once over the whole
    /// export, where an index search would sort every remaining match again for every page.
    static func exportQuery(_ filter: ExportFilter, after cursor: ExportCursor?, limit: Int, viewer: Viewer) -> Query {
        var arguments = StatementArguments()
        var conditions: [String] = []
        if let cursor {
            conditions.append("id > ?")
            arguments += [cursor.position]
        }
        if !filter.indicators.isEmpty {
            let ids = Set(filter.indicators.map(\.rawValue)).sorted()
            conditions.append("+indicator_id IN (\(SQLiteCoding.placeholders(ids.count)))")
            arguments += StatementArguments(ids)
        }
        if !filter.municipalities.isEmpty {
            let codes = Set(filter.municipalities.map(\.rawValue)).sorted()
            conditions.append("+municipality_code IN (\(SQLiteCoding.placeholders(codes.count)))")
            arguments += StatementArguments(codes)
        }
        // Row values compare like ``Period``: by year, then cuts before the whole year.
        if let from = filter.from {
            conditions.append("(+year, +through_month) >= (?, ?)")
            arguments += [from.year, SQLiteCoding.throughMonth(from)]
        }
        if let to = filter.to {
            conditions.append("(+year, +through_month) <= (?, ?)")
            arguments += [to.year, SQLiteCoding.throughMonth(to)]
        }
        if let scope = filter.scope {
            conditions.append("+scope = ?")
            arguments += [scope.rawValue]
        }
        if let gender = filter.gender {
            conditions.append("+gender = ?")
            arguments += [gender.rawValue]
        }
        if let visibility = visibilityCondition(viewer, arguments: &arguments) { conditions.append(visibility) }
        arguments += [limit + 1]
        let whereClause = conditions.isEmpty ? "" : "WHERE \(conditions.joined(separator: " AND "))"
        return Query(
            sql: "SELECT \(SQLiteCoding.observationColumns) FROM observations \(whereClause) ORDER BY id LIMIT ?",
            arguments: arguments
        )
    }

    /// The SQL form of ``Viewer/maySee(_:of:)``: nil when the viewer sees everything.
    static func visibilityCondition(_ viewer: Viewer, arguments: inout StatementArguments) -> String? {
        if viewer.seesEverything { return nil }
        if viewer.networkMembers.isEmpty { return "visibility = 'public'" }
        let members = viewer.networkMembers.map(\.rawValue).sorted()
        arguments += StatementArguments(members)
        return "(visibility = 'public' OR municipality_code IN (\(SQLiteCoding.placeholders(members.count))))"
    }

    private static func fetchObservations(_ db: Database, _ query: Query) throws -> [Observation] {
        // Not cached: the SQL varies with the viewer's and the filter's lists, and an unbounded
        // statement cache would grow with every distinct list length.
        let cursor = try Row.fetchCursor(db.makeStatement(sql: query.sql), arguments: query.arguments)
        var observations: [Observation] = []
        while let row = try cursor.next() { observations.append(try SQLiteCoding.observation(row).observation) }
        return observations
    }

    private static func target(_ row: Row) throws(StorageError) -> Target {
        let reader = RowReader(row: row, table: "targets")
        let indicator = try reader.parse(0, IndicatorID.init)
        let municipality = try reader.parse(1, MunicipalityCode.init)
        let year: Int = try reader.decode(2)
        let scope = try reader.parse(3, Scope.init(parsing:))
        let gender = try reader.parse(4, Gender.init(parsing:))
        let value: Double = try reader.decode(5)
        let source = try reader.source(kind: 6, reference: 7)
        let note: String? = try reader.decode(8)
        do {
            return try Target(
                indicator: indicator,
                municipality: municipality,
                year: year,
                scope: scope,
                gender: gender,
                value: value,
                source: source,
                note: note
            )
        } catch {
            throw reader.corrupt(5, error.description)
        }
    }
}
