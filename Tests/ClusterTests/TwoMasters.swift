import BrineCore
import BrineTesting
import XCTest

/// Two brine-masters on one PostgreSQL database (`master_job_cache: postgres`), sharing one master key
/// pair as Salt's multi-master requires: b's pki dir gets a's `master.pem` and `master.pub` before b
/// starts. Each is a `TestCluster` (its own ports, root and minions).
final class TwoMasters {
    let a: TestCluster
    let b: TestCluster
    let database: PostgresSettings

    /// Throws `XCTSkip` when no PostgreSQL is configured.
    init(_ name: String) throws {
        guard let database = try TestPostgres.freshDatabase(name) else { throw XCTSkip(TestPostgres.skipReason) }
        self.database = database
        let options = TestPostgres.masterOptions(database) + "\nloop_interval: 1"
        a = try TestCluster(masterOptions: options)
        b = try TestCluster(masterOptions: options)
    }

    func start() throws {
        try a.startMaster()
        FileSystem.makeDirectories(b.masterPKIDir, mode: 0o700)
        for (name, mode) in [("master.pem", 0o400), ("master.pub", 0o644)] {
            try FileSystem.write(b.masterPKIDir + "/" + name, try FileSystem.read(a.masterPKIDir + "/" + name), mode: mode_t(mode))
        }
        try b.startMaster()
    }

    func stop() {
        a.stop()
        b.stop()
    }

    /// Waits until `cluster`'s pki dir holds `id` in `state` (a directory name), or holds it nowhere (nil).
    func waitForKey(_ id: String, in state: String?, on cluster: TestCluster, timeout: Double = 10) throws {
        let states = ["minions", "minions_pre", "minions_rejected", "minions_denied"]
        try cluster.waitUntil("\(id)'s key to be in \(state ?? "no state") on \(cluster.root)", timeout: timeout, logs: ["master"]) {
            states.allSatisfy { FileSystem.exists(cluster.masterPKIDir + "/\($0)/\(id)") == ($0 == state) }
        }
    }
}
