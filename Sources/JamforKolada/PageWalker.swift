/// Walks the page structure of a Kolada file — one or more page objects `{"count", "values": […], "next_page"}`,
/// concatenated or in one JSON array, in any key order — and stops at each element of each page's `values`,
/// leaving that element to the caller. Resumable, so that readers can hand out values one entry at a time.
struct PageWalker {
    private enum State {
        /// Before anything: a byte order mark may come.
        case start
        /// Between top-level items: a page, an array of pages, or the end.
        case top
        /// Inside a top-level array of pages.
        case topArray(first: Bool)
        /// Inside a page object, between its members.
        case pageKeys(first: Bool, inArray: Bool)
        /// Inside a page's `values` array.
        case entries(first: Bool, inArray: Bool)
    }

    private enum PageKey {
        case count, values, nextPage, other
    }

    @inline(__always)
    private static func classifyPageKey(_ bytes: UnsafeBufferPointer<UInt8>) -> PageKey {
        if bytes.equals("values") { return .values }
        if bytes.equals("count") { return .count }
        if bytes.equals("next_page") || bytes.equals("next_url") { return .nextPage }
        return .other
    }

    private var state = State.start
    private var topLevelItems = 0
    private var pageHasValues = false
    private(set) var pages: [KoladaPageSummary] = []
    private(set) var warnings: [KoladaReadWarning] = []

    /// The 1-based index of the page being read.
    var currentPage: Int { pages.count }

    /// Counts `count` more values into the current page.
    mutating func addValues(_ count: Int) {
        if !pages.isEmpty { pages[pages.count - 1].values += count }
    }

    /// Advances to the next entry: true with the scanner at the entry's first byte, false at the end of the input.
    mutating func nextEntry(_ scanner: inout JSONScanner) throws(KoladaReadError) -> Bool {
        while true {
            switch state {
            case .start:
                try scanner.skipByteOrderMark()
                guard try scanner.peek() != nil else { throw .emptyInput(file: scanner.file) }
                state = .top

            case .top:
                guard let byte = try scanner.peek() else { return false }
                switch byte {
                case UInt8(ascii: "{"):
                    try beginPage(&scanner, inArray: false)
                case UInt8(ascii: "["):
                    try scanner.enter()
                    topLevelItems += 1
                    state = .topArray(first: true)
                default:
                    if topLevelItems > 0 {
                        throw .trailingGarbage(scanner.currentLocation, found: JSONScanner.describe(byte))
                    }
                    throw .syntax(
                        scanner.currentLocation,
                        expected: "a Kolada page (a JSON object with \"values\") or an array of pages",
                        found: JSONScanner.kind(of: byte)
                    )
                }

            case .topArray(let first):
                var byte = try scanner.require("the array of pages")
                if byte == UInt8(ascii: "]") {
                    scanner.leave()
                    state = .top
                    continue
                }
                if !first {
                    guard byte == UInt8(ascii: ",") else {
                        throw .syntax(
                            scanner.currentLocation,
                            expected: "',' or ']'",
                            found: JSONScanner.describe(byte)
                        )
                    }
                    scanner.pos += 1
                    byte = try scanner.require("the array of pages")
                }
                guard byte == UInt8(ascii: "{") else {
                    throw .wrongType(
                        scanner.currentLocation,
                        field: "pages",
                        expected: "page objects",
                        found: JSONScanner.kind(of: byte)
                    )
                }
                try beginPage(&scanner, inArray: true)

            case .pageKeys(let first, let inArray):
                let byte = try scanner.require("a page")
                if byte == UInt8(ascii: "}") {
                    scanner.leave()
                    try endPage(scanner)
                    scanner.page = nil
                    state = inArray ? .topArray(first: false) : .top
                    continue
                }
                if !first {
                    guard byte == UInt8(ascii: ",") else {
                        throw .syntax(
                            scanner.currentLocation,
                            expected: "',' or '}'",
                            found: JSONScanner.describe(byte)
                        )
                    }
                    scanner.pos += 1
                }
                let key = try Self.classifyPageKey(scanner.readKey(inside: "a page"))
                state = .pageKeys(first: false, inArray: inArray)
                switch key {
                case .count:
                    pages[pages.count - 1].declaredCount = try scanner.readOptionalInt(field: "count")
                case .nextPage:
                    pages[pages.count - 1].nextPage = try scanner.readOptionalString(field: "next_page")
                case .other:
                    try scanner.skipValue(inside: "a page")
                case .values:
                    let byte = try scanner.require("a page")
                    guard byte == UInt8(ascii: "[") else {
                        throw .wrongType(
                            scanner.currentLocation,
                            field: "values",
                            expected: "an array of entries",
                            found: JSONScanner.kind(of: byte)
                        )
                    }
                    try scanner.enter()
                    pageHasValues = true
                    state = .entries(first: true, inArray: inArray)
                }

            case .entries(let first, let inArray):
                let byte = try scanner.require("the page's values")
                if byte == UInt8(ascii: "]") {
                    scanner.leave()
                    state = .pageKeys(first: false, inArray: inArray)
                    continue
                }
                if !first {
                    guard byte == UInt8(ascii: ",") else {
                        throw .syntax(
                            scanner.currentLocation,
                            expected: "',' or ']'",
                            found: JSONScanner.describe(byte)
                        )
                    }
                    scanner.pos += 1
                }
                state = .entries(first: false, inArray: inArray)
                pages[pages.count - 1].entries += 1
                return true
            }
        }
    }

    private mutating func beginPage(_ scanner: inout JSONScanner, inArray: Bool) throws(KoladaReadError) {
        let position = scanner.currentPosition
        try scanner.enter()
        if !inArray { topLevelItems += 1 }
        pages.append(KoladaPageSummary(index: pages.count + 1, position: position))
        scanner.page = pages.count
        pageHasValues = false
        state = .pageKeys(first: true, inArray: inArray)
    }

    private mutating func endPage(_ scanner: borrowing JSONScanner) throws(KoladaReadError) {
        let page = pages[pages.count - 1]
        let location = KoladaLocation(file: scanner.file, page: page.index, position: page.position)
        guard pageHasValues else { throw .missingField(location, field: "values", object: "the page") }
        if let declared = page.declaredCount, declared != page.entries {
            warnings.append(.countMismatch(location, declared: declared, seen: page.entries))
        }
    }
}
