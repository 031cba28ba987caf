/// A writer-side staging buffer: rows are formatted into it through a raw cursor and it goes to the sink in
/// 64 KiB pieces, so that a sink call (a dynamic dispatch and a copy) happens per piece, not per field.
///
/// Noncopyable because it owns its memory.
struct OutputStaging: ~Copyable {
    static let size = 64 << 10

    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes staged.
    var used = 0

    init() {
        capacity = Self.size
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Makes room for `count` more bytes, sending the staged bytes to `sink` first when needed; returns the
    /// cursor to write at. Commit what was written with ``commit(_:)``.
    @inline(__always)
    mutating func reserve(_ count: Int, sink: any ByteSink) throws(KoladaWriteError) -> UnsafeMutablePointer<UInt8> {
        if used + count > capacity {
            try flush(to: sink)
            if count > capacity {
                // One huge row (long strings): grow rather than split it.
                base.deallocate()
                capacity = count
                base = .allocate(capacity: capacity)
            }
        }
        return base + used
    }

    /// Marks the bytes up to `cursor` as staged.
    @inline(__always)
    mutating func commit(_ cursor: UnsafeMutablePointer<UInt8>) {
        used = cursor - base
    }

    mutating func flush(to sink: any ByteSink) throws(KoladaWriteError) {
        guard used > 0 else { return }
        let count = used
        used = 0
        try sink.write(UnsafeRawBufferPointer(start: base, count: count))
    }
}

/// Byte-writing helpers for the writers: each writes at `cursor` and advances it. Callers reserve room first.
enum Emit {
    @inline(__always)
    static func byte(_ value: UInt8, _ cursor: inout UnsafeMutablePointer<UInt8>) {
        cursor.pointee = value
        cursor += 1
    }

    @inline(__always)
    static func text(_ text: StaticString, _ cursor: inout UnsafeMutablePointer<UInt8>) {
        let count = text.utf8CodeUnitCount
        cursor.update(from: text.utf8Start, count: count)
        cursor += count
    }

    @inline(__always)
    static func raw(_ text: String, _ cursor: inout UnsafeMutablePointer<UInt8>) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            cursor.update(from: base, count: bytes.count)
            cursor += bytes.count
        }
    }

    @inline(__always)
    static func integer(_ value: Int, _ cursor: inout UnsafeMutablePointer<UInt8>) {
        cursor += NumberFormatting.write(value, to: cursor)
    }

    /// A part-year period as a JSON string: `"2024-08"` (the year zero-padded to four digits).
    static func period(year: Int, month: Int, _ cursor: inout UnsafeMutablePointer<UInt8>) {
        byte(UInt8(ascii: "\""), &cursor)
        var padding = 1000
        while padding > 1, year < padding {
            byte(UInt8(ascii: "0"), &cursor)
            padding /= 10
        }
        integer(year, &cursor)
        byte(UInt8(ascii: "-"), &cursor)
        byte(UInt8(ascii: "0") + UInt8(month / 10), &cursor)
        byte(UInt8(ascii: "0") + UInt8(month % 10), &cursor)
        byte(UInt8(ascii: "\""), &cursor)
    }

    @inline(__always)
    static func double(_ value: Double, separator: UInt8, _ cursor: inout UnsafeMutablePointer<UInt8>) {
        cursor += NumberFormatting.write(value, separator: separator, to: cursor)
    }

    /// The most bytes ``jsonString(_:_:)`` writes for a string of `utf8Count` bytes: quotes, and `\u00XX` for
    /// each control character.
    @inline(__always)
    static func jsonStringBound(_ utf8Count: Int) -> Int { 6 * utf8Count + 2 }

    /// Writes `text` as a JSON string: quoted, with `"` and `\` escaped, control characters as `\n`, `\r`, `\t`,
    /// `\b`, `\f` or `\u00XX`, and everything else (non-ASCII included) as raw UTF-8.
    @inline(__always)
    static func jsonString(_ text: String, _ cursor: inout UnsafeMutablePointer<UInt8>) {
        var text = text
        cursor.pointee = UInt8(ascii: "\"")
        cursor += 1
        text.withUTF8 { bytes in
            var out = cursor
            for byte in bytes {
                if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                    out.pointee = byte
                    out += 1
                    continue
                }
                out.pointee = UInt8(ascii: "\\")
                let escaped: UInt8
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): escaped = byte
                case 0x0A: escaped = UInt8(ascii: "n")
                case 0x0D: escaped = UInt8(ascii: "r")
                case 0x09: escaped = UInt8(ascii: "t")
                case 0x08: escaped = UInt8(ascii: "b")
                case 0x0C: escaped = UInt8(ascii: "f")
                default:
                    let hex: StaticString = "0123456789abcdef"
                    out[1] = UInt8(ascii: "u")
                    out[2] = UInt8(ascii: "0")
                    out[3] = UInt8(ascii: "0")
                    out[4] = hex.utf8Start[Int(byte >> 4)]
                    out[5] = hex.utf8Start[Int(byte & 0x0F)]
                    out += 6
                    continue
                }
                out[1] = escaped
                out += 2
            }
            cursor = out
        }
        cursor.pointee = UInt8(ascii: "\"")
        cursor += 1
    }
}
