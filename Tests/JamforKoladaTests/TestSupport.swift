import Foundation
import Testing

@testable import JamforKolada

/// The path of a file under `Fixtures/`, found next to this source file (the test target excludes the
/// directory from its sources).
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        .appendingPathComponent(name).path
}

func fixtureBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture(name))))
}

func fileBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// A fresh directory under the system's temporary directory, removed when the test's `body` returns.
@discardableResult
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("jamfor-kolada-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// The names in `directory`, sorted.
func directoryListing(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
}

/// Reads every value of `bytes`, returning the values and the summary.
func readAll(_ text: String, limits: KoladaReadLimits = KoladaReadLimits()) throws(KoladaReadError) -> (
    values: [KoladaValue], summary: KoladaFileSummary
) {
    try KoladaDataReader.readAll(bytes: Array(text.utf8), name: "test.json", limits: limits)
}

/// The error reading `bytes` throws, or nil when it reads.
func readError(_ bytes: [UInt8], limits: KoladaReadLimits = KoladaReadLimits()) -> KoladaReadError? {
    do {
        _ = try KoladaDataReader.readAll(bytes: bytes, name: "test.json", limits: limits)
        return nil
    } catch {
        return error
    }
}

func readError(_ text: String, limits: KoladaReadLimits = KoladaReadLimits()) -> KoladaReadError? {
    readError(Array(text.utf8), limits: limits)
}

/// gzip-compresses `bytes` with ``GzipFileSink`` into a temporary file and returns the compressed bytes.
func gzipped(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
    try withTemporaryDirectory { directory in
        let path = directory + "/data.gz"
        let sink = try GzipFileSink(path: path, level: level)
        try bytes.withUnsafeBytes { try sink.write($0) }
        try sink.close()
        return try fileBytes(path)
    }
}

/// A one-page data file holding `entries` (JSON text of entry objects).
func page(_ entries: String..., count: Int? = nil) -> String {
    let countField = count.map { "\"count\": \($0), " } ?? ""
    return "{\(countField)\"values\": [\(entries.joined(separator: ", "))]}"
}

/// An entry object with the given value objects.
func entry(kpi: String = "N05401", municipality: String = "0880", period: String = "2022", _ values: String...)
    -> String
{
    "{\"kpi\": \"\(kpi)\", \"municipality\": \"\(municipality)\", \"period\": \(period), \"values\": ["
        + values.joined(separator: ", ") + "]}"
}

/// A value object with the value text `value` (a JSON number or null).
func value(_ value: String, gender: String = "T", status: String = "\"\"") -> String {
    "{\"gender\": \"\(gender)\", \"count\": 1, \"status\": \(status), \"value\": \(value)}"
}

/// The single value read from a one-value document whose value text is `text`.
func readSingleValue(_ text: String) throws(KoladaReadError) -> Double? {
    let (values, _) = try readAll(page(entry(value(text))))
    return values.first?.value
}

/// The offset of the first occurrence of `text` in `bytes`.
func firstOffset(of text: String, in bytes: [UInt8]) -> Int? {
    let needle = Array(text.utf8)
    guard needle.count <= bytes.count else { return nil }
    for start in 0...(bytes.count - needle.count) where bytes[start..<start + needle.count].elementsEqual(needle) {
        return start
    }
    return nil
}
