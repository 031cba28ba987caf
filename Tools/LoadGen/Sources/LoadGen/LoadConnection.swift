import Foundation
import JamforWire
import NIOCore

/// How answers are verified.
enum Verification: String, Sendable {
    /// Every answer is decoded and checked.
    case full
    /// An answer identical (type, flags, payload bytes) to one already decoded and checked for the
    /// same query is accepted by comparing bytes; any other answer is decoded and checked.
    case memo
}

/// What every load connection shares: the mix, how many requests to keep in flight, the hello.
struct LoadPlan: Sendable {
    let queries: [RankQuery]
    let inFlight: Int
    let hello: Hello
    let verification: Verification
}

/// Sent down a connection's pipeline to start the load once every connection has shaken hands.
struct StartLoad: Sendable {
    /// Requests written from here on are measured (monotonic nanoseconds); those written during the
    /// warm-up are not, even when their answers arrive later.
    let measureStart: UInt64
    /// Duration mode: the end of the measured window, after which no request is written (the answers
    /// to the requests written before it are awaited and measured). `nil` in count mode.
    let measureEnd: UInt64?
    /// Count mode: how many requests this connection sends from `measureStart` on. `nil` in duration mode.
    let quota: Int?
}

/// Sent down a connection's pipeline to close it at the end of the run; whatever is still in flight
/// then counts as errors.
struct StopLoad: Sendable {}

/// Counters and the latency histogram of the connections of one event loop. Touched only on that
/// loop, so it needs no lock; the loops' stats are merged at the end.
final class LoopStats {
    var histogram = LatencyHistogram()
    /// Requests written.
    var sent: UInt64 = 0
    /// Verified responses, warm-up and drain included.
    var verified: UInt64 = 0
    /// Failed requests: error frames, wrong or malformed answers, answers that never came.
    var errors: UInt64 = 0
    /// Error counts by kind (at most `maxKinds` kinds; then "other").
    var errorKinds: [String: UInt64] = [:]
    /// Responses that travelled compressed.
    var compressedResponses: UInt64 = 0
    /// Bytes of response frames received (headers included, as they travelled).
    var responseBytes: UInt64 = 0
    /// Connections the server closed, or that failed, before the end of the run.
    var lostConnections = 0
    /// Completion time of the last measured response (count mode's end of the window).
    var lastMeasuredCompletion: UInt64 = 0

    /// Answers decoded and checked in full.
    var decodedAnswers: UInt64 = 0
    /// Answers accepted as byte-identical to a verified answer to the same query.
    var matchedAnswers: UInt64 = 0
    /// Per query: frames (flags and payload) already decoded and verified as its answer.
    private var knownAnswers: [Int: [(flags: FrameFlags, payload: [UInt8])]] = [:]
    static let maxVerifiedPerQuery = 4

    private static let maxKinds = 20

    func isKnownAnswer(_ frame: Frame, to query: Int) -> Bool {
        guard let known = knownAnswers[query] else { return false }
        return frame.payload.withUnsafeBytes { payload in
            known.contains { answer in
                answer.flags == frame.flags && answer.payload.count == payload.count
                    && answer.payload.withUnsafeBytes { known in
                        guard let a = known.baseAddress, let b = payload.baseAddress else { return true }
                        return memcmp(a, b, payload.count) == 0
                    }
            }
        }
    }

    func remember(_ frame: Frame, answering query: Int) {
        if knownAnswers[query, default: []].count < Self.maxVerifiedPerQuery {
            knownAnswers[query, default: []].append((frame.flags, frame.payload))
        }
    }

    func recordError(_ kind: String, count: UInt64 = 1) {
        errors += count
        if errorKinds[kind] != nil || errorKinds.count < Self.maxKinds {
            errorKinds[kind, default: 0] += count
        } else {
            errorKinds["other", default: 0] += count
        }
    }

    var snapshot: StatsSnapshot {
        StatsSnapshot(
            histogram: histogram,
            sent: sent,
            verified: verified,
            errors: errors,
            errorKinds: errorKinds,
            compressedResponses: compressedResponses,
            responseBytes: responseBytes,
            lostConnections: lostConnections,
            decodedAnswers: decodedAnswers,
            matchedAnswers: matchedAnswers,
            lastMeasuredCompletion: lastMeasuredCompletion
        )
    }
}

/// A copy of ``LoopStats`` that can leave its loop; snapshots of all loops merge into the total.
struct StatsSnapshot: Sendable {
    var histogram = LatencyHistogram()
    var sent: UInt64 = 0
    var verified: UInt64 = 0
    var errors: UInt64 = 0
    var errorKinds: [String: UInt64] = [:]
    var compressedResponses: UInt64 = 0
    var responseBytes: UInt64 = 0
    var lostConnections = 0
    var decodedAnswers: UInt64 = 0
    var matchedAnswers: UInt64 = 0
    var lastMeasuredCompletion: UInt64 = 0

    mutating func merge(_ other: StatsSnapshot) {
        histogram.merge(other.histogram)
        sent += other.sent
        verified += other.verified
        errors += other.errors
        errorKinds.merge(other.errorKinds, uniquingKeysWith: +)
        compressedResponses += other.compressedResponses
        responseBytes += other.responseBytes
        lostConnections += other.lostConnections
        decodedAnswers += other.decodedAnswers
        matchedAnswers += other.matchedAnswers
        lastMeasuredCompletion = max(lastMeasuredCompletion, other.lastMeasuredCompletion)
    }
}

/// Why a load connection's handshake did not complete.
enum HandshakeError: Error, CustomStringConvertible {
    case refused(ErrorMessage)
    case unexpected(String)
    case closed

    var description: String {
        switch self {
        case .refused(let error): "the server refused the handshake: \(error.code): \(error.message)"
        case .unexpected(let what): "unexpected answer to hello: \(what)"
        case .closed: "the server closed the connection during the handshake"
        }
    }
}

/// One load connection: shakes hands, then on ``StartLoad`` keeps `inFlight` rank requests in
/// flight, timing each from its write to its complete response and verifying every answer, until
/// the run's end; then lets what is in flight finish and reports through `done`.
///
/// Lives on its channel's event loop; reconnects never (a closed connection's requests in flight
/// count as errors).
final class LoadHandler: ChannelInboundHandler {
    typealias InboundIn = Frame
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var query: Int
        var sentAt: UInt64
    }

    private enum State {
        case handshaking
        case ready
        case running
        /// No more requests are sent; waiting for those in flight.
        case draining
        /// Finished or stopped: nothing more is counted.
        case finished
    }

    private let plan: LoadPlan
    private let stats: LoopStats
    private let welcome: EventLoopPromise<Welcome>
    private let done: EventLoopPromise<Void>
    private var codec = FrameCodec()
    private var state = State.handshaking
    private var inFlight: [UInt32: Pending] = [:]
    private var nextRequestID: UInt32 = 1
    private var nextQuery: Int
    private var start: StartLoad?
    private var quotaLeft = Int.max
    private var needsFlush = false
    private var reportedDone = false

    /// - Parameter index: the connection's number; connections start at different points of the mix.
    init(
        index: Int,
        plan: LoadPlan,
        stats: LoopStats,
        welcome: EventLoopPromise<Welcome>,
        done: EventLoopPromise<Void>
    ) {
        self.plan = plan
        self.stats = stats
        self.welcome = welcome
        self.done = done
        // A stride coprime with most mix sizes spreads the connections over the mix.
        self.nextQuery = plan.queries.isEmpty ? 0 : (index * 7) % plan.queries.count
        inFlight.reserveCapacity(plan.inFlight)
    }

    // MARK: Channel events

    func channelActive(context: ChannelHandlerContext) {
        do {
            let frame = try codec.frame(.hello(plan.hello), requestID: 0)
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: frame.bytes)), promise: nil)
        } catch {
            welcome.fail(error)
            context.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let now = NIODeadline.now().uptimeNanoseconds
        switch state {
        case .handshaking:
            handshake(frame, context: context)
        case .running, .draining:
            answer(frame, at: now, context: context)
            if state == .running { fill(context: context, now: now) }
            if state == .draining && inFlight.isEmpty { finish() }
        case .ready, .finished:
            if frame.requestID != 0 { stats.recordError("frame for a request not in flight") }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let start = event as? StartLoad {
            guard state == .ready else { return }
            self.start = start
            quotaLeft = start.quota ?? Int.max
            state = .running
            fill(context: context, now: NIODeadline.now().uptimeNanoseconds)
            if needsFlush {
                needsFlush = false
                context.flush()
            }
            if state == .draining && inFlight.isEmpty { finish() }
        } else if event is StopLoad {
            if !inFlight.isEmpty, state == .running || state == .draining {
                stats.recordError("no answer by the end of the run", count: UInt64(inFlight.count))
                inFlight.removeAll()
            }
            finish()
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        switch state {
        case .handshaking:
            welcome.fail(HandshakeError.closed)
        case .ready, .running, .draining:
            stats.lostConnections += 1
            if !inFlight.isEmpty {
                stats.recordError("connection closed with requests in flight", count: UInt64(inFlight.count))
                inFlight.removeAll()
            }
        case .finished:
            break
        }
        finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A frame the decoder refused (bad header, truncation) or an I/O error: the connection is lost.
        if state != .handshaking && state != .finished {
            stats.recordError("connection failed: \(Self.kind(of: error))")
        }
        context.close(promise: nil)
    }

    // MARK: Handshake

    private func handshake(_ frame: Frame, context: ChannelHandlerContext) {
        do {
            switch try codec.message(in: frame) {
            case .welcome(let accepted):
                guard plan.hello.supportedVersions.contains(accepted.version) else {
                    throw HandshakeError.unexpected("welcome chose version \(accepted.version), which was not offered")
                }
                if accepted.compression == CompressionAlgorithm.zlib {
                    codec.compression = CompressionPolicy(threshold: Int(accepted.compressionThreshold ?? 1024))
                }
                codec.version = accepted.version
                codec.limits.acceptedVersions = [accepted.version]
                state = .ready
                welcome.succeed(accepted)
            case .error(let error):
                throw HandshakeError.refused(error)
            case let other:
                throw HandshakeError.unexpected("\(other.type)")
            }
        } catch {
            welcome.fail(error)
            finish()
            context.close(promise: nil)
        }
    }

    // MARK: Load

    /// Writes requests until `inFlight` are in flight, unless the run says stop.
    private func fill(context: ChannelHandlerContext, now: UInt64) {
        guard let start else { return }
        while inFlight.count < plan.inFlight {
            if let end = start.measureEnd, now >= end {
                state = .draining
                return
            }
            if now >= start.measureStart {
                guard quotaLeft > 0 else {
                    state = .draining
                    return
                }
                quotaLeft -= 1
            }
            send(context: context, now: now)
        }
    }

    private func send(context: ChannelHandlerContext, now: UInt64) {
        let id = nextRequestID
        // Increasing ids, wrapping from the largest to 1, never 0 (PROTOCOL.md 2.3).
        nextRequestID = nextRequestID == UInt32.max ? 1 : nextRequestID + 1
        let index = nextQuery
        nextQuery = nextQuery + 1 == plan.queries.count ? 0 : nextQuery + 1
        let payload = plan.queries[index].payload

        var buffer = context.channel.allocator.buffer(capacity: FrameHeader.size + payload.count)
        buffer.writeInteger(UInt32(payload.count))
        buffer.writeInteger(codec.version)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(MessageType.rank.rawValue)
        buffer.writeInteger(id)
        buffer.writeBytes(payload)
        inFlight[id] = Pending(query: index, sentAt: now)
        stats.sent += 1
        context.write(wrapOutboundOut(buffer), promise: nil)
        needsFlush = true
    }

    /// Matches a response to its request, verifies it and records its latency.
    private func answer(_ frame: Frame, at now: UInt64, context: ChannelHandlerContext) {
        stats.responseBytes += UInt64(FrameHeader.size + frame.payload.count)
        if frame.flags.contains(.compressed) { stats.compressedResponses += 1 }
        guard frame.requestID != 0 else {
            // A connection-level error: the server closes the connection; its requests count when it does.
            if case .error(let error)? = try? codec.message(in: frame) {
                stats.recordError("connection error \(error.code)")
            } else if frame.type != .pong {
                stats.recordError("unexpected connection-level \(frame.type)")
            }
            return
        }
        guard let pending = inFlight.removeValue(forKey: frame.requestID) else {
            // PROTOCOL.md 7.2: a frame for no request in flight is a protocol violation; close.
            stats.recordError("frame for a request not in flight")
            context.close(promise: nil)
            return
        }
        if let failure = verify(frame, answering: pending.query) {
            stats.recordError(failure)
            return
        }
        stats.verified += 1
        // The measured requests are those written inside the window, whenever their answers arrive:
        // no warm-up straggler gets in, and no slow answer at the end is left out.
        guard let start, pending.sentAt >= start.measureStart else { return }
        if let end = start.measureEnd, pending.sentAt >= end { return }
        stats.histogram.record(now &- pending.sentAt)
        stats.lastMeasuredCompletion = max(stats.lastMeasuredCompletion, now)
    }

    /// `nil` when `frame` is a correct answer to query `index`, else what is wrong with it.
    ///
    /// In memo mode an answer whose frame is byte for byte one already decoded and verified for the
    /// same query (same type, flags and payload) is correct without decoding it again; any other
    /// answer is decoded and checked in full, and remembered when correct (up to
    /// ``LoopStats/maxVerifiedPerQuery`` per query, so answers that change keep being checked).
    private func verify(_ frame: Frame, answering index: Int) -> String? {
        let memo = plan.verification == .memo && frame.type == .rankResult
        if memo, stats.isKnownAnswer(frame, to: index) {
            stats.matchedAnswers += 1
            return nil
        }
        stats.decodedAnswers += 1
        let failure: String?
        do {
            switch try codec.message(in: frame) {
            case .rankResult(let result):
                if !frame.flags.contains(.endOfStream) {
                    failure = "rank-result without end-of-stream"
                } else {
                    failure = Verifier.check(result, answering: plan.queries[index]).map { "wrong answer: \($0)" }
                }
            case .error(let error):
                failure = "error frame \(error.code)"
            case let other:
                failure = "\(other.type) instead of rank-result"
            }
        } catch {
            failure = "undecodable answer: \(Self.kind(of: error))"
        }
        if failure == nil, memo { stats.remember(frame, answering: index) }
        return failure
    }

    private func finish() {
        state = .finished
        guard !reportedDone else { return }
        reportedDone = true
        done.succeed()
    }

    /// A short name for an error, for the error table (no payload text).
    private static func kind(of error: any Error) -> String {
        if let error = error as? WireError { return "\(error.code)" }
        return "\(type(of: error))"
    }
}
