import BrineCore
import BrineTesting
import XCTest

/// Pillar across implementations: a stock salt-minion 3008.5 gets its pillar from brine-master, and a
/// brine-minion gets its pillar from a stock salt-master 3008.5; pillar targets select them on both.
final class PillarInteropTests: XCTestCase {
    static let tree = [
        "top.sls": "base:\n  '*':\n    - common\n  'salt-a or b1':\n    - secret\n",
        "common.sls": "role: {{ grains['id'] }}\n",
        "secret.sls": "password: hunter2\nnested: {list: [1, two]}\n",
    ]

    static func write(_ files: [String: String], under directory: String) throws {
        for (path, text) in files {
            FileSystem.makeDirectories(directory)
            try FileSystem.write(directory + "/" + path, text)
        }
    }

    func testStockSaltMinionGetsItsPillarFromBrineMaster() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try Self.write(Self.tree, under: cluster.root + "/master/srv/pillar")
        try cluster.startMaster()
        try cluster.startSaltMinion("salt-a")
        try cluster.accept("salt-a")
        try cluster.waitForMinion("salt-a")

        let plain = try cluster.brine("--out", "json", "salt-a", "pillar.items", "unmask=True")
        XCTAssertEqual(plain.status, 0, plain.stdout + plain.stderr)
        XCTAssertEqual(jsonReturns(plain)["salt-a"] as? NSDictionary, [
            "role": "salt-a", "password": "hunter2", "nested": ["list": [1, "two"]],
        ] as NSDictionary)
        // salt-minion masks the values itself, as Salt 3008 does.
        let masked = try cluster.brine("salt-a", "pillar.get", "password")
        XCTAssertEqual(masked.stdout, "salt-a:\n    **********\n")

        let selected = try cluster.brine("-I", "password:hunter*", "test.ping")
        XCTAssertEqual(selected.stdout, "salt-a:\n    True\n", selected.stderr)
        XCTAssertEqual(try cluster.brine("-C", "I@role:salt-a and salt-*", "test.ping").stdout, "salt-a:\n    True\n")
        XCTAssertEqual(try cluster.brine("-I", "password:other", "test.ping").status, 2)
    }

    func testBrineMinionGetsItsPillarFromStockSaltMaster() throws {
        let pillarRoot = try TemporaryDirectory.make("pillar")
        try Self.write(Self.tree, under: pillarRoot)
        let cluster = try TestCluster(master: .salt, masterOptions: "pillar_roots:\n  base:\n    - \(pillarRoot)\n")
        defer { cluster.stop() }
        try cluster.startMaster()
        try cluster.startMinion("b1")
        try cluster.accept("b1")
        try cluster.waitForMinion("b1")

        let plain = try cluster.run("salt", "--out=json", "--static", "b1", "pillar.items", "unmask=True")
        XCTAssertEqual(plain.status, 0, plain.stdout + plain.stderr)
        XCTAssertEqual(jsonReturns(plain)["b1"] as? NSDictionary, [
            "role": "b1", "password": "hunter2", "nested": ["list": [1, "two"]],
        ] as NSDictionary)
        let masked = try cluster.run("salt", "b1", "pillar.items")
        XCTAssertEqual(masked.stdout, "b1:\n    ----------\n    nested:\n        ----------\n        list:\n            - **********\n            - **********\n    password:\n        **********\n    role:\n        **********\n")

        let selected = try cluster.run("salt", "-I", "role:b1", "test.ping")
        XCTAssertEqual(selected.stdout, "b1:\n    True\n", selected.stdout + selected.stderr)
        let compound = try cluster.run("salt", "-C", "I@nested:list:two", "test.ping")
        XCTAssertEqual(compound.stdout, "b1:\n    True\n", compound.stdout + compound.stderr)
    }
}
