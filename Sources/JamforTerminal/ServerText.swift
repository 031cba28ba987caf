import JamforWire

/// Text from the server made safe to print: every C0 and C1 control character (U+0000–U+001F, U+007F–U+009F:
/// ESC, CSI, BEL, CR, line feeds, tabs …) becomes U+FFFD, so that a hostile or broken server cannot move
/// the cursor, retitle the window, hide text or break a table's lines.
///
/// ``Views`` cleans every answer on the way in, so that each format (the table, Markdown, CSV, JSON) gets
/// the same clean text.
enum ServerText {
    static let replacement: Unicode.Scalar = "\u{FFFD}"

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `text` with its control characters replaced by U+FFFD.
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(isControl(scalar) ? replacement : scalar) }
        return String(scalars)
    }

    static func clean(_ text: String?) -> String? {
        text.map { clean($0) }
    }

    static func clean(_ texts: [String]) -> [String] {
        texts.map { clean($0) }
    }
}

extension IndicatorInfo {
    var sanitized: IndicatorInfo {
        var copy = self
        copy.id = ServerText.clean(id)
        copy.titleSv = ServerText.clean(titleSv)
        copy.titleEn = ServerText.clean(titleEn)
        copy.unit = ServerText.clean(unit)
        copy.koladaID = ServerText.clean(koladaID)
        return copy
    }
}

extension MunicipalityInfo {
    var sanitized: MunicipalityInfo {
        var copy = self
        copy.code = ServerText.clean(code)
        copy.name = ServerText.clean(name)
        copy.county = ServerText.clean(county)
        return copy
    }
}

extension NetworkInfo {
    var sanitized: NetworkInfo {
        var copy = self
        copy.id = ServerText.clean(id)
        copy.name = ServerText.clean(name)
        copy.members = ServerText.clean(members)
        return copy
    }
}

extension RankResponse {
    var sanitized: RankResponse {
        var copy = self
        copy.indicator = ServerText.clean(indicator)
        copy.period = ServerText.clean(period)
        copy.scope = ServerText.clean(scope)
        copy.gender = ServerText.clean(gender)
        copy.previousPeriod = ServerText.clean(previousPeriod)
        copy.rows = rows.map { row in
            var row = row
            row.municipality = ServerText.clean(row.municipality)
            row.name = ServerText.clean(row.name)
            row.status = ServerText.clean(row.status)
            return row
        }
        return copy
    }
}

extension CompareResponse {
    var sanitized: CompareResponse {
        var copy = self
        copy.indicators = ServerText.clean(indicators)
        copy.period = ServerText.clean(period)
        copy.rows = rows.map { row in
            var row = row
            row.municipality = ServerText.clean(row.municipality)
            row.name = ServerText.clean(row.name)
            return row
        }
        return copy
    }
}

extension TrendResponse {
    var sanitized: TrendResponse {
        var copy = self
        copy.indicator = ServerText.clean(indicator)
        copy.periods = ServerText.clean(periods)
        copy.series = series.map { series in
            var series = series
            series.label = ServerText.clean(series.label)
            return series
        }
        copy.targets = targets?.map { target in
            var target = target
            target.municipality = ServerText.clean(target.municipality)
            target.status = ServerText.clean(target.status)
            return target
        }
        return copy
    }
}

extension SubmitResponse {
    var sanitized: SubmitResponse {
        var copy = self
        copy.rejected = rejected.map { rejection in
            var rejection = rejection
            rejection.reason = ServerText.clean(rejection.reason)
            return rejection
        }
        return copy
    }
}
