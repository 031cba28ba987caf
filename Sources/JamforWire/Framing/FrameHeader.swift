/// Flag bits of a frame header.
public struct FrameFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The payload is a zlib stream; decompress it before decoding.
    public static let compressed = FrameFlags(rawValue: 0x01)
    /// The last frame of a response; a response that fits one frame sets it too.
    public static let endOfStream = FrameFlags(rawValue: 0x02)
    /// The payload is an ``ErrorMessage``; the request ends here.
    public static let error = FrameFlags(rawValue: 0x04)

    /// Every bit that version 1 defines.
    public static let defined: FrameFlags = [.compressed, .endOfStream, .error]
}

/// The fixed 12-byte header in front of every frame's payload.
///
/// ```
/// offset  size  field
///      0     4  payload length, unsigned big-endian, not counting the header
///      4     1  protocol version
///      5     1  flags
///      6     2  message type, unsigned big-endian
///      8     4  request id, unsigned big-endian
/// ```
public struct FrameHeader: Sendable, Hashable {
    /// The header's size in bytes.
    public static let size = 12

    public var payloadLength: UInt32
    public var version: UInt8
    public var flags: FrameFlags
    public var type: MessageType
    public var requestID: UInt32

    public init(payloadLength: UInt32, version: UInt8, flags: FrameFlags, type: MessageType, requestID: UInt32) {
        self.payloadLength = payloadLength
        self.version = version
        self.flags = flags
        self.type = type
        self.requestID = requestID
    }

    /// Appends the header's 12 bytes.
    public func write(into bytes: inout [UInt8]) {
        withUnsafeBytes(of: payloadLength.bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(version)
        bytes.append(flags.rawValue)
        withUnsafeBytes(of: type.rawValue.bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: requestID.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Reads a header from the first 12 of `bytes` without validating it.
    /// - Throws: ``WireError/truncatedFrame(available:needed:)`` when fewer than 12 bytes are given.
    public init(reading bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count >= Self.size else {
            throw WireError.truncatedFrame(available: bytes.count, needed: Self.size)
        }
        payloadLength = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        version = bytes[4]
        flags = FrameFlags(rawValue: bytes[5])
        type = MessageType(rawValue: UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: 6, as: UInt16.self)))
        requestID = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    }

    /// Checks the header against `limits` before any of the payload is read: the length first, so that
    /// an oversized frame is refused before it is buffered, then version, flags and type.
    ///
    /// The version check depends on the type. The handshake format is frozen: a `hello` or `welcome`
    /// frame must carry ``WireVersion/handshake`` (1), and is accepted with it even when
    /// ``FrameLimits/acceptedVersions`` has been narrowed to another negotiated version. Every other
    /// frame must carry one of ``FrameLimits/acceptedVersions``.
    /// - Throws: ``WireError/frameTooLarge(length:limit:)``,
    ///   ``WireError/unsupportedVersion(_:supported:)``, ``WireError/reservedFlags(_:)`` or
    ///   ``WireError/unknownMessageType(_:version:)``, in that order of checking.
    public func validate(_ limits: FrameLimits) throws {
        guard let length = Int(exactly: payloadLength), length <= limits.maxFrameLength else {
            throw WireError.frameTooLarge(length: payloadLength, limit: limits.maxFrameLength)
        }
        if type.isHandshake {
            guard version == WireVersion.handshake else {
                throw WireError.unsupportedVersion(version, supported: [WireVersion.handshake])
            }
        } else {
            guard limits.acceptedVersions.contains(version) else {
                throw WireError.unsupportedVersion(version, supported: limits.acceptedVersions)
            }
        }
        guard flags.isSubset(of: .defined) else {
            throw WireError.reservedFlags(flags.rawValue)
        }
        guard type.isDefined(in: version) else {
            throw WireError.unknownMessageType(type, version: version)
        }
    }
}

/// The limits a peer applies to incoming frames. Every field defaults to the protocol's default
/// (the defaults of ``WireLimits``), which suits a server.
public struct FrameLimits: Sendable, Hashable {
    /// Largest accepted payload as it travels, in bytes (default ``WireLimits/defaultMaxFrameLength``,
    /// 16 MiB).
    public var maxFrameLength: Int
    /// Largest accepted payload after decompression, in bytes (default
    /// ``WireLimits/defaultMaxDecompressedLength``, 64 MiB).
    public var maxDecompressedLength: Int
    /// Deepest accepted CBOR nesting (default ``WireLimits/defaultMaxNestingDepth``, 64).
    public var maxNestingDepth: Int
    /// Versions accepted in frame headers: all supported ones before the handshake, then only the
    /// negotiated one. `hello` and `welcome` frames are checked against ``WireVersion/handshake``
    /// instead (see ``FrameHeader/validate(_:)``).
    public var acceptedVersions: [UInt8]

    public init(
        maxFrameLength: Int = Int(WireLimits.defaultMaxFrameLength),
        maxDecompressedLength: Int = Int(WireLimits.defaultMaxDecompressedLength),
        maxNestingDepth: Int = Int(WireLimits.defaultMaxNestingDepth),
        acceptedVersions: [UInt8] = WireVersion.supported
    ) {
        self.maxFrameLength = maxFrameLength
        self.maxDecompressedLength = maxDecompressedLength
        self.maxNestingDepth = maxNestingDepth
        self.acceptedVersions = acceptedVersions
    }

    /// The limits that enforce announced ``WireLimits``: a server passes the limits of its
    /// ``Welcome``, a client those of its ``Hello`` (or `WireLimits()` when it announces none).
    ///
    /// ``WireLimits/maxInFlightRequests`` and ``WireLimits/maxSubmitObservations`` are not frame
    /// limits; the connection enforces them on requests.
    /// - Parameters:
    ///   - limits: the announced limits.
    ///   - acceptedVersions: versions accepted in frame headers; after the handshake, only the
    ///     negotiated one.
    public init(_ limits: WireLimits, acceptedVersions: [UInt8] = WireVersion.supported) {
        self.init(
            maxFrameLength: Int(clamping: limits.maxFrameLength),
            maxDecompressedLength: Int(clamping: limits.maxDecompressedLength),
            maxNestingDepth: Int(limits.maxNestingDepth),
            acceptedVersions: acceptedVersions
        )
    }
}
