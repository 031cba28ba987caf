import JamforWire

/// Builds the frames a connection sends, within what the client announced in `Hello.limits`.
///
/// It mirrors ``FrameCodec/frame(_:requestID:flags:)`` (header version, compression by threshold,
/// error and end-of-stream flags) but encodes the CBOR payload once and checks it against both the
/// client's `maxFrameLength` (as it travels) and its `maxDecompressedLength` (before compression),
/// which `FrameCodec` cannot see once the payload is deflated.
struct OutboundEncoder: Sendable {
    /// The version stamped on frames other than `hello` and `welcome`: 1 before the handshake, the
    /// negotiated version after it.
    var version: UInt8 = WireVersion.handshake
    /// The agreed compression, or `nil`.
    var compression: CompressionPolicy?
    /// The client's `maxFrameLength`, if it announced one.
    var peerMaxFrameLength: Int?
    /// The client's `maxDecompressedLength`, if it announced one.
    var peerMaxDecompressedLength: Int?

    /// Applies the limits a client announced in its `hello`.
    mutating func adopt(peerLimits limits: WireLimits?) {
        peerMaxFrameLength = limits.map { Int(clamping: $0.maxFrameLength) }
        peerMaxDecompressedLength = limits.map { Int(clamping: $0.maxDecompressedLength) }
    }

    /// Encodes `message` for `requestID`; `final` sets end-of-stream (always set on errors).
    /// - Throws: ``WireError/payloadTooLarge(length:limit:)`` when the frame would break the client's
    ///   limits; the CBOR encoder's or zlib's error otherwise.
    func frame(_ message: WireMessage, requestID: UInt32, final: Bool) throws -> Frame {
        let type = message.type
        var flags: FrameFlags = final || type == .error ? [.endOfStream] : []
        if type == .error { flags.insert(.error) }
        var payload = try message.encodePayload()
        if let compression, !type.isHandshake, payload.count >= compression.threshold {
            if let limit = peerMaxDecompressedLength, payload.count > limit {
                throw WireError.payloadTooLarge(length: payload.count, limit: limit)
            }
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

    /// An `error` frame for `requestID` (0 for the connection), or `nil` when not even an error
    /// without its message fits the client's limits.
    func errorFrame(_ code: ErrorCode, _ message: String, requestID: UInt32) -> Frame? {
        for text in [message, ""] {
            let error = ErrorMessage(code: code, message: text, requestID: requestID)
            if let frame = try? frame(.error(error), requestID: requestID, final: true) { return frame }
        }
        return nil
    }
}
