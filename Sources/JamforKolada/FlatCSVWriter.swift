/// The conventions of a CSV file.
public enum CSVLocale: String, Sendable, Hashable, CaseIterable {
    /// For a Swedish Excel: a UTF-8 byte order mark first (without it Excel reads the file as Windows-1252 and
    /// garbles å, ä and ö), `;` between fields, a decimal comma, Swedish column names.
    case sv
    /// `,` between fields, a decimal point, English column names, no byte order mark.
    case en

    /// The field separator.
    public var separator: UInt8 { self == .sv ? UInt8(ascii: ";") : UInt8(ascii: ",") }
    /// The decimal separator in numbers.
    public var decimalSeparator: UInt8 { self == .sv ? UInt8(ascii: ",") : UInt8(ascii: ".") }
    /// Whether files start with a UTF-8 byte order mark (EF BB BF).
    public var writesByteOrderMark: Bool { self == .sv }

    /// The header line's column names, in order.
    public var columns: [String] {
        switch self {
        case .sv:
            return [
                "indikator", "kolada_id", "kommunkod", "kommun", "period", "omfattning", "kön", "värde", "status",
                "källa", "synlighet",
            ]
        case .en:
            return [
                "indicator", "kolada_id", "municipality", "municipality_name", "period", "scope", "gender", "value",
                "status", "source", "visibility",
            ]
        }
    }
}

/// One row of a flat CSV export.
public struct FlatCSVRow: Sendable, Hashable {
    /// Jamfor's indicator id, e.g. `hme`.
    public var indicator: String
    /// The Kolada KPI id, when the indicator has one.
    public var koladaID: String?
    /// The SCB municipality code (`0880`) or a group id.
    public var municipalityCode: String
    /// The municipality's (or group's) name.
    public var municipalityName: String
    /// `2024`, or `2024-08` for a part of a year.
    public var period: String
    /// What the figure covers, e.g. the whole municipality or a part.
    public var scope: String
    /// `T`, `K` or `M`.
    public var gender: String
    /// The value; an empty field when `nil`.
    public var value: Double?
    /// A status marker; an empty field when `nil`.
    public var status: String?
    /// Where the figure comes from; an empty field when `nil`.
    public var source: String?
    /// `public` or `network` (only the network may see the figure); an empty field when `nil`.
    public var visibility: String?

    public init(
        indicator: String,
        koladaID: String? = nil,
        municipalityCode: String,
        municipalityName: String,
        period: String,
        scope: String = "",
        gender: String = "T",
        value: Double?,
        status: String? = nil,
        source: String? = nil,
        visibility: String? = nil
    ) {
        self.indicator = indicator
        self.koladaID = koladaID
        self.municipalityCode = municipalityCode
        self.municipalityName = municipalityName
        self.period = period
        self.scope = scope
        self.gender = gender
        self.value = value
        self.status = status
        self.source = source
        self.visibility = visibility
    }
}

/// Writes flat rows as CSV (RFC 4180) to a ``ByteSink``, streamed.
///
/// A header line first (after a byte order mark for ``CSVLocale/sv``), then one line per row. The columns are
/// ``CSVLocale/columns``: indicator, Kolada id, municipality code and name, period, scope, gender, value, status,
/// source and visibility (the last so that `jamfor submit` and `jamfor import csv` read network-only figures
/// back as such). Lines end in
/// CRLF, as RFC 4180 specifies and Excel writes. A field is quoted when it holds the separator, a double quote,
/// CR or LF, with its quotes doubled. Values are the shortest text that reads back as the same `Double` (no
/// thousands separators, integral values without decimals, exponent notation below 0.0001 and from 2^53), with
/// the locale's decimal separator.
///
/// A class because it owns a staging buffer; not `Sendable`.
public final class FlatCSVWriter {
    /// Where the bytes go.
    public let sink: any ByteSink
    /// The separators, header and byte order mark in use.
    public let locale: CSVLocale
    private var staging = OutputStaging()
    private var finished = false
    /// Rows written so far, not counting the header.
    public private(set) var rowsWritten = 0

    /// Starts a CSV file on `sink` with the byte order mark (for `sv`) and the header line.
    public init(sink: any ByteSink, locale: CSVLocale) {
        self.sink = sink
        self.locale = locale
        var cursor = staging.base
        if locale.writesByteOrderMark {
            Emit.byte(0xEF, &cursor)
            Emit.byte(0xBB, &cursor)
            Emit.byte(0xBF, &cursor)
        }
        for (index, column) in locale.columns.enumerated() {
            if index > 0 { Emit.byte(locale.separator, &cursor) }
            Emit.raw(column, &cursor)
        }
        Emit.text("\r\n", &cursor)
        staging.commit(cursor)
    }

    /// Appends one row.
    /// - Throws: ``KoladaWriteError/nonFiniteValue(row:key:value:)`` for an infinite or NaN value, or what the
    ///   sink throws.
    public func append(_ row: FlatCSVRow) throws(KoladaWriteError) {
        guard !finished else { throw .writerFinished }
        if let value = row.value, !value.isFinite {
            throw .nonFiniteValue(
                row: rowsWritten + 1,
                key: "\(row.indicator) \(row.municipalityCode) \(row.period) \(row.gender)",
                value: "\(value)"
            )
        }
        // Quoting at most doubles a field and adds two quotes.
        let textBytes =
            row.indicator.utf8.count + (row.koladaID?.utf8.count ?? 0) + row.municipalityCode.utf8.count
            + row.municipalityName.utf8.count + row.period.utf8.count + row.scope.utf8.count + row.gender.utf8.count
            + (row.status?.utf8.count ?? 0) + (row.source?.utf8.count ?? 0) + (row.visibility?.utf8.count ?? 0)
        var cursor = try staging.reserve(2 * textBytes + 64 + NumberFormatting.maxLength, sink: sink)
        let separator = locale.separator
        field(row.indicator, &cursor)
        Emit.byte(separator, &cursor)
        if let koladaID = row.koladaID { field(koladaID, &cursor) }
        Emit.byte(separator, &cursor)
        field(row.municipalityCode, &cursor)
        Emit.byte(separator, &cursor)
        field(row.municipalityName, &cursor)
        Emit.byte(separator, &cursor)
        field(row.period, &cursor)
        Emit.byte(separator, &cursor)
        field(row.scope, &cursor)
        Emit.byte(separator, &cursor)
        field(row.gender, &cursor)
        Emit.byte(separator, &cursor)
        if let value = row.value { Emit.double(value, separator: locale.decimalSeparator, &cursor) }
        Emit.byte(separator, &cursor)
        if let status = row.status { field(status, &cursor) }
        Emit.byte(separator, &cursor)
        if let source = row.source { field(source, &cursor) }
        Emit.byte(separator, &cursor)
        if let visibility = row.visibility { field(visibility, &cursor) }
        Emit.text("\r\n", &cursor)
        staging.commit(cursor)
        rowsWritten += 1
    }

    /// Writes out what is staged and finishes the sink (flushing it; for gzip, ending the stream). Calling it
    /// again does nothing.
    public func finish() throws(KoladaWriteError) {
        guard !finished else { return }
        try staging.flush(to: sink)
        finished = true
        try sink.finish()
    }

    /// Writes one field, quoted when it holds the separator, a quote, CR or LF.
    @inline(__always)
    private func field(_ text: String, _ cursor: inout UnsafeMutablePointer<UInt8>) {
        var text = text
        let separator = locale.separator
        text.withUTF8 { bytes in
            let needsQuotes = bytes.contains { byte in
                byte == separator || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
            }
            guard needsQuotes else {
                if let base = bytes.baseAddress {
                    cursor.update(from: base, count: bytes.count)
                    cursor += bytes.count
                }
                return
            }
            Emit.byte(UInt8(ascii: "\""), &cursor)
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { Emit.byte(byte, &cursor) }
                Emit.byte(byte, &cursor)
            }
            Emit.byte(UInt8(ascii: "\""), &cursor)
        }
    }
}
