/// What one page of a data file held.
public struct KoladaPageSummary: Sendable, Hashable {
    /// The 1-based index of the page within its file.
    public var index: Int
    /// Where the page object starts.
    public var position: KoladaPosition
    /// The page's `count`, if it has one.
    public var declaredCount: Int?
    /// Entries (`kpi` × `municipality` × `period` objects) seen.
    public var entries: Int
    /// Inner values seen, withdrawn ones included.
    public var values: Int
    /// `next_page` (v2) or `next_url` (v3) when not null: Kolada had more pages after this one.
    public var nextPage: String?

    public init(
        index: Int,
        position: KoladaPosition,
        declaredCount: Int? = nil,
        entries: Int = 0,
        values: Int = 0,
        nextPage: String? = nil
    ) {
        self.index = index
        self.position = position
        self.declaredCount = declaredCount
        self.entries = entries
        self.values = values
        self.nextPage = nextPage
    }
}

/// What a data file held: its pages, totals and warnings. Complete once the reader has returned its last value.
public struct KoladaFileSummary: Sendable, Hashable {
    /// The path, or the name given for in-memory bytes.
    public var file: String
    /// Whether the input was gzip-compressed (detected by its magic bytes).
    public var isCompressed: Bool
    /// The pages in file order.
    public var pages: [KoladaPageSummary]
    /// Entries over all pages.
    public var entries: Int
    /// Values over all pages, withdrawn ones included.
    public var values: Int
    /// Values with `isdeleted: true`.
    public var deletedValues: Int
    /// Bytes of JSON text read (after decompression).
    public var textBytes: Int
    /// Oddities that did not stop the reading, such as a page `count` that differs from its entries.
    public var warnings: [KoladaReadWarning]

    public init(
        file: String,
        isCompressed: Bool = false,
        pages: [KoladaPageSummary] = [],
        entries: Int = 0,
        values: Int = 0,
        deletedValues: Int = 0,
        textBytes: Int = 0,
        warnings: [KoladaReadWarning] = []
    ) {
        self.file = file
        self.isCompressed = isCompressed
        self.pages = pages
        self.entries = entries
        self.values = values
        self.deletedValues = deletedValues
        self.textBytes = textBytes
        self.warnings = warnings
    }
}
