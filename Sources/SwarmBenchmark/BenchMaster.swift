import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// A master under test, configured alike for both systems: `worker_threads: 5`, `auto_accept`, loopback,
/// free ports, its own temporary `root_dir`, running as the current user. brine-master comes from the
/// build, salt-master from the venv `scripts/salt-venv` makes.
public final class BenchMaster {
    public enum Kind: String, Sendable, CaseIterable {
        case brine, salt

        /// The name used in tables: the master and its CLI.
        public var title: String { self == .brine ? "Brine" : "Salt" }
    }

    public let kind: Kind
    public let configDir: String
    public let publishPort: Int
    public let retPort: Int
    public let process: ChildProcess
    private let root: String
    private let programs: Programs

    /// Where the programs are: Brine's build directory and Salt's venv.
    public struct Programs: Sendable {
        public let brineBin: String
        public let saltVenv: String?

        public init(brineBin: String, saltVenv: String?) {
            self.brineBin = brineBin
            self.saltVenv = saltVenv
        }

        func path(_ name: String, for kind: Kind) -> String {
            kind == .brine ? brineBin + "/" + name : (saltVenv ?? "") + "/bin/" + name
        }
    }

    /// Writes the config under `directory` and starts the master; returns once it takes requests.
    public init(_ kind: Kind, directory: String, programs: Programs, extraOptions: String = "") throws {
        self.kind = kind
        self.programs = programs
        root = directory
        configDir = directory + "/etc"
        publishPort = try FreePort.next()
        retPort = try FreePort.next()
        FileSystem.makeDirectories(configDir)
        try FileSystem.write(configDir + "/master", """
            root_dir: \(directory)/root
            interface: 127.0.0.1
            publish_port: \(publishPort)
            ret_port: \(retPort)
            user: \(Self.currentUser)
            worker_threads: 5
            auto_accept: True
            log_level: warning
            \(extraOptions)
            """)
        process = try ChildProcess([programs.path(kind == .brine ? "brine-master" : "salt-master", for: kind), "-c", configDir],
                                   outputPath: directory + "/master.log")
        BenchProcesses.shared.register(process)
        do {
            try waitUntilReady()
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// The command line of this master's CLI (`brine` or `salt`) with `arguments`.
    public func cli(_ arguments: [String]) -> [String] {
        [programs.path(kind == .brine ? "brine" : "salt", for: kind), "-c", configDir] + arguments
    }

    /// The path of another program of the same system (`brine-minion`, `salt-minion`).
    public func program(_ name: String) -> String {
        programs.path(name, for: kind)
    }

    /// Stops the master and everything it forked.
    public func stop() {
        ProcessTable.stop(process, grace: 10)
        BenchProcesses.shared.forget(process)
    }

    /// Why the master is gone, when it is: its last log line that is not the Swift runtime's crash
    /// banner (libzmq's assertion, say).
    public var failure: String? {
        guard !process.isRunning else { return nil }
        let last = log.split(separator: "\n").last { line in
            line.contains { !$0.isWhitespace } && !line.contains("***") && !line.hasPrefix(" failed")
        } ?? "no log"
        return "\(kind.rawValue)-master exited: \(last.prefix(300))"
    }

    /// The master's last logged error or warning, if any: what a round that did not finish reports.
    public var lastComplaint: String? {
        log.split(separator: "\n").last { line in
            ["ERROR", "CRITICAL", "WARNING", "Too many open files"].contains { line.contains($0) }
        }.map { String($0.prefix(300)) }
    }

    public var log: String {
        (try? FileSystem.readString(root + "/master.log")) ?? ""
    }

    private func waitUntilReady() throws {
        let socket = kind == .brine ? "/var/run/brine/master/master.ipc" : "/var/run/salt/master/publish_pull.ipc"
        let end = Timestamp.monotonic() + 90
        while Timestamp.monotonic() < end {
            guard process.isRunning else {
                throw ProcessRunner.Failure(description: "\(kind.rawValue)-master exited:\n\(log.suffix(2000))")
            }
            if FileSystem.exists(root + "/root" + socket) && Loopback.accepts(port: retPort) { return }
            usleep(100_000)
        }
        throw ProcessRunner.Failure(description: "\(kind.rawValue)-master did not start within 90 s:\n\(log.suffix(2000))")
    }

    static var currentUser: String {
        guard let entry = getpwuid(getuid()) else { return "root" }
        return String(cString: entry.pointee.pw_name)
    }
}
