public import BrineCore
public import BrineTesting

#if canImport(Glibc)
import Glibc
#endif

/// A master under test, configured alike for both systems: `worker_threads: 5`, `auto_accept`, loopback,
/// free ports, its own temporary `root_dir`, running as the current user. brine-master comes from the
/// build, salt-master from the venv `scripts/salt-venv` makes.
public final class BenchMaster {
    public typealias Kind = LoopbackMaster.Kind

    public let kind: Kind
    public let process: ChildProcess
    private let setup: LoopbackMaster
    private let root: String
    private let programs: Programs

    public var configDir: String { setup.configDir }
    public var publishPort: Int { setup.publishPort }
    public var retPort: Int { setup.retPort }
    public var interface: String { setup.interface }

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

    /// Writes the config under `directory` and starts the master; returns once it takes requests. A
    /// second master of a multi-master pair listens on another loopback `interface`, on the ports and
    /// with the master key pair of the master it is `beside` (as Salt's multi-master requires).
    public init(
        _ kind: Kind, directory: String, programs: Programs, extraOptions: String = "", interface: String = "127.0.0.1",
        beside other: BenchMaster? = nil
    ) throws {
        self.kind = kind
        self.programs = programs
        root = directory
        setup = try LoopbackMaster(kind, configDir: directory + "/etc", rootDir: directory + "/root", options: """
            user: \(LoopbackMaster.currentUser)
            worker_threads: 5
            auto_accept: True
            log_level: warning
            \(extraOptions)
            """, interface: interface, ports: other.map { ($0.publishPort, $0.retPort) })
        if let other { try setup.shareKeyPair(of: other.setup) }
        process = try setup.launch(program: programs.path(kind.program, for: kind), log: directory + "/master.log")
        BenchProcesses.shared.register(process)
        do {
            try setup.waitUntilReady(process, log: directory + "/master.log", timeout: 90)
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
}
