#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An output file that appears complete or not at all.
///
/// It writes to `<dir>/.<name>.partial-<random>` next to the target (same directory, so the final rename stays
/// on one file system and is atomic). ``commit()`` finishes the sink, `fsync`s the file, renames it over the
/// target and `fsync`s the directory; ``discard()`` — or dropping the object without either — removes the
/// partial file. An existing target is untouched until the rename, so a cancelled or failed export leaves the
/// old file as it was and no partial file behind. (A process killed outright cannot clean up: a
/// `.<name>.partial-*` file left by a crash is safe to delete.)
///
/// A class because it owns the file; not `Sendable`.
public final class AtomicOutputFile {
    /// How the output is stored.
    public enum Compression: Sendable, Hashable {
        /// Plain bytes through a ``FileSink``.
        case none
        /// gzip through a ``GzipFileSink`` at `level` (1 fastest … 9 smallest; 6, the default, is zlib's usual).
        case gzip(level: Int32 = GzipFileSink.defaultLevel)
    }

    private enum State {
        case open, committed, discarded
    }

    private enum Storage {
        case plain(FileSink)
        case gzip(GzipFileSink)
    }

    /// The target path.
    public let path: String
    /// The partial file being written.
    public let partialPath: String
    private let storage: Storage
    private var state = State.open

    /// Creates the partial file next to `path`; the target itself is not touched. When the target exists, the
    /// partial file takes over its permission bits.
    /// - Throws: ``KoladaWriteError/cannotCreate(path:errno:)`` or
    ///   ``KoladaWriteError/invalidCompressionLevel(_:)``.
    public init(path: String, compression: Compression = .none) throws(KoladaWriteError) {
        if case .gzip(let level) = compression, level < -1 || level > 9 { throw .invalidCompressionLevel(level) }
        let (directory, name) = Self.split(path)
        var descriptor: Int32 = -1
        var partial = ""
        // O_EXCL with a random suffix: two exports to the same target never share a partial file.
        for _ in 0..<16 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            partial = directory + "/." + name + ".partial-" + suffix
            descriptor = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw .cannotCreate(path: partial, errno: errno) }
        var existing = stat()
        if stat(path, &existing) == 0 { _ = fchmod(descriptor, existing.st_mode & 0o7777) }
        self.path = path
        partialPath = partial
        let file = FileSink(descriptor: descriptor, path: partial)
        switch compression {
        case .none:
            storage = .plain(file)
        case .gzip(let level):
            do {
                storage = .gzip(try GzipFileSink(file: file, level: level))
            } catch {
                file.abandon()
                unlink(partial)
                throw error
            }
        }
    }

    deinit {
        if state == .open { discard() }
    }

    /// The sink to write the output to (a ``GzipFileSink`` when compressed, else a ``FileSink``).
    public var sink: any ByteSink {
        switch storage {
        case .plain(let file): return file
        case .gzip(let gzip): return gzip
        }
    }

    /// Finishes the sink (if the writer has not), puts the file on disk and renames it over the target, or,
    /// when `replacing` is false, makes it the target only if there is none. On failure the partial file is
    /// removed and the target left as it was.
    /// - Throws: ``KoladaWriteError``; ``KoladaWriteError/targetExists(path:)`` when not `replacing` and the
    ///   target exists; ``KoladaWriteError/closed(path:)`` after ``discard()`` or a commit.
    public func commit(replacing: Bool = true) throws(KoladaWriteError) {
        guard state == .open else { throw .closed(path: path) }
        do throws(KoladaWriteError) {
            switch storage {
            case .plain(let file):
                try file.finish()
                try file.sync()
                try file.close()
            case .gzip(let gzip):
                try gzip.finish()
                try gzip.sync()
                try gzip.close()
            }
            if replacing {
                guard rename(partialPath, path) == 0 else {
                    throw .renameFailed(from: partialPath, to: path, errno: errno)
                }
            } else {
                try place()
            }
        } catch {
            discard()
            throw error
        }
        state = .committed
        // The rename is durable once the directory is; a failure here leaves a complete file, so it is not
        // reported (some file systems refuse fsync on directories).
        let directory = open(Self.split(path).directory, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            POSIX.close(directory)
        }
    }

    /// Makes the finished partial file the target if there is no target, atomically: checking first and then
    /// renaming would replace a file made in between (another export to the same name, say), which the user
    /// did not allow. A hard link fails when the name is taken; the partial name is then unlinked. File
    /// systems without hard links get the check and the rename, as close as they allow.
    private func place() throws(KoladaWriteError) {
        if link(partialPath, path) == 0 {
            unlink(partialPath)
            return
        }
        let code = errno
        if code == EEXIST { throw .targetExists(path: path) }
        // ENOTSUP as well: on Darwin it differs from EOPNOTSUPP and is what FAT and SMB volumes say.
        guard code == EPERM || code == EOPNOTSUPP || code == ENOTSUP || code == ENOSYS else {
            throw .renameFailed(from: partialPath, to: path, errno: code)
        }
        var existing = stat()
        if lstat(path, &existing) == 0 { throw .targetExists(path: path) }
        guard rename(partialPath, path) == 0 else {
            throw .renameFailed(from: partialPath, to: path, errno: errno)
        }
    }

    /// Abandons the output: closes and removes the partial file; the target is untouched. Writes through the
    /// sink fail from now on. Does nothing after a commit or another discard.
    public func discard() {
        guard state == .open else { return }
        state = .discarded
        switch storage {
        case .plain(let file): file.abandon()
        case .gzip(let gzip): gzip.abandon()
        }
        unlink(partialPath)
    }

    /// Whether ``commit()`` succeeded.
    public var isCommitted: Bool { state == .committed }

    /// The directory (without a trailing slash; `.` when none is given) and the file name of `path`.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return (".", path) }
        let name = String(path[path.index(after: slash)...])
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, name)
    }
}
