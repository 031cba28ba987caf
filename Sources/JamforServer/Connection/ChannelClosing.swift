import NIOCore

extension Channel {
    /// Closes the channel without losing what was already written: half-closes the output once the
    /// pending writes are flushed (so a connection error reaches the client before its FIN), waits a
    /// moment for the client to close its side, then closes fully. Bounded in time: a client that
    /// does not read is cut off after `flushTimeout`. Safe to call more than once and from any thread.
    func closeFlushingWrites(flushTimeout: TimeAmount = .seconds(2), linger: TimeAmount = .milliseconds(500)) {
        let channel = self
        let loop = eventLoop
        let forced = loop.scheduleTask(in: flushTimeout + linger) { channel.close(promise: nil) }
        channel.closeFuture.whenComplete { _ in forced.cancel() }
        channel.close(mode: .output).whenComplete { result in
            guard case .success = result else {
                // Half-closure unsupported or the channel is already closing: close it outright.
                channel.close(promise: nil)
                return
            }
            let lingering = loop.scheduleTask(in: linger) { channel.close(promise: nil) }
            channel.closeFuture.whenComplete { _ in lingering.cancel() }
        }
    }
}
