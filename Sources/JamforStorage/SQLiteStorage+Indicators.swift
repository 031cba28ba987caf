import GRDB
public import JamforDomain

extension SQLiteStorage {
    /// How many indicators the catalog holds.
    public func indicatorCount() async throws(StorageError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM indicators") ?? 0 }
    }

    /// Adds `indicators` after the stored ones, in one transaction, and returns the ids it added; one
    /// stored already with exactly the same definition is left as it is.
    ///
    /// A stored indicator is never changed here: its figures were reported against its definition
    /// (unit, direction, bounds), and a silent change would alter what they mean. Loading a dataset
    /// (``load(_:)``) is the administrator's way to redefine one.
    /// - Throws: ``StorageError/indicatorConflict(id:reason:)`` when an id or a Kolada id is taken by
    ///   a different definition, or one id is given twice differently; then nothing is added.
    public func addIndicators(_ indicators: [Indicator]) async throws(StorageError) -> [IndicatorID] {
        try await write { db in
            let stored = try Self.storedIndicators(db)
            var byID = Dictionary(stored.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var byKolada: [String: IndicatorID] = [:]
            for indicator in stored {
                if let kpi = indicator.koladaID { byKolada[kpi] = indicator.id }
            }
            var added: [Indicator] = []
            for indicator in indicators {
                if let existing = byID[indicator.id] {
                    guard existing == indicator else {
                        // The same KPI again: another id would only meet its Kolada id, taken by this one.
                        let fix =
                            existing.koladaID != nil && existing.koladaID == indicator.koladaID
                            ? "add it as it is stored, or load a dataset to redefine it"
                            : "give the new one another id"
                        throw StorageError.indicatorConflict(
                            id: indicator.id.rawValue,
                            reason: "an indicator with this id is stored with a different definition "
                                + "(\(Self.differences(existing, indicator))); \(fix)"
                        )
                    }
                    continue
                }
                if let kpi = indicator.koladaID, let holder = byKolada[kpi] {
                    throw StorageError.indicatorConflict(
                        id: indicator.id.rawValue,
                        reason:
                            "the Kolada KPI \(kpi) is already the indicator \(holder); import its figures into that one"
                    )
                }
                byID[indicator.id] = indicator
                if let kpi = indicator.koladaID { byKolada[kpi] = indicator.id }
                added.append(indicator)
            }
            guard !added.isEmpty else { return [] }
            let next = try Int.fetchOne(db, sql: "SELECT coalesce(max(position) + 1, 0) FROM indicators") ?? 0
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO indicators (id, position, title_sv, title_en, unit, direction, min_value, max_value,
                        splits_by_gender, accumulates, dead_band, decimals, kolada_id, about)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            for (offset, item) in added.enumerated() {
                try insert.execute(arguments: [
                    item.id.rawValue, next + offset, item.titleSV, item.titleEN, item.unit.rawValue,
                    item.direction.rawValue, item.bounds.lowerBound, item.bounds.upperBound, item.splitsByGender,
                    item.accumulates, item.deadBand, item.decimals, item.koladaID, item.about,
                ])
            }
            return added.map(\.id)
        }
    }

    /// The fields in which two definitions of one indicator differ, named as a person reads them.
    private static func differences(_ stored: Indicator, _ new: Indicator) -> String {
        var fields: [String] = []
        if stored.titleSV != new.titleSV || stored.titleEN != new.titleEN { fields.append("title") }
        if stored.unit != new.unit { fields.append("unit \(stored.unit.rawValue), not \(new.unit.rawValue)") }
        if stored.direction != new.direction {
            fields.append("direction \(stored.direction.rawValue), not \(new.direction.rawValue)")
        }
        if stored.bounds != new.bounds { fields.append("bounds") }
        if stored.splitsByGender != new.splitsByGender { fields.append("gender split") }
        if stored.accumulates != new.accumulates { fields.append("accumulation") }
        if stored.deadBand != new.deadBand { fields.append("dead band") }
        if stored.decimals != new.decimals { fields.append("decimals \(stored.decimals), not \(new.decimals)") }
        if stored.koladaID != new.koladaID { fields.append("Kolada id") }
        if stored.about != new.about { fields.append("description") }
        return fields.isEmpty ? "same fields" : fields.joined(separator: ", ")
    }
}
