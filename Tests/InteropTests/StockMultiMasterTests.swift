import BrineCore
import BrineTesting
import XCTest

/// A stock salt-minion 3008.5 with `master: [a, b]` (hot multi-master) under two brine-masters on
/// 127.0.0.1 and 127.0.0.2, same ports, same master key pair, the minion's key accepted on both.
final class StockMultiMasterTests: XCTestCase {
    func testAStockMinionWithTwoMastersAnswersBoth() throws {
        let a = try TestCluster()
        defer { a.stop() }
        let b = try TestCluster(interface: "127.0.0.2", beside: a)
        defer { b.stop() }
        try a.startMaster()
        try b.shareMasterKey(of: a)
        try b.startMaster()
        a.minionMaster = "[127.0.0.1, 127.0.0.2]"
        try a.startSaltMinion("salt-a")
        try a.accept("salt-a")
        try b.accept("salt-a")
        try a.waitForMinion("salt-a", timeout: 60)
        try b.waitForMinion("salt-a", timeout: 60)
        for (cluster, name) in [(a, "a"), (b, "b")] {
            let hi = try cluster.brine("--show-jid", "salt-a", "cmd.run", "echo hi from \(name)")
            XCTAssertEqual(hi.status, 0, hi.stdout + hi.stderr)
            XCTAssertTrue(hi.stdout.hasSuffix("salt-a:\n    hi from \(name)\n"), hi.stdout)
        }
    }
}
