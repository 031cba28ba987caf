import JamforWire

/// What a submission stored; see ``Views/submit(_:file:lines:options:)``.
struct SubmitView {
    var response: SubmitResponse
    var file: String
    var lines: [Int]
    var options: RenderOptions

    private var words: Words { Words(locale: options.locale) }

    func render() -> String {
        switch options.format {
        case .table: table()
        case .markdown: markdown()
        case .csv: csv()
        case .json: json()
        }
    }

    /// The file line of an observation, when `lines` has it.
    private func line(_ index: UInt32) -> Int? {
        let position = Int(index)
        return lines.indices.contains(position) ? lines[position] : nil
    }

    /// `file:line`, or the observation's number when its line is unknown.
    private func location(_ rejection: Rejection) -> String {
        if let line = line(rejection.index) { return "\(file):\(line)" }
        return "\(file): \(words.observationNumber(rejection.index))"
    }

    private var summary: String {
        words.submitSummary(inserted: response.inserted, updated: response.updated, unchanged: response.unchanged)
    }

    private func table() -> String {
        let colour = options.usesColour
        var text = [summary]
        if response.replayed { text.append(words.replayedNote) }
        var lines = ViewText.wrapped(text, width: options.width, truncating: options.truncates)
        if !response.rejected.isEmpty {
            lines.append(ANSIStyle.red.apply(words.rejectedHeader(response.rejected.count), enabled: colour))
            for rejection in response.rejected {
                // The location leads the line, as compilers print it, so editors and terminals can jump to it.
                let location = ANSIStyle.bold.apply(location(rejection) + ":", enabled: colour)
                lines += TextWidth.wrap(
                    location + " " + rejection.reason,
                    to: options.width,
                    indent: "    ",
                    truncating: options.truncates
                )
            }
        }
        return ViewText.joined(lines)
    }

    private func markdown() -> String {
        var lines = ["### " + MarkdownText.escaped(words.submissionTitle(file)), "", MarkdownText.escaped(summary)]
        if response.replayed { lines += ["", MarkdownText.escaped(words.replayedNote)] }
        if !response.rejected.isEmpty {
            lines += ["", MarkdownText.escaped(words.rejectedHeader(response.rejected.count)), ""]
            for rejection in response.rejected {
                lines.append("- `\(location(rejection))`: " + MarkdownText.escaped(rejection.reason))
            }
        }
        return ViewText.joined(lines)
    }

    private func csv() -> String {
        let sv = options.locale == .sv
        var csv = CSVText(locale: options.locale)
        csv.append(
            sv
                ? ["typ", "antal", "fil", "rad", "index", "felkod", "orsak"]
                : ["kind", "count", "file", "line", "index", "error_code", "reason"]
        )
        let counts: [(String, UInt32)] = [
            (sv ? "nya" : "new", response.inserted),
            (sv ? "ändrade" : "updated", response.updated),
            (sv ? "oförändrade" : "unchanged", response.unchanged),
        ]
        for (kind, count) in counts { csv.append([kind, String(count), file, "", "", "", ""]) }
        if response.replayed { csv.append([sv ? "upprepad" : "replayed", "", file, "", "", "", ""]) }
        for rejection in response.rejected {
            csv.append([
                sv ? "avvisad" : "rejected", "", file, line(rejection.index).map(String.init) ?? "",
                String(rejection.index), rejection.code.description, rejection.reason,
            ])
        }
        return csv.text
    }

    private func json() -> String {
        let rejected = response.rejected.map { rejection -> JSONValue in
            .object([
                "index": .integer(rejection.index),
                "line": .integer(line(rejection.index)),
                "code": .string(rejection.code.description),
                "codeNumber": .integer(rejection.code.rawValue),
                "reason": .string(rejection.reason),
            ])
        }
        return JSONValue.object([
            "view": .string("submit"),
            "file": .string(file),
            "inserted": .integer(response.inserted),
            "updated": .integer(response.updated),
            "unchanged": .integer(response.unchanged),
            "stored": .integer(UInt64(response.inserted) + UInt64(response.updated) + UInt64(response.unchanged)),
            "replayed": .bool(response.replayed),
            "rejected": .array(rejected),
        ]).document
    }
}
