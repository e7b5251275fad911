import BrineCore
import BrineTesting
import MessagePack
import SaltWire
import XCTest

/// Pillar end to end: brine-master compiles it from `pillar_roots`, each brine-minion gets its own,
/// `pillar.*` show it (masked by default), pillar targets select by it on the master and the minion.
final class PillarClusterTests: XCTestCase {
    /// Writes the pillar tree into the master's default `pillar_roots` (`/srv/pillar` under its root_dir).
    static func writePillar(_ cluster: TestCluster, _ files: [String: String]) throws {
        for (path, text) in files {
            let full = cluster.root + "/master/srv/pillar/" + path
            FileSystem.makeDirectories(FileSystem.parent(of: full))
            try FileSystem.write(full, text)
        }
    }

    static let tree = [
        "top.sls": "base:\n  '*':\n    - common\n  alpha:\n    - secret\n  beta:\n    - broken\n",
        "common.sls": "role: {% if grains['id'] == 'alpha' %}web{% else %}db{% endif %}\nport: 80\n",
        "secret.sls": "password: hunter2\n",
        "broken.sls": "x: {{ nope }}\n",
    ]

    func testEachMinionGetsItsOwnPillarAndIsTargetedByIt() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try Self.writePillar(cluster, Self.tree)
        try cluster.startMaster()
        for id in ["alpha", "beta"] {
            try cluster.startMinion(id)
            try cluster.accept(id)
            try cluster.waitForMinion(id)
        }

        let masked = try cluster.brine("--out", "json", "alpha", "pillar.items")
        XCTAssertEqual(masked.status, 0, masked.stdout + masked.stderr)
        XCTAssertEqual(masked.stdout, "{\n    \"alpha\": {\n        \"role\": \"**********\",\n        \"port\": \"**********\",\n        \"password\": \"**********\"\n    }\n}\n")
        let plain = try cluster.brine("--out", "json", "alpha", "pillar.items", "unmask=True")
        XCTAssertEqual(plain.stdout, "{\n    \"alpha\": {\n        \"role\": \"web\",\n        \"port\": 80,\n        \"password\": \"hunter2\"\n    }\n}\n")
        XCTAssertEqual(try cluster.brine("alpha", "pillar.get", "password").stdout, "alpha:\n    **********\n")
        XCTAssertEqual(try cluster.brine("alpha", "pillar.get", "password", "unmask=True").stdout, "alpha:\n    hunter2\n")
        XCTAssertEqual(try cluster.brine("alpha", "pillar.raw", "key=role").stdout, "alpha:\n    web\n")

        // beta never sees alpha's secret; its broken SLS is an error in its pillar and in the master's log.
        let beta = try cluster.brine("--out", "json", "beta", "pillar.items", "unmask=True")
        XCTAssertEqual(beta.stdout, "{\n    \"beta\": {\n        \"role\": \"db\",\n        \"port\": 80,\n        \"_errors\": [\n            \"Rendering SLS 'broken' failed. Please see master log for details.\"\n        ]\n    }\n}\n")
        XCTAssertTrue(cluster.log("master").contains("broken.sls, line 1: Jinja variable 'nope' is undefined"), cluster.logTails(["master"]))

        // Targets by pillar: the master predicts from its cache, each minion decides for itself.
        XCTAssertEqual(try cluster.brine("-I", "role:web", "test.ping").stdout, "alpha:\n    True\n")
        XCTAssertEqual(try cluster.brine("-J", "role:d.", "test.ping").stdout, "beta:\n    True\n")
        XCTAssertEqual(try cluster.brine("-C", "I@role:db or I@password:hunter*", "--out", "json", "test.ping").stdout.filter { $0 == ":" }.count, 2)
        XCTAssertEqual(try cluster.brine("-C", "I@role:web and beta", "test.ping").status, 2)

        // A changed pillar reaches the minion on refresh.
        try Self.writePillar(cluster, ["secret.sls": "password: changed\n"])
        XCTAssertEqual(try cluster.brine("alpha", "saltutil.refresh_pillar", "wait=True").stdout, "alpha:\n    True\n")
        XCTAssertEqual(try cluster.brine("alpha", "pillar.get", "password", "unmask=True").stdout, "alpha:\n    changed\n")
    }

    /// A minion speaks only for itself: a `_pillar` request naming another minion in its load gets
    /// the sender's pillar (compiled for the session's id), never the other's.
    func testAnotherMinionsPillarCannotBeAskedFor() throws {
        let cluster = try TestCluster(masterOptions: "auto_accept: True")
        defer { cluster.stop() }
        try Self.writePillar(cluster, Self.tree)
        try cluster.startMaster()
        let mallory = RogueMinion(id: "mallory", retPort: cluster.retPort)
        let credentials = try mallory.authenticate()
        let request: MessagePackValue = ["cmd": "_pillar", "id": "alpha", "grains": ["id": "alpha"], "ver": "2"]
        let pillar = try mallory.send(request, credentials)
        XCTAssertEqual(pillar["password"], nil)
        XCTAssertEqual(pillar["role"], "web", "compiled from the grains mallory sent, for mallory")
        let older = try mallory.send(["cmd": "_pillar", "id": "alpha", "grains": ["id": "alpha"]], credentials)
        XCTAssertEqual(older["password"], nil)
    }
}
