import Foundation
import Testing

@testable import JamforWire

/// The direct path for `[ObservationRecord]` against the generic Codable path, which
/// `ContiguousArray<ObservationRecord>` still takes (the coder special-cases only `Array`): the same
/// bytes written, and for any input the same records read or the same error thrown.
@Suite("ObservationRecord CBOR")
struct ObservationRecordCBORTests {
    /// Records with every combination of optional fields, texts short and long, values of each float
    /// width, NaN and infinities, whole and fractional dates.
    static let records: [ObservationRecord] = {
        var records: [ObservationRecord] = []
        let values: [Double?] = [nil, 0, 1.5, 70.25, -3.1, 1e300, .nan, .infinity, -.infinity, 65504, 0.1]
        let dates: [Date?] = [
            nil, Date(timeIntervalSince1970: 1_700_000_000), Date(timeIntervalSince1970: 1_700_000_000.25),
            Date(timeIntervalSince1970: -5),
        ]
        for (index, value) in values.enumerated() {
            for (dateIndex, date) in dates.enumerated() {
                let odd = (index + dateIndex) % 2 == 1
                records.append(
                    ObservationRecord(
                        indicator: odd ? "hme" : "an-indicator-id-longer-than-twenty-three-bytes",
                        municipality: "0880",
                        period: index % 3 == 0 ? "2024" : "2024-08",
                        scope: odd ? "kommun" : "ks",
                        gender: ["T", "K", "M"][index % 3],
                        value: value,
                        status: value == nil ? ["-", ".", ".."][dateIndex % 3] : nil,
                        source: odd ? "kolada:N00945" : nil,
                        submitter: dateIndex == 2 ? "kalmar-ekonomi" : nil,
                        submittedAt: date,
                        visibility: odd ? .network : .public
                    )
                )
            }
        }
        records.append(ObservationRecord(indicator: "åäö-ÅÄÖ", municipality: "1480", period: "2009", value: 42))
        records.append(ObservationRecord(indicator: "", municipality: "", period: "", scope: "", gender: ""))
        return records
    }()

    /// Equal records, with NaN equal to NaN (a record holding NaN is not `==` to itself).
    static func same(_ a: [ObservationRecord], _ b: [ObservationRecord]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            var x = x
            var y = y
            if x.value?.isNaN == true && y.value?.isNaN == true {
                x.value = 0
                y.value = 0
            }
            return x == y
        }
    }

    /// What decoding gives: the records, or the error as text (cases, coding paths and messages).
    enum Outcome: Equatable {
        case records([ObservationRecord])
        case failure(String)

        static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            switch (lhs, rhs) {
            case (.records(let a), .records(let b)): ObservationRecordCBORTests.same(a, b)
            case (.failure(let a), .failure(let b)): a == b
            default: false
            }
        }
    }

    /// ``ExportBatch`` with its records read by the generic path.
    struct GenericBatch: Decodable {
        var sequence: UInt32
        var observations: ContiguousArray<ObservationRecord>

        enum CodingKeys: Int, CodingKey {
            case sequence = 1
            case observations = 2
        }
    }

    static func decoding(_ body: () throws -> [ObservationRecord]) -> Outcome {
        do { return .records(try body()) } catch { return .failure(String(reflecting: error)) }
    }

    static func direct(_ bytes: [UInt8], depth: Int = 64) -> Outcome {
        do {
            return .records(try CBORDecoder(maxNestingDepth: depth).decode([ObservationRecord].self, from: bytes))
        } catch {
            return .failure(String(reflecting: error))
        }
    }

    static func generic(_ bytes: [UInt8], depth: Int = 64) -> Outcome {
        do {
            let records = try CBORDecoder(maxNestingDepth: depth).decode(
                ContiguousArray<ObservationRecord>.self,
                from: bytes
            )
            return .records(Array(records))
        } catch {
            return .failure(String(reflecting: error))
        }
    }

    /// The bytes written, or the error's coding path and message (not its value, which names the
    /// collection's type).
    static func encoding(_ body: () throws -> [UInt8]) -> String {
        do {
            return hexString(try body())
        } catch let EncodingError.invalidValue(_, context) {
            return "invalid value at \(context.codingPath.map(\.stringValue)): \(context.debugDescription)"
        } catch {
            return String(reflecting: error)
        }
    }

    @Test("the direct path is the one taken for [ObservationRecord], and not for other collections")
    func classification() {
        #expect(SpecialType.classify([ObservationRecord].self) == .observationRecords)
        #expect(SpecialType.classify(ContiguousArray<ObservationRecord>.self) == .none)
        #expect(SpecialType.classify(ObservationRecord.self) == .none)
    }

    @Test("records are written byte for byte as the generic path writes them")
    func byteIdentity() throws {
        let records = Self.records
        let direct = try CBOREncoder().encode(records)
        let generic = try CBOREncoder().encode(ContiguousArray(records))
        #expect(hexString(direct) == hexString(generic))
        // And record by record, against a record encoded on its own.
        for record in records {
            let one = try CBOREncoder().encode([record])
            #expect(one == [0x81] + (try CBOREncoder().encode(record)))
        }
        #expect(try CBOREncoder().encode([ObservationRecord]()) == [0x80])
    }

    @Test("export batches and submissions keep their bytes")
    func messages() throws {
        let batch = ExportBatch(sequence: 7, observations: Self.records)
        let request = SubmitRequest(idempotencyKey: "key", observations: Self.records)
        let batchBytes = try CBOREncoder().encode(batch)
        let requestBytes = try CBOREncoder().encode(request)
        // The same maps with the records written through the generic path, spliced after the key.
        let genericRecords = try CBOREncoder().encode(ContiguousArray(Self.records))
        #expect(batchBytes == [0xa2, 0x01, 0x07, 0x02] + genericRecords)
        #expect(requestBytes == [0xa2, 0x01, 0x63] + Array("key".utf8) + [0x02] + genericRecords)
        let decodedBatch = try CBORDecoder().decode(ExportBatch.self, from: batchBytes)
        #expect(decodedBatch.sequence == 7 && Self.same(decodedBatch.observations, Self.records))
        let decodedRequest = try CBORDecoder().decode(SubmitRequest.self, from: requestBytes)
        #expect(decodedRequest.idempotencyKey == "key" && Self.same(decodedRequest.observations, Self.records))
    }

    @Test("a round trip gives the records back")
    func roundTrips() throws {
        let bytes = try CBOREncoder().encode(Self.records)
        let outcome = Self.direct(bytes)
        #expect(outcome == .records(Self.records))
        #expect(outcome == Self.generic(bytes))
    }

    @Test("every truncation of a batch fails as the generic path fails")
    func truncations() throws {
        let bytes = try CBOREncoder().encode(Array(Self.records.prefix(6)))
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            #expect(Self.direct(prefix) == Self.generic(prefix), "first \(length) bytes")
        }
    }

    @Test("any one byte changed reads, or fails, as on the generic path")
    func changedBytes() throws {
        let bytes = try CBOREncoder().encode([
            Self.records[5], Self.records[6], Self.records[Self.records.count - 2],
        ])
        // Initial bytes of every major type, lengths, simple values, tags and breaks.
        let replacements: [UInt8] = [
            0x00, 0x01, 0x02, 0x0b, 0x0c, 0x17, 0x18, 0x20, 0x40, 0x5f, 0x60, 0x61, 0x63, 0x78, 0x7f, 0x80, 0x9f,
            0xa0, 0xa5, 0xa6, 0xab, 0xac, 0xbf, 0xc0, 0xc1, 0xd9, 0xd5, 0xf4, 0xf6, 0xf7, 0xf9, 0xfa, 0xfb, 0xfc,
            0xff,
        ]
        var changed = 0
        for index in bytes.indices {
            for replacement in replacements + [bytes[index] ^ 0x01, bytes[index] ^ 0x80]
            where replacement != bytes[index] {
                var mutated = bytes
                mutated[index] = replacement
                let direct = Self.direct(mutated)
                #expect(direct == Self.generic(mutated), "byte \(index) set to \(replacement)")
                if case .records = direct { changed += 1 }
            }
        }
        // Some changes still read (another value, a null optional): both paths agree on those too.
        #expect(changed > 0)
    }

    @Test(
        "records in other shapes read as on the generic path",
        arguments: [
            // Canonical, for reference: indicator, municipality, period, scope, gender, value, visibility.
            "81 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            // Keys out of order.
            "81 a7 02 62 30 31 01 61 61 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            // A key twice.
            "81 a8 01 61 61 01 61 62 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            // An unknown integer key, and an unknown text key.
            "81 a8 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00 0c 00",
            "81 a8 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00 61 78 00",
            // Key 0.
            "81 a8 00 00 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            // A required key missing (gender), and visibility missing.
            "81 a6 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 06 f9 3c 00 0b 00",
            "81 a6 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00",
            // Keys written in a longer form than needed.
            "81 a7 18 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            // An indefinite-length map, and an indefinite-length array.
            "81 bf 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00 ff",
            "9f a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00 ff",
            // A self-described tag before the record, and before the array.
            "81 d9 d9 f7 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            "d9 d9 f7 81 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            // The value as an integer, as a negative integer, as a huge integer, as undefined, as text.
            "81 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 18 2a 0b 00",
            "81 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 38 2a 0b 00",
            "81 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 1b 00 20 00 00 00 00 00 01 0b 00",
            "81 a8 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f7 07 61 2d 0b 00",
            "81 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 61 31 0b 00",
            // A null status, a null required text, a text as a number.
            "81 a8 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 07 f6 0b 00",
            "81 a7 01 f6 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            "81 a7 01 01 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            // Invalid UTF-8, short and long.
            "81 a7 01 61 ff 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            "81 a7 01 78 18 c3 28 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61"
                + " 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            // A chunked text.
            "81 a7 01 7f 61 61 61 62 ff 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 00",
            // Visibility 1, 2, null, as a float, as a bignum.
            "81 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 01",
            "81 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b 02",
            "81 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b f6",
            "81 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b f9 3c 00",
            "81 a7 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0b c2 41 01",
            // Dates: tag 1 with an integer and a float, tag 0 with a string, no tag, null, infinite.
            "81 a8 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0a c1 1a 65 53 f1 00 0b 00",
            "81 a8 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0a c1 f9 3c 00 0b 00",
            "81 a8 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0a c0 74 32 30 32 34 2d"
                + " 30 31 2d 30 31 54 30 30 3a 30 30 3a 30 30 5a 0b 00",
            "81 a8 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0a 18 2a 0b 00",
            "81 a8 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0a f6 0b 00",
            "81 a8 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 06 f9 3c 00 0a c1 f9 7c 00 0b 00",
            // Not a map, not an array, an array declaring more than there is.
            "81 01",
            "a0",
            "99 ff ff a0",
        ]
    )
    func shapes(bytes: String) {
        let input = hex(bytes)
        #expect(Self.direct(input) == Self.generic(input))
    }

    @Test("a date behind transparent tags reads as on the generic path, whatever the nesting limit")
    func taggedDates() {
        // A record with a status and no value: looking for the absent value, the generic path steps
        // over the date, and each tag in front of it counts as a nesting level.
        let record = "81 a8 01 61 61 02 62 30 31 03 64 32 30 32 34 04 62 6b 73 05 61 54 07 61 2d 0a "
        for tags in 0...5 {
            let input = hex(record + String(repeating: "d9 d9 f7 ", count: tags) + "c1 1a 65 53 f1 00 0b 00")
            for depth in 2...10 {
                #expect(
                    Self.direct(input, depth: depth) == Self.generic(input, depth: depth),
                    "\(tags) tags, depth \(depth)"
                )
            }
        }
    }

    @Test("the nesting limit is the generic path's, when writing and when reading")
    func depthLimits() throws {
        let records = Array(Self.records.prefix(3))
        let bytes = try CBOREncoder().encode(records)
        for depth in 0...5 {
            let encoder = CBOREncoder(maxNestingDepth: depth)
            let direct = Self.encoding { try encoder.encode(records) }
            let generic = Self.encoding { try encoder.encode(ContiguousArray(records)) }
            #expect(direct == generic, "encoder depth \(depth)")
            #expect(Self.direct(bytes, depth: depth) == Self.generic(bytes, depth: depth), "decoder depth \(depth)")
        }
        // Inside a message the records are one level further in.
        let batch = try CBOREncoder().encode(ExportBatch(sequence: 0, observations: records))
        for depth in 0...6 {
            let decoder = CBORDecoder(maxNestingDepth: depth)
            let direct = Self.decoding { try decoder.decode(ExportBatch.self, from: batch).observations }
            let generic = Self.decoding { Array(try decoder.decode(GenericBatch.self, from: batch).observations) }
            #expect(direct == generic, "message decoder depth \(depth)")
        }
        #expect(
            Self.decoding { try CBORDecoder(maxNestingDepth: 5).decode(ExportBatch.self, from: batch).observations }
                == .records(records)
        )
    }
}
