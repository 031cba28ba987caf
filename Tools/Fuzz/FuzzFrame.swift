// libFuzzer target for JamforWire: frame parsing, decompression, message decoding and the CBOR
// decoder on untrusted bytes, with a deterministic-encoding round-trip oracle.
//
// Built by Tools/fuzz.sh together with the JamforWire sources as one module (JamforFuzz), so it
// needs no import of JamforWire and can see its internal declarations.
//
// Input layout: byte 0 selects the mode (byte % 3), the rest depends on the mode:
//   0 (A, frames):   the rest is a byte stream of frames, parsed and decoded one after another.
//   1 (B, payload):  byte 1 picks a message type of MessageType.version1 (byte % count); the rest is
//                    that type's CBOR payload.
//   2 (C, shapes):   byte 1 picks a generic Swift shape (byte % count); the rest is its CBOR.
//
// Oracle: whenever a decode succeeds, the value is re-encoded with CBOREncoder, decoded again (which
// must succeed) and re-encoded again (which must give identical bytes). Any violation is a codec bug
// and ends in fatalError with a description. Errors from decoding untrusted input are expected.

import Foundation

// MARK: Limits and coders

private let fuzzLimits = FrameLimits(maxFrameLength: 1 << 20, maxDecompressedLength: 1 << 20, maxNestingDepth: 64)
private let fuzzCodec = FrameCodec(limits: fuzzLimits, compression: CompressionPolicy())
private let fuzzDecoder = CBORDecoder(maxNestingDepth: 64)
private let fuzzEncoder = CBOREncoder()

// MARK: Oracle helpers

private func hex(_ bytes: [UInt8], limit: Int = 256) -> String {
    let shown = bytes.prefix(limit).map { byte -> String in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
    return bytes.count > limit ? "\(shown)... (\(bytes.count) bytes)" : "\(shown) (\(bytes.count) bytes)"
}

/// Known findings that the environment asks to tolerate, so that a long campaign is not stopped by a
/// bug already reported: JAMFOR_FUZZ_IGNORE=id[,id...]. Unset (the default), every violation is fatal.
///   dict-order        equal dictionaries whose keys are neither String nor Int encode in hash order
///   string-int-keys   String dictionary keys that parse as Int ("01", "+1") are written as integers
///   decimal-infinity  decoding a Decimal from a float infinity traps in Decimal(Double)
private let ignoredKnownIssues: Set<Substring> = Set(
    (ProcessInfo.processInfo.environment["JAMFOR_FUZZ_IGNORE"] ?? "").split(separator: ",")
)

/// Reports an oracle violation: a bug in the codec, not in the input.
private func violation(_ what: String, _ details: String) -> Never {
    fatalError("JamforFuzz oracle violation: \(what)\n\(details)")
}

/// An independent picture of a value, to tell whether a round trip kept it: JSONEncoder with sorted
/// keys, NaN and infinities as strings (so that NaN compares equal to NaN, unlike `==`). `nil` when
/// JSONEncoder cannot encode the value, which then skips the comparison.
private func fingerprint<T: Encodable>(_ value: T) -> Data? {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "+inf",
        negativeInfinity: "-inf",
        nan: "nan"
    )
    return try? encoder.encode(value)
}

/// Whether two fingerprints differ (unknown counts as equal).
private func fingerprintsDiffer(_ a: Data?, _ b: Data?) -> Bool {
    guard let a, let b else { return false }
    return a != b
}

private func describeFingerprints(_ a: Data?, _ b: Data?) -> String {
    func text(_ data: Data?) -> String {
        guard let data else { return "(none)" }
        let string = String(decoding: data.prefix(2000), as: UTF8.self)
        return data.count > 2000 ? string + "... (\(data.count) bytes)" : string
    }
    return "json before: \(text(a))\njson after:  \(text(b))"
}

/// Re-encodes a successfully decoded value, decodes the bytes again and re-encodes that, requiring
/// the second decode to succeed, the two encodings to be identical, and the value to survive (same
/// JSON fingerprint before and after).
private func checkRoundTrip<T: Codable & Equatable>(
    _ value: T,
    _ type: T.Type,
    knownIssue: Substring? = nil,
    sameValue: ((T, T) -> Bool)? = nil,
    context: @autoclosure () -> String
) {
    let first: [UInt8]
    do {
        first = try fuzzEncoder.encode(value)
    } catch {
        violation("encoding a decoded \(T.self) failed", "\(context())\nerror: \(error)\nvalue: \(value)")
    }
    let again: T
    do {
        again = try fuzzDecoder.decode(T.self, from: first)
    } catch {
        violation(
            "decoding the re-encoding of a decoded \(T.self) failed",
            "\(context())\nerror: \(error)\nvalue: \(value)\nencoding: \(hex(first))"
        )
    }
    let second: [UInt8]
    do {
        second = try fuzzEncoder.encode(again)
    } catch {
        violation("encoding a re-decoded \(T.self) failed", "\(context())\nerror: \(error)\nvalue: \(again)")
    }
    let before = fingerprint(value)
    let after = fingerprint(again)
    let changed = sameValue.map { !$0(value, again) } ?? fingerprintsDiffer(before, after)
    if first == second && !changed { return }
    if let knownIssue, ignoredKnownIssues.contains(knownIssue), value == again { return }
    violation(
        first != second
            ? "encoding of \(T.self) is not deterministic across a round trip"
            : "a round trip through CBOR changed a \(T.self)",
        """
        \(context())
        value:  \(value)
        again:  \(again)
        equal (==): \(value == again), same bytes: \(first == second), same value: \(!changed)
        first:  \(hex(first))
        second: \(hex(second))
        \(describeFingerprints(before, after))
        """
    )
}

/// The message's schema value, for its fingerprint.
private func body(of message: WireMessage) -> any Encodable {
    switch message {
    case .hello(let m): m
    case .welcome(let m): m
    case .ping(let m): m
    case .pong(let m): m
    case .error(let m): m
    case .cancel(let m): m
    case .listMunicipalities(let m): m
    case .municipalities(let m): m
    case .listNetworks(let m): m
    case .networks(let m): m
    case .listIndicators(let m): m
    case .indicators(let m): m
    case .rank(let m): m
    case .rankResult(let m): m
    case .compare(let m): m
    case .compareResult(let m): m
    case .trend(let m): m
    case .trendResult(let m): m
    case .submit(let m): m
    case .submitResult(let m): m
    case .export(let m): m
    case .exportBatch(let m): m
    }
}

/// The same oracle for a message decoded through `WireMessage.decode(type:payload:with:)`.
/// Returns the message's payload encoding.
@discardableResult
private func checkMessageRoundTrip(_ message: WireMessage, context: @autoclosure () -> String) -> [UInt8] {
    let first: [UInt8]
    do {
        first = try message.encodePayload(with: fuzzEncoder)
    } catch {
        violation(
            "encoding a decoded \(message.type) message failed",
            "\(context())\nerror: \(error)\nmessage: \(message)"
        )
    }
    let again: WireMessage
    do {
        again = try first.withUnsafeBytes { try WireMessage.decode(type: message.type, payload: $0, with: fuzzDecoder) }
    } catch {
        violation(
            "decoding the re-encoding of a decoded \(message.type) message failed",
            "\(context())\nerror: \(error)\nmessage: \(message)\nencoding: \(hex(first))"
        )
    }
    if again.type != message.type {
        violation("re-decoded message changed type", "\(context())\n\(message.type) became \(again.type)")
    }
    let second: [UInt8]
    do {
        second = try again.encodePayload(with: fuzzEncoder)
    } catch {
        violation(
            "encoding a re-decoded \(message.type) message failed",
            "\(context())\nerror: \(error)\nmessage: \(again)"
        )
    }
    let before = fingerprint(body(of: message))
    let after = fingerprint(body(of: again))
    let changed = fingerprintsDiffer(before, after)
    if first != second || changed {
        violation(
            first != second
                ? "encoding of a \(message.type) message is not deterministic across a round trip"
                : "a round trip through CBOR changed a \(message.type) message",
            """
            \(context())
            message: \(message)
            again:   \(again)
            first:  \(hex(first))
            second: \(hex(second))
            \(describeFingerprints(before, after))
            """
        )
    }
    return first
}

// MARK: Mode A: a stream of frames

private func fuzzFrames(_ bytes: UnsafeRawBufferPointer) {
    var offset = 0
    while offset < bytes.count {
        let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        let parsed: (frame: Frame, consumed: Int)?
        do { parsed = try fuzzCodec.parseFrame(rest) } catch { return }
        guard let (frame, consumed) = parsed else { return }  // incomplete frame
        if consumed < FrameHeader.size || consumed > rest.count {
            violation("parseFrame consumed \(consumed) of \(rest.count) bytes", "header: \(frame.header)")
        }
        offset += consumed
        let message: WireMessage
        do { message = try fuzzCodec.message(in: frame) } catch { return }
        let context =
            "frame type \(frame.type), flags 0x\(String(frame.flags.rawValue, radix: 16)), payload \(hex(frame.payload))"
        let plain = checkMessageRoundTrip(message, context: context)
        checkFrameRoundTrip(message, plainPayload: plain, original: frame, context: context)
    }
}

/// Frames a decoded message again (compressing it when it reaches the policy's threshold), parses
/// that frame and decodes it: the result must carry the same payload bytes.
private func checkFrameRoundTrip(
    _ message: WireMessage,
    plainPayload: [UInt8],
    original: Frame,
    context: @autoclosure () -> String
) {
    // A re-encoding may legitimately be larger than the original (e.g. small integers re-encoded as
    // a float64 typed array); beyond the limits the codec is right to refuse it, so don't ask.
    guard plainPayload.count <= fuzzLimits.maxDecompressedLength, plainPayload.count <= fuzzLimits.maxFrameLength else {
        return
    }
    let frame: Frame
    do {
        frame = try fuzzCodec.frame(
            message,
            requestID: original.requestID,
            flags: original.flags.subtracting(.compressed)
        )
    } catch {
        violation("framing a decoded \(message.type) message failed", "\(context())\nerror: \(error)")
    }
    let bytes = frame.bytes
    let reparsed: (frame: Frame, consumed: Int)?
    do {
        reparsed = try bytes.withUnsafeBytes { try fuzzCodec.parseFrame($0) }
    } catch {
        violation("parsing a frame the codec wrote failed", "\(context())\nerror: \(error)\nframe: \(hex(bytes))")
    }
    guard let (parsedFrame, consumed) = reparsed, consumed == bytes.count, parsedFrame == frame else {
        violation("a frame the codec wrote did not parse back to itself", "\(context())\nframe: \(hex(bytes))")
    }
    let decoded: WireMessage
    do {
        decoded = try fuzzCodec.message(in: parsedFrame)
    } catch {
        violation("decoding a frame the codec wrote failed", "\(context())\nerror: \(error)\nframe: \(hex(bytes))")
    }
    let payload: [UInt8]
    do {
        payload = try decoded.encodePayload(with: fuzzEncoder)
    } catch {
        violation("encoding a message decoded from a written frame failed", "\(context())\nerror: \(error)")
    }
    if payload != plainPayload {
        violation(
            "a \(message.type) message changed across frame(), parseFrame() and message(in:)",
            "\(context())\nbefore: \(hex(plainPayload))\nafter:  \(hex(payload))"
        )
    }
}

// MARK: Mode B: one message payload

private func fuzzPayload(_ bytes: UnsafeRawBufferPointer) {
    guard let selector = bytes.first else { return }
    let types = MessageType.version1
    let (type, name) = types[Int(selector) % types.count]
    let payload = UnsafeRawBufferPointer(rebasing: bytes[1...])
    let message: WireMessage
    do {
        message = try WireMessage.decode(type: type, payload: payload, with: fuzzDecoder)
    } catch {
        return
    }
    if message.type != type {
        violation("WireMessage.decode returned a \(message.type) for type \(name)", "payload: \(hex(Array(payload)))")
    }
    checkMessageRoundTrip(message, context: "\(name) payload \(hex(Array(payload)))")
}

// MARK: Mode C: generic shapes

/// A Codable enum with associated values (synthesized: a one-key map whose value is a map of the
/// associated values, keyed by label or `_0`, `_1`, ...).
enum FuzzShape: Codable, Hashable {
    case none
    case circle(radius: Double)
    case rect(width: Int32, height: UInt16)
    case label(String, [UInt8]?)
    case list([Int8])
    case tagged(id: UInt64, when: Date?, amount: Decimal?)
}

/// A struct with optional fields of many kinds, keyed by strings (synthesized coding keys).
struct FuzzRecord: Codable, Hashable {
    var id: UInt64
    var name: String?
    var score: Float?
    var ratio: Double?
    var flags: [Bool]?
    var when: Date?
    var amount: Decimal?
    var blob: Data?
    var counts: [UInt32]?
    var deltas: [Int64]?
    var small: Int8?
    var shape: FuzzShape?
    var children: [FuzzRecord]?
    var attributes: [String: String]?
}

/// A hand-written Codable type using integer keys and the container features the synthesized code
/// never calls: nested keyed and unkeyed containers, superDecoder(forKey:), contains and decodeNil.
struct FuzzMixed: Codable, Hashable {
    var a: Int16
    var values: [UInt32]
    var flag: Bool
    var note: String?
    var inner: FuzzShape?

    enum CodingKeys: Int, CodingKey {
        case a = 1
        case values = 2
        case nested = 3
        case inner = 4
    }

    init(a: Int16, values: [UInt32], flag: Bool, note: String?, inner: FuzzShape?) {
        self.a = a
        self.values = values
        self.flag = flag
        self.note = note
        self.inner = inner
    }

    enum NestedKeys: Int, CodingKey {
        case flag = -1
        case note = 24
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        a = try container.decode(Int16.self, forKey: .a)
        var list = try container.nestedUnkeyedContainer(forKey: .values)
        var values: [UInt32] = []
        while !list.isAtEnd {
            if try list.decodeNil() { continue }
            values.append(try list.decode(UInt32.self))
        }
        self.values = values
        let nested = try container.nestedContainer(keyedBy: NestedKeys.self, forKey: .nested)
        flag = try nested.decode(Bool.self, forKey: .flag)
        note = try nested.decodeIfPresent(String.self, forKey: .note)
        if container.contains(.inner), try !container.decodeNil(forKey: .inner) {
            inner = try FuzzShape(from: try container.superDecoder(forKey: .inner))
        } else {
            inner = nil
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(a, forKey: .a)
        var list = container.nestedUnkeyedContainer(forKey: .values)
        for value in values { try list.encode(value) }
        var nested = container.nestedContainer(keyedBy: NestedKeys.self, forKey: .nested)
        try nested.encode(flag, forKey: .flag)
        try nested.encodeIfPresent(note, forKey: .note)
        if let inner { try inner.encode(to: container.superEncoder(forKey: .inner)) }
    }
}

private func decodeShape<T: Codable & Equatable>(
    _ type: T.Type,
    _ bytes: UnsafeRawBufferPointer,
    knownIssue: Substring? = nil,
    sameValue: ((T, T) -> Bool)? = nil,
    skipWhenIgnoring: [(issue: Substring, input: (UnsafeRawBufferPointer) -> Bool, value: (T) -> Bool)] = []
) {
    for skip in skipWhenIgnoring where ignoredKnownIssues.contains(skip.issue) && skip.input(bytes) { return }
    let value: T
    do { value = try fuzzDecoder.decode(T.self, from: bytes) } catch { return }
    for skip in skipWhenIgnoring where ignoredKnownIssues.contains(skip.issue) && skip.value(value) { return }
    checkRoundTrip(
        value,
        T.self,
        knownIssue: knownIssue,
        sameValue: sameValue,
        context: "shape \(T.self), input \(hex(Array(bytes)))"
    )
}

// Filters that keep known findings out of the way when JAMFOR_FUZZ_IGNORE names them.

/// Whether the input holds a CBOR float infinity anywhere (half, single or double, either sign).
private func containsInfinity(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let patterns: [[UInt8]] = [
        [0xf9, 0x7c, 0x00], [0xf9, 0xfc, 0x00], [0xfa, 0x7f, 0x80, 0x00, 0x00], [0xfa, 0xff, 0x80, 0x00, 0x00],
        [0xfb, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0], [0xfb, 0xff, 0xf0, 0, 0, 0, 0, 0, 0],
    ]
    for pattern in patterns where bytes.count >= pattern.count {
        for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] {
            if zip(pattern.indices, pattern).allSatisfy({ bytes[start + $0] == $1 }) { return true }
        }
    }
    return false
}

/// Whether some key would be read by `Int.init` as a number it does not spell canonically.
private func hasNonCanonicalIntKey<S: Sequence<String>>(_ keys: S) -> Bool {
    keys.contains { key in Int(key).map { String($0) != key } ?? false }
}

private func recordHasNonCanonicalIntKey(_ record: FuzzRecord) -> Bool {
    if let attributes = record.attributes, hasNonCanonicalIntKey(attributes.keys) { return true }
    return record.children?.contains(where: recordHasNonCanonicalIntKey) ?? false
}

private func never(_: UnsafeRawBufferPointer) -> Bool { false }

private func decimalInfinity<T>(_: T.Type) -> (
    issue: Substring, input: (UnsafeRawBufferPointer) -> Bool, value: (T) -> Bool
) {
    ("decimal-infinity", containsInfinity, { _ in false })
}

private let shapeDecoders: [@Sendable (UnsafeRawBufferPointer) -> Void] = [
    {
        decodeShape(
            [String: [Double]].self,
            $0,
            skipWhenIgnoring: [("string-int-keys", never, { hasNonCanonicalIntKey($0.keys) })]
        )
    },
    { decodeShape([Int: String].self, $0) },
    { decodeShape([[Int?]].self, $0) },
    { decodeShape(Data.self, $0) },
    { decodeShape(Date.self, $0) },
    { decodeShape(Decimal.self, $0, skipWhenIgnoring: [decimalInfinity(Decimal.self)]) },
    { decodeShape([Float].self, $0) },
    { decodeShape(FuzzShape.self, $0, skipWhenIgnoring: [decimalInfinity(FuzzShape.self)]) },
    {
        decodeShape(
            FuzzRecord.self,
            $0,
            skipWhenIgnoring: [
                decimalInfinity(FuzzRecord.self), ("string-int-keys", never, recordHasNonCanonicalIntKey),
            ]
        )
    },
    { decodeShape(FuzzMixed.self, $0, skipWhenIgnoring: [decimalInfinity(FuzzMixed.self)]) },
    { decodeShape([Decimal?].self, $0, skipWhenIgnoring: [decimalInfinity([Decimal?].self)]) },
    { decodeShape([Date].self, $0) },
    { decodeShape([UInt8].self, $0) },
    { decodeShape([Int].self, $0) },
    // Neither String nor Int keys: the standard library's Codable writes an unkeyed [key, value, ...]
    // array in hash order (the codec must sort it itself), and so does JSONEncoder: compare with ==.
    { decodeShape([Int16: [UInt16]].self, $0, knownIssue: "dict-order", sameValue: ==) },
    { decodeShape([String?].self, $0) },
]

private func fuzzShapes(_ bytes: UnsafeRawBufferPointer) {
    guard let selector = bytes.first else { return }
    shapeDecoders[Int(selector) % shapeDecoders.count](UnsafeRawBufferPointer(rebasing: bytes[1...]))
}

// MARK: Entry point

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: UnsafeRawPointer(data), count: size)
    let rest = UnsafeRawBufferPointer(rebasing: input[1...])
    switch input[0] % 3 {
    case 0: fuzzFrames(rest)
    case 1: fuzzPayload(rest)
    default: fuzzShapes(rest)
    }
    return 0
}

// MARK: Seeds

/// Sample values for the generic shapes of mode C, one list per entry of `shapeDecoders`.
private func shapeSamples() throws -> [[UInt8]] {
    let when = Date(timeIntervalSince1970: 1_700_000_000.5)
    let record = FuzzRecord(
        id: 7,
        name: "Göteborg",
        score: 1.5,
        ratio: 0.1,
        flags: [true, false],
        when: when,
        amount: Decimal(string: "-12345.678"),
        blob: Data([0, 1, 2, 255]),
        counts: [1, 70_000],
        deltas: [-1, Int64.max],
        small: -128,
        shape: .rect(width: -3, height: 9),
        children: [
            FuzzRecord(
                id: 8,
                name: nil,
                score: nil,
                ratio: nil,
                flags: nil,
                when: nil,
                amount: nil,
                blob: nil,
                counts: nil,
                deltas: nil,
                small: nil,
                shape: FuzzShape.none,
                children: nil,
                attributes: nil
            )
        ],
        attributes: ["kommun": "1480", "": "x"]
    )
    let mixed = FuzzMixed(a: -300, values: [1, 2, 4_000_000_000], flag: true, note: "n", inner: .circle(radius: 2.5))
    return [
        try fuzzEncoder.encode(["a": [1.0, -0.5, .infinity], "b": [], "ccc": [.nan, 1e300]] as [String: [Double]]),
        try fuzzEncoder.encode([1: "one", -2: "minus two", 1 << 40: ""] as [Int: String]),
        try fuzzEncoder.encode([[1, nil, -5], [], [Int.min, Int.max]] as [[Int?]]),
        try fuzzEncoder.encode(Data([0xde, 0xad, 0xbe, 0xef])),
        try fuzzEncoder.encode(when),
        try fuzzEncoder.encode(Decimal(string: "3.14159265358979323846264338327950288") ?? 3),
        try fuzzEncoder.encode([1.5, -0.0, .infinity, 3.4e38] as [Float]),
        try fuzzEncoder.encode(FuzzShape.tagged(id: 99, when: when, amount: Decimal(string: "0.001"))),
        try fuzzEncoder.encode(record),
        try fuzzEncoder.encode(mixed),
        try fuzzEncoder.encode(
            [Decimal(string: "-1e-20"), nil, Decimal(18_446_744_073_709_551_615 as UInt64)] as [Decimal?]
        ),
        try fuzzEncoder.encode([when, Date(timeIntervalSince1970: -1)]),
        try fuzzEncoder.encode([0, 1, 255] as [UInt8]),
        try fuzzEncoder.encode([0, -1, Int.max] as [Int]),
        try fuzzEncoder.encode([1: [1, 2], -1: []] as [Int16: [UInt16]]),
        try fuzzEncoder.encode(["a", nil, ""] as [String?]),
    ]
}

/// Writes the seed corpus into `directory`: every vector frame as a mode A input (and all of them as
/// one stream), every vector's plain payload as a mode B input, and a sample of each mode C shape.
private func writeSeeds(to directory: String, vectors: String?) throws {
    let fileManager = FileManager.default
    try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
    }
    var count = 0
    if let vectors {
        let names = try fileManager.contentsOfDirectory(atPath: vectors).filter { $0.hasSuffix(".bin") }.sorted()
        var stream: [UInt8] = []
        for name in names {
            let frameBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: vectors).appendingPathComponent(name)))
            let base = String(name.dropLast(4))
            try write("seed-A-\(base)", [0] + frameBytes)
            stream += frameBytes
            count += 1
            guard let (frame, _) = try frameBytes.withUnsafeBytes({ try fuzzCodec.parseFrame($0) }) else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: name])
            }
            guard let index = MessageType.version1.firstIndex(where: { $0.0 == frame.type }) else { continue }
            try write("seed-B-\(base)", [1, UInt8(index)] + (try fuzzCodec.plainPayload(of: frame)))
            count += 1
        }
        try write("seed-A-all-vectors", [0] + stream)
        count += 1
    }
    for (index, sample) in try shapeSamples().enumerated() {
        try write("seed-C-\(index)", [2, UInt8(index)] + sample)
        count += 1
    }
    print("JamforFuzz: wrote \(count) seeds to \(directory)")
}

/// With JAMFOR_FUZZ_WRITE_SEEDS=DIR set (and optionally JAMFOR_FUZZ_VECTORS=DIR of *.bin frames), the
/// binary writes its seed corpus into DIR and exits instead of fuzzing.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    let environment = ProcessInfo.processInfo.environment
    guard let directory = environment["JAMFOR_FUZZ_WRITE_SEEDS"] else { return 0 }
    do {
        try writeSeeds(to: directory, vectors: environment["JAMFOR_FUZZ_VECTORS"])
    } catch {
        print("JamforFuzz: writing seeds failed: \(error)")
        exit(1)
    }
    exit(0)
}
