/// Where something sits in a data file: the byte offset (in the decompressed text for a gzip file), the
/// 1-based line and the 1-based column in bytes.
public struct KoladaPosition: Sendable, Hashable, CustomStringConvertible {
    /// Bytes before this point, counted from the start of the (decompressed) text.
    public var byteOffset: Int
    /// The 1-based line; lines end at LF, so CRLF files count the same as LF files.
    public var line: Int
    /// The 1-based column, in bytes (not characters) from the start of the line.
    public var column: Int

    public init(byteOffset: Int, line: Int, column: Int) {
        self.byteOffset = byteOffset
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column) (byte \(byteOffset))" }
}

/// One value of a Kolada data file: an inner object of an entry's `values` array, together with its entry's
/// KPI, municipality and period.
public struct KoladaValue: Sendable, Hashable {
    /// The Kolada KPI id, e.g. `N05401`.
    public var kpi: String
    /// The municipality code (`0880`), the country (`0000`) or a group id (`G124026`), as written.
    public var municipality: String
    /// The period's year.
    public var year: Int
    /// The period's last month (1–12) for a part-year figure, written `"period": "2024-08"` (a Jamfor addition;
    /// Kolada's own periods are whole years); nil for a whole year.
    public var month: Int?
    /// `T` (total), `K` (women), `M` (men), as written.
    public var gender: String
    /// Kolada's `count`: how many units the value is based on; `nil` when absent or null.
    public var count: Int?
    /// A status marker such as `-` or `..`; `nil` for a normal value (written `""` or null).
    public var status: String?
    /// The value; `nil` when null (typically together with a status marker).
    public var value: Double?
    /// Kolada v3's `isdeleted`: the value has been withdrawn. Reported, not dropped: the caller decides.
    public var isDeleted: Bool
    /// The entry carried `"is_group": true`, which Jamfor's exports write for group rows (Kolada's own files
    /// mark groups only by their id; see ``isMunicipality``).
    public var isGroup: Bool
    /// The value's `"visibility"` (a Jamfor addition: `network` for a figure only the network may see), as
    /// written; nil when absent or null.
    public var visibility: String?
    /// The 1-based index of the page within its file.
    public var page: Int
    /// Where the inner value object starts.
    public var position: KoladaPosition

    public init(
        kpi: String,
        municipality: String,
        year: Int,
        month: Int? = nil,
        gender: String,
        count: Int? = nil,
        status: String? = nil,
        value: Double?,
        isDeleted: Bool = false,
        isGroup: Bool = false,
        visibility: String? = nil,
        page: Int = 1,
        position: KoladaPosition = KoladaPosition(byteOffset: 0, line: 1, column: 1)
    ) {
        self.kpi = kpi
        self.municipality = municipality
        self.year = year
        self.month = month
        self.gender = gender
        self.count = count
        self.status = status
        self.value = value
        self.isDeleted = isDeleted
        self.isGroup = isGroup
        self.visibility = visibility
        self.page = page
        self.position = position
    }

    /// Whether ``municipality`` is a municipality code: four ASCII digits other than `0000` (the country).
    /// Group ids such as `G124026` are not.
    public var isMunicipality: Bool { KoladaValue.isMunicipalityCode(municipality) }

    /// The row this value was written from, for round trips through ``KoladaDataWriter``.
    public var row: KoladaRow {
        KoladaRow(
            kpi: kpi,
            municipality: municipality,
            year: year,
            month: month,
            gender: gender,
            count: count,
            status: status,
            value: value,
            isGroup: isGroup,
            visibility: visibility
        )
    }

    /// Whether `code` is four ASCII digits other than `0000`.
    public static func isMunicipalityCode(_ code: String) -> Bool {
        var digits = 0
        var allZero = true
        for byte in code.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            if byte != UInt8(ascii: "0") { allZero = false }
            digits += 1
        }
        return digits == 4 && !allZero
    }
}

/// One row to write with ``KoladaDataWriter``: a value with its KPI, municipality, period and gender.
public struct KoladaRow: Sendable, Hashable {
    /// The Kolada KPI id, e.g. `N05401`.
    public var kpi: String
    /// The municipality code, `0000` for the country, or a group id.
    public var municipality: String
    /// The period's year.
    public var year: Int
    /// The period's last month (1–12) for a part-year figure, written `"period": "2024-08"`; nil for a whole
    /// year, written `"period": 2024`.
    public var month: Int?
    /// `T`, `K` or `M`. Rows of one entry differ only in this (and the value fields).
    public var gender: String
    /// Kolada's `count` (for a group value: the number of contributors); written `null` when `nil`.
    public var count: Int?
    /// A status marker such as `-` or `..`; `nil` (or `""`) for a normal value. Written as `""` when `nil`.
    public var status: String?
    /// The value; written `null` when `nil`. Must be finite.
    public var value: Double?
    /// A group value (e.g. a network mean); written as `"is_group": true` on the entry.
    public var isGroup: Bool
    /// Written as the value's `"visibility"` when not nil (`network` for a figure only the network may see);
    /// Kolada readers ignore it.
    public var visibility: String?

    public init(
        kpi: String,
        municipality: String,
        year: Int,
        month: Int? = nil,
        gender: String = "T",
        count: Int? = nil,
        status: String? = nil,
        value: Double?,
        isGroup: Bool = false,
        visibility: String? = nil
    ) {
        self.kpi = kpi
        self.municipality = municipality
        self.year = year
        self.month = month
        self.gender = gender
        self.count = count
        self.status = status
        self.value = value
        self.isGroup = isGroup
        self.visibility = visibility
    }
}
