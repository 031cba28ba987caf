import JamforWire

/// The words of the report pages in their language.
struct ReportWords: Sendable {
    var locale: ReportLocale

    func pick(_ sv: String, _ en: String) -> String {
        locale == .sv ? sv : en
    }

    // MARK: Page

    var appName: String { "Jamfor" }
    var overview: String { pick("Översikt", "Overview") }
    var indicatorHeader: String { pick("Indikator", "Indicator") }
    var valueHeader: String { pick("Värde", "Value") }
    var rankNetworkHeader: String { pick("Plac. nätverk", "Rank network") }
    var rankCountryHeader: String { pick("Plac. riket", "Rank country") }
    var colourHeader: String { pick("Färgklass", "Colour class") }
    var changeHeader: String { pick("Förändring", "Change") }
    var targetHeader: String { pick("Mål", "Target") }
    var rankHeader: String { pick("Plac.", "Rank") }
    var municipalityHeader: String { pick("Kommun", "Municipality") }
    var compositeHeader: String { pick("Samlat index", "Composite") }
    var coverageHeader: String { pick("Täckning", "Coverage") }
    var noIndicators: String { pick("Inga indikatorer att visa.", "No indicators to show.") }

    func memberTitle(_ name: String, network: String, period: String) -> String {
        pick("\(name) i \(network), \(period)", "\(name) in \(network), \(period)")
    }

    func memberLede(network: String, members: String, period: String) -> String {
        pick(
            "Nyckeltal \(period) jämförda med nätverket \(network) (\(members)) och med riket.",
            "Key figures for \(period) compared with the network \(network) (\(members)) and with the country."
        )
    }

    func indexTitle(_ network: String, period: String) -> String {
        pick("\(network): samlad rankning \(period)", "\(network): composite ranking \(period)")
    }

    func indexLink(_ network: String) -> String {
        pick("← \(network): samlad rankning", "← \(network): composite ranking")
    }

    func indexLede(network: String, period: String, count: Int) -> String {
        pick(
            "Nätverket \(network) jämfört på \(count) \(count == 1 ? "indikator" : "indikatorer"), \(period).",
            "The network \(network) compared on \(count) \(count == 1 ? "indicator" : "indicators"), \(period)."
        )
    }

    func municipalityCode(_ code: String) -> String { pick("kommunkod \(code)", "municipality code \(code)") }

    func generated(_ time: String) -> String { pick("Skapad \(time) (svensk tid)", "Generated \(time) (Swedish time)") }

    var generatedBy: String {
        pick(
            "Rapport från Jamfor. Siffrorna är de som nätverkets medlemmar och Kolada har rapporterat.",
            "Report from Jamfor. The figures are those reported by the network's members and Kolada."
        )
    }

    // MARK: Indicators

    func title(_ indicator: IndicatorInfo) -> String { pick(indicator.titleSv, indicator.titleEn) }

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

    func directionSentence(_ direction: Direction) -> String {
        switch direction {
        case .higherIsBetter: pick("Högre värde är bättre", "Higher is better")
        case .lowerIsBetter: pick("Lägre värde är bättre", "Lower is better")
        }
    }

    func directionShort(_ direction: Direction) -> String {
        switch direction {
        case .higherIsBetter: pick("↑ högre är bättre", "↑ higher is better")
        case .lowerIsBetter: pick("↓ lägre är bättre", "↓ lower is better")
        }
    }

    func scope(_ scope: String) -> String {
        switch scope {
        case "kommun": pick("hela kommunen", "whole municipality")
        case "ks": pick("kommunstyrelsens förvaltning", "executive board's administration")
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

    /// `2024-08` as "2024 jan–aug" (sv) or "2024 Jan–Aug" (en); whole years and anything else pass through.
    func period(_ period: String) -> String {
        guard let (year, month) = Self.yearToDate(period) else { return period }
        return "\(year) \(months(through: month))"
    }

    /// "jan–aug" for a year-to-date period, `nil` for a whole year.
    func cut(_ period: String) -> String? {
        Self.yearToDate(period).map { months(through: $0.month) }
    }

    private func months(through month: Int) -> String {
        let names =
            locale == .sv
            ? ["jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"]
            : ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return month == 1 ? names[0] : names[0] + "–" + names[month - 1]
    }

    /// The year and month of a year-to-date period such as `2024-08`; `nil` for anything else.
    static func yearToDate(_ period: String) -> (year: String, month: Int)? {
        let parts = period.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        return (String(parts[0]), month)
    }

    // MARK: Figures

    func valueIn(_ period: String) -> String { pick("Värde \(period)", "Value \(period)") }
    func rankIn(_ set: String) -> String { pick("Placering i \(set)", "Rank in \(set)") }
    var rankInCountry: String { pick("Placering i riket", "Rank in the country") }
    func changeAgainst(_ period: String?) -> String {
        guard let period else { return pick("Förändring mot året före", "Change since the year before") }
        return pick("Förändring mot \(period)", "Change since \(period)")
    }
    func targetFor(_ year: String) -> String { pick("Mål \(year)", "Target \(year)") }

    func of(_ rank: Int, _ count: Int) -> String { pick("\(rank) av \(count)", "\(rank) of \(count)") }

    func withoutValue(_ count: Int) -> String {
        pick("\(count) utan värde", "\(count) without a value")
    }

    var noRank: String { pick("ingen placering", "not ranked") }
    var notFetched: String { pick("inte hämtad", "not available") }
    var noTarget: String { pick("inget mål", "no target") }
    var noChange: String { pick("ingen jämförelse", "nothing to compare") }

    func meanOf(_ set: String) -> String { pick("Medel \(set)", "Mean \(set)") }
    var countryMean: String { pick("Medel riket", "Country mean") }
    func medianOf(_ set: String) -> String { pick("Median \(set)", "Median \(set)") }
    func contributors(_ count: UInt32, _ members: UInt32) -> String {
        pick("\(count) av \(members) med värde", "\(count) of \(members) with a value")
    }

    /// Kolada's explanation of a status marker.
    func statusNote(_ status: String) -> String {
        switch status {
        case "-": pick("uppgift saknas", "no figure available")
        case ".": pick("uppgift kan inte förekomma", "figure cannot occur")
        case "..": pick("sekretess eller för osäker uppgift", "confidential or too uncertain")
        default: pick("okänd statusmarkering", "unknown status marker")
        }
    }

    var statusLegend: String {
        pick(
            "Statusmarkeringar som i Kolada: – uppgift saknas, . uppgift kan inte förekomma,"
                + " .. sekretess eller för osäker uppgift.",
            "Status markers as in Kolada: – no figure available, . figure cannot occur,"
                + " .. confidential or too uncertain."
        )
    }

    // MARK: Colour classes

    func colour(_ colour: ColourClass) -> String {
        switch colour {
        case .green: pick("Grön", "Green")
        case .yellow: pick("Gul", "Yellow")
        case .red: pick("Röd", "Red")
        case .grey: pick("Grå", "Grey")
        }
    }

    func colourMeaning(_ colour: ColourClass) -> String {
        switch colour {
        case .green: pick("bästa fjärdedelen i riket", "best quarter in the country")
        case .yellow: pick("mittenhalvan i riket", "middle half in the country")
        case .red: pick("sämsta fjärdedelen i riket", "worst quarter in the country")
        case .grey: pick("inget värde", "no value")
        }
    }

    var colourLegend: String {
        pick(
            "Färgklass som i Kolada, bland alla kommuner i riket med värde: grön bästa fjärdedelen,"
                + " gul mittenhalvan, röd sämsta fjärdedelen, grå inget värde.",
            "Colour class as in Kolada, among all municipalities in the country with a value: green the best"
                + " quarter, yellow the middle half, red the worst quarter, grey no value."
        )
    }

    var colourNotShown: String { pick("visas inte", "not shown") }

    var countryTooThin: String { pick("för få värden i riket", "too few values in the country") }

    func countryTooThinNote(count: UInt32, members: UInt32) -> String {
        pick(
            "Färgklass, placering och medel för riket visas inte: bara \(count) av \(members) kommuner i riket"
                + " har ett värde för perioden.",
            "No colour class, rank or mean for the country: only \(count) of \(members) municipalities in the"
                + " country have a value for the period."
        )
    }

    // MARK: Change

    enum Outcome { case improved, worsened, unchanged }

    func outcome(_ outcome: Outcome) -> String {
        switch outcome {
        case .improved: pick("förbättring", "improvement")
        case .worsened: pick("försämring", "deterioration")
        case .unchanged: pick("oförändrat", "unchanged")
        }
    }

    func changeUnit(_ unit: String) -> String? {
        unit == "percent" ? pick("procentenheter", "percentage points") : nil
    }

    /// What the change is measured in, and what → means.
    func changeNote(unit: String?, band: String?) -> String {
        var text = pick("Förändringen", "The change")
        if let unit { text += pick(" i \(unit)", " in \(unit)") }
        text += pick(" mot samma period året före; ", " against the same period a year earlier; ")
        if let band {
            text += pick("→ betyder högst ±\(band), ", "→ means at most ±\(band), ")
        } else {
            text += pick("→ betyder oförändrat, ", "→ means unchanged, ")
        }
        return text
            + pick("grönt är en förbättring, rött en försämring.", "green is an improvement, red a deterioration.")
    }

    // MARK: Targets

    func targetStatus(_ status: String) -> String {
        switch status {
        case "met": pick("uppnått", "met")
        case "improving": pick("ej uppnått, förbättras", "not met, improving")
        case "unchanged": pick("ej uppnått, oförändrat", "not met, unchanged")
        case "moving-away": pick("ej uppnått, går åt fel håll", "not met, moving away")
        case "not-met": pick("ej uppnått", "not met")
        case "no-value": pick("värde saknas", "no value")
        case "not-comparable": pick("ej jämförbart med helårsmålet", "not comparable with the full-year target")
        default: status
        }
    }

    // MARK: Charts

    func rankingChartTitle(_ indicator: String, network: String, period: String) -> String {
        pick(
            "\(indicator): \(network) rangordnat, \(period)",
            "\(indicator): \(network) ranked, \(period)"
        )
    }

    func rankingCaption(_ network: String, period: String) -> String {
        pick("Placering i \(network), \(period)", "Ranking in \(network), \(period)")
    }

    func trendChartTitle(_ indicator: String, name: String, network: String, range: String) -> String {
        pick(
            "\(indicator): \(name) mot medel \(network), \(range)",
            "\(indicator): \(name) against the \(network) mean, \(range)"
        )
    }

    func trendCaption(range: String) -> String {
        pick("Utveckling \(range)", "Trend \(range)")
    }

    var gapNote: String { pick("Avbrott i linjen: värde saknas.", "A break in the line: no value.") }
    var noTrend: String { pick("Ingen tidsserie att visa.", "No time series to show.") }
    var noRankingValues: String { pick("Inga värden att rangordna.", "No values to rank.") }

    // MARK: Synthetic figures

    var syntheticNote: String {
        pick("* Syntetiska demosiffror, inte verkliga utfall.", "* Synthetic demo figures, not real outcomes.")
    }

    var syntheticChangeNote: String {
        pick(
            "* vid förändringen: jämförs med en syntetisk demosiffra.",
            "* on a change: measured against a synthetic demo figure."
        )
    }

    // MARK: Index

    func compositeChartTitle(_ network: String, period: String) -> String {
        pick("Samlat index, \(network) \(period)", "Composite, \(network) \(period)")
    }

    var incomplete: String { pick("ofullständig", "incomplete") }
    var notInComparison: String { pick("ingår inte i jämförelsen", "not in the comparison") }
    var scoresTitle: String { pick("Poäng per indikator", "Scores per indicator") }
    var indicatorsLegendTitle: String { pick("Indikatorer", "Indicators") }
    var membersTitle: String { pick("Medlemmarnas sidor", "Member pages") }

    var compositeNote: String {
        pick(
            "Samlat index: viktat medel av poängen 0–100 per indikator (min–max över nätverket, högre är bättre)."
                + " En kommun som saknar värden för för många indikatorer redovisas som ofullständig, utan"
                + " placering.",
            "Composite: the weighted mean of the 0–100 scores per indicator (min–max over the network, higher is"
                + " better). A municipality missing values for too many indicators is shown as incomplete,"
                + " without a rank."
        )
    }

    var heatLegend: String {
        pick(
            "Cellens färg efter poäng 0–100 (högre är bättre), med värdet under poängen:",
            "Cell colour by score 0–100 (higher is better), with the value below the score:"
        )
    }

    func band(_ low: Int, _ high: Int) -> String { "\(low)–\(high)" }
    var noValueCell: String { pick("inget värde", "no value") }
}
