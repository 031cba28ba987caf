/// Where writers send their bytes: a file (``FileSink``), a gzip file (``GzipFileSink``), memory
/// (``MemorySink``), or anything else that takes bytes in order.
///
/// Class-bound because a sink is one stream shared by whoever writes to it and whoever finishes it (a writer
/// and an ``AtomicOutputFile``). Sinks are not `Sendable`: use one from one task.
public protocol ByteSink: AnyObject {
    /// Takes `bytes`, possibly buffering them until ``finish()``.
    /// - Throws: ``KoladaWriteError`` when the bytes cannot be written, or after ``finish()``.
    func write(_ bytes: UnsafeRawBufferPointer) throws(KoladaWriteError)

    /// Writes out everything buffered (for gzip: ends the compressed stream). Calling it again does nothing;
    /// writing afterwards throws ``KoladaWriteError/closed(path:)``.
    func finish() throws(KoladaWriteError)
}

/// A sink that keeps the bytes in memory, for tests and small outputs.
public final class MemorySink: ByteSink {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []
    private var finished = false

    public init() {}

    public func write(_ bytes: UnsafeRawBufferPointer) throws(KoladaWriteError) {
        guard !finished else { throw .closed(path: "(memory)") }
        self.bytes.append(contentsOf: bytes)
    }

    public func finish() throws(KoladaWriteError) {
        finished = true
    }
}
