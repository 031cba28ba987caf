public import JamforWire

/// Renders the server's answers as a table, CSV, JSON or Markdown, in Swedish or English.
///
/// Every returned string ends with a newline. Table renders fit ``RenderOptions/width`` (unless
/// ``RenderOptions/truncates`` is off) and hold no escape codes unless ``RenderOptions/colour`` is on.
/// Control characters in the text of answers and labels are replaced with U+FFFD before anything is
/// rendered, so that nothing the server sends can reach the terminal as an escape sequence.
public enum Views {
    /// The indicator catalog: id, title, unit, which way is better, Kolada id.
    public static func indicators(_ indicators: [IndicatorInfo], options: RenderOptions) -> String {
        ListViews.indicators(indicators.map(\.sanitized), options: options)
    }

    /// The municipality registry: code, name, county.
    public static func municipalities(_ municipalities: [MunicipalityInfo], options: RenderOptions) -> String {
        ListViews.municipalities(municipalities.map(\.sanitized), options: options)
    }

    /// The networks with their members' names (looked up by code in `municipalities`).
    public static func networks(
        _ networks: [NetworkInfo],
        municipalities: [MunicipalityInfo],
        options: RenderOptions
    ) -> String {
        ListViews.networks(
            networks.map(\.sanitized),
            municipalities: municipalities.map(\.sanitized),
            options: options
        )
    }

    /// One indicator ranked over a set: rank, colour class, value, bar, change, the set's mean and median
    /// and the country's mean, and footnotes.
    ///
    /// - Parameters:
    ///   - setLabel: what the set is, e.g. "4M", "riket"/"the country", "3 kommuner"; already localized.
    ///   - focus: the SCB code of the municipality to highlight.
    public static func rank(
        _ response: RankResponse,
        indicator: IndicatorInfo,
        setLabel: String,
        focus: String?,
        options: RenderOptions
    ) -> String {
        RankView(
            response: response.sanitized,
            indicator: indicator.sanitized,
            setLabel: ServerText.clean(setLabel),
            focus: focus,
            options: options
        ).render()
    }

    /// Several indicators side by side as a heat map of normalized scores, with the weighted composite and
    /// its rank.
    ///
    /// - Parameters:
    ///   - indicators: the catalog entries of the response's indicators (looked up by id).
    ///   - weights: `weights[i]` is the weight of `response.indicators[i]`; missing weights count as 1.
    ///   - setLabel: what the set is, already localized.
    ///   - focus: the SCB code of the municipality to highlight.
    public static func compare(
        _ response: CompareResponse,
        indicators: [IndicatorInfo],
        weights: [Double],
        setLabel: String,
        focus: String?,
        options: RenderOptions
    ) -> String {
        CompareView(
            response: response.sanitized,
            catalog: indicators.map(\.sanitized),
            weights: weights,
            setLabel: ServerText.clean(setLabel),
            focus: focus,
            options: options
        ).render()
    }

    /// A municipality's figures over time beside group means, with sparklines, targets and target status.
    ///
    /// - Parameters:
    ///   - names: SCB code → municipality name, and group labels (network id → display name,
    ///     `"country"` → localized) for the series labels.
    ///   - scope: the request's scope; the title names it when it is `ks`.
    ///   - gender: the request's gender; the title names it unless it is `T` (total).
    public static func trend(
        _ response: TrendResponse,
        indicator: IndicatorInfo,
        names: [String: String],
        scope: String = "kommun",
        gender: String = "T",
        options: RenderOptions
    ) -> String {
        var cleanNames: [String: String] = [:]
        for (key, name) in names { cleanNames[ServerText.clean(key)] = ServerText.clean(name) }
        return TrendView(
            response: response.sanitized,
            indicator: indicator.sanitized,
            names: cleanNames,
            scope: ServerText.clean(scope),
            gender: ServerText.clean(gender),
            options: options
        ).render()
    }

    /// What a submission stored, and each rejection as `file:line: reason`.
    ///
    /// - Parameter lines: `lines[i]` is the file line of submitted observation `i`.
    public static func submit(_ response: SubmitResponse, file: String, lines: [Int], options: RenderOptions) -> String
    {
        SubmitView(response: response.sanitized, file: ServerText.clean(file), lines: lines, options: options).render()
    }
}

/// Helpers the views share.
enum ViewText {
    /// Lines joined, ending in exactly one newline.
    static func joined(_ lines: [String]) -> String {
        var lines = lines
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    static func decimals(_ indicator: IndicatorInfo?) -> Int {
        Int(indicator?.decimals ?? 1)
    }

    /// The value in the indicator's unit and decimals, or the status marker, or `-` when neither is known.
    static func value(
        _ value: Double?,
        status: String? = nil,
        indicator: IndicatorInfo?,
        locale: DisplayLocale,
        style: NumberText.Style = .display
    ) -> String {
        guard let value, value.isFinite else { return status ?? "-" }
        return NumberText.value(
            value,
            unit: indicator?.unit ?? "index",
            decimals: decimals(indicator),
            locale: locale,
            style: style
        )
    }

    /// Text lines wrapped to the width; a word longer than a line is cut only when `truncating`.
    static func wrapped(_ paragraphs: [String], width: Int, indent: String = "  ", truncating: Bool = true)
        -> [String]
    {
        paragraphs.flatMap { TextWidth.wrap($0, to: width, indent: indent, truncating: truncating) }
    }

    /// A title on one line when it fits, else the indicator's title and the rest on lines of their own.
    static func titleLines(_ main: String, _ detail: String, width: Int, truncating: Bool = true) -> [String] {
        let whole = detail.isEmpty ? main : main + " — " + detail
        if TextWidth.of(whole) <= width { return [whole] }
        return wrapped([main], width: width, indent: "", truncating: truncating)
            + (detail.isEmpty ? [] : wrapped([detail], width: width, indent: "", truncating: truncating))
    }

    static func finiteOrNil(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }

    /// A table line cut to the width, unless the options keep lines whole.
    static func fitted(_ line: String, options: RenderOptions) -> String {
        options.truncates ? TextWidth.truncate(line, to: options.width) : line
    }

    /// The footnote mark of a synthetic figure, right after it: "8,3 %*".
    static let star = "*"

    /// Text after a number that marks it (``star`` for a synthetic figure), padded to the widest such mark
    /// of its column so that right-aligned numbers stay in line.
    static func marked(_ text: String, mark: String, markWidth: Int) -> String {
        text + TextWidth.pad(mark, to: markWidth)
    }

    /// A column header padded by its column's mark width, so that it lines up with the numbers rather than
    /// with their marks.
    static func header(_ header: String, markWidth: Int) -> String {
        header + String(repeating: " ", count: markWidth)
    }

    /// The indicator's catalog fields for JSON.
    static func indicatorJSON(_ indicator: IndicatorInfo, words: Words) -> JSONValue {
        .object([
            "id": .string(indicator.id),
            "title": .string(words.title(indicator)),
            "titleSv": .string(indicator.titleSv),
            "titleEn": .string(indicator.titleEn),
            "unit": .string(indicator.unit),
            "direction": .string(indicator.direction.rawValue),
            "decimals": .integer(indicator.decimals),
            "deadBand": .number(indicator.deadBand),
            "koladaId": .string(indicator.koladaID),
        ])
    }

    /// The statuses that occur, in Kolada's order, then any others.
    static func orderedStatuses(_ statuses: Set<String>) -> [String] {
        let known = ["-", ".", ".."].filter(statuses.contains)
        return known + statuses.subtracting(known).sorted()
    }
}
