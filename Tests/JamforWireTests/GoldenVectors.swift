import Foundation

@testable import JamforWire

/// The messages behind `Protocol/vectors/`: one or more per message type, with realistic content.
enum GoldenVectors {
    struct Vector {
        var name: String
        var message: WireMessage
        var requestID: UInt32
        var flags: FrameFlags
        /// Compress with the default policy (threshold 1024 bytes, level 6).
        var compressed: Bool = false
    }

    static let kkvh = ["0880", "1080", "1290", "0780", "1380"]
    static let names = [
        "0880": "Kalmar", "1080": "Karlskrona", "1290": "Kristianstad", "0780": "Växjö", "1380": "Halmstad",
    ]

    static let submittedAt = Date(timeIntervalSince1970: 1_693_526_400)

    /// hme 2023 over KKVH: ranked rows best first, then the member without a value. Scores are min–max
    /// 0–100 over the members with a value; z-scores use their mean and population standard deviation,
    /// as Docs/analytics.md defines them.
    static var rankResult: RankResponse {
        let values: [(String, Double?)] = [("0780", 79), ("1380", 78), ("0880", 77), ("1080", 77), ("1290", nil)]
        let present = values.compactMap(\.1)
        let mean = present.reduce(0, +) / Double(present.count)
        let variance = present.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(present.count)
        let standardDeviation = variance.squareRoot()
        var rows: [RankRow] = []
        for (index, (code, value)) in values.enumerated() {
            rows.append(
                RankRow(
                    municipality: code,
                    name: names[code] ?? code,
                    rank: value == nil ? nil : [1, 2, 3, 3][index],
                    value: value,
                    status: value == nil ? ".." : nil,
                    score: value.map { ($0 - 77) / 2 * 100 },
                    zScore: value.map { ($0 - mean) / standardDeviation },
                    colour: [ColourClass.green, .yellow, .red, .red, .grey][index],
                    change: [1.5, -0.5, 0, 2, nil][index],
                    // One synthetic figure shows the flag; real rows leave it out.
                    synthetic: code == "1380" ? true : nil
                )
            )
        }
        return RankResponse(
            indicator: "hme",
            period: "2023",
            scope: "kommun",
            gender: "T",
            rows: rows,
            group: GroupStatistics(mean: 77.75, median: 77.5, minimum: 77, maximum: 79, count: 4, members: 5),
            // 78.90625 needs single precision: fa 42 9d d0 00.
            country: GroupStatistics(mean: 78.90625, median: 79, minimum: 68, maximum: 88, count: 287, members: 290),
            previousPeriod: "2022"
        )
    }

    /// A deterministic sequence for the large vectors (SplitMix64).
    struct Sequence {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    /// The indicators and period range the `export` vector asks for.
    static let exportRequest = ExportRequest(indicators: ["hme", "nki"], from: "2020", to: "2024", batchSize: 5000)

    /// The last batch of an answer to ``exportRequest``: 600 distinct observations (2 indicators ×
    /// 5 municipalities × 10 periods from 2020 to 2024 × 2 scopes × 3 genders), each figure once.
    static var largeExport: ExportBatch {
        var random = Sequence(state: 2024)
        let periods = ["2020", "2020-08", "2021", "2021-08", "2022", "2022-08", "2023", "2023-04", "2023-08", "2024"]
        var observations: [ObservationRecord] = []
        for indicator in exportRequest.indicators {
            let base: Double = ["hme": 78, "nki": 70][indicator] ?? 50
            for municipality in kkvh {
                for period in periods {
                    for scope in ["kommun", "ks"] {
                        for gender in ["T", "K", "M"] {
                            let value = (base + Double(random.below(600)) / 100 - 3).rounded(toPlaces: 1)
                            let missing = random.below(40) == 0
                            observations.append(
                                ObservationRecord(
                                    indicator: indicator,
                                    municipality: municipality,
                                    period: period,
                                    scope: scope,
                                    gender: gender,
                                    value: missing ? nil : value,
                                    status: missing ? "-" : nil,
                                    source: "synthetic:golden-vectors",
                                    submitter: "kalmar-analytiker",
                                    submittedAt: submittedAt,
                                    visibility: observations.count % 2 == 0 ? .public : .network
                                )
                            )
                        }
                    }
                }
            }
        }
        return ExportBatch(sequence: 3, observations: observations)
    }

    /// The `compare` vector: hme (weight 2) and sick-leave (weight 1) over Kalmar, Karlskrona and
    /// Växjö; a municipality needs values for 75 % of the weight to get a composite.
    static let compareRequest = CompareRequest(
        indicators: [WeightedIndicator(indicator: "hme", weight: 2), WeightedIndicator(indicator: "sick-leave")],
        period: "2023",
        set: .list(["0880", "1080", "0780"]),
        minimumCoverage: 0.75
    )

    /// The answer to ``compareRequest``, computed as the server does: scores are min–max 0–100 over the
    /// set, direction-adjusted (sick leave: lower is better); the composite is the weighted mean of the
    /// available scores, given when the coverage (share of the total weight with a value) reaches the
    /// minimum. Kalmar has no sick-leave figure, so its coverage is 2/3 and it gets no composite.
    static var compareResult: CompareResponse {
        let request = compareRequest
        let weights = request.indicators.map(\.weight)
        let lowerIsBetter = [false, true]  // hme, sick-leave, as in the `indicators` vector
        let values: [String: [Double]] = ["0880": [77, .nan], "1080": [77, 6.8], "0780": [79, 7.1]]
        let codes = request.set.codes ?? []
        var rows: [CompareRow] = codes.map { code in
            CompareRow(
                municipality: code,
                name: names[code] ?? code,
                values: values[code] ?? [],
                scores: [],
                coverage: 0
            )
        }
        for column in weights.indices {
            let present = rows.map { $0.values[column] }.filter { !$0.isNaN }
            let low = present.min() ?? 0
            let high = present.max() ?? 0
            for row in rows.indices {
                let value = rows[row].values[column]
                let better = lowerIsBetter[column] ? high - value : value - low
                rows[row].scores.append(better / (high - low) * 100)
            }
        }
        let totalWeight = weights.reduce(0, +)
        for row in rows.indices {
            let available = weights.indices.filter { !rows[row].scores[$0].isNaN }
            let weight = available.map { weights[$0] }.reduce(0, +)
            rows[row].coverage = weight / totalWeight
            if rows[row].coverage >= request.minimumCoverage ?? 0 {
                rows[row].composite = available.map { weights[$0] * rows[row].scores[$0] }.reduce(0, +) / weight
            }
        }
        let composites = rows.compactMap(\.composite)
        for row in rows.indices {
            guard let composite = rows[row].composite else { continue }
            rows[row].rank = UInt16(1 + composites.filter { $0 > composite }.count)
        }
        // Best composite first, rows without one last.
        rows.sort { ($0.composite ?? -.infinity) > ($1.composite ?? -.infinity) }
        return CompareResponse(indicators: request.indicators.map(\.indicator), period: request.period, rows: rows)
    }

    static var all: [Vector] {
        let limits = WireLimits()
        return [
            Vector(
                name: "hello",
                message: .hello(
                    Hello(
                        supportedVersions: [1],
                        clientName: "jamfor-cli/0.1",
                        credentials: Credentials(user: "kalmar-analytiker", token: "s3cret-token"),
                        compression: ["zlib"],
                        // What this client accepts from the server: frames of at most 4 MiB, 32 MiB
                        // inflated; the request limits keep their defaults, they do not apply to it.
                        limits: WireLimits(maxFrameLength: 4 << 20, maxDecompressedLength: 32 << 20)
                    )
                ),
                requestID: 0,
                flags: []
            ),
            Vector(
                name: "hello-anonymous",
                message: .hello(Hello(supportedVersions: [1], clientName: "other-client", compression: [])),
                requestID: 0,
                flags: []
            ),
            Vector(
                name: "welcome",
                message: .welcome(
                    Welcome(
                        version: 1,
                        serverName: "jamfor-server/0.1",
                        principal: Principal(name: "kalmar-analytiker", municipality: "0880", networks: ["kkvh"]),
                        limits: limits,
                        compression: "zlib",
                        compressionThreshold: 1024
                    )
                ),
                requestID: 0,
                flags: [.endOfStream]
            ),
            Vector(name: "ping", message: .ping(Ping(nonce: 0x0123_4567_89ab_cdef)), requestID: 0, flags: []),
            Vector(
                name: "pong",
                message: .pong(Pong(nonce: 0x0123_4567_89ab_cdef)),
                requestID: 0,
                flags: [.endOfStream]
            ),
            Vector(
                name: "error",
                message: .error(
                    ErrorMessage(
                        code: .notFound,
                        message: "indicator \"hmx\" does not exist; list indicators to see the catalog",
                        requestID: 9
                    )
                ),
                requestID: 9,
                flags: [.endOfStream]
            ),
            Vector(name: "cancel", message: .cancel(Cancel(requestID: 11)), requestID: 0, flags: []),
            Vector(
                name: "list-municipalities",
                message: .listMunicipalities(ListMunicipalitiesRequest(county: "Kalmar län")),
                requestID: 1,
                flags: []
            ),
            Vector(
                name: "municipalities",
                message: .municipalities(
                    ListMunicipalitiesResponse(municipalities: [
                        MunicipalityInfo(code: "0880", name: "Kalmar", county: "Kalmar län"),
                        MunicipalityInfo(code: "0882", name: "Oskarshamn", county: "Kalmar län"),
                    ])
                ),
                requestID: 1,
                flags: [.endOfStream]
            ),
            Vector(name: "list-networks", message: .listNetworks(ListNetworksRequest()), requestID: 2, flags: []),
            Vector(
                name: "networks",
                message: .networks(
                    ListNetworksResponse(networks: [
                        NetworkInfo(id: "kkvh", name: "KKVH", members: kkvh),
                        NetworkInfo(id: "4m", name: "4M", members: ["0381", "0484", "0486", "1980"]),
                        NetworkInfo(
                            id: "vastra-malardalen",
                            name: "Västra Mälardalen",
                            members: ["1983", "1984", "1960"]
                        ),
                    ])
                ),
                requestID: 2,
                flags: [.endOfStream]
            ),
            Vector(name: "list-indicators", message: .listIndicators(ListIndicatorsRequest()), requestID: 3, flags: []),
            Vector(
                name: "indicators",
                message: .indicators(
                    ListIndicatorsResponse(indicators: [
                        IndicatorInfo(
                            id: "hme",
                            titleSv: "Hållbart medarbetarengagemang (HME)",
                            titleEn: "Sustainable employee engagement",
                            unit: "index",
                            direction: .higherIsBetter,
                            minimum: 0,
                            maximum: 100,
                            splitsByGender: true
                        ),
                        IndicatorInfo(
                            id: "sick-leave",
                            titleSv: "Sjukfrånvaro",
                            titleEn: "Sick leave",
                            unit: "percent",
                            direction: .lowerIsBetter,
                            minimum: 0,
                            maximum: 100,
                            splitsByGender: true
                        ),
                    ])
                ),
                requestID: 3,
                flags: [.endOfStream]
            ),
            Vector(
                name: "rank",
                message: .rank(RankRequest(indicator: "hme", period: "2023", set: .network("kkvh"), focus: "0880")),
                requestID: 4,
                flags: []
            ),
            Vector(name: "rank-result", message: .rankResult(rankResult), requestID: 4, flags: [.endOfStream]),
            Vector(
                name: "compare",
                message: .compare(compareRequest),
                requestID: 5,
                flags: []
            ),
            Vector(
                name: "compare-result",
                message: .compareResult(compareResult),
                requestID: 5,
                flags: [.endOfStream]
            ),
            Vector(
                name: "trend",
                message: .trend(
                    TrendRequest(
                        indicator: "sick-leave",
                        municipalities: ["0880"],
                        from: "2021-08",
                        to: "2023-08",
                        cut: "08",
                        groups: [.network("kkvh"), .country]
                    )
                ),
                requestID: 6,
                flags: []
            ),
            Vector(
                name: "trend-result",
                message: .trendResult(
                    TrendResponse(
                        indicator: "sick-leave",
                        periods: ["2021-08", "2022-08", "2023-08"],
                        series: [
                            // Kalmar has no figure for 2022-08; neither has any other KKVH member.
                            TrendSeries(kind: .municipality, label: "0880", values: [7.9, .nan, 7.6]),
                            TrendSeries(
                                kind: .groupMean,
                                label: "kkvh",
                                values: [7.5, .nan, 7.25],
                                counts: [5, 0, 4]
                            ),
                            TrendSeries(
                                kind: .groupMean,
                                label: "country",
                                values: [7.8, 8.1, 7.5],
                                counts: [231, 226, 240]
                            ),
                        ]
                    )
                ),
                requestID: 6,
                flags: [.endOfStream]
            ),
            Vector(
                name: "submit",
                message: .submit(
                    SubmitRequest(
                        idempotencyKey: "kalmar-2023-08-delar",
                        observations: [
                            ObservationRecord(
                                indicator: "sick-leave",
                                municipality: "0880",
                                period: "2023-08",
                                gender: "K",
                                value: 8.9,
                                source: "Delårsrapport augusti 2023, Kalmar kommun",
                                submitter: "kalmar-analytiker",
                                submittedAt: submittedAt,
                                visibility: .network
                            ),
                            ObservationRecord(
                                indicator: "turnover",
                                municipality: "0880",
                                period: "2023-08",
                                scope: "ks",
                                // Both a value and a status marker: the server rejects it.
                                value: 12.5,
                                status: "..",
                                visibility: .network
                            ),
                        ]
                    )
                ),
                requestID: 7,
                flags: []
            ),
            Vector(
                name: "submit-result",
                message: .submitResult(
                    SubmitResponse(
                        inserted: 1,
                        updated: 0,
                        unchanged: 0,
                        rejected: [
                            Rejection(
                                index: 1,
                                code: .invalidArgument,
                                reason: "an observation has either a value or a status marker, not both"
                            )
                        ]
                    )
                ),
                requestID: 7,
                flags: [.endOfStream]
            ),
            Vector(
                name: "export",
                message: .export(exportRequest),
                requestID: 8,
                flags: []
            ),
            Vector(
                name: "export-batch",
                message: .exportBatch(
                    ExportBatch(
                        sequence: 0,
                        observations: [
                            ObservationRecord(
                                indicator: "hme",
                                municipality: "0880",
                                period: "2023",
                                value: 77,
                                source: "Årsredovisning 2023, Kalmar kommun",
                                visibility: .public
                            )
                        ]
                    )
                ),
                requestID: 8,
                flags: []
            ),
            Vector(
                name: "export-batch-compressed",
                message: .exportBatch(largeExport),
                requestID: 8,
                flags: [.endOfStream],
                compressed: true
            ),
        ]
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = (0..<places).reduce(1.0) { product, _ in product * 10 }
        return (self * scale).rounded() / scale
    }
}
