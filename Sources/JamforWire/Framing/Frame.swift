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
    /// The limits applied to incoming frames.
    public var limits: FrameLimits
    /// The agreed compression, or `nil` when frames travel uncompressed.
    public var compression: CompressionPolicy?
    /// The version written into outgoing frame headers, except those of `hello` and `welcome`, which
    /// always carry ``WireVersion/handshake``.
    public var version: UInt8
    /// The largest payload, as it travels, that the peer accepts in a frame: the
    /// ``WireLimits/maxFrameLength`` it announced (a server's in ``Welcome``, a client's in ``Hello``),
    /// or `nil` when it announced none. ``frame(_:requestID:flags:)`` refuses to build a frame that
    /// the peer would refuse.
    public var peerMaxFrameLength: Int?

    public init(
        limits: FrameLimits = FrameLimits(),
        compression: CompressionPolicy? = nil,
        version: UInt8 = WireVersion.current,
        peerMaxFrameLength: Int? = nil
    ) {
        self.limits = limits
        self.compression = compression
        self.version = version
        self.peerMaxFrameLength = peerMaxFrameLength
    }

    /// The flags a frame of `type` gets when the caller names none: end-of-stream for a type that
    /// answers something (``MessageType/isResponse``), so that a single-frame answer ends its request,
    /// and no flags for requests, `hello`, `ping` and `cancel`.
    public static func defaultFlags(for type: MessageType) -> FrameFlags {
        type.isResponse ? [.endOfStream] : []
    }

    /// Encodes `message` into a frame.
    ///
    /// - The header version is ``version``, except for `hello` and `welcome`, which always carry
    ///   ``WireVersion/handshake``.
    /// - The payload is compressed when a policy is set and it reaches the threshold; `hello` and
    ///   `welcome` are never compressed. The compressed flag follows what was done, whatever `flags`
    ///   says.
    /// - The error flag is set on error messages and cleared on all others, whatever `flags` says.
    /// - Parameters:
    ///   - message: the message to send.
    ///   - requestID: the frame's request id.
    ///   - flags: the end-of-stream choice; `nil` (the default) uses ``defaultFlags(for:)``. Pass `[]`
    ///     for an `export-batch` that is not the last of its stream.
    /// - Throws: ``WireError/payloadTooLarge(length:limit:)`` when the payload as it would travel is
    ///   longer than ``peerMaxFrameLength`` or than a frame header can declare; the CBOR encoder's or
    ///   zlib's error when encoding or compressing fails.
    public func frame(_ message: WireMessage, requestID: UInt32, flags: FrameFlags? = nil) throws -> Frame {
        let type = message.type
        var flags = flags ?? Self.defaultFlags(for: type)
        flags.remove(.compressed)
        if type == .error { flags.insert(.error) } else { flags.remove(.error) }
        var payload = try message.encodePayload()
        if let compression, !type.isHandshake, payload.count >= compression.threshold {
            payload = try payload.withUnsafeBytes { try Zlib.compress($0, level: compression.level) }
            flags.insert(.compressed)
        }
        let limit = min(peerMaxFrameLength ?? Int(UInt32.max), Int(UInt32.max))
        guard payload.count <= limit else {
            throw WireError.payloadTooLarge(length: payload.count, limit: limit)
        }
        return Frame(
            version: type.isHandshake ? WireVersion.handshake : version,
            flags: flags,
            type: type,
            requestID: requestID,
            payload: payload
        )
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

    /// Decodes the message a frame carries, as defined in the frame's version.
    /// - Throws: ``WireError/errorFlagMismatch(_:flags:)`` when the error flag is set on a frame that
    ///   is not of type `error` or clear on one that is (checked first, before decompressing);
    ///   ``WireError`` for compression problems, a type not defined in the frame's version, malformed
    ///   CBOR or a broken decoding limit (``WireError/malformedPayload(_:_:)``), or a payload that is
    ///   not a valid message of its type (``WireError/invalidPayload(_:reason:)``, with the decoder's
    ///   reason).
    public func message(in frame: Frame) throws -> WireMessage {
        guard frame.flags.contains(.error) == (frame.type == .error) else {
            throw WireError.errorFlagMismatch(frame.type, flags: frame.flags)
        }
        let payload = try plainPayload(of: frame)
        let decoder = CBORDecoder(maxNestingDepth: limits.maxNestingDepth)
        do {
            return try payload.withUnsafeBytes {
                try WireMessage.decode(type: frame.type, version: frame.version, payload: $0, with: decoder)
            }
        } catch let error as WireError {
            throw error
        } catch let error as CBORError {
            throw WireError.malformedPayload(frame.type, error)
        } catch {
            throw WireError.invalidPayload(frame.type, reason: String(describing: error))
        }
    }
}
