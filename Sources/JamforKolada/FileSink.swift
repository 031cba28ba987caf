#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file written through a buffer (1 MiB by default) with POSIX `write`.
///
/// Call ``finish()`` (or ``close()``) to write out the buffer: a sink dropped without it closes its file
/// without writing what is still buffered, so that an abandoned output is visibly incomplete rather than
/// quietly plausible. A class because it owns a file descriptor; not `Sendable`.
public final class FileSink: ByteSink {
    /// The buffer size used unless another is given.
    public static let defaultBufferSize = 1 << 20

    /// The path written to.
    public let path: String
    private var descriptor: Int32
    private let buffer: UnsafeMutablePointer<UInt8>
    private let bufferSize: Int
    private var buffered = 0
    private var finished = false
    /// Bytes handed to the operating system so far.
    public private(set) var bytesWritten = 0

    /// Creates (or truncates) the file at `path`, with permissions 0666 less the process's umask.
    /// - Throws: ``KoladaWriteError/cannotCreate(path:errno:)``.
    public convenience init(path: String, bufferSize: Int = FileSink.defaultBufferSize) throws(KoladaWriteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .cannotCreate(path: path, errno: errno) }
        self.init(descriptor: descriptor, path: path, bufferSize: bufferSize)
    }

    /// Takes over `descriptor`, open for writing; the sink closes it.
    init(descriptor: Int32, path: String, bufferSize: Int = FileSink.defaultBufferSize) {
        self.descriptor = descriptor
        self.path = path
        self.bufferSize = max(bufferSize, 4096)
        buffer = .allocate(capacity: self.bufferSize)
    }

    deinit {
        if descriptor >= 0 { POSIX.close(descriptor) }
        buffer.deallocate()
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(KoladaWriteError) {
        guard !finished, descriptor >= 0 else { throw .closed(path: path) }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if buffered + bytes.count <= bufferSize {
            (buffer + buffered).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            buffered += bytes.count
            return
        }
        try flush()
        if bytes.count >= bufferSize {
            // Large writes skip the buffer.
            try writeOut(base, count: bytes.count)
        } else {
            buffer.update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            buffered = bytes.count
        }
    }

    /// Hands the buffered bytes to the operating system.
    public func flush() throws(KoladaWriteError) {
        guard buffered > 0 else { return }
        let count = buffered
        buffered = 0
        try writeOut(UnsafeRawPointer(buffer), count: count)
    }

    public func finish() throws(KoladaWriteError) {
        guard !finished else { return }
        guard descriptor >= 0 else { throw .closed(path: path) }
        try flush()
        finished = true
    }

    /// Asks the operating system to put the written bytes on disk (`fsync`).
    public func sync() throws(KoladaWriteError) {
        guard descriptor >= 0 else { throw .closed(path: path) }
        try flush()
        while fsync(descriptor) != 0 {
            if errno == EINTR { continue }
            throw .syncFailed(path: path, errno: errno)
        }
    }

    /// Finishes and closes the file.
    public func close() throws(KoladaWriteError) {
        guard descriptor >= 0 else { return }
        defer { abandon() }
        try finish()
    }

    /// Closes the file without writing what is buffered.
    func abandon() {
        if descriptor >= 0 { POSIX.close(descriptor) }
        descriptor = -1
        buffered = 0
        finished = true
    }

    private func writeOut(_ start: UnsafeRawPointer, count: Int) throws(KoladaWriteError) {
        var done = 0
        while done < count {
            let result = POSIX.write(descriptor, start + done, count - done)
            if result < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: path, byteOffset: bytesWritten, errno: errno)
            }
            done += result
            bytesWritten += result
        }
    }
}
