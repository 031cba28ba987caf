public import JamforWire
public import NIOCore

/// Splits a byte stream into ``Frame``s, refusing a frame by its header before its payload is buffered.
///
/// The payload is passed on as it travelled (compressed or not); ``FrameCodec/message(in:)`` decodes it.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = Frame

    /// The limits applied to each header; a connection narrows ``FrameLimits/acceptedVersions``
    /// after its handshake.
    public var limits: FrameLimits

    public init(limits: FrameLimits = FrameLimits()) {
        self.limits = limits
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard buffer.readableBytes >= FrameHeader.size else { return .needMoreData }
        let header = try buffer.withUnsafeReadableBytes { try FrameHeader(reading: $0) }
        // Checked before waiting for the payload, so an oversized frame is never buffered.
        try header.validate(limits)
        let total = FrameHeader.size + Int(header.payloadLength)
        guard buffer.readableBytes >= total else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: FrameHeader.size)
        guard let payload = buffer.readBytes(length: Int(header.payloadLength)) else { return .needMoreData }
        let frame = Frame(
            version: header.version,
            flags: header.flags,
            type: header.type,
            requestID: header.requestID,
            payload: payload
        )
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 {
            let needed: Int
            if buffer.readableBytes >= FrameHeader.size {
                let header = try buffer.withUnsafeReadableBytes { try FrameHeader(reading: $0) }
                needed = FrameHeader.size + Int(header.payloadLength)
            } else {
                needed = FrameHeader.size
            }
            let available = buffer.readableBytes
            buffer.moveReaderIndex(forwardBy: available)
            throw WireError.truncatedFrame(available: available, needed: needed)
        }
        return .needMoreData
    }
}
