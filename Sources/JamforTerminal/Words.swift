import JamforWire

/// The words of the views in the display locale.
struct Words: Sendable {
    var locale: DisplayLocale

    private func pick(_ sv: String, _ en: String) -> String {
        locale == .sv ? sv : en
    }

    // MARK: Indicators and dimensions

    func title(_ indicator: IndicatorInfo) -> String {
        pick(indicator.titleSv, indicator.titleEn)
    }

    /// The unit's name for the indicator list; units the client does not know pass through.
    func unit(_ unit: String) -> String {
        switch unit {
        case "index": "index"
        case "percent": pick("procent", "percent")
        case "rank": pick("placering", "rank")
        case "score": pick("poäng", "score")
        case "kronor": "kronor"
        case "count": pick("antal", "count")
        default: unit
        }
    }

    /// "ja"/"nej", "yes"/"no": for flags in CSV.
    func yesNo(_ flag: Bool) -> String {
        flag ? pick("ja", "yes") : pick("nej", "no")
    }

    func directionWord(_ direction: Direction) -> String {
        switch direction {
        case .higherIsBetter: pick("högre", "higher")
        case .lowerIsBetter: pick("lägre", "lower")
        }
    }

    func better(_ direction: Direction) -> String {
        switch direction {
        case .higherIsBetter: pick("↑ högre", "↑ higher")
        case .lowerIsBetter: pick("↓ lägre", "↓ lower")
        }
    }

    func directionSentence(_ direction: Direction) -> String {
        switch direction {
        case .higherIsBetter: pick("Högre värde är bättre.", "Higher is better.")
        case .lowerIsBetter: pick("Lägre värde är bättre.", "Lower is better.")
        }
    }

    /// `kommun` is the whole organisation, `ks` the executive board's administration.
    func scope(_ scope: String) -> String {
        switch scope {
        case "kommun": pick("kommun", "municipality")
        case "ks": pick("KS", "executive board (KS)")
        default: scope
        }
    }

    func gender(_ gender: String) -> String {
        switch gender {
        case "K": pick("kvinnor", "women")
        case "M": pick("män", "men")
        case "T": pick("totalt", "total")
        default: gender
        }
    }

    /// `2024-08` as "2024 jan–aug" (sv) or "2024 Jan–Aug" (en); whole years and anything unrecognised
    /// pass through.
    func period(_ period: String) -> String {
        guard let (year, month) = Self.yearToDate(period) else { return period }
        return "\(year) \(months(through: month))"
    }

    /// From the first period to the last: "2019–2024", "2022–2024, jan–aug" (sv) or "2022–2024, Jan–Aug"
    /// (en) when both are the same year-to-date cut, else both periods in full ("2023 – 2024 jan–aug").
    func periodRange(_ first: String, _ last: String) -> String {
        if first == last { return period(first) }
        if let (firstYear, firstMonth) = Self.yearToDate(first), let (lastYear, lastMonth) = Self.yearToDate(last),
            firstMonth == lastMonth
        {
            return "\(firstYear)–\(lastYear), \(months(through: firstMonth))"
        }
        if Self.yearToDate(first) == nil, Self.yearToDate(last) == nil { return first + "–" + last }
        return period(first) + " – " + period(last)
    }

    /// "jan–aug" (sv) or "Jan–Aug" (en); "jan" alone for January.
    private func months(through month: Int) -> String {
        let names =
            locale == .sv
            ? ["jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"]
            : ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return month == 1 ? names[0] : names[0] + "–" + names[month - 1]
    }

    /// The year and month of a year-to-date period such as `2024-08`; `nil` for anything else.
    private static func yearToDate(_ period: String) -> (year: Substring, month: Int)? {
        let parts = period.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII),
            parts[0].allSatisfy(\.isNumber), let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        return (parts[0], month)
    }

    func colour(_ colour: ColourClass) -> String {
        switch colour {
        case .green: pick("grön", "green")
        case .yellow: pick("gul", "yellow")
        case .red: pick("röd", "red")
        case .grey: pick("grå", "grey")
        }
    }

    // MARK: Footnotes

    /// Kolada's explanation of a status marker.
    func statusNote(_ status: String) -> String {
        switch status {
        case "-": pick("uppgift saknas", "no figure available")
        case ".": pick("uppgift kan inte förekomma", "figure cannot occur")
        case "..": pick("uppgift är sekretessbelagd eller för osäker", "figure is confidential or too uncertain")
        default: pick("okänd statusmarkering", "unknown status marker")
        }
    }

    /// What a star after a figure means.
    var syntheticNote: String {
        pick("* Syntetisk demosiffra, inte verkligt utfall.", "* Synthetic demo figure, not a real outcome.")
    }

    /// What a star after a figure means where figures computed from others (means, composites,
    /// differences) are starred too.
    var syntheticDerivedNote: String {
        pick(
            "* Syntetisk demosiffra eller beräknad av sådana, inte verkligt utfall.",
            "* Synthetic demo figure or computed from such, not a real outcome."
        )
    }

    /// What a star after a change means.
    var syntheticChangeNote: String {
        pick("* Förändringen jämförs med en syntetisk siffra.", "* The change is measured against a synthetic figure.")
    }

    func ofCount(_ count: UInt32, _ members: UInt32) -> String {
        pick("\(count) av \(members)", "\(count) of \(members)")
    }

    // MARK: Rank

    var rankHeader: String { pick("Plac", "Rank") }
    var colourHeader: String { pick("Färgklass", "Colour class") }
    var municipalityHeader: String { pick("Kommun", "Municipality") }
    var valueHeader: String { pick("Värde", "Value") }
    var changeHeader: String { pick("Förändr.", "Change") }

    func meanLabel(_ set: String) -> String { pick("Medelvärde \(set)", "Mean \(set)") }
    func medianLabel(_ set: String) -> String { pick("Median \(set)", "Median \(set)") }
    var countryMeanLabel: String { pick("Medelvärde riket", "Country mean") }
    var country: String { pick("riket", "the country") }

    /// What the colour classes mean, by the table's markers ("● bästa fjärdedelen") or by name ("grön för
    /// bästa fjärdedelen"); a marker is held to its meaning by a no-break space.
    func classLegend(markers: Bool) -> String {
        let classes: [ColourClass] = [.green, .yellow, .red]
        let meanings = [
            pick("bästa fjärdedelen", "best quarter"), pick("mittenhalvan", "middle half"),
            pick("sämsta fjärdedelen", "worst quarter"),
        ]
        let entries = zip(classes, meanings).map { colourClass, meaning in
            markers
                ? colourClass.marker + "\u{A0}" + meaning
                : colour(colourClass) + pick(" för ", " for the ") + meaning
        }
        return pick(
            "Färgklass bland alla kommuner med värde (som i Kolada): ",
            "Colour class among all municipalities with a value (as in Kolada): "
        ) + entries.joined(separator: ", ") + "."
    }

    /// Why the country's mean and the colour classes are left out: too few of its municipalities have a
    /// value that the viewer may see.
    func countryIncompleteNote(count: UInt32, members: UInt32) -> String {
        pick(
            "Riksmedel och färgklasser visas inte: bara \(count) av \(members) kommuner i riket har ett värde"
                + " som du får se.",
            "No country mean or colour classes: only \(count) of \(members) municipalities have a value you may see."
        )
    }

    /// What the change is measured against, its unit, and what → means.
    func changeNote(previous: String?, unit: String, deadBand: String?, colour: Bool) -> String {
        var text =
            previous.map { pick("Förändring mot \($0)", "Change against \($0)") }
            ?? pick("Förändring mot samma period året före", "Change against the same period a year earlier")
        if unit == "percent" { text += pick(" i procentenheter", " in percentage points") }
        text += "; "
        if let deadBand {
            text += pick("→ högst ±\(deadBand)", "→ at most ±\(deadBand)")
        } else {
            text += pick("→ oförändrat", "→ unchanged")
        }
        if colour { text += pick(", grönt är en förbättring, rött en försämring", ", green improves, red worsens") }
        return text + "."
    }

    // MARK: Compare

    var compositeHeader: String { pick("Samlat", "Composite") }
    var incompleteShort: String { pick("ofullst.", "incompl.") }
    var comparisonTitle: String { pick("Jämförelse", "Comparison") }
    var weightWord: String { pick("vikt", "weight") }

    var scoreLegendPrefix: String {
        pick("Poäng 0–100 över kommunerna, högre är bättre:", "Score 0–100 across the set, higher is better:")
    }

    var markdownScoreNote: String {
        pick(
            "Inom parentes: poäng 0–100 över kommunerna, högre är bättre.",
            "In parentheses: score 0–100 across the set, higher is better."
        )
    }

    var compositeNote: String {
        pick(
            "Samlat: viktat medelvärde av poängen; rangordningen följer det.",
            "Composite: weighted mean of the scores; the ranking follows it."
        )
    }

    func incompleteNote(name: String, has: Int, of total: Int, coverage: String) -> String {
        pick(
            "\(incompleteShort) \(name) har värden för \(has) av \(total) indikatorer (täckning \(coverage))"
                + " och får inget samlat värde.",
            "\(incompleteShort) \(name) has figures for \(has) of \(total) indicators (coverage \(coverage))"
                + " and gets no composite."
        )
    }

    // MARK: Trend

    var periodHeader: String { pick("Period", "Period") }
    func groupMeanHeader(_ label: String) -> String { pick("Medel \(label)", "Mean \(label)") }
    var countryMeanHeader: String { pick("Medel riket", "Country mean") }
    func differenceHeader(_ label: String) -> String { pick("Diff. mot \(label)", "vs \(label)") }
    var targetHeader: String { pick("Mål", "Target") }
    var statusHeader: String { pick("Status", "Status") }
    var trendNoMunicipality: String { pick("Gruppmedelvärden", "Group means") }

    /// What a count in parentheses after a mean means.
    var thinMeanNote: String {
        pick("(n) Medel av bara n kommuner.", "(n) Mean of only n municipalities.")
    }

    func differenceNote(_ group: String) -> String {
        pick("Differensen mot \(group) är i procentenheter.", "The difference to \(group) is in percentage points.")
    }

    func sparklineScale(range: String, low: String, high: String) -> String {
        // "2022–2024, jan–aug" is set off by commas on both sides.
        let range = range.contains(",") ? range + "," : range
        return pick(
            "Kurvorna \(range) delar skala: ▁ \(low) till █ \(high).",
            "The curves \(range) share one scale: ▁ \(low) to █ \(high)."
        )
    }

    func targetStatus(_ status: String) -> String {
        switch status {
        case "met": pick("uppnått", "met")
        case "improving": pick("förbättras", "improving")
        case "unchanged": pick("oförändrat", "unchanged")
        case "moving-away": pick("går åt fel håll", "moving away")
        case "not-met": pick("ej uppnått", "not met")
        case "no-value": pick("värde saknas", "no value")
        case "not-comparable": pick("ej jämförbart", "not comparable")
        default: status
        }
    }

    // MARK: Lists

    var indicatorsTitle: String { pick("Indikatorer", "Indicators") }
    var municipalitiesTitle: String { pick("Kommuner", "Municipalities") }
    var networksTitle: String { pick("Nätverk", "Networks") }
    var idHeader: String { "Id" }
    var indicatorHeader: String { pick("Indikator", "Indicator") }
    var unitHeader: String { pick("Enhet", "Unit") }
    var betterHeader: String { pick("Bättre", "Better") }
    var koladaHeader: String { "Kolada" }
    var codeHeader: String { pick("Kod", "Code") }
    var countyHeader: String { pick("Län", "County") }
    var networkHeader: String { pick("Nätverk", "Network") }
    var membersHeader: String { pick("Medlemmar", "Members") }

    // MARK: Submit

    func submitSummary(inserted: UInt32, updated: UInt32, unchanged: UInt32) -> String {
        let total = UInt64(inserted) + UInt64(updated) + UInt64(unchanged)
        if locale == .sv {
            let figures = total == 1 ? "värde" : "värden"
            let new = inserted == 1 ? "nytt" : "nya"
            let changed = updated == 1 ? "ändrat" : "ändrade"
            let same = unchanged == 1 ? "oförändrat" : "oförändrade"
            return "Lagrade \(total) \(figures): \(inserted) \(new), \(updated) \(changed), \(unchanged) \(same)."
        }
        let figures = total == 1 ? "figure" : "figures"
        return "Stored \(total) \(figures): \(inserted) new, \(updated) updated, \(unchanged) unchanged."
    }

    func submissionTitle(_ file: String) -> String {
        pick("Inskickning av \(file)", "Submission of \(file)")
    }

    var replayedNote: String {
        pick(
            "Inskickningen var redan mottagen (samma idempotensnyckel): svaret är det ursprungliga,"
                + " inget lagrades på nytt.",
            "This submission had already been received (same idempotency key): this is the original answer,"
                + " nothing was stored again."
        )
    }

    func rejectedHeader(_ count: Int) -> String {
        if locale == .sv { return "Avvisade \(count) \(count == 1 ? "värde" : "värden"):" }
        return "Rejected \(count) \(count == 1 ? "figure" : "figures"):"
    }

    /// Where a rejection points when its index has no known file line.
    func observationNumber(_ index: UInt32) -> String {
        pick("värde nr \(UInt64(index) + 1)", "figure #\(UInt64(index) + 1)")
    }
}
