/// Why a frame could not be read or written. Each case carries the offending value and, where a
/// limit was broken, the limit.
public enum WireError: Error, Sendable, Hashable {
    /// The header declares a payload longer than the receiver accepts.
    case frameTooLarge(length: UInt32, limit: Int)
    /// The payload decompresses to more than the receiver accepts.
    case decompressedTooLarge(limit: Int)
    /// The header's version is not one this peer speaks, or not the one negotiated.
    case unsupportedVersion(UInt8, supported: [UInt8])
    /// The header's message type is not defined in its version.
    case unknownMessageType(MessageType, version: UInt8)
    /// The header sets flag bits that the version does not define.
    case reservedFlags(UInt8)
    /// A compressed frame arrived on a connection that did not agree to compression.
    case compressionNotNegotiated(MessageType)
    /// The compressed payload is not a valid zlib stream.
    case corruptCompression(String)
    /// zlib failed while compressing.
    case compressionFailed(String)
    /// The bytes end inside a frame: `available` of `needed` bytes are there.
    case truncatedFrame(available: Int, needed: Int)
    /// The payload is well-formed CBOR but not a valid message of its type; `reason` says why.
    case invalidPayload(MessageType, reason: String)
    /// The payload is not well-formed CBOR, or breaks a decoding limit; the ``CBORError`` says which.
    case malformedPayload(MessageType, CBORError)
    /// A payload is larger than a frame can carry, or than the peer announced it accepts
    /// (``FrameCodec/peerMaxFrameLength``); nothing was sent.
    case payloadTooLarge(length: Int, limit: Int)
    /// The frame's error flag disagrees with its type: set on a frame that is not of type `error`, or
    /// clear on an `error` frame. `flags` are the frame's flags as received.
    case errorFlagMismatch(MessageType, flags: FrameFlags)

    /// The protocol error code a peer reports for this error.
    public var code: ErrorCode {
        switch self {
        case .frameTooLarge, .payloadTooLarge: .frameTooLarge
        case .decompressedTooLarge: .decompressedTooLarge
        case .unsupportedVersion: .unsupportedVersion
        case .unknownMessageType: .unknownMessageType
        case .reservedFlags, .compressionNotNegotiated, .corruptCompression, .truncatedFrame, .errorFlagMismatch:
            .malformedFrame
        case .compressionFailed: .internalError
        case .invalidPayload, .malformedPayload: .invalidPayload
        }
    }
}

extension WireError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .frameTooLarge(let length, let limit):
            "frame payload of \(length) bytes exceeds the limit of \(limit) bytes; send smaller batches or raise maxFrameLength"
        case .decompressedTooLarge(let limit):
            "payload decompresses to more than the limit of \(limit) bytes; send smaller batches or raise maxDecompressedLength"
        case .unsupportedVersion(let version, let supported):
            "protocol version \(version) is not supported; this peer speaks \(supported.map(String.init).joined(separator: ", "))"
        case .unknownMessageType(let type, let version):
            "message type 0x\(String(type.rawValue, radix: 16)) is not defined in protocol version \(version)"
        case .reservedFlags(let flags):
            "frame flags 0x\(String(flags, radix: 16)) set reserved bits; only compressed (0x1), end-of-stream (0x2) and error (0x4) are defined"
        case .compressionNotNegotiated(let type):
            "a compressed \(type) frame arrived, but compression was not agreed at the handshake"
        case .corruptCompression(let reason):
            "compressed payload is not a valid zlib stream: \(reason)"
        case .compressionFailed(let reason):
            "compression failed: \(reason)"
        case .truncatedFrame(let available, let needed):
            "input ends inside a frame: \(available) of \(needed) bytes present"
        case .invalidPayload(let type, let reason):
            "\(type) payload is invalid: \(reason)"
        case .malformedPayload(let type, let error):
            "\(type) payload is malformed: \(error)"
        case .payloadTooLarge(let length, let limit):
            "payload of \(length) bytes is larger than the \(limit) bytes a frame to this peer may carry; send smaller batches"
        case .errorFlagMismatch(let type, let flags) where type == .error:
            "an error frame arrived without the error flag (flags 0x\(String(flags.rawValue, radix: 16))); every error frame must set it (0x4)"
        case .errorFlagMismatch(let type, let flags):
            "a \(type) frame set the error flag (flags 0x\(String(flags.rawValue, radix: 16))), which only error frames may set"
        }
    }
}
