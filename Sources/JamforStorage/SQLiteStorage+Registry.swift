import Foundation
import GRDB
public import JamforDomain

extension SQLiteStorage {
    /// The municipalities (by code), the networks and indicators (in the order they were loaded).
    public func registry() async throws(StorageError) -> Registry {
        try await read { db in try Self.readRegistry(db) }
    }

    /// Whether no municipality is stored: nothing was loaded yet.
    public func isEmpty() async throws(StorageError) -> Bool {
        try await read { db in
            try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM municipalities)") ?? true
        }
    }

    /// Stores `dataset` in one transaction, merging it into what is stored.
    ///
    /// Counties, municipalities, networks, indicators, observations, targets and baselines are
    /// inserted, or replace the stored row with the same key (a network's member list is replaced
    /// as a whole). Nothing else is deleted: submitted figures for other keys and accounts stay.
    /// Loading does not write revisions: it is an administrator's import, not a member's change.
    public func load(_ dataset: Dataset) async throws(StorageError) {
        try await write { db in try Self.write(dataset, to: db) }
    }

    // MARK: - Reading

    private static func readRegistry(_ db: Database) throws -> Registry {
        var municipalities: [Municipality] = []
        let municipalityRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT m.code, m.name, c.code, c.name
                FROM municipalities m JOIN counties c ON c.code = m.county_code
                ORDER BY m.code
                """
        )
        while let row = try municipalityRows.next() {
            let reader = RowReader(row: row, table: "municipalities")
            municipalities.append(
                Municipality(
                    code: try reader.parse(0, MunicipalityCode.init),
                    name: try reader.decode(1),
                    county: County(code: try reader.parse(2, CountyCode.init), name: try reader.decode(3))
                )
            )
        }

        var members: [String: [MunicipalityCode]] = [:]
        let memberRows = try Row.fetchCursor(
            db,
            sql: "SELECT network_id, municipality_code FROM network_members ORDER BY network_id, position"
        )
        while let row = try memberRows.next() {
            let reader = RowReader(row: row, table: "network_members")
            let network: String = try reader.decode(0)
            members[network, default: []].append(try reader.parse(1, MunicipalityCode.init))
        }

        var networks: [Network] = []
        let networkRows = try Row.fetchCursor(
            db,
            sql: "SELECT id, name, description FROM networks ORDER BY position, id"
        )
        while let row = try networkRows.next() {
            let reader = RowReader(row: row, table: "networks")
            let id = try reader.parse(0, NetworkID.init)
            networks.append(
                Network(
                    id: id,
                    name: try reader.decode(1),
                    members: members[id.rawValue] ?? [],
                    description: try reader.decode(2)
                )
            )
        }

        let indicators = try storedIndicators(db)

        do {
            return try Registry(municipalities: municipalities, networks: networks, indicators: indicators)
        } catch {
            throw StorageError.corruptRow(table: "networks", reason: error.description)
        }
    }

    /// The indicator catalog, in its order.
    static func storedIndicators(_ db: Database) throws -> [Indicator] {
        var indicators: [Indicator] = []
        let indicatorRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, title_sv, title_en, unit, direction, min_value, max_value, splits_by_gender,
                    accumulates, dead_band, decimals, kolada_id, about
                FROM indicators ORDER BY position, id
                """
        )
        while let row = try indicatorRows.next() {
            indicators.append(try indicator(row))
        }
        return indicators
    }

    private static func indicator(_ row: Row) throws(StorageError) -> Indicator {
        let reader = RowReader(row: row, table: "indicators")
        let min: Double = try reader.decode(5)
        let max: Double = try reader.decode(6)
        guard min <= max else { throw reader.corrupt(6, "the bounds \(min)–\(max) are empty") }
        do {
            return try Indicator(
                id: try reader.parse(0, IndicatorID.init),
                titleSV: try reader.decode(1),
                titleEN: try reader.decode(2),
                unit: try reader.parse(3, IndicatorUnit.init(parsing:)),
                direction: try reader.parse(4, Direction.init(parsing:)),
                bounds: min...max,
                splitsByGender: try reader.decode(7),
                accumulates: try reader.decode(8),
                deadBand: try reader.decode(9),
                decimals: try reader.decode(10),
                koladaID: try reader.decode(11),
                about: try reader.decode(12)
            )
        } catch let error as StorageError {
            throw error
        } catch let error as DomainError {
            throw StorageError.corruptRow(table: "indicators", reason: error.description)
        } catch {
            throw StorageError.corruptRow(table: "indicators", reason: "\(error)")
        }
    }

    // MARK: - Loading

    private static func write(_ dataset: Dataset, to db: Database) throws {
        let registry = dataset.registry

        let county = try db.cachedStatement(
            sql: "INSERT INTO counties (code, name) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET name = excluded.name"
        )
        var counties = Set<CountyCode>()
        for municipality in registry.municipalities where counties.insert(municipality.county.code).inserted {
            try county.execute(arguments: [municipality.county.code.rawValue, municipality.county.name])
        }

        let municipality = try db.cachedStatement(
            sql: """
                INSERT INTO municipalities (code, name, county_code) VALUES (?, ?, ?)
                ON CONFLICT(code) DO UPDATE SET name = excluded.name, county_code = excluded.county_code
                """
        )
        for item in registry.municipalities {
            try municipality.execute(arguments: [item.code.rawValue, item.name, item.county.code.rawValue])
        }

        let network = try db.cachedStatement(
            sql: """
                INSERT INTO networks (id, name, description, position) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET
                    name = excluded.name, description = excluded.description, position = excluded.position
                """
        )
        let clearMembers = try db.cachedStatement(sql: "DELETE FROM network_members WHERE network_id = ?")
        let member = try db.cachedStatement(
            sql: "INSERT INTO network_members (network_id, municipality_code, position) VALUES (?, ?, ?)"
        )
        for (position, item) in registry.networks.enumerated() {
            try network.execute(arguments: [item.id.rawValue, item.name, item.description, position])
            try clearMembers.execute(arguments: [item.id.rawValue])
            for (memberPosition, code) in item.members.enumerated() {
                try member.execute(arguments: [item.id.rawValue, code.rawValue, memberPosition])
            }
        }

        let indicator = try db.cachedStatement(
            sql: """
                INSERT INTO indicators (id, position, title_sv, title_en, unit, direction, min_value, max_value,
                    splits_by_gender, accumulates, dead_band, decimals, kolada_id, about)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET
                    position = excluded.position, title_sv = excluded.title_sv, title_en = excluded.title_en,
                    unit = excluded.unit, direction = excluded.direction, min_value = excluded.min_value,
                    max_value = excluded.max_value, splits_by_gender = excluded.splits_by_gender,
                    accumulates = excluded.accumulates, dead_band = excluded.dead_band,
                    decimals = excluded.decimals, kolada_id = excluded.kolada_id, about = excluded.about
                """
        )
        for (position, item) in registry.indicators.enumerated() {
            try indicator.execute(arguments: [
                item.id.rawValue, position, item.titleSV, item.titleEN, item.unit.rawValue, item.direction.rawValue,
                item.bounds.lowerBound, item.bounds.upperBound, item.splitsByGender, item.accumulates, item.deadBand,
                item.decimals, item.koladaID, item.about,
            ])
        }

        let observation = try db.cachedStatement(
            sql: """
                INSERT INTO observations (indicator_id, municipality_code, year, through_month, scope, gender,
                    value, status, source_kind, source_reference, submitter, recorded_at, visibility, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(indicator_id, scope, gender, through_month, year, municipality_code) DO UPDATE SET
                    value = excluded.value, status = excluded.status, source_kind = excluded.source_kind,
                    source_reference = excluded.source_reference, submitter = excluded.submitter,
                    recorded_at = excluded.recorded_at, visibility = excluded.visibility, note = excluded.note
                """
        )
        for item in dataset.observations {
            // Unchecked: the values come from the domain, so their number and types are known to fit.
            observation.setUncheckedArguments(StatementArguments(SQLiteCoding.observationValues(item)))
            try observation.execute()
        }

        let target = try db.cachedStatement(
            sql: """
                INSERT INTO targets (indicator_id, municipality_code, year, scope, gender, value, source_kind,
                    source_reference, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(indicator_id, municipality_code, scope, gender, year) DO UPDATE SET
                    value = excluded.value, source_kind = excluded.source_kind,
                    source_reference = excluded.source_reference, note = excluded.note
                """
        )
        for item in dataset.targets {
            try target.execute(arguments: [
                item.indicator.rawValue, item.municipality.rawValue, item.year, item.scope.rawValue,
                item.gender.rawValue, item.value, item.source.kind.rawValue, item.source.reference, item.note,
            ])
        }

        let baseline = try db.cachedStatement(
            sql: """
                INSERT INTO baselines (indicator_id, municipality_code, scope, gender, value, source_kind,
                    source_reference, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(indicator_id, municipality_code, scope, gender) DO UPDATE SET
                    value = excluded.value, source_kind = excluded.source_kind,
                    source_reference = excluded.source_reference, note = excluded.note
                """
        )
        for item in dataset.baselines {
            try baseline.execute(arguments: [
                item.indicator.rawValue, item.municipality.rawValue, item.scope.rawValue, item.gender.rawValue,
                item.value, item.source.kind.rawValue, item.source.reference, item.note,
            ])
        }
    }
}
