import BrineCore
import BrineTesting
import XCTest

/// `zmq_filtering: True` on both sides: publications go out as [sha1(id), envelope] for glob and list targets,
/// and as ["broadcast", envelope] for the others, so the publisher drops what a minion need not see.
final class ZMQFilteringTests: XCTestCase {
    func testBrineMasterFiltersPublicationsForStockSaltMinions() throws {
        let cluster = try TestCluster(masterOptions: "zmq_filtering: True")
        defer { cluster.stop() }
        try cluster.startMaster()
        let everyone = ["salt-a", "salt-b"]
        for id in everyone { try cluster.startSaltMinion(id, options: "zmq_filtering: True") }
        for id in everyone { try cluster.accept(id) }
        for id in everyone { try cluster.waitForMinion(id) }

        // Glob and list targets: only the targeted minions' topics, so the other one never receives the job.
        for (arguments, expected) in [(["salt-a"], ["salt-a"]), (["-L", "salt-b"], ["salt-b"]),
                                      (["salt-*"], everyone), (["-L", "salt-a,salt-b"], everyone)] {
            let run = try cluster.run("brine", ["--show-jid", "--out", "json"] + arguments + ["test.ping"])
            XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
            let target = arguments.joined(separator: " ")
            XCTAssertEqual(Set(jsonReturns(run).keys), Set(expected), "who answered brine \(target) test.ping")
            let jid = try shownJID(run)
            for id in everyone where !expected.contains(id) {
                XCTAssertFalse(cluster.minion(id, received: jid), "\(id) received the job for \(target)")
            }
        }

        // A grain target goes out once, on the broadcast topic: both receive it, the matching one runs it.
        let grain = try cluster.brine("--show-jid", "--out", "json", "-G", "id:salt-b", "test.ping")
        XCTAssertEqual(Set(jsonReturns(grain).keys), ["salt-b"], grain.stdout + grain.stderr)
        let jid = try shownJID(grain)
        try cluster.waitUntil("salt-a to receive the broadcast job", timeout: 10, logs: ["salt-a"]) {
            cluster.minion("salt-a", received: jid)
        }
        XCTAssertFalse(cluster.minion("salt-a", ran: jid), "salt-a ran a job targeted at salt-b")
    }

    func testStockSaltMasterFiltersPublicationsForBrineMinions() throws {
        let cluster = try TestCluster(master: .salt, masterOptions: "zmq_filtering: True")
        defer { cluster.stop() }
        try cluster.startMaster()
        let everyone = ["brine-a", "brine-b"]
        for id in everyone { try cluster.startMinion(id, options: "zmq_filtering: True") }
        for id in everyone { try cluster.accept(id) }
        for id in everyone { try cluster.waitForMinion(id) }

        for (arguments, expected) in [(["brine-a"], ["brine-a"]), (["-L", "brine-b"], ["brine-b"]),
                                      (["brine-*"], everyone), (["-L", "brine-a,brine-b"], everyone),
                                      (["-G", "id:brine-b"], ["brine-b"])] {
            let run = try cluster.run("salt", ["--out=json", "--static"] + arguments + ["test.ping"])
            XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
            XCTAssertEqual(Set(jsonReturns(run).keys), Set(expected), "who answered salt \(arguments.joined(separator: " ")) test.ping")
        }
    }
}
