public import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// A master on loopback, brine-master or a stock salt-master, as tests and benchmarks run one: two
/// free ports, `interface: 127.0.0.1` (or another loopback address, for a second master on the same
/// ports, as multi-master needs), its own `root_dir`, the config in `<configDir>/master`.
/// Writing the config and starting the process are separate, so a test can stop and restart it.
public struct LoopbackMaster: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case brine
        /// A stock salt-master from the venv that `scripts/salt-venv` makes.
        case salt

        /// The master program.
        public var program: String { self == .brine ? "brine-master" : "salt-master" }
    }

    public let kind: Kind
    public let configDir: String
    public let rootDir: String
    public let interface: String
    public let publishPort: Int
    public let retPort: Int

    /// Picks the ports (or takes `ports`, another master's) and writes the config; `options` are more
    /// YAML lines for it.
    public init(
        _ kind: Kind, configDir: String, rootDir: String, options: String, interface: String = "127.0.0.1",
        ports: (publish: Int, ret: Int)? = nil
    ) throws {
        self.kind = kind
        self.configDir = configDir
        self.rootDir = rootDir
        self.interface = interface
        publishPort = try ports?.publish ?? FreePort.next()
        retPort = try ports?.ret ?? FreePort.next()
        FileSystem.makeDirectories(configDir)
        try FileSystem.write(configDir + "/master", """
            root_dir: \(rootDir)
            interface: \(interface)
            publish_port: \(publishPort)
            ret_port: \(retPort)
            \(options)
            """)
    }

    /// The master's pki dir, where its key pair and the minions' keys are.
    public var pkiDir: String { rootDir + (kind == .brine ? "/etc/brine" : "/etc/salt") + "/pki/master" }

    /// Copies `other`'s master key pair (it has started once) into this master's pki dir, as Salt's
    /// multi-master requires of every master but the first: call before this one starts.
    public func shareKeyPair(of other: LoopbackMaster) throws {
        FileSystem.makeDirectories(pkiDir, mode: 0o700)
        for (name, mode) in [("master.pem", 0o600), ("master.pub", 0o644)] {
            try FileSystem.write(pkiDir + "/" + name, FileSystem.read(other.pkiDir + "/" + name), mode: mode_t(mode))
        }
    }

    /// Starts `program` (the master of this kind, by path) on this config, its output in `log`.
    public func launch(program: String, log: String) throws -> ChildProcess {
        try ChildProcess([program, "-c", configDir], outputPath: log)
    }

    /// Returns once the master takes jobs from its command-line tool (its local socket exists) and
    /// requests on its ret port; throws with the end of `log` if it exits or `timeout` passes first.
    public func waitUntilReady(_ process: ChildProcess, log: String, timeout: Double) throws {
        let socket = rootDir + (kind == .brine ? "/var/run/brine/master/master.ipc" : "/var/run/salt/master/publish_pull.ipc")
        let end = Timestamp.monotonic() + timeout
        while Timestamp.monotonic() < end {
            guard process.isRunning else {
                throw ProcessRunner.Failure(description: "\(kind.program) exited:\n\(Self.tail(of: log))")
            }
            if FileSystem.exists(socket) && Loopback.accepts(port: retPort, host: interface) { return }
            usleep(100_000)
        }
        throw ProcessRunner.Failure(description: "\(kind.program) did not start within \(Int(timeout)) s:\n\(Self.tail(of: log))")
    }

    /// The user this process runs as, which an unprivileged salt-master must be told.
    public static var currentUser: String {
        guard let entry = getpwuid(getuid()) else { return "root" }
        return String(cString: entry.pointee.pw_name)
    }

    private static func tail(of log: String) -> String {
        String(((try? FileSystem.readString(log)) ?? "").suffix(2000))
    }
}
