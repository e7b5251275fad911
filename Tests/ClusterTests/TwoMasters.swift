import BrineCore
import BrineTesting
import XCTest

/// Two brine-masters on one PostgreSQL database (`master_job_cache: postgres`), as Salt's multi-master
/// has them: the same ports on two addresses (a on 127.0.0.1, b on 127.0.0.2) and one master key pair
/// (b's pki dir gets a's `master.pem` and `master.pub` before b starts). Each is a `TestCluster` (its own
/// root and minions); a minion of a's with `minionMaster = "[127.0.0.1, 127.0.0.2]"` uses both.
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
        b = try TestCluster(masterOptions: options, interface: "127.0.0.2", beside: a)
    }

    func start() throws {
        try a.startMaster()
        try b.shareMasterKey(of: a)
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
