import Foundation

// A direct path for `[ObservationRecord]`, the payload of export batches and submissions.
//
// Through Codable, every record costs a boxed keyed container, a nested composite for its visibility
// and a call through a protocol witness per field; for a million records that was about half the CPU
// of an export (Tools/ExportBench). Here the coder writes and reads the records' maps itself, with the
// same primitives the generic path uses.
//
// The bytes written are exactly those of the generic path (a map of the present fields, keyed 1–11 in
// ascending order, lengths and numbers in their shortest form), and the decoder takes this path only
// for a record in that canonical shape whose every field reads without an error. Any other record (keys
// out of order, repeated or unknown, a tag, a field of the wrong type, a missing field, bytes that end
// early) is read again from its start by the generic path, so that what it accepts, the values it
// makes and the errors it throws, coding path included, are the generic decoder's.

extension CBOREncoderImpl {
    /// Writes `records` as the generic path writes an array of them. Called one nesting level into
    /// the array, where the generic path would check the depth of each record and of its visibility.
    func encodeObservationRecords(_ records: [ObservationRecord]) throws {
        writer.appendHead(CBOR.majorArray, UInt64(records.count))
        // Each record is one level deeper, its visibility (a composite of its own) two: only when both
        // fit does the generic path write what this one does; otherwise it reports the depth.
        guard depthLimitAllows(levels: 2) else {
            for index in records.indices {
                pushPath(CBORIndexKey(index))
                defer { popPath() }
                try encodeValue(records[index])
            }
            return
        }
        for record in records { writer.appendObservationRecord(record) }
    }
}

extension ByteWriter {
    /// Writes one record: a map of its present fields in the order of their keys.
    @inline(__always)
    mutating func appendObservationRecord(_ record: ObservationRecord) {
        // The five texts and the visibility are always there.
        var fields: UInt8 = 6
        if record.value != nil { fields &+= 1 }
        if record.status != nil { fields &+= 1 }
        if record.source != nil { fields &+= 1 }
        if record.submitter != nil { fields &+= 1 }
        if record.submittedAt != nil { fields &+= 1 }
        append(0xa0 | fields)
        append(ObservationRecord.CodingKeys.indicator.byte)
        appendString(record.indicator)
        append(ObservationRecord.CodingKeys.municipality.byte)
        appendString(record.municipality)
        append(ObservationRecord.CodingKeys.period.byte)
        appendString(record.period)
        append(ObservationRecord.CodingKeys.scope.byte)
        appendString(record.scope)
        append(ObservationRecord.CodingKeys.gender.byte)
        appendString(record.gender)
        if let value = record.value {
            append(ObservationRecord.CodingKeys.value.byte)
            appendDouble(value)
        }
        if let status = record.status {
            append(ObservationRecord.CodingKeys.status.byte)
            appendString(status)
        }
        if let source = record.source {
            append(ObservationRecord.CodingKeys.source.byte)
            appendString(source)
        }
        if let submitter = record.submitter {
            append(ObservationRecord.CodingKeys.submitter.byte)
            appendString(submitter)
        }
        if let submittedAt = record.submittedAt {
            append(ObservationRecord.CodingKeys.submittedAt.byte)
            appendEpochDate(submittedAt)
        }
        append(ObservationRecord.CodingKeys.visibility.byte)
        appendHead(CBOR.majorUnsigned, UInt64(record.visibility.rawValue))
    }
}

extension ObservationRecord.CodingKeys {
    /// The key as the encoder writes it: an unsigned integer below 24 is its own initial byte.
    @inline(__always)
    var byte: UInt8 { UInt8(truncatingIfNeeded: rawValue) }
}

extension CBORDecoderImpl {
    /// Reads an array of records, as the generic path reads `[ObservationRecord]` but for the records
    /// in canonical form. Called one nesting level into the array.
    func decodeObservationRecords() throws -> [ObservationRecord] {
        var container = try CBORUnkeyedDecodingContainer(impl: self)
        var result: [ObservationRecord] = []
        result.reserveCapacity(container.count ?? 0)
        // A record and its visibility are one and two levels deeper, and a tagged date inside a record
        // three when the generic path steps over it (looking for an absent optional field, it walks to
        // the end of the map, and a tag counts as a level): only when all of them fit does the generic
        // path read a canonical record without a depth error.
        if depthLimitAllows(levels: 3) {
            while !container.isAtEnd {
                result.append(try container.decodeDirect(ObservationRecord.self) { $0.readObservationRecordDirect() })
            }
        } else {
            while !container.isAtEnd { result.append(try container.decode(ObservationRecord.self)) }
        }
        pos = container.endOffset
        return result
    }

    /// Reads the record at `pos` when it is a map of 6–11 entries with small integer keys in ascending
    /// order, every required field present and every value readable; `nil` otherwise, with `pos`
    /// anywhere (the caller starts again from the record's offset).
    func readObservationRecordDirect() -> ObservationRecord? {
        guard pos < end else { return nil }
        let initial = base.load(fromByteOffset: pos, as: UInt8.self)
        // 0xa6–0xab: a map of 6 to 11 entries, its count in the initial byte.
        guard initial >= 0xa6, initial <= 0xab else { return nil }
        pos &+= 1
        var indicator: String?
        var municipality: String?
        var period: String?
        var scope: String?
        var gender: String?
        var value: Double?
        var status: String?
        var source: String?
        var submitter: String?
        var submittedAt: Date?
        var visibility: Visibility?
        var previousKey: UInt8 = 0
        for _ in 0..<(initial & 0x1f) {
            guard pos < end else { return nil }
            let key = base.load(fromByteOffset: pos, as: UInt8.self)
            // Keys 1–11, each greater than the last: no key twice, none unknown.
            guard key > previousKey, let field = ObservationRecord.CodingKeys(rawValue: Int(key)) else { return nil }
            previousKey = key
            pos &+= 1
            switch field {
            case .indicator:
                guard let read = try? decodeString() else { return nil }
                indicator = read
            case .municipality:
                guard let read = try? decodeString() else { return nil }
                municipality = read
            case .period:
                guard let read = try? decodeString() else { return nil }
                period = read
            case .scope:
                guard let read = try? decodeString() else { return nil }
                scope = read
            case .gender:
                guard let read = try? decodeString() else { return nil }
                gender = read
            // An optional field that is null is absent, as `decodeIfPresent` reads it.
            case .value:
                guard let isNull = try? decodeNilIfPresent() else { return nil }
                if !isNull {
                    guard let read = try? decodeDouble() else { return nil }
                    value = read
                }
            case .status:
                guard let read = optionalString() else { return nil }
                status = read
            case .source:
                guard let read = optionalString() else { return nil }
                source = read
            case .submitter:
                guard let read = optionalString() else { return nil }
                submitter = read
            case .submittedAt:
                guard let isNull = try? decodeNilIfPresent() else { return nil }
                if !isNull {
                    // Only the encoder's form, tag 1 (0xc1) right before the number: other tags in front
                    // (self-described CBOR, conversion hints) count as nesting levels where the generic
                    // path steps over the field, so such a record is left to it.
                    guard (try? peekByte(at: pos)) == 0xc1, let next = try? peekByte(at: pos + 1), next >> 5 != 6,
                        let read = try? decodeDate()
                    else { return nil }
                    submittedAt = read
                }
            case .visibility:
                guard let raw = try? decodeInteger(UInt8.self), let read = Visibility(rawValue: raw) else {
                    return nil
                }
                visibility = read
            }
        }
        guard let indicator, let municipality, let period, let scope, let gender, let visibility else { return nil }
        return ObservationRecord(
            indicator: indicator,
            municipality: municipality,
            period: period,
            scope: scope,
            gender: gender,
            value: value,
            status: status,
            source: source,
            submitter: submitter,
            submittedAt: submittedAt,
            visibility: visibility
        )
    }

    /// An optional text at `pos`: `.some(nil)` for null or undefined, `nil` when it cannot be read.
    @inline(__always)
    private func optionalString() -> String?? {
        guard let isNull = try? decodeNilIfPresent() else { return nil }
        if isNull { return .some(nil) }
        guard let text = try? decodeString() else { return nil }
        return .some(text)
    }
}
