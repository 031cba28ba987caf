import JamforWire
import JamforWireNIO
import NIOCore

/// The frame decoder of a client connection: JamforWire's `FrameDecoder`, after a look at the first
/// bytes the server sends for the signature of another protocol.
///
/// A Jamfor server's first frame is a small `welcome`, so its first byte, the top byte of the payload
/// length, is 0. Another kind of server on the port answers in its own protocol, whose first bytes,
/// read as a frame header, announce a payload of hundreds of megabytes; "it speaks HTTP" tells the
/// user more than that number. Only the connection's first bytes are looked at.
struct ClientFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = Frame

    private var frames: FrameDecoder
    private var checkedFirstBytes = false

    init(limits: FrameLimits) {
        frames = FrameDecoder(limits: limits)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if !checkedFirstBytes {
            // Every frame is longer than this, so waiting for it never holds a frame back.
            guard buffer.readableBytes >= ForeignProtocol.signatureLength else { return .needMoreData }
            try checkFirstBytes(buffer)
        }
        return try frames.decode(context: context, buffer: &buffer)
    }

    mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        if !checkedFirstBytes, buffer.readableBytes > 0 { try checkFirstBytes(buffer) }
        return try frames.decodeLast(context: context, buffer: &buffer, seenEOF: seenEOF)
    }

    private mutating func checkFirstBytes(_ buffer: ByteBuffer) throws {
        checkedFirstBytes = true
        let length = min(buffer.readableBytes, ForeignProtocol.signatureLength)
        let first = buffer.getBytes(at: buffer.readerIndex, length: length) ?? []
        if let foreign = ForeignProtocol(firstBytes: first) { throw foreign }
    }
}

/// The server's first bytes are those of another protocol than Jamfor's.
struct ForeignProtocol: Error, Hashable, CustomStringConvertible {
    enum Kind: Hashable {
        case http, ssh, tls, markup, json, text
    }

    let kind: Kind

    /// How many first bytes the longest signature takes.
    static let signatureLength = 4

    /// The protocol whose signature `bytes` start with, or `nil` for none that this knows (which
    /// includes every Jamfor frame). Fewer bytes than ``signatureLength`` match only the signatures
    /// they hold completely.
    init?(firstBytes bytes: [UInt8]) {
        // A Jamfor frame's first byte is 0 unless its payload is 16 MiB or more, which no welcome is.
        guard let first = bytes.first, first != 0 else { return nil }
        let ascii = String(decoding: bytes, as: UTF8.self)
        if ascii == "HTTP" {
            kind = .http
        } else if ascii == "SSH-" {
            kind = .ssh
        } else if bytes.count >= 2, first == 0x15 || first == 0x16, bytes[1] == 0x03 {
            // A TLS record: an alert (0x15) or a handshake (0x16), version 3.x.
            kind = .tls
        } else if first == UInt8(ascii: "<") {
            kind = .markup
        } else if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            kind = .json
        } else if bytes.count == Self.signatureLength,
            bytes.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
        {
            kind = .text
        } else {
            return nil
        }
    }

    /// Why the connection failed, for ``ClientError/cannotConnect(_:reason:)``.
    var reason: String {
        switch kind {
        case .tls: "the server speaks TLS; connect with TLS (--tls or JAMFOR_TLS=1)"
        default: "something that is not a Jamfor server answered (\(self))"
        }
    }

    /// What the server turned out to speak.
    var description: String {
        switch kind {
        case .http: "it speaks HTTP"
        case .ssh: "it speaks SSH"
        case .tls: "it speaks TLS"
        case .markup: "it answered with HTML or XML"
        case .json: "it answered with JSON"
        case .text: "it answered with text"
        }
    }
}
