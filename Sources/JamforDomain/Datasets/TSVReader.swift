import Foundation

/// Reads a tab-separated file row by row, in bounded memory.
///
/// Lines starting with `#` are comments and blank lines are skipped; the first other line is the
/// header. Each row must have as many fields as the header. Line numbers are 1-based and count
/// every line of the file, so that errors point at the line an editor shows.
struct TSVReader {
    /// The longest line accepted, in bytes.
    static let maximumLineLength = 64 * 1024
    /// The largest file accepted, in bytes: the Kolada-scale set (about 0.9 GB, 11.6 million rows)
    /// fits, with room to spare; loaded, it takes about twice its size in memory.
    static let maximumFileSize = 2 * 1024 * 1024 * 1024

    /// The path used in error messages.
    let file: String
    let url: URL

    init(url: URL, displayName: String? = nil) {
        self.url = url
        self.file = displayName ?? url.path
    }

    /// The header row's column positions, by name.
    struct Header {
        let columns: [String]
        /// The positions of the required columns, in the order they were asked for.
        let required: [Int]
        private let positions: [String: Int]

        init(columns: [String], required names: [String] = []) {
            self.columns = columns
            var positions: [String: Int] = [:]
            for (index, name) in columns.enumerated() where positions[name] == nil { positions[name] = index }
            self.positions = positions
            self.required = names.map { positions[$0] ?? 0 }
        }

        func index(of column: String) -> Int? { positions[column] }
    }

    /// One data row.
    struct Row {
        let file: String
        let line: Int
        let fields: [Substring]

        /// The field at `index`, which may be empty.
        func text(_ index: Int) -> String { String(fields[index]) }

        /// The field at `index`, or nil when `index` is nil (an optional column that is absent) or empty.
        func optional(_ index: Int?) -> String? {
            guard let index, !fields[index].isEmpty else { return nil }
            return String(fields[index])
        }

        /// The field at `index`, which must not be empty.
        func required(_ index: Int, _ column: String) throws(DatasetError) -> String {
            guard !fields[index].isEmpty else { throw .emptyField(file: file, line: line, column: column) }
            return String(fields[index])
        }

        /// The field at `index` parsed with `parse`; a domain error is reported with the file, line and column.
        func parse<T>(
            _ index: Int,
            _ column: String,
            _ parse: (String) throws(DomainError) -> T
        ) throws(DatasetError) -> T {
            let text = try required(index, column)
            do {
                return try parse(text)
            } catch {
                throw .invalidField(file: file, line: line, column: column, error)
            }
        }
    }

    /// Calls `body` with the header, then with every data row in order.
    func read(
        header required: [String],
        _ body: (Header) throws(DatasetError) -> Void = { _ throws(DatasetError) in },
        row: (Row, Header) throws(DatasetError) -> Void
    ) throws(DatasetError) {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .unreadable(file: file, reason: Self.reason(error))
        }
        defer { try? handle.close() }

        var header: Header?
        var lineNumber = 0
        var pending: [UInt8] = []
        var total = 0
        var atEnd = false

        func handleLine(_ bytes: ArraySlice<UInt8>) throws(DatasetError) {
            lineNumber += 1
            guard bytes.count <= Self.maximumLineLength else {
                throw .lineTooLong(file: file, line: lineNumber, limit: Self.maximumLineLength)
            }
            var bytes = bytes
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            // A byte-order mark at the start of the file is not part of the first field.
            if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            if bytes.isEmpty || bytes.first == UInt8(ascii: "#") { return }
            guard let line = String(validating: bytes, as: UTF8.self) else {
                throw .notUTF8(file: file, line: lineNumber)
            }
            // Split on the tab byte: a tab is never part of a multi-byte character, and walking bytes is
            // much cheaper than walking grapheme clusters.
            let fields = line.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map {
                Substring($0)
            }
            guard let current = header else {
                let parsed = Header(columns: fields.map { $0.trimmingCharacters(in: .whitespaces) }, required: required)
                let missing = required.filter { parsed.index(of: $0) == nil }
                guard missing.isEmpty else { throw .missingColumns(file: file, columns: missing) }
                header = parsed
                try body(parsed)
                return
            }
            guard fields.count == current.columns.count else {
                throw .fieldCount(file: file, line: lineNumber, expected: current.columns.count, found: fields.count)
            }
            try row(Row(file: file, line: lineNumber, fields: fields), current)
        }

        while !atEnd {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw .unreadable(file: file, reason: Self.reason(error))
            }
            guard let chunk, !chunk.isEmpty else {
                atEnd = true
                break
            }
            total += chunk.count
            guard total <= Self.maximumFileSize else {
                throw .fileTooLarge(file: file, bytes: total, limit: Self.maximumFileSize)
            }
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try handleLine(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(..<start)
            guard pending.count <= Self.maximumLineLength else {
                throw .lineTooLong(file: file, line: lineNumber + 1, limit: Self.maximumLineLength)
            }
        }
        if !pending.isEmpty { try handleLine(pending[...]) }
        if header == nil { throw .missingHeader(file: file) }
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return nsError.localizedDescription
    }
}
