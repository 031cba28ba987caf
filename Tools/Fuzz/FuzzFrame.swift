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

/// Reports an oracle violation: a bug in the codec, not in the input.
private func violation(_ what: String, _ details: String) -> Never {
    fatalError("JamforFuzz oracle violation: \(what)\n\(details)")
}

/// Re-encodes a successfully decoded value, decodes the bytes again and re-encodes that, requiring
/// the second decode to succeed and the two encodings to be identical.
private func checkRoundTrip<T: Codable>(_ value: T, _ type: T.Type, context: @autoclosure () -> String) {
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
    if first != second {
        violation(
            "encoding of \(T.self) is not deterministic across a round trip",
            "\(context())\nvalue:  \(value)\nagain:  \(again)\nfirst:  \(hex(first))\nsecond: \(hex(second))"
        )
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
        violation("encoding a decoded \(message.type) message failed", "\(context())\nerror: \(error)\nmessage: \(message)")
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
        violation("encoding a re-decoded \(message.type) message failed", "\(context())\nerror: \(error)\nmessage: \(again)")
    }
    if first != second {
        violation(
            "encoding of a \(message.type) message is not deterministic across a round trip",
            "\(context())\nmessage: \(message)\nagain:   \(again)\nfirst:  \(hex(first))\nsecond: \(hex(second))"
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
        let context = "frame type \(frame.type), flags 0x\(String(frame.flags.rawValue, radix: 16)), payload \(hex(frame.payload))"
        let plain = checkMessageRoundTrip(message, context: context)
        checkFrameRoundTrip(message, plainPayload: plain, original: frame, context: context)
    }
}

/// Frames a decoded message again (compressing it when it reaches the policy's threshold), parses
/// that frame and decodes it: the result must carry the same payload bytes.
private func checkFrameRoundTrip(_ message: WireMessage, plainPayload: [UInt8], original: Frame, context: @autoclosure () -> String) {
    // A re-encoding may legitimately be larger than the original (e.g. small integers re-encoded as
    // a float64 typed array); beyond the limits the codec is right to refuse it, so don't ask.
    guard plainPayload.count <= fuzzLimits.maxDecompressedLength, plainPayload.count <= fuzzLimits.maxFrameLength else {
        return
    }
    let frame: Frame
    do {
        frame = try fuzzCodec.frame(message, requestID: original.requestID, flags: original.flags.subtracting(.compressed))
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

private func decodeShape<T: Codable>(_ type: T.Type, _ bytes: UnsafeRawBufferPointer) {
    let value: T
    do { value = try fuzzDecoder.decode(T.self, from: bytes) } catch { return }
    checkRoundTrip(value, T.self, context: "shape \(T.self), input \(hex(Array(bytes)))")
}

private let shapeDecoders: [(UnsafeRawBufferPointer) -> Void] = [
    { decodeShape([String: [Double]].self, $0) },
    { decodeShape([Int: String].self, $0) },
    { decodeShape([[Int?]].self, $0) },
    { decodeShape(Data.self, $0) },
    { decodeShape(Date.self, $0) },
    { decodeShape(Decimal.self, $0) },
    { decodeShape([Float].self, $0) },
    { decodeShape(FuzzShape.self, $0) },
    { decodeShape(FuzzRecord.self, $0) },
    { decodeShape(FuzzMixed.self, $0) },
    { decodeShape([Decimal?].self, $0) },
    { decodeShape([Date].self, $0) },
    { decodeShape([UInt8].self, $0) },
    { decodeShape([Int].self, $0) },
    { decodeShape([Int16: [UInt16]].self, $0) },
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
        id: 7, name: "Göteborg", score: 1.5, ratio: 0.1, flags: [true, false], when: when,
        amount: Decimal(string: "-12345.678"), blob: Data([0, 1, 2, 255]), counts: [1, 70_000],
        deltas: [-1, Int64.max], small: -128, shape: .rect(width: -3, height: 9),
        children: [FuzzRecord(id: 8, name: nil, score: nil, ratio: nil, flags: nil, when: nil, amount: nil,
                              blob: nil, counts: nil, deltas: nil, small: nil, shape: FuzzShape.none,
                              children: nil, attributes: nil)],
        attributes: ["kommun": "1480", "": "x"]
    )
    let mixed = FuzzMixed(a: -300, values: [1, 2, 4_000_000_000], flag: true, note: "n", inner: .circle(radius: 2.5))
    return [
        try fuzzEncoder.encode(["a": [1.0, -0.5, .infinity], "b": [], "ccc": [.nan, 1e300]] as [String: [Double]]),
        try fuzzEncoder.encode([1: "one", -2: "minus two", 1 << 40: ""] as [Int: String]),
        try fuzzEncoder.encode([[1, nil, -5], [], [Int.min, Int.max]] as [[Int?]]),
        try fuzzEncoder.encode(Data([0xde, 0xad, 0xbe, 0xef])),
        try fuzzEncoder.encode(when),
        try fuzzEncoder.encode(Decimal(string: "3.14159265358979323846264338327950288")!),
        try fuzzEncoder.encode([1.5, -0.0, .infinity, 3.4e38] as [Float]),
        try fuzzEncoder.encode(FuzzShape.tagged(id: 99, when: when, amount: Decimal(string: "0.001"))),
        try fuzzEncoder.encode(record),
        try fuzzEncoder.encode(mixed),
        try fuzzEncoder.encode([Decimal(string: "-1e-20"), nil, Decimal(18_446_744_073_709_551_615 as UInt64)] as [Decimal?]),
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
