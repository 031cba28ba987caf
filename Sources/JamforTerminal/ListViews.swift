import JamforWire

/// The catalog lists: indicators, municipalities, networks.
enum ListViews {
    // MARK: Indicators

    static func indicators(_ indicators: [IndicatorInfo], options: RenderOptions) -> String {
        let words = Words(locale: options.locale)
        let sv = options.locale == .sv
        switch options.format {
        case .table, .markdown:
            // A Kolada column with nothing in it says nothing.
            let anyKolada = indicators.contains { $0.koladaID != nil }
            var headers = [words.idHeader, words.indicatorHeader, words.unitHeader, words.betterHeader]
            if anyKolada { headers.append(words.koladaHeader) }
            let rows = indicators.map { indicator in
                [
                    indicator.id, words.title(indicator), words.unit(indicator.unit), words.better(indicator.direction),
                    indicator.koladaID ?? "",
                ].prefix(headers.count).map { $0 }
            }
            if options.format == .markdown {
                return markdown(title: words.indicatorsTitle, headers: headers, rows: rows)
            }
            var columns: [TextTable.Column] = [
                .init(header: headers[0]),
                .init(header: headers[1], sizing: .truncatable(minimum: 12)),
                .init(header: headers[2], sizing: .truncatable(minimum: 5)),
                .init(header: headers[3]),
            ]
            if anyKolada { columns.append(.init(header: words.koladaHeader, sizing: .truncatable(minimum: 6))) }
            var table = TextTable(columns: columns)
            table.rows = rows.map { .cells($0.map { TextTable.Cell($0) }) }
            return ViewText.joined(
                table.render(width: options.width, colour: options.usesColour, truncates: options.truncates)
            )
        case .csv:
            var csv = CSVText(locale: options.locale)
            csv.append(
                sv
                    ? ["id", "titel", "enhet", "riktning", "decimaler", "dödzon", "kolada_id"]
                    : ["id", "title", "unit", "direction", "decimals", "dead_band", "kolada_id"]
            )
            for indicator in indicators {
                csv.append([
                    indicator.id, words.title(indicator), words.unit(indicator.unit),
                    words.directionWord(indicator.direction),
                    indicator.decimals.map(String.init) ?? "",
                    csv.number(indicator.deadBand),
                    indicator.koladaID ?? "",
                ])
            }
            return csv.text
        case .json:
            return JSONValue.object([
                "view": .string("indicators"),
                "indicators": .array(indicators.map { ViewText.indicatorJSON($0, words: words) }),
            ]).document
        }
    }

    // MARK: Municipalities

    static func municipalities(_ municipalities: [MunicipalityInfo], options: RenderOptions) -> String {
        let words = Words(locale: options.locale)
        let headers = [words.codeHeader, words.municipalityHeader, words.countyHeader]
        let rows = municipalities.map { [$0.code, $0.name, $0.county] }
        switch options.format {
        case .table:
            var table = TextTable(columns: [
                .init(header: headers[0]),
                .init(header: headers[1], sizing: .truncatable(minimum: 8)),
                .init(header: headers[2], sizing: .truncatable(minimum: 8)),
            ])
            table.rows = rows.map { .cells($0.map { TextTable.Cell($0) }) }
            return ViewText.joined(
                table.render(width: options.width, colour: options.usesColour, truncates: options.truncates)
            )
        case .markdown:
            return markdown(title: words.municipalitiesTitle, headers: headers, rows: rows)
        case .csv:
            var csv = CSVText(locale: options.locale)
            csv.append(options.locale == .sv ? ["kod", "namn", "län"] : ["code", "name", "county"])
            for row in rows { csv.append(row) }
            return csv.text
        case .json:
            return JSONValue.object([
                "view": .string("municipalities"),
                "municipalities": .array(
                    municipalities.map {
                        .object(["code": .string($0.code), "name": .string($0.name), "county": .string($0.county)])
                    }
                ),
            ]).document
        }
    }

    // MARK: Networks

    static func networks(_ networks: [NetworkInfo], municipalities: [MunicipalityInfo], options: RenderOptions)
        -> String
    {
        let words = Words(locale: options.locale)
        var names: [String: String] = [:]
        for municipality in municipalities { names[municipality.code] = municipality.name }
        func memberNames(_ network: NetworkInfo) -> [String] {
            network.members.map { names[$0] ?? $0 }
        }
        switch options.format {
        case .table:
            return networkTable(networks, memberNames: memberNames, words: words, options: options)
        case .markdown:
            return markdown(
                title: words.networksTitle,
                headers: [words.idHeader, words.networkHeader, words.membersHeader],
                rows: networks.map { [$0.id, $0.name, memberNames($0).joined(separator: ", ")] }
            )
        case .csv:
            // One row per membership, so that a spreadsheet can filter and count.
            var csv = CSVText(locale: options.locale)
            csv.append(
                options.locale == .sv
                    ? ["nätverk_id", "nätverk", "kod", "kommun"] : ["network_id", "network", "code", "municipality"]
            )
            for network in networks {
                for code in network.members {
                    csv.append([network.id, network.name, code, names[code] ?? ""])
                }
            }
            return csv.text
        case .json:
            return JSONValue.object([
                "view": .string("networks"),
                "networks": .array(
                    networks.map { network in
                        .object([
                            "id": .string(network.id),
                            "name": .string(network.name),
                            "members": .array(
                                network.members.map { code in
                                    .object(["code": .string(code), "name": .string(names[code])])
                                }
                            ),
                        ])
                    }
                ),
            ]).document
        }
    }

    /// Id and name columns, then the member names wrapped in the rest of the width.
    private static func networkTable(
        _ networks: [NetworkInfo],
        memberNames: (NetworkInfo) -> [String],
        words: Words,
        options: RenderOptions
    ) -> String {
        let width = options.width
        let gap = "  "
        let idWidth = ([words.idHeader] + networks.map(\.id)).map(TextWidth.of).max() ?? 0
        let naturalName = ([words.networkHeader] + networks.map(\.name)).map(TextWidth.of).max() ?? 0
        // The members keep at least a third of the width; the name gives way first.
        let truncates = options.truncates
        // Without truncation the name keeps its width and the members at least 16 columns.
        let nameWidth =
            truncates ? max(6, min(naturalName, width - idWidth - 2 * gap.count - max(16, width / 3))) : naturalName
        let membersStart = idWidth + nameWidth + 2 * gap.count
        let membersWidth = max(truncates ? 1 : 16, width - membersStart)
        func fit(_ text: String, to width: Int) -> String {
            truncates ? TextWidth.fit(text, to: width) : TextWidth.pad(text, to: width)
        }
        let indent = String(repeating: " ", count: membersStart)
        let header =
            fit(words.idHeader, to: idWidth) + gap + fit(words.networkHeader, to: nameWidth) + gap
            + words.membersHeader
        var lines = [ANSIStyle.bold.apply(header, enabled: options.usesColour)]
        for network in networks {
            let members = TextWidth.wrap(
                memberNames(network).joined(separator: ", "),
                to: membersWidth,
                truncating: truncates
            )
            let lead = fit(network.id, to: idWidth) + gap + fit(network.name, to: nameWidth) + gap
            for (index, line) in members.enumerated() {
                lines.append(TextWidth.trimmingTrailingSpaces((index == 0 ? lead : indent) + line))
            }
        }
        return ViewText.joined(lines.map { ViewText.fitted($0, options: options) })
    }

    private static func markdown(title: String, headers: [String], rows: [[String]]) -> String {
        let table = MarkdownText.table(
            headers: headers.map(MarkdownText.escaped),
            alignments: headers.map { _ in .left },
            rows: rows.map { $0.map(MarkdownText.escaped) }
        )
        return ViewText.joined(["### " + MarkdownText.escaped(title), ""] + table)
    }
}
