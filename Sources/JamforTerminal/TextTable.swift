/// A table laid out to a width: columns shrink (bars first, then truncatable text with "…") and rows are
/// never wrapped. Without truncation, only bars shrink and text is never cut: the table may be wider.
struct TextTable: Sendable {
    struct Column: Sendable {
        enum Sizing: Sendable, Hashable {
            /// As wide as its widest cell.
            case fixed
            /// Cut with "…" down to `minimum` columns when space is short.
            case truncatable(minimum: Int)
            /// A bar column: `preferred` wide, shrinking to `minimum`, dropped when even that does not fit.
            case bar(preferred: Int, minimum: Int)
        }

        var header: String
        var alignment: TextAlignment = .left
        var sizing: Sizing = .fixed
        /// Spaces before this column (ignored for the first); narrowed to one when space is short.
        var gap: Int = 2
        /// Truncatable columns of a lower priority give up their width first.
        var shrinkPriority = 1
    }

    struct Cell: Sendable {
        enum Content: Sendable, Hashable {
            case text(String)
            /// A bar of this fraction (0…1) of the column's width.
            case bar(Double)
        }

        var content: Content
        var style: ANSIStyle = .plain
        /// Whether the style also colours the padding (heat-map cells), or only the text.
        var stylePadding = false
        /// How many columns the cell covers.
        var span = 1
        /// Overrides the column's alignment.
        var alignment: TextAlignment?

        init(
            _ text: String,
            style: ANSIStyle = .plain,
            stylePadding: Bool = false,
            span: Int = 1,
            alignment: TextAlignment? = nil
        ) {
            self.content = .text(text)
            self.style = style
            self.stylePadding = stylePadding
            self.span = span
            self.alignment = alignment
        }

        var naturalWidth: Int {
            switch content {
            case .text(let text): TextWidth.of(text)
            case .bar: 0
            }
        }

        init(bar fraction: Double, style: ANSIStyle = .plain) {
            self.content = .bar(fraction)
            self.style = style
        }

        static let empty = Cell("")
    }

    enum Row: Sendable {
        case cells([Cell])
        /// A horizontal rule across the table.
        case rule
    }

    var columns: [Column]
    var rows: [Row] = []
    var showsHeader = true

    /// The table's lines, none wider than `width` columns, without trailing spaces; with `truncates` off,
    /// no text is cut and lines may be wider.
    func render(width: Int, colour: Bool, truncates: Bool = true) -> [String] {
        let layout = self.layout(width: width, truncates: truncates)
        var lines: [String] = []
        if showsHeader {
            let cells = columns.map { Cell($0.header, style: .bold) }
            lines.append(line(cells, layout: layout, colour: colour))
        }
        for row in rows {
            switch row {
            case .rule:
                lines.append(String(repeating: "─", count: layout.total))
            case .cells(let cells):
                lines.append(line(cells, layout: layout, colour: colour))
            }
        }
        // A last guard: a row never wraps, whatever the columns could not give up.
        guard truncates else { return lines }
        return lines.map { TextWidth.of($0) > width ? TextWidth.truncate($0, to: width) : $0 }
    }

    struct Layout {
        /// Per column; `nil` when the column is dropped.
        var widths: [Int?]
        var gaps: [Int]

        var total: Int {
            var sum = 0
            var first = true
            for (index, width) in widths.enumerated() {
                guard let width else { continue }
                sum += width + (first ? 0 : gaps[index])
                first = false
            }
            return sum
        }
    }

    func layout(width: Int, truncates: Bool = true) -> Layout {
        var widths: [Int?] = columns.map { column in
            switch column.sizing {
            case .bar(let preferred, _): preferred
            case .fixed, .truncatable: TextWidth.of(column.header)
            }
        }
        var layout = Layout(widths: widths, gaps: columns.map(\.gap))
        for case .cells(let cells) in rows {
            var index = 0
            for cell in cells where index < columns.count {
                // Bar columns have their own width; text widens the others.
                if cell.span == 1, case .text = cell.content, !columns[index].isBar {
                    widths[index] = max(widths[index] ?? 0, cell.naturalWidth)
                }
                index += cell.span
            }
        }
        // A cell spanning several columns widens the last truncatable column it covers, if it needs to.
        for case .cells(let cells) in rows {
            var index = 0
            for cell in cells where index < columns.count {
                let covered = index..<min(columns.count, index + cell.span)
                if cell.span > 1, case .text = cell.content,
                    let target = covered.last(where: { columns[$0].isTruncatable })
                {
                    layout.widths = widths
                    let available = spanWidth(covered, layout: layout)
                    let needed = cell.naturalWidth
                    if needed > available { widths[target] = (widths[target] ?? 0) + needed - available }
                }
                index += cell.span
            }
        }
        layout.widths = widths

        func excess(_ layout: Layout) -> Int { layout.total - width }
        // 1. Bars shrink to their minimum.
        for index in columns.indices where excess(layout) > 0 {
            if case .bar(_, let minimum) = columns[index].sizing, let current = layout.widths[index] {
                let over = excess(layout)
                layout.widths[index] = max(minimum, current - over)
            }
        }
        // Without truncation nothing else gives way: text keeps its width and the table its bars.
        guard truncates else { return layout }
        // 2. Truncatable text shrinks to its minimum, widest first.
        shrinkTruncatable(&layout, width: width, toward: { $0.truncatableMinimum })
        // 3. Gaps narrow to one space.
        for index in columns.indices.dropFirst() where excess(layout) > 0 && layout.gaps[index] > 1 {
            layout.gaps[index] = 1
        }
        // 4. Bars are dropped.
        for index in columns.indices where excess(layout) > 0 {
            if case .bar = columns[index].sizing { layout.widths[index] = nil }
        }
        // 5. Truncatable text shrinks to three columns ("ab…").
        shrinkTruncatable(&layout, width: width, toward: { _ in 3 })
        // 6. Room that dropping a bar freed goes back to truncated text.
        for index in columns.indices where columns[index].isTruncatable {
            guard let current = layout.widths[index], let natural = widths[index], current < natural else { continue }
            let slack = width - layout.total
            if slack > 0 { layout.widths[index] = min(natural, current + slack) }
        }
        return layout
    }

    private func shrinkTruncatable(_ layout: inout Layout, width: Int, toward minimum: (Column) -> Int?) {
        while layout.total > width {
            var widest: Int?
            for index in columns.indices {
                guard let current = layout.widths[index], let floor = minimum(columns[index]),
                    columns[index].isTruncatable, current > floor
                else { continue }
                if let best = widest, let bestWidth = layout.widths[best] {
                    let priority = columns[index].shrinkPriority
                    let bestPriority = columns[best].shrinkPriority
                    if priority > bestPriority || (priority == bestPriority && bestWidth >= current) { continue }
                }
                widest = index
            }
            guard let index = widest, let current = layout.widths[index] else { return }
            layout.widths[index] = current - 1
        }
    }

    private func spanWidth(_ covered: Range<Int>, layout: Layout) -> Int {
        var sum = 0
        var first = true
        for index in covered {
            guard let width = layout.widths[index] else { continue }
            sum += width + (first ? 0 : layout.gaps[index])
            first = false
        }
        return sum
    }

    private func line(_ cells: [Cell], layout: Layout, colour: Bool) -> String {
        var text = ""
        var index = 0
        var first = true
        for cell in cells where index < columns.count {
            let covered = index..<min(columns.count, index + cell.span)
            index += cell.span
            guard covered.contains(where: { layout.widths[$0] != nil }) else { continue }
            let width = spanWidth(covered, layout: layout)
            let leading = covered.first(where: { layout.widths[$0] != nil }) ?? covered.lowerBound
            if !first { text += String(repeating: " ", count: layout.gaps[leading]) }
            first = false
            let alignment = cell.alignment ?? columns[covered.lowerBound].alignment
            switch cell.content {
            case .bar(let fraction):
                let bar = BarText.bar(fraction: fraction, width: width).filter { $0 != " " }
                text += TextWidth.pad(cell.style.apply(bar, enabled: colour), to: width)
            case .text(let content):
                let cut = TextWidth.truncate(content, to: width)
                if cell.stylePadding {
                    text += cell.style.apply(TextWidth.pad(cut, to: width, alignment: alignment), enabled: colour)
                } else {
                    // Spaces that pad a text to line up its marks stay outside the style, so that a line's
                    // end is trimmed alike with colour and without.
                    let core = TextWidth.trimmingTrailingSpaces(cut)
                    let trailing = String(repeating: " ", count: cut.count - core.count)
                    let styled = cell.style.apply(core, enabled: colour) + trailing
                    text += TextWidth.pad(styled, to: width, alignment: alignment)
                }
            }
        }
        // Cells missing at the end of a row are simply not drawn.
        return TextWidth.trimmingTrailingSpaces(text)
    }
}

extension TextTable.Column {
    var isBar: Bool {
        if case .bar = sizing { return true }
        return false
    }

    var isTruncatable: Bool {
        if case .truncatable = sizing { return true }
        return false
    }

    var truncatableMinimum: Int? {
        if case .truncatable(let minimum) = sizing { return minimum }
        return nil
    }
}
