/// A frame: its header fields and its payload as it travels (compressed when the flag says so).
public struct Frame: Sendable, Hashable {
    public var version: UInt8
    public var flags: FrameFlags
    public var type: MessageType
    public var requestID: UInt32
    public var payload: [UInt8]

    public init(
        version: UInt8 = WireVersion.current,
        flags: FrameFlags,
        type: MessageType,
        requestID: UInt32,
        payload: [UInt8]
    ) {
        self.version = version
        self.flags = flags
        self.type = type
        self.requestID = requestID
        self.payload = payload
    }

    /// The header that precedes this frame's payload.
    public var header: FrameHeader {
        FrameHeader(
            payloadLength: UInt32(truncatingIfNeeded: payload.count),
            version: version,
            flags: flags,
            type: type,
            requestID: requestID
        )
    }

    /// The frame's bytes: header, then payload.
    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(FrameHeader.size + payload.count)
        header.write(into: &bytes)
        bytes.append(contentsOf: payload)
        return bytes
    }
}

/// How payloads are compressed on a connection, as agreed at the handshake.
public struct CompressionPolicy: Sendable, Hashable {
    /// Payloads of at least this many bytes are compressed.
    public var threshold: Int
    /// The zlib level.
    public var level: Int32

    /// The threshold servers announce by default: below about a kilobyte, zlib saves little.
    public static let defaultThreshold = 1024

    public init(threshold: Int = CompressionPolicy.defaultThreshold, level: Int32 = Zlib.defaultLevel) {
        self.threshold = threshold
        self.level = level
    }
}

/// Turns messages into frames and frames into messages, applying compression and limits.
///
/// It holds no connection state; a connection keeps one, updated after the handshake.
public struct FrameCodec: Sendable {
    public var limits: FrameLimits
    /// The agreed compression, or `nil` when frames travel uncompressed.
    public var compression: CompressionPolicy?
    /// The version written into outgoing frame headers.
    public var version: UInt8

    public init(
        limits: FrameLimits = FrameLimits(),
        compression: CompressionPolicy? = nil,
        version: UInt8 = WireVersion.current
    ) {
        self.limits = limits
        self.compression = compression
        self.version = version
    }

    /// Encodes `message` into a frame, compressed when a policy is set and the payload reaches its
    /// threshold. Error messages get the error flag.
    public func frame(_ message: WireMessage, requestID: UInt32, flags: FrameFlags = [.endOfStream]) throws -> Frame {
        var flags = flags
        if case .error = message { flags.insert(.error) }
        var payload = try message.encodePayload()
        if let compression, payload.count >= compression.threshold {
            payload = try payload.withUnsafeBytes { try Zlib.compress($0, level: compression.level) }
            flags.insert(.compressed)
        }
        guard payload.count <= Int(UInt32.max) else {
            throw WireError.payloadTooLarge(length: payload.count, limit: Int(UInt32.max))
        }
        return Frame(version: version, flags: flags, type: message.type, requestID: requestID, payload: payload)
    }

    /// Reads one frame from the front of `bytes`.
    /// - Returns: the frame and the number of bytes it took, or `nil` if `bytes` holds only part of
    ///   a frame whose header is valid so far.
    /// - Throws: ``WireError`` as soon as a header breaks a limit, before its payload is awaited.
    public func parseFrame(_ bytes: UnsafeRawBufferPointer) throws -> (frame: Frame, consumed: Int)? {
        guard bytes.count >= FrameHeader.size else { return nil }
        let header = try FrameHeader(reading: bytes)
        try header.validate(limits)
        let total = FrameHeader.size + Int(header.payloadLength)
        guard bytes.count >= total else { return nil }
        let payload = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[FrameHeader.size..<total]))
        let frame = Frame(
            version: header.version,
            flags: header.flags,
            type: header.type,
            requestID: header.requestID,
            payload: payload
        )
        return (frame, total)
    }

    /// The frame's payload, decompressed if it is compressed, within ``FrameLimits/maxDecompressedLength``.
    public func plainPayload(of frame: Frame) throws -> [UInt8] {
        guard frame.flags.contains(.compressed) else { return frame.payload }
        guard compression != nil else { throw WireError.compressionNotNegotiated(frame.type) }
        return try frame.payload.withUnsafeBytes { try Zlib.decompress($0, limit: limits.maxDecompressedLength) }
    }

    /// Decodes the message a frame carries.
    /// - Throws: ``WireError`` for compression problems, an unknown type, malformed CBOR or a broken
    ///   decoding limit (``WireError/malformedPayload(_:_:)``), or a payload that is not a valid message
    ///   of its type (``WireError/invalidPayload(_:reason:)``, with the decoder's reason).
    public func message(in frame: Frame) throws -> WireMessage {
        let payload = try plainPayload(of: frame)
        let decoder = CBORDecoder(maxNestingDepth: limits.maxNestingDepth)
        do {
            return try payload.withUnsafeBytes { try WireMessage.decode(type: frame.type, payload: $0, with: decoder) }
        } catch let error as WireError {
            throw error
        } catch let error as CBORError {
            throw WireError.malformedPayload(frame.type, error)
        } catch {
            throw WireError.invalidPayload(frame.type, reason: String(describing: error))
        }
    }
}
