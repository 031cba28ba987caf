/// Horizontal alignment of text in a column.
public enum TextAlignment: Sendable, Hashable {
    case left
    case right
}

/// Display width in terminal columns, and padding, truncation and wrapping measured by it.
///
/// Widths are per grapheme cluster: combining marks, controls and zero-width characters take no column,
/// East Asian Wide and Fullwidth characters and emoji take two, everything else one. ANSI escape
/// sequences take none.
public enum TextWidth {
    /// The ellipsis that marks truncated text.
    public static let ellipsis = "…"

    /// The number of terminal columns `text` takes.
    public static func of(_ text: String) -> Int {
        var total = 0
        for piece in ANSIScanner.pieces(of: text) {
            if case .text(let characters) = piece {
                for character in characters { total += of(character) }
            }
        }
        return total
    }

    /// The number of terminal columns one grapheme cluster takes: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first(where: { !isZeroWidth($0) }) else { return 0 }
        // A variation selector 16 asks for emoji presentation, which terminals draw two columns wide.
        if scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        if first.properties.isEmojiPresentation || isWide(first.value) { return 2 }
        return 1
    }

    /// `text` without its ANSI escape sequences.
    public static func stripANSI(_ text: String) -> String {
        var result = ""
        for piece in ANSIScanner.pieces(of: text) {
            if case .text(let characters) = piece { result += characters }
        }
        return result
    }

    /// `text` padded with spaces to `width` columns; text that is already wider is returned unchanged.
    public static func pad(_ text: String, to width: Int, alignment: TextAlignment = .left) -> String {
        let missing = width - of(text)
        guard missing > 0 else { return text }
        let fill = String(repeating: " ", count: missing)
        switch alignment {
        case .left: return text + fill
        case .right: return fill + text
        }
    }

    /// `text` cut to at most `width` columns, ending in "…" when anything was cut. Escape sequences are
    /// kept, and a reset is appended when a styled text was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard of(text) > width else { return text }
        let budget = width - 1  // room for the ellipsis
        var result = ""
        var used = 0
        var styled = false
        scanning: for piece in ANSIScanner.pieces(of: text) {
            switch piece {
            case .escape(let sequence):
                result += sequence
                styled = true
            case .text(let characters):
                for character in characters {
                    let columns = of(character)
                    if used + columns > budget { break scanning }
                    result.append(character)
                    used += columns
                }
            }
        }
        // "Testort …" reads as two words; "Testort…" as one cut word.
        result = trimmingTrailingSpaces(result)
        result += ellipsis
        if styled { result += ANSIStyle.reset }
        return result
    }

    /// `text` truncated if needed and padded to exactly `width` columns.
    public static func fit(_ text: String, to width: Int, alignment: TextAlignment = .left) -> String {
        pad(truncate(text, to: width), to: width, alignment: alignment)
    }

    /// `text` without the spaces at its end (no-break spaces are kept: they belong to what they join).
    static func trimmingTrailingSpaces(_ text: String) -> String {
        var result = text
        while result.last == " " { result.removeLast() }
        return result
    }

    /// `text` broken into lines of at most `width` columns at spaces (never at no-break spaces); a word
    /// longer than a line is truncated, or with `truncating` off, left whole on a line of its own.
    /// Following lines start with `indent`.
    public static func wrap(_ text: String, to width: Int, indent: String = "", truncating: Bool = true) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        let indentWidth = of(indent)
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let wordWidth = of(word)
            let prefixWidth = lines.isEmpty ? 0 : indentWidth
            if line.isEmpty {
                line = word
                lineWidth = wordWidth
            } else if prefixWidth + lineWidth + 1 + wordWidth <= width {
                line += " " + word
                lineWidth += 1 + wordWidth
            } else {
                lines.append(line)
                line = word
                lineWidth = wordWidth
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines.enumerated().map { index, line in
            let prefix = index == 0 ? "" : indent
            return truncating ? truncate(prefix + line, to: width) : prefix + line
        }
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0xFE00...0xFE0F, 0xFEFF, 0xE0100...0xE01EF:
            // Zero-width space, joiners, direction marks, word joiner, variation selectors, BOM.
            return true
        default:
            break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .control, .format:
            return true
        default:
            return false
        }
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges of Unicode's EastAsianWidth.txt, coarsened to blocks.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo initial consonants
        0x231A...0x231B, 0x2329...0x232A,
        0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
        0x3400...0x4DBF,  // CJK Extension A
        0x4E00...0x9FFF,  // CJK Unified Ideographs
        0xA000...0xA4CF,  // Yi
        0xA960...0xA97F,  // Hangul Jamo Extended-A
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK compatibility ideographs
        0xFE10...0xFE19, 0xFE30...0xFE6F,  // vertical forms, CJK compatibility forms, small forms
        0xFF00...0xFF60, 0xFFE0...0xFFE6,  // fullwidth forms
        0x16FE0...0x16FE4, 0x17000...0x18CFF,  // Tangut, Khitan
        0x1B000...0x1B2FF,  // Kana supplement and extensions, Nushu
        0x1F200...0x1F2FF,  // enclosed ideographic supplement
        0x1F300...0x1F64F, 0x1F900...0x1F9FF,  // pictographs (most also emoji presentation)
        0x20000...0x2FFFD, 0x30000...0x3FFFD,  // CJK Extensions B and later
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        return wideRanges.contains { $0.contains(value) }
    }
}

/// Splits text into runs of printable text and ANSI escape sequences.
enum ANSIScanner {
    enum Piece: Equatable {
        case text(String)
        case escape(String)
    }

    /// CSI sequences (`ESC [ … final`) and OSC sequences (`ESC ] … BEL` or `ESC ] … ESC \`) are escapes;
    /// any other `ESC x` pair is taken as a two-character escape.
    static func pieces(of text: String) -> [Piece] {
        guard text.unicodeScalars.contains("\u{1B}") else { return [.text(text)] }
        var pieces: [Piece] = []
        var plain = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            guard scalar == "\u{1B}" else {
                plain.append(scalar)
                continue
            }
            if !plain.isEmpty {
                pieces.append(.text(String(plain)))
                plain = String.UnicodeScalarView()
            }
            var sequence = String.UnicodeScalarView([scalar])
            switch scalars.first {
            case "[":
                sequence.append(scalars.removeFirst())
                // Parameter and intermediate bytes, then one final byte in 0x40…0x7E.
                while let next = scalars.popFirst() {
                    sequence.append(next)
                    if (0x40...0x7E).contains(next.value) { break }
                }
            case "]":
                sequence.append(scalars.removeFirst())
                while let next = scalars.popFirst() {
                    sequence.append(next)
                    if next == "\u{07}" { break }
                    if next == "\u{1B}", scalars.first == "\\" {
                        sequence.append(scalars.removeFirst())
                        break
                    }
                }
            case .some:
                sequence.append(scalars.removeFirst())
            case .none:
                break
            }
            pieces.append(.escape(String(sequence)))
        }
        if !plain.isEmpty { pieces.append(.text(String(plain))) }
        return pieces
    }
}
