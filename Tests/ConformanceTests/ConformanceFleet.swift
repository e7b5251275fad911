import BrineCore
import BrineTesting

#if canImport(Glibc)
import Glibc
#endif

/// One side of the comparison: a master with two minions, `m1` and `m2`, all stock Salt or all Brine, with
/// the same key pairs, static grains and nodegroups on both sides, so that the same command line has the
/// same answer. Pending keys `m3` to `m6` wait for the key tool's lines.
final class ConformanceFleet {
    let kind: LoopbackMaster.Kind
    let cluster: TestCluster

    static let minions = ["m1", "m2"]
    static let pending = ["m3", "m4", "m5", "m6"]

    /// Besides these, both masters ask silent minions for 1 s (`gather_job_timeout: 1`), a stock salt-master
    /// through the test cluster's own options.
    static func masterOptions(_ kind: LoopbackMaster.Kind) -> String {
        (kind == .brine ? "gather_job_timeout: 1\n" : "") + nodegroups
    }

    static let nodegroups = """
        nodegroups:
          webs: 'G@roles:web'
          pair: 'L@m1,m2'
        """

    static func grains(_ id: String) -> String {
        id == "m1"
            ? "grains:\n  roles: [web, m1]\n  env: prod\n  tier: 1"
            : "grains:\n  roles: [db, m2]\n  env: dev\n  tier: 2"
    }

    /// Key pairs made once and given to both sides: `master`, `m1` ... `m6`.
    static func makeKeys() throws -> String {
        let directory = try TemporaryDirectory.make("conformance-keys")
        for name in ["master"] + minions + pending {
            let made = try ProcessRunner.run([Binaries.path("brine-key"), "--gen-keys", name, "--gen-keys-dir", directory])
            guard made.status == 0 else { throw ProcessRunner.Failure(description: "brine-key --gen-keys \(name): \(made.stderr)") }
        }
        return directory
    }

    init(_ kind: LoopbackMaster.Kind, keys: String) throws {
        self.kind = kind
        cluster = try TestCluster(master: kind, masterOptions: Self.masterOptions(kind), masterLogLevel: "warning")
        let pki = cluster.masterPKIDir
        for directory in ["", "/minions", "/minions_pre", "/minions_rejected", "/minions_denied"] {
            FileSystem.makeDirectories(pki + directory, mode: 0o700)
        }
        try copy(keys + "/master.pem", to: pki + "/master.pem", mode: 0o400)
        try copy(keys + "/master.pub", to: pki + "/master.pub", mode: 0o644)
        for id in Self.minions { try copy(keys + "/\(id).pub", to: pki + "/minions/\(id)", mode: 0o644) }
        for id in Self.pending { try copy(keys + "/\(id).pub", to: pki + "/minions_pre/\(id)", mode: 0o644) }
        try cluster.startMaster()
        for id in Self.minions {
            let product = kind == .brine ? "brine" : "salt"
            let minionPKI = cluster.root + "/\(id)/etc/\(product)/pki/minion"
            FileSystem.makeDirectories(minionPKI, mode: 0o700)
            try copy(keys + "/\(id).pem", to: minionPKI + "/minion.pem", mode: 0o400)
            try copy(keys + "/\(id).pub", to: minionPKI + "/minion.pub", mode: 0o644)
            if kind == .brine {
                try cluster.configureMinion(id, options: Self.grains(id), logLevel: "warning")
                try cluster.launchMinion(id, [Binaries.path("brine-minion"), "-c", cluster.root + "/etc/" + id, "-l", "info"])
            } else {
                let directory = try cluster.configureSaltMinion(id, options: Self.grains(id), logLevel: "warning")
                try cluster.launchMinion(id, [try SaltVenv.program("salt-minion"), "-c", directory, "--disable-keepalive", "-l", "info"], stopGrace: 1)
            }
        }
        for id in Self.minions { try cluster.waitForMinion(id, timeout: 60) }
    }

    /// How to run the fleet's tools, as a value another thread may hold.
    func address() throws -> Address {
        var programs: [ConformanceCase.Tool: String] = [:]
        for tool in [ConformanceCase.Tool.salt, .saltRun, .saltKey, .saltCall] {
            programs[tool] = kind == .salt ? try SaltVenv.program(tool.rawValue) : Binaries.path(tool.brineName)
        }
        return Address(kind: kind, root: cluster.root, masterConfigDir: cluster.masterConfigDir, programs: programs)
    }

    struct Address: Sendable {
        let kind: LoopbackMaster.Kind
        let root: String
        let masterConfigDir: String
        let programs: [ConformanceCase.Tool: String]

        /// The config directory the tool reads: the master's, or minion m1's for `salt-call`/`brine-call`.
        func configDir(for tool: ConformanceCase.Tool) -> String {
            tool == .saltCall ? root + "/etc/m1" : masterConfigDir
        }
    }

    private func copy(_ source: String, to destination: String, mode: mode_t) throws {
        try FileSystem.write(destination, try FileSystem.read(source), mode: mode)
    }

    func stop() {
        cluster.stop()
    }
}
