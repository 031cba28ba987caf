import Foundation

@testable import JamforWire

/// Renders CBOR as the plain JSON that `Protocol/vectors/*.json` uses: integer map keys as strings,
/// byte strings as lowercase hex, NaN and infinities as strings, RFC 8746 typed arrays as arrays of
/// numbers, other tags as `{"tag": N, "value": …}`. A separate, simple reader of its own, so that the
/// vectors do not describe the codec's bytes with the codec's own decoder.
///
/// It never traps on malformed input: every inconsistency (truncation, a length beyond the input, a
/// typed array that is not a byte string of whole elements) throws ``Failure/malformed(_:)`` with the
/// offset where it was found.
struct CBORJSON {
    enum Failure: Error, Equatable { case malformed(Int) }

    let bytes: [UInt8]
    var offset = 0

    static func render(_ bytes: [UInt8]) throws -> String {
        var reader = CBORJSON(bytes: bytes)
        let text = try reader.item(indent: "  ")
        guard reader.offset == bytes.count else { throw Failure.malformed(reader.offset) }
        return text
    }

    private mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw Failure.malformed(offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    private mutating func argument(_ info: UInt8) throws -> UInt64 {
        switch info {
        case 0..<24: return UInt64(info)
        case 24, 25, 26, 27:
            var value: UInt64 = 0
            for _ in 0..<(1 << (info - 24)) { value = value << 8 | UInt64(try byte()) }
            return value
        default: throw Failure.malformed(offset)
        }
    }

    /// A string length or collection count, which can never exceed the bytes left (every element
    /// takes at least one byte).
    private mutating func length(_ info: UInt8) throws -> Int {
        let start = offset
        let value = try argument(info)
        guard value <= UInt64(bytes.count - offset) else { throw Failure.malformed(start) }
        return Int(value)
    }

    private mutating func take(_ count: Int) throws -> [UInt8] {
        guard count <= bytes.count - offset else { throw Failure.malformed(offset) }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    static func number(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        if value == 0 && value.sign == .minus { return "-0.0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Deeper input is refused rather than risking the stack; no vector comes close.
    static let maxDepth = 200

    private mutating func item(indent: String) throws -> String {
        guard indent.count <= 2 * Self.maxDepth else { throw Failure.malformed(offset) }
        let initial = try byte()
        let major = initial >> 5
        let info = initial & 0x1f
        let inner = indent + "  "
        switch major {
        case 0: return String(try argument(info))
        case 1:
            // -1 - n, which for n = 2^64 - 1 is beyond UInt64.
            let (magnitude, overflow) = (try argument(info)).addingReportingOverflow(1)
            return overflow ? "-18446744073709551616" : "-" + String(magnitude)
        case 2: return "\"" + hexString(try take(try length(info))) + "\""
        case 3: return Self.string(String(decoding: try take(try length(info)), as: UTF8.self))
        case 4:
            let count = try length(info)
            if count == 0 { return "[]" }
            var parts: [String] = []
            for _ in 0..<count { parts.append(try item(indent: inner)) }
            return "[\n" + parts.map { inner + $0 }.joined(separator: ",\n") + "\n" + indent + "]"
        case 5:
            let count = try length(info)
            if count == 0 { return "{}" }
            var parts: [String] = []
            for _ in 0..<count {
                let keyStart = offset
                let keyInitial = try byte()
                offset = keyStart
                let key: String
                if keyInitial >> 5 == 3 {
                    key = try item(indent: inner)
                } else {
                    key = "\"" + (try item(indent: inner)) + "\""
                }
                parts.append(key + ": " + (try item(indent: inner)))
            }
            return "{\n" + parts.map { inner + $0 }.joined(separator: ",\n") + "\n" + indent + "}"
        case 6:
            let tag = try argument(info)
            if let layout = CBOR.typedArrayLayout(tag: tag) {
                // The content must be one definite-length byte string of whole elements.
                let contentStart = offset
                let header = try byte()
                guard header >> 5 == 2 else { throw Failure.malformed(contentStart) }
                let data = try take(try length(header & 0x1f))
                guard data.count % layout.size == 0 else { throw Failure.malformed(contentStart) }
                var values: [String] = []
                for start in stride(from: 0, to: data.count, by: layout.size) {
                    var bits: UInt64 = 0
                    for index in 0..<layout.size {
                        let byte = data[start + (layout.bigEndian ? index : layout.size - 1 - index)]
                        bits = bits << 8 | UInt64(byte)
                    }
                    switch layout.kind {
                    case .unsigned: values.append(String(bits))
                    case .signed:
                        let shift = UInt64(64 - layout.size * 8)
                        values.append(String(Int64(bitPattern: bits << shift) >> Int64(shift)))
                    case .float:
                        let value: Double =
                            layout.size == 2
                            ? Double(HalfFloat.float(fromBits: UInt16(bits)))
                            : layout.size == 4 ? Double(Float(bitPattern: UInt32(bits))) : Double(bitPattern: bits)
                        values.append(Self.number(value))
                    }
                }
                return "[" + values.joined(separator: ", ") + "]"
            }
            return "{\"tag\": \(tag), \"value\": " + (try item(indent: inner)) + "}"
        default:
            switch info {
            case 20: return "false"
            case 21: return "true"
            case 22: return "null"
            case 25:
                let bits = UInt16(try argument(info))
                return Self.number(Double(HalfFloat.float(fromBits: bits)))
            case 26: return Self.number(Double(Float(bitPattern: UInt32(try argument(info)))))
            case 27: return Self.number(Double(bitPattern: try argument(info)))
            default: throw Failure.malformed(offset)
            }
        }
    }
}
