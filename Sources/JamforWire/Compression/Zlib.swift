import CZlib

/// zlib (RFC 1950) compression of frame payloads, with a hard limit on what decompression produces.
public enum Zlib {
    /// The compression level the protocol uses, so that compressed frames are reproducible.
    public static let defaultLevel: Int32 = 6

    /// Compresses `bytes` into a zlib stream.
    /// - Throws: ``WireError/compressionFailed(_:)`` if zlib reports an error.
    public static func compress(_ bytes: UnsafeRawBufferPointer, level: Int32 = defaultLevel) throws -> [UInt8] {
        var stream = z_stream()
        guard jamfor_deflateInit(&stream, level) == Z_OK else {
            throw WireError.compressionFailed("deflateInit failed")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(bytes.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let produced: Int = try output.withUnsafeMutableBytes { out in
            stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(bytes.count)
            stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(out.count)
            let status = deflate(&stream, Z_FINISH)
            guard status == Z_STREAM_END else {
                throw WireError.compressionFailed("deflate returned \(status)")
            }
            return Int(stream.total_out)
        }
        output.removeSubrange(produced...)
        return output
    }

    /// Decompresses a zlib stream, stopping as soon as the output would pass `limit` bytes.
    /// - Throws: ``WireError/decompressedTooLarge(limit:)`` when it would, and
    ///   ``WireError/corruptCompression(_:)`` for a damaged, truncated or over-long stream.
    public static func decompress(_ bytes: UnsafeRawBufferPointer, limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard jamfor_inflateInit(&stream) == Z_OK else {
            throw WireError.corruptCompression("inflateInit failed")
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        // Start from a guess based on the input and grow; never allocate more than limit + 1 bytes.
        var output = [UInt8](repeating: 0, count: min(limit + 1, max(4096, bytes.count * 4)))
        var produced = 0
        while true {
            if produced == output.count {
                if output.count > limit { throw WireError.decompressedTooLarge(limit: limit) }
                output.append(contentsOf: repeatElement(0, count: min(limit + 1, output.count * 2) - output.count))
            }
            let status: Int32 = output.withUnsafeMutableBytes { out in
                stream.next_out = out.baseAddress?.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(out.count - produced)
                let before = stream.total_out
                let status = inflate(&stream, Z_NO_FLUSH)
                produced += Int(stream.total_out - before)
                return status
            }
            if produced > limit { throw WireError.decompressedTooLarge(limit: limit) }
            switch status {
            case Z_STREAM_END:
                guard stream.avail_in == 0 else {
                    throw WireError.corruptCompression("\(stream.avail_in) byte(s) follow the end of the zlib stream")
                }
                output.removeSubrange(produced...)
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0 && produced < output.count:
                throw WireError.corruptCompression("the zlib stream ends early")
            case Z_BUF_ERROR:
                continue
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "inflate returned \(status)"
                throw WireError.corruptCompression(reason)
            }
        }
    }
}
