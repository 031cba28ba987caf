/// Bounds on what a reader accepts, so that a hostile or broken file fails fast with a specific error instead
/// of exhausting memory or time. Memory stays flat whatever the file size: the bounds that matter for memory
/// are ``maxStringBytes`` and ``maxValuesPerEntry``.
public struct KoladaReadLimits: Sendable, Hashable {
    /// The deepest nesting of objects and arrays. Kolada's data shape needs 6 (an array of pages, the page,
    /// its `values`, an entry, its `values`, a value).
    public var maxNestingDepth: Int
    /// The longest string, counted as written in the file (escapes included). KPI descriptions are a few KiB.
    public var maxStringBytes: Int
    /// The largest file on disk (compressed size for gzip files).
    public var maxFileBytes: Int
    /// The most bytes a gzip file may inflate to.
    public var maxDecompressedBytes: Int
    /// The most values in one entry (Kolada has one per gender: 1–3).
    public var maxValuesPerEntry: Int

    /// Depth 64, strings of 1 MiB, files of 8 GiB, 32 GiB decompressed, 100,000 values per entry.
    public init(
        maxNestingDepth: Int = 64,
        maxStringBytes: Int = 1 << 20,
        maxFileBytes: Int = 8 << 30,
        maxDecompressedBytes: Int = 32 << 30,
        maxValuesPerEntry: Int = 100_000
    ) {
        self.maxNestingDepth = maxNestingDepth
        self.maxStringBytes = maxStringBytes
        self.maxFileBytes = maxFileBytes
        self.maxDecompressedBytes = maxDecompressedBytes
        self.maxValuesPerEntry = maxValuesPerEntry
    }
}
