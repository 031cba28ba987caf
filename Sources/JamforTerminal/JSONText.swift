/// A JSON value, written with sorted keys and two-space indentation so that output is deterministic.
enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number; NaN and infinities are written as `null`.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A number, or `null` when there is none.
    static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// A derived statistic (a mean, score, composite, change), rounded to
    /// ``NumberText/statisticDecimals`` places so that floating-point noise does not show; `null` when
    /// there is none.
    static func statistic(_ value: Double?) -> JSONValue {
        number(value.map(NumberText.statistic))
    }

    static func integer<T: BinaryInteger>(_ value: T?) -> JSONValue {
        guard let value else { return .null }
        return .number(Double(value))
    }

    static func string(_ value: String?) -> JSONValue {
        guard let value else { return .null }
        return .string(value)
    }

    static func bool(_ value: Bool?) -> JSONValue {
        guard let value else { return .null }
        return .bool(value)
    }

    /// The document, ending in a newline.
    var document: String {
        var text = ""
        write(to: &text, indent: 0)
        return text + "\n"
    }

    private func write(to text: inout String, indent: Int) {
        switch self {
        case .null:
            text += "null"
        case .bool(let value):
            text += value ? "true" : "false"
        case .number(let value):
            text += Self.numberText(value)
        case .string(let value):
            Self.writeString(value, to: &text)
        case .array(let values):
            guard !values.isEmpty else {
                text += "[]"
                return
            }
            text += "[\n"
            for (index, value) in values.enumerated() {
                text += String(repeating: " ", count: indent + 2)
                value.write(to: &text, indent: indent + 2)
                text += index == values.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else {
                text += "{}"
                return
            }
            text += "{\n"
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                text += String(repeating: " ", count: indent + 2)
                Self.writeString(key, to: &text)
                text += ": "
                members[key, default: .null].write(to: &text, indent: indent + 2)
                text += index == keys.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: " ", count: indent) + "}"
        }
    }

    /// Integers without a fraction (`79`), others in the shortest form that reads back exactly (`7.5`).
    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return NumberText.shortest(value)
    }

    private static func writeString(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
