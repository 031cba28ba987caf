import CZlib

/// A gzip file (RFC 1952), compressed as it is written: zlib's deflate with a gzip wrapper, streamed through a
/// 256 KiB output chunk into a ``FileSink``, so memory stays flat.
///
/// Call ``finish()`` (or ``close()``) to end the stream: without it the file lacks gzip's trailer and readers
/// report it truncated. A class because it owns a zlib stream and a file; not `Sendable`.
public final class GzipFileSink: ByteSink {
    /// zlib's usual trade-off between speed and size.
    public static let defaultLevel: Int32 = 6
    private static let chunkSize = 256 << 10

    private let file: FileSink
    private let stream: UnsafeMutablePointer<z_stream>
    private let chunk: UnsafeMutablePointer<UInt8>
    private var finished = false
    /// Bytes taken in, before compression.
    public private(set) var bytesIn = 0

    /// The path written to.
    public var path: String { file.path }
    /// Compressed bytes handed to the operating system so far.
    public var bytesWritten: Int { file.bytesWritten }

    /// Creates (or truncates) the gzip file at `path`, compressing at `level` (1 fastest … 9 smallest).
    /// - Throws: ``KoladaWriteError/invalidCompressionLevel(_:)`` or ``KoladaWriteError/cannotCreate(path:errno:)``.
    public convenience init(path: String, level: Int32 = GzipFileSink.defaultLevel) throws(KoladaWriteError) {
        guard level >= -1, level <= 9 else { throw .invalidCompressionLevel(level) }
        try self.init(file: FileSink(path: path), level: level)
    }

    /// Compresses into `file`, which the sink then owns.
    init(file: FileSink, level: Int32) throws(KoladaWriteError) {
        guard level >= -1, level <= 9 else { throw .invalidCompressionLevel(level) }
        self.file = file
        // zlib keeps a pointer back to its stream, so the stream needs a stable heap address.
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        chunk = .allocate(capacity: Self.chunkSize)
        // windowBits 15 + 16: a 32 KiB window with a gzip header and trailer; memLevel 8 is zlib's default.
        let status = deflateInit2_(
            stream,
            level,
            Z_DEFLATED,
            15 + 16,
            8,
            Z_DEFAULT_STRATEGY,
            zlibVersion(),
            Int32(MemoryLayout<z_stream>.size)
        )
        guard status == Z_OK else {
            // deinit runs after a throwing init of a fully initialized class; mark the stream unusable for it.
            finished = true
            throw .compressionFailed(path: file.path, status: status)
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        chunk.deallocate()
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(KoladaWriteError) {
        guard !finished else { throw .closed(path: file.path) }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        // zlib counts in 32-bit units; feed at most 1 GiB at a time.
        while offset < bytes.count {
            let count = min(bytes.count - offset, 1 << 30)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(count)
            try deflateLoop(flush: Z_NO_FLUSH)
            offset += count
        }
        bytesIn += bytes.count
    }

    public func finish() throws(KoladaWriteError) {
        guard !finished else { return }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try deflateLoop(flush: Z_FINISH)
        finished = true
        try file.finish()
    }

    /// Asks the operating system to put the written bytes on disk (`fsync`).
    public func sync() throws(KoladaWriteError) {
        try file.sync()
    }

    /// Finishes the stream and closes the file.
    public func close() throws(KoladaWriteError) {
        defer { abandon() }
        try finish()
        try file.close()
    }

    /// Closes the file without finishing the stream.
    func abandon() {
        finished = true
        file.abandon()
    }

    /// Runs deflate until it has taken all input (and, for `Z_FINISH`, written the trailer).
    private func deflateLoop(flush: Int32) throws(KoladaWriteError) {
        while true {
            stream.pointee.next_out = chunk
            stream.pointee.avail_out = uInt(Self.chunkSize)
            let status = deflate(stream, flush)
            let produced = Self.chunkSize - Int(stream.pointee.avail_out)
            if produced > 0 {
                try file.write(UnsafeRawBufferPointer(start: chunk, count: produced))
            }
            switch status {
            case Z_STREAM_END:
                return
            case Z_OK, Z_BUF_ERROR:
                // Done with this input once deflate left room in the output: it has nothing more to say.
                if flush == Z_NO_FLUSH, stream.pointee.avail_in == 0, stream.pointee.avail_out > 0 { return }
                if status == Z_BUF_ERROR, produced == 0 {
                    throw .compressionFailed(path: file.path, status: status)
                }
            default:
                throw .compressionFailed(path: file.path, status: status)
            }
        }
    }
}
