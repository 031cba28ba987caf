import Foundation

/// Splits CSV bytes into records as they arrive, so that a file of any size is read holding only the
/// record being read: RFC 4180 quoting (a quoted field may hold the separator, `""` and line breaks),
/// CRLF, LF or lone CR line ends, a UTF-8 byte order mark skipped.
///
/// The separator is the header's: `;` if the first line has one, else a tab if it has one, else `,`.
/// Works on bytes: the separators, quotes and line ends are ASCII, which never occur inside a UTF-8
/// sequence; each field is checked to be UTF-8 when it is complete.
struct CSVSplitter {
    let path: String
    let maximumLineBytes: Int

    /// The separator, once the first line has been seen.
    private(set) var separator: UInt8?
    /// The first line's bytes, held until its end decides the separator.
    private var header: [UInt8] = []
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var quoted = false
    /// A quote inside a quoted field was read: the next byte says whether it was `""` or the end.
    private var quoteSeen = false
    /// The last byte was a CR: an LF right after it belongs to the same line end.
    private var afterCR = false
    private var line = 1
    private var recordLine = 1
    private var quoteLine = 0
    private var lineBytes = 0
    /// Bytes of the record being read, whatever its lines: a quote left open would otherwise make
    /// the rest of the file one field.
    private var recordBytes = 0

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The most bytes one record may have across its lines: sixteen lines' worth.
    var maximumRecordBytes: Int { maximumLineBytes * 16 }

    init(path: String, maximumLineBytes: Int) {
        self.path = path
        self.maximumLineBytes = maximumLineBytes
    }

    /// Reads `bytes`, appending every record they complete to `records`.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, into records: inout [SubmitFile.Record]) throws(SubmitFileError)
    {
        var start = 0
        if separator == nil {
            // Until the first line ends, its bytes are only collected.
            guard let end = bytes.firstIndex(where: { $0 == Self.cr || $0 == Self.lf }) else {
                header.append(contentsOf: bytes)
                if header.count > maximumLineBytes + Self.bom.count {
                    throw .lineTooLong(path: path, line: 1, limit: maximumLineBytes)
                }
                return
            }
            header.append(contentsOf: bytes[..<end])
            try decideSeparator(into: &records)
            start = end
        }
        for byte in bytes[start...] { try consume(byte, into: &records) }
    }

    /// Ends the input: the last record, if the file does not end with a line end.
    mutating func finish(into records: inout [SubmitFile.Record]) throws(SubmitFileError) {
        if separator == nil { try decideSeparator(into: &records) }
        if quoteSeen {
            quoteSeen = false
            quoted = false
        }
        if quoted { throw .unterminatedQuote(path: path, line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty { try endRecord(into: &records) }
    }

    private mutating func decideSeparator(into records: inout [SubmitFile.Record]) throws(SubmitFileError) {
        if header.starts(with: Self.bom) { header.removeFirst(Self.bom.count) }
        separator =
            header.contains(UInt8(ascii: ";"))
            ? UInt8(ascii: ";") : header.contains(UInt8(ascii: "\t")) ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        let held = header
        header = []
        for byte in held { try consume(byte, into: &records) }
    }

    private mutating func consume(_ byte: UInt8, into records: inout [SubmitFile.Record]) throws(SubmitFileError) {
        if afterCR {
            afterCR = false
            if byte == Self.lf {
                // The LF of a CRLF: the line already ended at the CR (inside quotes, it is kept).
                if quoted { field.append(byte) }
                return
            }
        }
        lineBytes += 1
        recordBytes += 1
        if lineBytes > maximumLineBytes { throw .lineTooLong(path: path, line: line, limit: maximumLineBytes) }
        if recordBytes > maximumRecordBytes {
            // Only quoted line breaks let a record outgrow a line: a quoted field this long is one
            // whose closing quote is missing.
            throw .unterminatedQuote(path: path, line: quoteLine)
        }
        if quoteSeen {
            quoteSeen = false
            if byte == Self.quote {
                field.append(byte)
                return
            }
            quoted = false
        }
        if quoted {
            if byte == Self.quote {
                quoteSeen = true
                return
            }
            if byte == Self.cr || byte == Self.lf {
                line += 1
                lineBytes = 0
                afterCR = byte == Self.cr
            }
            field.append(byte)
            return
        }
        let separator = self.separator ?? UInt8(ascii: ",")
        switch byte {
        case Self.quote where field.isEmpty:
            quoted = true
            quoteLine = line
        case separator:
            fields.append(try text(field))
            field.removeAll(keepingCapacity: true)
        case Self.cr, Self.lf:
            try endRecord(into: &records)
            line += 1
            lineBytes = 0
            recordLine = line
            afterCR = byte == Self.cr
        default:
            field.append(byte)
        }
    }

    private mutating func endRecord(into records: inout [SubmitFile.Record]) throws(SubmitFileError) {
        fields.append(try text(field))
        records.append(
            SubmitFile.Record(
                line: recordLine,
                fields: fields,
                separator: Character(UnicodeScalar(separator ?? UInt8(ascii: ",")))
            )
        )
        fields = []
        field.removeAll(keepingCapacity: true)
        recordBytes = 0
    }

    private func text(_ bytes: [UInt8]) throws(SubmitFileError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8(path: path) }
        return text
    }
}

/// The records of a CSV file, read a block at a time.
struct CSVFileReader {
    let path: String
    private let handle: FileHandle
    private var splitter: CSVSplitter
    private var ready: [SubmitFile.Record] = []
    private var position = 0
    private var finished = false
    private var bytesRead = 0
    private let maximumBytes: Int?

    static let blockBytes = 1 << 20

    /// Opens `path`; with `maximumBytes`, a larger file is refused before it is read.
    init(path: String, maximumBytes: Int?) throws(SubmitFileError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "there is no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory, not a CSV file") }
        do {
            if let maximumBytes {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
                guard size <= maximumBytes else {
                    throw SubmitFileError.tooLarge(path: path, bytes: size, limit: maximumBytes)
                }
            }
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch let error as SubmitFileError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        self.path = path
        self.maximumBytes = maximumBytes
        splitter = CSVSplitter(path: path, maximumLineBytes: SubmitFile.maximumLineBytes)
    }

    /// The next record, nil at the end of the file.
    mutating func next() throws(SubmitFileError) -> SubmitFile.Record? {
        while position == ready.count {
            guard !finished else { return nil }
            ready.removeAll(keepingCapacity: true)
            position = 0
            let block: Data?
            do {
                block = try handle.read(upToCount: Self.blockBytes)
            } catch {
                throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
            }
            guard let block, !block.isEmpty else {
                finished = true
                try? handle.close()
                try splitter.finish(into: &ready)
                continue
            }
            bytesRead += block.count
            // The file may have grown since it was measured.
            if let maximumBytes, bytesRead > maximumBytes {
                throw .tooLarge(path: path, bytes: bytesRead, limit: maximumBytes)
            }
            // withUnsafeBytes rethrows untyped: the failure is carried out of it.
            var failure: SubmitFileError?
            block.withUnsafeBytes { buffer in
                do throws(SubmitFileError) {
                    try splitter.feed(buffer, into: &ready)
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
        }
        defer { position += 1 }
        return ready[position]
    }
}
