public import JamforWire
public import NIOCore

/// Writes ``Frame``s to a byte stream: the 12-byte header, then the payload.
public struct FrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = Frame

    public init() {}

    public func encode(data frame: Frame, out: inout ByteBuffer) throws {
        guard frame.payload.count <= Int(UInt32.max) else {
            throw WireError.payloadTooLarge(length: frame.payload.count, limit: Int(UInt32.max))
        }
        out.reserveCapacity(minimumWritableBytes: FrameHeader.size + frame.payload.count)
        out.writeInteger(UInt32(frame.payload.count))
        out.writeInteger(frame.version)
        out.writeInteger(frame.flags.rawValue)
        out.writeInteger(frame.type.rawValue)
        out.writeInteger(frame.requestID)
        out.writeBytes(frame.payload)
    }
}
