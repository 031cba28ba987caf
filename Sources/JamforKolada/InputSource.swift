import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of one input — a file or an in-memory array — inflated on the fly when they start with gzip's magic
/// bytes `1f 8b` (the extension does not matter). Holds at most one compressed chunk; never the whole file.
///
/// A class because it owns a file descriptor and a zlib stream, which it releases in `deinit`; not `Sendable`
/// (use it from one task).
final class InputSource {
    /// The size of each read from disk (and of the compressed-input buffer).
    static let chunkSize = 256 << 10

    let file: String
    /// Whether the input turned out to be gzip.
    private(set) var isCompressed = false
    private let limits: KoladaReadLimits
    private var descriptor: Int32
    private let memory: [UInt8]
    /// Raw (file or array) bytes consumed so far.
    private var rawOffset = 0
    private var rawEnded = false
    /// Raw bytes read ahead of their consumer: the first chunk (read to sniff the magic bytes), then
    /// compressed input waiting for zlib.
    private let pending: UnsafeMutablePointer<UInt8>
    private var pendingStart = 0
    private var pendingEnd = 0
    private var stream: UnsafeMutablePointer<z_stream>?
    private var inflated = 0
    private var finished = false

    /// Opens `path`, refusing it when larger than `limits.maxFileBytes`.
    init(path: String, limits: KoladaReadLimits) throws(KoladaReadError) {
        file = path
        self.limits = limits
        memory = []
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(file: path, errno: errno) }
        var info = stat()
        if fstat(fd, &info) == 0, Int(info.st_size) > limits.maxFileBytes {
            close(fd)
            throw .fileTooLarge(file: path, size: Int(info.st_size), limit: limits.maxFileBytes)
        }
        descriptor = fd
        pending = .allocate(capacity: Self.chunkSize)
        try sniff()
    }

    /// Reads from `bytes`, named `name` in errors.
    init(bytes: [UInt8], name: String, limits: KoladaReadLimits) throws(KoladaReadError) {
        if bytes.count > limits.maxFileBytes {
            throw .fileTooLarge(file: name, size: bytes.count, limit: limits.maxFileBytes)
        }
        file = name
        self.limits = limits
        memory = bytes
        descriptor = -1
        pending = .allocate(capacity: Self.chunkSize)
        try sniff()
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if let stream {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        pending.deallocate()
    }

    /// Bytes of text delivered so far (decompressed for gzip).
    private(set) var delivered = 0

    /// Fills the start of `destination` and returns how many bytes it wrote; 0 means the end of the input.
    func read(into destination: UnsafeMutableRawBufferPointer) throws(KoladaReadError) -> Int {
        guard destination.count > 0, !finished else { return 0 }
        let count: Int
        if stream != nil {
            count = try inflate(into: destination)
        } else {
            count = try readPlain(into: destination)
        }
        delivered += count
        return count
    }

    // MARK: - Raw bytes

    /// Reads raw bytes (from the descriptor or the array) straight into `buffer`.
    private func readRaw(into buffer: UnsafeMutableRawPointer, count: Int) throws(KoladaReadError) -> Int {
        if rawEnded { return 0 }
        var got = 0
        if descriptor >= 0 {
            while true {
                let result = POSIX.read(descriptor, buffer, count)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw .readFailed(file: file, byteOffset: rawOffset, errno: errno)
                }
                got = result
                break
            }
        } else {
            got = min(count, memory.count - rawOffset)
            if got > 0 {
                memory.withUnsafeBytes { bytes in
                    guard let base = bytes.baseAddress else { return }
                    buffer.copyMemory(from: base + rawOffset, byteCount: got)
                }
            }
        }
        if got == 0 {
            rawEnded = true
            return 0
        }
        rawOffset += got
        // A file that grows while it is read is bounded as well.
        if rawOffset > limits.maxFileBytes {
            throw .fileTooLarge(file: file, size: rawOffset, limit: limits.maxFileBytes)
        }
        return got
    }

    /// Reads the first chunk and switches to inflating when it starts with gzip's magic bytes.
    private func sniff() throws(KoladaReadError) {
        pendingEnd = try readRaw(into: pending, count: Self.chunkSize)
        guard pendingEnd >= 2, pending[0] == 0x1f, pending[1] == 0x8b else { return }
        isCompressed = true
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 32: a 32 KiB window, and zlib detects the gzip header itself.
        let status = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .corruptGzip(file: file, compressedOffset: 0, reason: "inflateInit2 returned \(status)")
        }
        self.stream = stream
    }

    private func readPlain(into destination: UnsafeMutableRawBufferPointer) throws(KoladaReadError) -> Int {
        guard let base = destination.baseAddress else { return 0 }
        if pendingStart < pendingEnd {
            let count = min(destination.count, pendingEnd - pendingStart)
            base.copyMemory(from: pending + pendingStart, byteCount: count)
            pendingStart += count
            return count
        }
        let count = try readRaw(into: base, count: destination.count)
        if count == 0 { finished = true }
        return count
    }

    // MARK: - gzip

    private func inflate(into destination: UnsafeMutableRawBufferPointer) throws(KoladaReadError) -> Int {
        guard let stream, let base = destination.baseAddress else { return 0 }
        // zlib counts in 32-bit units.
        let capacity = min(destination.count, Int(UInt32.max))
        stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(capacity)
        while stream.pointee.avail_out > 0 {
            if pendingStart == pendingEnd, !rawEnded {
                pendingStart = 0
                pendingEnd = try readRaw(into: pending, count: Self.chunkSize)
            }
            let available = pendingEnd - pendingStart
            stream.pointee.next_in = pending + pendingStart
            stream.pointee.avail_in = uInt(available)
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            pendingStart += available - Int(stream.pointee.avail_in)
            let produced = capacity - Int(stream.pointee.avail_out)
            if inflated + produced > limits.maxDecompressedBytes {
                throw .decompressedTooLarge(file: file, limit: limits.maxDecompressedBytes)
            }
            switch status {
            case Z_STREAM_END:
                // One gzip member ends; `cat a.gz b.gz` makes a valid file of several members, so go on while
                // input remains.
                if pendingStart == pendingEnd, !rawEnded {
                    pendingStart = 0
                    pendingEnd = try readRaw(into: pending, count: Self.chunkSize)
                }
                if pendingStart == pendingEnd {
                    finished = true
                    inflated += produced
                    return produced
                }
                inflateReset(stream)
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress: input exhausted before the stream's end.
                if pendingStart == pendingEnd, rawEnded {
                    throw .truncatedGzip(file: file, compressedOffset: rawOffset)
                }
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "inflate returned \(status)"
                let offset = rawOffset - (pendingEnd - pendingStart)
                throw .corruptGzip(file: file, compressedOffset: offset, reason: reason)
            }
        }
        inflated += capacity
        return capacity
    }
}
