import Foundation

/// Parses RFC 3339 date-time strings, the content of CBOR tag 0.
enum RFC3339 {
    static func parse(_ text: String) -> Date? {
        // Formatters are not Sendable; tag 0 is rare on this wire, so one is made per call.
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
