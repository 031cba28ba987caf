import Foundation
import JamforWire

// Conversions between the JamforWire types and their protobuf mirrors. They run outside the timed loops: the
// benchmark compares wire codecs, not model mapping. The reverse direction exists only to prove the mirror carries
// the same information (Swift → protobuf → Swift must give back the original value).

/// A protobuf value that has no JamforWire equivalent, e.g. an unknown enum number.
struct ProtoConversionError: Error, CustomStringConvertible {
    var description: String
}

extension PBRankResponse {
    init(_ response: RankResponse) {
        self.init()
        indicator = response.indicator
        period = response.period
        scope = response.scope
        gender = response.gender
        rows = response.rows.map(PBRankRow.init)
        group = PBGroupStatistics(response.group)
        if let country = response.country { self.country = PBGroupStatistics(country) }
        if let previousPeriod = response.previousPeriod { self.previousPeriod = previousPeriod }
    }
}

extension RankResponse {
    init(_ message: PBRankResponse) throws {
        // `group` is required in Swift; proto3 would silently give an empty message, so insist on presence.
        guard message.hasGroup else { throw ProtoConversionError(description: "RankResponse.group missing") }
        self.init(
            indicator: message.indicator,
            period: message.period,
            scope: message.scope,
            gender: message.gender,
            rows: try message.rows.map(RankRow.init),
            group: GroupStatistics(message.group),
            country: message.hasCountry ? GroupStatistics(message.country) : nil,
            previousPeriod: message.hasPreviousPeriod ? message.previousPeriod : nil
        )
    }
}

extension PBRankRow {
    init(_ row: RankRow) {
        self.init()
        municipality = row.municipality
        name = row.name
        if let rank = row.rank { self.rank = UInt32(rank) }
        if let value = row.value { self.value = value }
        if let status = row.status { self.status = status }
        if let score = row.score { self.score = score }
        if let zScore = row.zScore { self.zScore = zScore }
        colour = PBColourClass(row.colour)
        if let change = row.change { self.change = change }
    }
}

extension RankRow {
    init(_ message: PBRankRow) throws {
        var rank: UInt16?
        if message.hasRank {
            guard let narrowed = UInt16(exactly: message.rank) else {
                throw ProtoConversionError(description: "rank \(message.rank) does not fit UInt16")
            }
            rank = narrowed
        }
        self.init(
            municipality: message.municipality,
            name: message.name,
            rank: rank,
            value: message.hasValue ? message.value : nil,
            status: message.hasStatus ? message.status : nil,
            score: message.hasScore ? message.score : nil,
            zScore: message.hasZScore ? message.zScore : nil,
            colour: try ColourClass(message.colour),
            change: message.hasChange ? message.change : nil
        )
    }
}

extension PBColourClass {
    init(_ colour: ColourClass) {
        switch colour {
        case .grey: self = .grey
        case .red: self = .red
        case .yellow: self = .yellow
        case .green: self = .green
        }
    }
}

extension ColourClass {
    init(_ colour: PBColourClass) throws {
        switch colour {
        case .grey: self = .grey
        case .red: self = .red
        case .yellow: self = .yellow
        case .green: self = .green
        case .UNRECOGNIZED(let number):
            throw ProtoConversionError(description: "unknown colour class \(number)")
        }
    }
}

extension PBGroupStatistics {
    init(_ statistics: GroupStatistics) {
        self.init()
        if let mean = statistics.mean { self.mean = mean }
        if let median = statistics.median { self.median = median }
        if let minimum = statistics.minimum { self.minimum = minimum }
        if let maximum = statistics.maximum { self.maximum = maximum }
        count = statistics.count
        members = statistics.members
    }
}

extension GroupStatistics {
    init(_ message: PBGroupStatistics) {
        self.init(
            mean: message.hasMean ? message.mean : nil,
            median: message.hasMedian ? message.median : nil,
            minimum: message.hasMinimum ? message.minimum : nil,
            maximum: message.hasMaximum ? message.maximum : nil,
            count: message.count,
            members: message.members
        )
    }
}

extension PBExportBatch {
    init(_ batch: ExportBatch) throws {
        self.init()
        sequence = batch.sequence
        observations = try batch.observations.map(PBObservationRecord.init)
    }
}

extension ExportBatch {
    init(_ message: PBExportBatch) throws {
        self.init(sequence: message.sequence, observations: try message.observations.map(ObservationRecord.init))
    }
}

extension PBObservationRecord {
    init(_ record: ObservationRecord) throws {
        self.init()
        indicator = record.indicator
        municipality = record.municipality
        period = record.period
        scope = record.scope
        gender = record.gender
        if let value = record.value { self.value = value }
        if let status = record.status { self.status = status }
        if let source = record.source { self.source = source }
        if let submitter = record.submitter { self.submitter = submitter }
        if let submittedAt = record.submittedAt {
            // The mirror carries whole Unix seconds; refuse anything finer instead of silently truncating it.
            guard let seconds = Int64(exactly: submittedAt.timeIntervalSince1970) else {
                throw ProtoConversionError(description: "submittedAt \(submittedAt) is not whole seconds")
            }
            self.submittedAt = seconds
        }
        visibility = PBVisibility(record.visibility)
    }
}

extension ObservationRecord {
    init(_ message: PBObservationRecord) throws {
        self.init(
            indicator: message.indicator,
            municipality: message.municipality,
            period: message.period,
            scope: message.scope,
            gender: message.gender,
            value: message.hasValue ? message.value : nil,
            status: message.hasStatus ? message.status : nil,
            source: message.hasSource ? message.source : nil,
            submitter: message.hasSubmitter ? message.submitter : nil,
            submittedAt: message.hasSubmittedAt
                ? Date(timeIntervalSince1970: TimeInterval(message.submittedAt)) : nil,
            visibility: try Visibility(message.visibility)
        )
    }
}

extension PBVisibility {
    init(_ visibility: Visibility) {
        switch visibility {
        case .public: self = .public
        case .network: self = .network
        }
    }
}

extension Visibility {
    init(_ visibility: PBVisibility) throws {
        switch visibility {
        case .public: self = .public
        case .network: self = .network
        case .UNRECOGNIZED(let number):
            throw ProtoConversionError(description: "unknown visibility \(number)")
        }
    }
}

extension PBDoubleArray {
    init(_ values: [Double]) {
        self.init()
        self.values = values
    }
}
