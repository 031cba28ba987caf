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

    static var rankResult: RankResponse {
        let values: [(String, Double?)] = [("0780", 79), ("1380", 78), ("0880", 77), ("1080", 77), ("1290", nil)]
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
                    zScore: [1.3055824196677337, 0.5222329678670935, -0.9138876937674136, -0.9138876937674136, nil][
                        index
                    ],
                    colour: [ColourClass.green, .yellow, .red, .red, .grey][index],
                    change: [1.5, -0.5, 0, 2, nil][index]
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
            country: GroupStatistics(mean: 78.9, median: 79, minimum: 68, maximum: 88, count: 287, members: 290),
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

    static var largeExport: ExportBatch {
        var random = Sequence(state: 2024)
        let indicators = ["hme", "nki", "sick-leave", "turnover"]
        let periods = ["2021", "2022", "2023", "2024-04", "2024-08"]
        var observations: [ObservationRecord] = []
        for index in 0..<600 {
            let indicator = indicators[index % 4]
            let base: Double = ["hme": 78, "nki": 70, "sick-leave": 8, "turnover": 10][indicator] ?? 50
            let value = (base + Double(random.below(600)) / 100 - 3).rounded(toPlaces: 1)
            let missing = random.below(40) == 0
            observations.append(
                ObservationRecord(
                    indicator: indicator,
                    municipality: kkvh[index % 5],
                    period: periods[(index / 20) % 5],
                    scope: index % 7 == 0 ? "ks" : "kommun",
                    gender: ["T", "K", "M"][index % 3],
                    value: missing ? nil : value,
                    status: missing ? "-" : nil,
                    source: "synthetic:golden-vectors",
                    submitter: "kalmar-analytiker",
                    submittedAt: submittedAt,
                    visibility: index % 2 == 0 ? .public : .network
                )
            )
        }
        return ExportBatch(sequence: 3, observations: observations)
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
                        compression: ["zlib"]
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
                message: .compare(
                    CompareRequest(
                        indicators: [
                            WeightedIndicator(indicator: "hme", weight: 2), WeightedIndicator(indicator: "sick-leave"),
                        ],
                        period: "2023",
                        set: .list(["0880", "1080", "0780"]),
                        minimumCoverage: 0.5
                    )
                ),
                requestID: 5,
                flags: []
            ),
            Vector(
                name: "compare-result",
                message: .compareResult(
                    CompareResponse(
                        indicators: ["hme", "sick-leave"],
                        period: "2023",
                        rows: [
                            CompareRow(
                                municipality: "0780",
                                name: "Växjö",
                                values: [79, 7.1],
                                scores: [100, 62.5],
                                composite: 87.5,
                                rank: 1,
                                coverage: 1
                            ),
                            CompareRow(
                                municipality: "0880",
                                name: "Kalmar",
                                values: [77, .nan],
                                scores: [0, .nan],
                                coverage: 2.0 / 3.0
                            ),
                        ]
                    )
                ),
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
                            TrendSeries(kind: .municipality, label: "0880", values: [7.9, 8.4, 7.6]),
                            TrendSeries(
                                kind: .groupMean,
                                label: "kkvh",
                                values: [7.5, .nan, 7.25],
                                counts: [5, 0, 4]
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
                            Rejection(index: 1, code: .invalidArgument, reason: "a status marker needs no value")
                        ]
                    )
                ),
                requestID: 7,
                flags: [.endOfStream]
            ),
            Vector(
                name: "export",
                message: .export(ExportRequest(indicators: ["hme", "nki"], from: "2020", to: "2024", batchSize: 5000)),
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
