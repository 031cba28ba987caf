import Foundation

/// Writes bytes to a file through a fixed-size in-memory buffer, so large outputs are streamed.
///
/// The data goes to `<path>.partial` first and is renamed over `path` by `finish()`, so a failed or
/// interrupted run never leaves a truncated file under the real name.
final class BufferedFileWriter {
    private let path: String
    private let partialPath: String
    private let handle: FileHandle
    private var buffer: [UInt8]
    private let capacity: Int
    private(set) var bytesWritten: Int = 0

    init(path: String, capacity: Int = 1 << 20) throws {
        self.path = path
        self.partialPath = path + ".partial"
        self.capacity = capacity
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try createDirectory(directory)
        }
        guard FileManager.default.createFile(atPath: partialPath, contents: nil) else {
            throw DatagenError("cannot create file \(partialPath)")
        }
        guard let handle = FileHandle(forWritingAtPath: partialPath) else {
            throw DatagenError("cannot open \(partialPath) for writing")
        }
        self.handle = handle
        buffer = []
        buffer.reserveCapacity(capacity + 4096)
    }

    /// Appends bytes, flushing to the file whenever the buffer is full.
    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity {
            try flush()
        }
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity {
            try flush()
        }
    }

    /// Direct access to the buffer for the hot loops; call `flushIfFull()` after each row.
    func withBuffer(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
    }

    func flushIfFull() throws {
        if buffer.count >= capacity {
            try flush()
        }
    }

    private func flush() throws {
        guard !buffer.isEmpty else {
            return
        }
        do {
            try handle.write(contentsOf: Data(buffer))
        } catch {
            throw DatagenError("cannot write \(partialPath): \(error.localizedDescription)")
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, closes and moves the file to its final name.
    func finish() throws {
        try flush()
        do {
            try handle.close()
        } catch {
            throw DatagenError("cannot close \(partialPath): \(error.localizedDescription)")
        }
        do {
            if FileManager.default.fileExists(atPath: path) {
                try FileManager.default.removeItem(atPath: path)
            }
            try FileManager.default.moveItem(atPath: partialPath, toPath: path)
        } catch {
            throw DatagenError("cannot move \(partialPath) to \(path): \(error.localizedDescription)")
        }
    }

    /// Closes and removes the partial file after a failure.
    func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: partialPath)
    }
}

/// Locale-independent number formatting with a '.' decimal point.
enum NumberFormat {
    /// Rounds half away from zero to `decimals` places and returns the value in those units
    /// (e.g. 7.46 with one decimal gives 75).
    static func scaled(_ value: Double, decimals: Int) -> Int {
        var factor = 1.0
        for _ in 0..<decimals {
            factor *= 10
        }
        return Int((value * factor).rounded(.toNearestOrAwayFromZero))
    }

    /// Appends a scaled integer as a decimal number: 78 with 0 decimals is `78`, 80 with 1 decimal is `8.0`,
    /// 5 with 1 decimal is `0.5`. Allocation-free.
    static func append(scaled: Int, decimals: Int, to buffer: inout [UInt8]) {
        if scaled < 0 {
            buffer.append(UInt8(ascii: "-"))
        }
        var value = scaled.magnitude
        var divisor: UInt = 1
        var digitCount = 1
        while divisor <= value / 10 {
            divisor *= 10
            digitCount += 1
        }
        // At least one digit before the decimal point.
        while digitCount < decimals + 1 {
            divisor *= 10
            digitCount += 1
        }
        var remaining = digitCount
        while divisor > 0 {
            if remaining == decimals {
                buffer.append(UInt8(ascii: "."))
            }
            buffer.append(UInt8(ascii: "0") + UInt8(value / divisor))
            value %= divisor
            divisor /= 10
            remaining -= 1
        }
    }

    static func string(scaled: Int, decimals: Int) -> String {
        var bytes: [UInt8] = []
        append(scaled: scaled, decimals: decimals, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A plain value with a fixed number of decimals, for the summary on stderr.
    static func string(_ value: Double, decimals: Int) -> String {
        string(scaled: scaled(value, decimals: decimals), decimals: decimals)
    }
}

/// The observation file format shared by both subcommands.
enum ObservationFormat {
    static let header = "indicator\tmunicipality\tperiod\tscope\tgender\tvalue\tstatus\tvisibility\tsource\tnote"

    static func source(seed: UInt64) -> String {
        "synthetic:jamfor-datagen/1 seed=\(seed)"
    }

    /// The `# ` comment lines that open every generated observation file.
    static func commentLines(seed: UInt64, command: String, extra: [String]) -> [String] {
        var lines = [
            "# SYNTHETIC DATA - NOT REAL FIGURES. Every value in this file was made up by a random model;",
            "# no municipality reported these numbers. Do not cite or compare them as real outcomes.",
            "# Generated by jamfor-datagen (Tools/DatasetGen) with seed \(seed).",
            "# Regenerate from the repository root with:",
            "#   swift run -c release --package-path Tools/DatasetGen jamfor-datagen \(command)",
        ]
        lines.append(contentsOf: extra.map { "# " + $0 })
        return lines
    }
}

/// Creates a directory and its parents unless it exists, with an error that names the actual obstacle.
func createDirectory(_ path: String) throws {
    let fileManager = FileManager.default
    var isDirectory: ObjCBool = false
    if fileManager.fileExists(atPath: path, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else {
            throw DatagenError("\(path) exists and is not a directory")
        }
        return
    }
    // Find the nearest existing ancestor to explain why the directory cannot be made.
    var ancestor = (path as NSString).deletingLastPathComponent
    while !ancestor.isEmpty && ancestor != "/" && !fileManager.fileExists(atPath: ancestor) {
        ancestor = (ancestor as NSString).deletingLastPathComponent
    }
    if ancestor.isEmpty {
        ancestor = "."
    }
    if fileManager.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else {
            throw DatagenError("cannot create directory \(path): \(ancestor) is not a directory")
        }
        guard fileManager.isWritableFile(atPath: ancestor) else {
            throw DatagenError("cannot create directory \(path): no permission to write in \(ancestor)")
        }
    }
    do {
        try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw DatagenError("cannot create directory \(path): \(error.localizedDescription)")
    }
}

/// Prints a line to standard error.
func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
