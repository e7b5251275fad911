public import BrineCore

#if canImport(Glibc)
import Glibc
#endif

/// A real master and minions on loopback, under a temporary root_dir, on free ports: brine-master or a stock
/// salt-master, with brine-minions and stock salt-minions (`TestCluster+Salt.swift`).
/// Everything it starts is stopped by `stop()` (and by deinit, should a test fail first).
public final class TestCluster {
    public let root: String
    public let masterKind: LoopbackMaster.Kind
    private let masterSetup: LoopbackMaster
    public private(set) var master: ChildProcess?
    public private(set) var minions: [String: ChildProcess] = [:]
    private var stopGraces: [String: Double] = [:]
    /// The `master` option of the minions this cluster configures (YAML): its own master, or a list
    /// naming other clusters' masters too, for multi-master.
    public var minionMaster: String

    /// `masterLogLevel` is the config's `log_level`, which the command-line tools read too (as Salt's do).
    /// A second master for multi-master listens on another loopback `interface` on the ports of the
    /// cluster it is `beside`.
    public init(
        master kind: LoopbackMaster.Kind = .brine, masterOptions: String = "", masterLogLevel: String? = nil,
        interface: String = "127.0.0.1", beside other: TestCluster? = nil
    ) throws {
        root = try TemporaryDirectory.make("test")
        masterKind = kind
        let ownOptions = switch kind {
        case .brine: "worker_threads: 3\nlog_level: \(masterLogLevel ?? "debug")"
        case .salt: Self.saltMasterOptions(logLevel: masterLogLevel ?? "info")
        }
        masterSetup = try LoopbackMaster(kind, configDir: root + "/etc/master", rootDir: root + "/master",
                                         options: ownOptions + "\n" + masterOptions, interface: interface,
                                         ports: other.map { ($0.publishPort, $0.retPort) })
        minionMaster = interface
    }

    /// The master's address.
    public var interface: String { masterSetup.interface }

    /// Gives this master the key pair of `other`'s (which has started), as Salt's multi-master requires:
    /// call before `startMaster`.
    public func shareMasterKey(of other: TestCluster) throws {
        try masterSetup.shareKeyPair(of: other.masterSetup)
    }

    public var publishPort: Int { masterSetup.publishPort }
    public var retPort: Int { masterSetup.retPort }

    deinit { stop() }

    public var masterConfigDir: String { masterSetup.configDir }

    /// The master's pki dir, where keys wait in `minions_pre` until accepted.
    public var masterPKIDir: String { masterSetup.pkiDir }

    /// The command-line tools that go with the master.
    private var cli: String { masterKind == .brine ? "brine" : "salt" }
    private var keyTool: String { masterKind == .brine ? "brine-key" : "salt-key" }

    /// Starts the master, from `program` when given (a copy the test may remove, say).
    public func startMaster(program: String? = nil) throws {
        let program = try program ?? (masterKind == .brine ? Binaries.path("brine-master") : SaltVenv.program("salt-master"))
        let process = try masterSetup.launch(program: program, log: root + "/master.log")
        master = process
        try waitUntilReady(process)
    }

    /// Waits until `process`, this cluster's master started some other way, serves its ports.
    public func waitUntilReady(_ process: ChildProcess) throws {
        try masterSetup.waitUntilReady(process, log: root + "/master.log", timeout: masterKind == .brine ? 20 : 60)
    }

    /// Where most tests begin: a master and one accepted brine-minion that has answered `test.ping`.
    public func startMasterWithMinion(_ id: String, program: String? = nil) throws {
        try startMaster(program: program)
        try startMinion(id)
        try accept(id)
        try waitForMinion(id)
    }

    public func stopMaster() {
        if let master { ProcessTable.stop(master, grace: 5) }
        master = nil
    }

    /// Writes a minion config (without starting it); returns its config dir. `logLevel` is also what
    /// `brine-call` and `salt-call` print on stderr with this config.
    @discardableResult
    public func configureMinion(_ id: String, options: String = "", logLevel: String = "debug") throws -> String {
        let directory = root + "/etc/" + id
        FileSystem.makeDirectories(directory)
        try FileSystem.write(directory + "/minion", """
            root_dir: \(root)/\(id)
            master: \(minionMaster)
            master_port: \(retPort)
            id: \(id)
            acceptance_wait_time: 0.5
            recon_default: 100
            recon_max: 500
            return_retry_timer: 2
            auth_timeout: 2
            log_level: \(logLevel)
            \(options)
            """)
        return directory
    }

    public func startMinion(_ id: String, options: String = "") throws {
        let directory = try configureMinion(id, options: options)
        try launchMinion(id, [Binaries.path("brine-minion"), "-c", directory])
    }

    /// Starts a minion process, its output in `<root>/<id>.log`. The cluster stops it with SIGTERM, and SIGKILL
    /// after `stopGrace` seconds.
    public func launchMinion(_ id: String, _ argv: [String], stopGrace: Double = 5) throws {
        minions[id] = try ChildProcess(argv, outputPath: root + "/\(id).log")
        stopGraces[id] = stopGrace
    }

    public func stopMinion(_ id: String) {
        if let minion = minions[id] { ProcessTable.stop(minion, grace: stopGraces[id] ?? 5) }
        minions[id] = nil
        stopGraces[id] = nil
    }

    public func stop() {
        for id in minions.keys { stopMinion(id) }
        stopMaster()
    }

    /// Runs one of the command-line tools against this master: Brine's from the build, Salt's (`salt*`) from the venv.
    @discardableResult
    public func run(_ tool: String, _ arguments: String...) throws -> ProcessRunner.Result {
        try run(tool, arguments)
    }

    @discardableResult
    public func run(_ tool: String, _ arguments: [String]) throws -> ProcessRunner.Result {
        let program = tool.hasPrefix("salt") ? try SaltVenv.program(tool) : Binaries.path(tool)
        return try ProcessRunner.run([program, "-c", masterConfigDir] + arguments)
    }

    public func brine(_ arguments: String...) throws -> ProcessRunner.Result {
        try run("brine", arguments)
    }

    /// Publishes with `brine --async` and returns the job's jid (from `Executed command with job ID: <jid>`).
    public func publishAsync(_ arguments: String...) throws -> String {
        let result = try run("brine", ["--async"] + arguments)
        guard result.status == 0, let jid = result.stdout.split(whereSeparator: \.isWhitespace).last.map(String.init),
              JID.isValid(jid)
        else { throw ProcessRunner.Failure(description: "brine --async printed no jid: \(result.stdout)\(result.stderr)") }
        return jid
    }

    /// Waits for a pending key to appear, then accepts it.
    public func accept(_ id: String) throws {
        try waitUntil("the key of \(id) to be pending", timeout: 20, logs: ["master", id]) {
            FileSystem.exists(self.masterPKIDir + "/minions_pre/\(id)")
        }
        let result = try run(keyTool, "-a", id, "-y")
        guard result.status == 0 else {
            throw ProcessRunner.Failure(description: "\(keyTool) -a \(id) failed: \(result.stdout + result.stderr)")
        }
    }

    /// Accepts on this master the key `other`'s master has accepted for minion `id` (what a key store
    /// shared between masters does): a failover minion asks only one master at a time, so this one
    /// may never see the key otherwise.
    public func acceptKey(_ id: String, acceptedBy other: TestCluster) throws {
        FileSystem.makeDirectories(masterPKIDir + "/minions_pre", mode: 0o700)
        try FileSystem.write(masterPKIDir + "/minions_pre/" + id, FileSystem.read(other.masterPKIDir + "/minions/" + id))
        try accept(id)
    }

    /// Retries `<cli> '<id>' test.ping` until the minion answers: it has (re)authenticated and subscribed.
    public func waitForMinion(_ id: String, timeout: Double = 30) throws {
        // A miss costs -t plus the time the CLI then asks the minion whether it still runs the job: 1 s for brine;
        // salt has no option for that and reads gather_job_timeout from the master config (saltMasterOptions).
        let quickly = masterKind == .brine ? ["--gather-job-timeout", "1"] : []
        var last: ProcessRunner.Result?
        try waitUntil("\(id) to answer test.ping; \(cli) said: \(last.map { $0.stdout + $0.stderr } ?? "")",
                      timeout: timeout, logs: ["master", id]) {
            last = try? self.run(self.cli, ["-t", "2"] + quickly + [id, "test.ping"])
            return last?.status == 0
        }
    }

    public func log(_ name: String) -> String {
        (try? FileSystem.readString(root + "/\(name).log")) ?? ""
    }

    /// The last lines of the named logs (long lines cut), for failure messages.
    public func logTails(_ names: [String], lines: Int = 30) -> String {
        names.map { name in
            let tail = log(name).split(separator: "\n").suffix(lines).map { $0.prefix(300) }.joined(separator: "\n")
            return "--- \(root)/\(name).log ---\n\(tail)"
        }.joined(separator: "\n")
    }

    public func waitUntil(
        _ what: @autoclosure () -> String, timeout: Double, logs: [String] = ["master"], _ condition: () throws -> Bool
    ) throws {
        let end = Timestamp.monotonic() + timeout
        while Timestamp.monotonic() < end {
            if try condition() { return }
            usleep(100_000)
        }
        throw ProcessRunner.Failure(description: "timed out after \(timeout) s waiting for \(what())\n\(logTails(logs))")
    }
}
