/// Why writing a data file, a CSV file or an atomic output failed.
public enum KoladaWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `open` failed with `errno`.
    case cannotCreate(path: String, errno: Int32)
    /// `write` failed with `errno` after `byteOffset` bytes reached the file.
    case writeFailed(path: String, byteOffset: Int, errno: Int32)
    /// `fsync` failed with `errno`.
    case syncFailed(path: String, errno: Int32)
    /// `rename` of the finished partial file over the target failed with `errno`.
    case renameFailed(from: String, to: String, errno: Int32)
    /// The target appeared while the output was written, and was not to be replaced.
    case targetExists(path: String)
    /// zlib refused to compress (a status code from `deflate`).
    case compressionFailed(path: String, status: Int32)
    /// A gzip level outside -1 (zlib's default) … 9.
    case invalidCompressionLevel(Int32)
    /// A write after the sink was finished, closed or discarded (for example after a cancelled export).
    case closed(path: String)
    /// A writer was used after its `finish()`.
    case writerFinished
    /// Row `row` (1-based, in the order appended) has an infinite or NaN value, which neither JSON nor Kolada
    /// can hold; `key` names the row.
    case nonFiniteValue(row: Int, key: String, value: String)
    /// Row `row` has a month outside 1–12, or a negative year with a month, which `"period": "YYYY-MM"` cannot
    /// hold.
    case invalidPeriod(row: Int, key: String, year: Int, month: Int)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let code):
            return "\(path): cannot create: \(KoladaReadError.errnoText(code)); check that the directory exists and "
                + "is writable"
        case .writeFailed(let path, let offset, let code):
            return "\(path): writing failed after \(offset) bytes: \(KoladaReadError.errnoText(code)); check free "
                + "disk space"
        case .syncFailed(let path, let code):
            return "\(path): flushing to disk failed: \(KoladaReadError.errnoText(code)); check the disk"
        case .renameFailed(let from, let to, let code):
            return "cannot move \(from) to \(to): \(KoladaReadError.errnoText(code)); check permissions on the "
                + "target directory"
        case .targetExists(let path):
            return "\(path) appeared while it was being written and was left as it is; give --force to replace it, "
                + "or another name"
        case .compressionFailed(let path, let status):
            return "\(path): zlib compression failed with status \(status); retry, or write without gzip"
        case .invalidCompressionLevel(let level):
            return "gzip level \(level) is invalid; use 1 (fastest) … 9 (smallest), or 6"
        case .closed(let path):
            return "\(path): the output was already finished or discarded; start a new output"
        case .writerFinished:
            return "the writer was already finished; create a new writer for more rows"
        case .invalidPeriod(let row, let key, let year, let month):
            return "row \(row) (\(key)) has the period \(year) month \(month); a part-year period needs a year "
                + "from 0 and a month 1–12"
        case .nonFiniteValue(let row, let key, let value):
            return "row \(row) (\(key)) has the value \(value), which JSON and Kolada cannot hold; write null "
                + "with a status marker instead"
        }
    }
}
