import BrineCore
import BrineTesting
import XCTest

/// Files across the two implementations: a stock salt-minion fetching from brine-master's file
/// server, and brine-minion fetching (and syncing modules) from a stock salt-master's.
final class FileServerInteropTests: XCTestCase {
    private func fileRoots() throws -> String {
        let roots = try TemporaryDirectory.make("interop-roots")
        XCTAssertTrue(FileSystem.makeDirectories(roots + "/conf/sub"))
        XCTAssertTrue(FileSystem.makeDirectories(roots + "/_modules"))
        try FileSystem.write(roots + "/motd", "hello from the file server\n")
        try FileSystem.write(roots + "/conf/sub/app.ini", "[app]\nport = 8080\n")
        try FileSystem.write(roots + "/big.bin", (0..<600_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        var examples = "\(#filePath)"
        for _ in 0..<3 { examples = FileSystem.parent(of: examples) }
        for name in ["greet.sh", "greet.yaml"] {
            try FileSystem.write(roots + "/_modules/" + name, try FileSystem.read(examples + "/etc/brine/examples/" + name), mode: name == "greet.sh" ? 0o755 : 0o644)
        }
        return roots
    }

    func testStockSaltMinionGetsFilesFromBrineMaster() throws {
        let roots = try fileRoots()
        let cluster = try TestCluster(masterOptions: "file_roots:\n  base: [\(roots)]\nfile_recv: True")
        defer { cluster.stop() }
        try cluster.startMaster()
        try cluster.startSaltMinion("salt-a")
        try cluster.accept("salt-a")
        try cluster.waitForMinion("salt-a")
        let target = cluster.root + "/out"

        let get = try cluster.brine("-t", "30", "--out", "json", "salt-a", "cp.get_file", "salt://motd", target + "/motd", "makedirs=True")
        XCTAssertEqual(get.stdout, "{\n    \"salt-a\": \"\(target)/motd\"\n}\n", get.stderr + cluster.logTails(["salt-a", "master"]))
        XCTAssertEqual(try FileSystem.readString(target + "/motd"), "hello from the file server\n")
        let big = try cluster.brine("-t", "30", "salt-a", "cp.get_file", "salt://big.bin", target + "/big.bin")
        XCTAssertEqual(big.status, 0, big.stdout)
        XCTAssertEqual(try FileSystem.read(target + "/big.bin"), try FileSystem.read(roots + "/big.bin"), "served in several chunks")

        let list = try cluster.brine("-t", "30", "--out", "json", "salt-a", "cp.list_master")
        XCTAssertTrue(list.stdout.contains("\"conf/sub/app.ini\""), list.stdout)
        let dir = try cluster.brine("-t", "30", "salt-a", "cp.get_dir", "salt://conf", target + "/tree")
        XCTAssertEqual(dir.status, 0, dir.stdout)
        XCTAssertEqual(try FileSystem.readString(target + "/tree/conf/sub/app.ini"), "[app]\nport = 8080\n")
        let hash = try cluster.brine("-t", "30", "--out", "json", "salt-a", "cp.hash_file", "salt://motd")
        XCTAssertTrue(hash.stdout.contains("\"hash_type\": \"sha256\""), hash.stdout)
        let missing = try cluster.brine("-t", "30", "--out", "json", "salt-a", "cp.get_file", "salt://../etc/passwd", target + "/passwd")
        XCTAssertFalse(FileSystem.exists(target + "/passwd"), missing.stdout)

        try FileSystem.write(target + "/report.txt", "pushed by salt\n")
        let push = try cluster.brine("-t", "30", "--out", "json", "salt-a", "cp.push", target + "/report.txt")
        XCTAssertEqual(push.stdout, "{\n    \"salt-a\": true\n}\n", push.stderr)
        let pushed = cluster.root + "/master/var/cache/brine/master/minions/salt-a/files" + target + "/report.txt"
        XCTAssertEqual(try FileSystem.readString(pushed), "pushed by salt\n")
    }

    func testBrineMinionGetsFilesAndModulesFromStockSaltMaster() throws {
        let roots = try fileRoots()
        let cluster = try TestCluster(master: .salt, masterOptions: "file_roots:\n  base: [\(roots)]\nfile_recv: True")
        defer { cluster.stop() }
        try cluster.startMaster()
        try cluster.startMinion("b1")
        try cluster.accept("b1")
        try cluster.waitForMinion("b1")
        let target = cluster.root + "/out"
        XCTAssertTrue(FileSystem.makeDirectories(target))

        let get = try cluster.run("salt", "b1", "cp.get_file", "salt://motd", target + "/motd")
        XCTAssertEqual(get.stdout, "b1:\n    \(target)/motd\n", get.stderr + cluster.logTails(["b1", "master"]))
        XCTAssertEqual(try FileSystem.readString(target + "/motd"), "hello from the file server\n")
        let big = try cluster.run("salt", "b1", "cp.get_file", "salt://big.bin", target + "/big.bin")
        XCTAssertEqual(big.status, 0, big.stdout)
        XCTAssertEqual(try FileSystem.read(target + "/big.bin"), try FileSystem.read(roots + "/big.bin"))
        let list = try cluster.run("salt", "--out=json", "--static", "b1", "cp.list_master")
        XCTAssertTrue(list.stdout.contains("\"conf/sub/app.ini\""), list.stdout)
        let cached = try cluster.run("salt", "b1", "cp.cache_file", "salt://conf/sub/app.ini")
        XCTAssertEqual(cached.stdout, "b1:\n    \(cluster.root)/b1/var/cache/brine/minion/files/base/conf/sub/app.ini\n", cached.stderr)

        try FileSystem.write(target + "/report.txt", "pushed by brine\n")
        let push = try cluster.run("salt", "b1", "cp.push", target + "/report.txt")
        XCTAssertEqual(push.stdout, "b1:\n    True\n", push.stderr)
        let pushed = cluster.root + "/master/var/cache/salt/master/minions/b1/files" + target + "/report.txt"
        XCTAssertEqual(try FileSystem.readString(pushed), "pushed by brine\n")

        let sync = try cluster.run("salt", "b1", "saltutil.sync_modules")
        XCTAssertEqual(sync.stdout, "b1:\n    - modules.greet\n", sync.stderr)
        let hello = try cluster.run("salt", "b1", "greet.hello", "Ada", "loud=True")
        XCTAssertEqual(hello.stdout, "b1:\n    HELLO, ADA!\n", hello.stderr)
    }
}
