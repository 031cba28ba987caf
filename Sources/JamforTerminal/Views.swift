public import JamforWire

/// Renders the server's answers as a table, CSV, JSON or Markdown, in Swedish or English.
///
/// Every returned string ends with a newline. Table renders fit ``RenderOptions/width`` and hold no escape
/// codes unless ``RenderOptions/colour`` is on.
public enum Views {
    /// The indicator catalog: id, title, unit, which way is better, Kolada id.
    public static func indicators(_ indicators: [IndicatorInfo], options: RenderOptions) -> String {
        ListViews.indicators(indicators, options: options)
    }

    /// The municipality registry: code, name, county.
    public static func municipalities(_ municipalities: [MunicipalityInfo], options: RenderOptions) -> String {
        ListViews.municipalities(municipalities, options: options)
    }

    /// The networks with their members' names (looked up by code in `municipalities`).
    public static func networks(
        _ networks: [NetworkInfo],
        municipalities: [MunicipalityInfo],
        options: RenderOptions
    ) -> String {
        ListViews.networks(networks, municipalities: municipalities, options: options)
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
        RankView(response: response, indicator: indicator, setLabel: setLabel, focus: focus, options: options)
            .render()
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
            response: response,
            catalog: indicators,
            weights: weights,
            setLabel: setLabel,
            focus: focus,
            options: options
        ).render()
    }

    /// A municipality's figures over time beside group means, with sparklines, targets and target status.
    ///
    /// - Parameter names: SCB code → municipality name, and group labels (network id → display name,
    ///   `"country"` → localized) for the series labels.
    public static func trend(
        _ response: TrendResponse,
        indicator: IndicatorInfo,
        names: [String: String],
        options: RenderOptions
    ) -> String {
        TrendView(response: response, indicator: indicator, names: names, options: options).render()
    }

    /// What a submission stored, and each rejection as `file:line: reason`.
    ///
    /// - Parameter lines: `lines[i]` is the file line of submitted observation `i`.
    public static func submit(_ response: SubmitResponse, file: String, lines: [Int], options: RenderOptions) -> String
    {
        SubmitView(response: response, file: file, lines: lines, options: options).render()
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

    /// Text lines wrapped to the width.
    static func wrapped(_ paragraphs: [String], width: Int, indent: String = "  ") -> [String] {
        paragraphs.flatMap { TextWidth.wrap($0, to: width, indent: indent) }
    }

    /// A title on one line when it fits, else the indicator's title and the rest on lines of their own.
    static func titleLines(_ main: String, _ detail: String, width: Int) -> [String] {
        let whole = detail.isEmpty ? main : main + " — " + detail
        if TextWidth.of(whole) <= width { return [whole] }
        return wrapped([main], width: width, indent: "")
            + (detail.isEmpty ? [] : wrapped([detail], width: width, indent: ""))
    }

    static func finiteOrNil(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
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
