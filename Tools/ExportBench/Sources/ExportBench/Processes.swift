import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started with `posix_spawn`, its standard output and error going to files.
///
/// `posix_spawn` and a blocking `waitpid` rather than Foundation's `Process`, whose `waitUntilExit()`
/// spins a run loop: the time taken between spawning and reaping is the command's wall time and nothing else.
final class Child {
    let pid: pid_t
    let name: String
    private(set) var status: Int32?
    /// The CPU time the process used, user and system, once it has been waited for.
    private(set) var cpuSeconds: Double?

    /// Starts `executable` with `arguments`, the current environment plus `environment`, standard input
    /// from /dev/null and standard output and error into the files `stdout` and `stderr`.
    init(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        stdout: String,
        stderr: String
    ) throws {
        name = URL(fileURLWithPath: executable).lastPathComponent + " " + (arguments.first ?? "")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else {
            throw BenchError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    /// Waits for the process to end; its exit status, or 128 + the signal that ended it.
    @discardableResult
    func wait() throws -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        var usage = rusage()
        while wait4(pid, &raw, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("wait4 \(pid): \(String(cString: strerror(errno)))") }
        }
        cpuSeconds =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
        // The <sys/wait.h> macros are not imported into Swift: low 7 bits = signal, else exit code in bits 8–15.
        let signal = raw & 0x7f
        let status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        self.status = status
        return status
    }

    /// Whether the process has ended, without waiting.
    var hasExited: Bool {
        if status != nil { return true }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return false }
        let signal = raw & 0x7f
        status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        return true
    }

    /// Sends SIGTERM (a graceful stop for `jamfor serve`) and waits.
    @discardableResult
    func terminate() throws -> Int32 {
        if status == nil { kill(pid, SIGTERM) }
        return try wait()
    }
}

/// A `jamfor serve` on a database, listening on a free loopback port.
final class Server {
    let child: Child
    let port: Int
    let directory: String
    let label: String

    /// Starts `jamfor serve` on `database` (already loaded) and waits for its `listening on` line.
    init(jamfor: String, database: String, directory: String, label: String) throws {
        self.directory = directory
        self.label = label
        let out = "\(directory)/\(label)-server.out"
        let err = "\(directory)/\(label)-server.err"
        child = try Child(
            jamfor,
            ["serve", "--database", database, "--port", "0", "--skip-datasets", "--log-level", "warning"],
            stdout: out,
            stderr: err
        )
        let started = ContinuousClock.now
        var port: Int?
        while port == nil {
            if child.hasExited {
                throw BenchError("jamfor serve (\(label)) exited before listening:\n\(Self.text(err))")
            }
            guard ContinuousClock.now - started < .seconds(120) else {
                _ = try? child.terminate()
                throw BenchError("jamfor serve (\(label)) did not listen within 120 s")
            }
            for line in Self.text(out).split(separator: "\n") where line.hasPrefix("jamfor serve: listening on ") {
                port = line.split(separator: ":").last.flatMap { Int($0) }
            }
            if port == nil { usleep(20_000) }
        }
        self.port = port ?? 0
    }

    var address: String { "127.0.0.1:\(port)" }

    /// The CPU time the server has used so far, user and system, from /proc (Linux), or nil.
    var cpuSeconds: Double? {
        // Fields 14 and 15 of /proc/PID/stat, after the command name in parentheses (which may hold spaces).
        guard let stat = try? String(contentsOfFile: "/proc/\(child.pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ")" come the state (field 3) and on: utime is field 14, the 12th after it.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ticks > 0 ? (user + system) / ticks : nil
    }

    /// Stops the server gracefully; fails when it did not stop cleanly.
    func stop() throws {
        let status = try child.terminate()
        guard status == 0 else {
            throw BenchError(
                "jamfor serve (\(label)) stopped with status \(status):\n\(Self.text("\(directory)/\(label)-server.err"))"
            )
        }
    }

    static func text(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}

/// A failure of the benchmark, with the message to print.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
