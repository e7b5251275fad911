import BrineCore
import BrineTesting
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// brine-master's file server and brine-minion's `cp.*`, and modules in any language synced from
/// `salt://_modules`, driven through `brine` on loopback.
final class FileServerClusterTests: XCTestCase {
    /// A master serving `<root>/srv` (base) and `<root>/srv-dev` (dev), accepting pushes up to 1 MB.
    private func cluster(_ files: [String: String]) throws -> TestCluster {
        let scratch = try TemporaryDirectory.make("file-roots")
        for (path, content) in files {
            XCTAssertTrue(FileSystem.makeDirectories(FileSystem.parent(of: scratch + "/" + path)))
            try FileSystem.write(scratch + "/" + path, content, mode: path.contains("_modules/") && !path.hasSuffix(".yaml") ? 0o755 : 0o644)
        }
        XCTAssertTrue(FileSystem.makeDirectories(scratch + "/srv"))
        XCTAssertTrue(FileSystem.makeDirectories(scratch + "/srv-dev"))
        let cluster = try TestCluster(masterOptions: """
            file_roots:
              base: [\(scratch)/srv]
              dev: [\(scratch)/srv-dev]
            file_recv: True
            file_recv_max_size: 1
            """)
        return cluster
    }

    func testCpThroughBrine() throws {
        let cluster = try cluster([
            "srv/motd": "hello from the master\n", "srv/conf/app.ini": "[app]\nport = 8080\n", "srv/conf/sub/deep.txt": "deep\n",
            "srv-dev/motd": "dev motd\n", "outside/secret": "secret\n",
        ])
        defer { cluster.stop() }
        let scratch = FileSystem.parent(of: try firstRoot(cluster))
        XCTAssertEqual(symlink(scratch + "/outside/secret", scratch + "/srv/leak"), 0)
        try cluster.startMasterWithMinion("web1")
        let target = cluster.root + "/out"

        let get = try cluster.brine("--out", "json", "web1", "cp.get_file", "salt://motd", target + "/motd", "makedirs=True")
        XCTAssertEqual(get.status, 0, get.stdout + get.stderr)
        XCTAssertEqual(get.stdout, "{\n    \"web1\": \"\(target)/motd\"\n}\n")
        XCTAssertEqual(try FileSystem.readString(target + "/motd"), "hello from the master\n")

        let dev = try cluster.brine("web1", "cp.get_file", "salt://motd?saltenv=dev", target + "/dev-motd")
        XCTAssertEqual(dev.status, 0, dev.stdout)
        XCTAssertEqual(try FileSystem.readString(target + "/dev-motd"), "dev motd\n")

        let missing = try cluster.brine("--out", "json", "web1", "cp.get_file", "salt://nosuch", target + "/nosuch")
        XCTAssertEqual(missing.stdout, "{\n    \"web1\": false\n}\n")
        for refused in ["salt://../outside/secret", "salt://leak"] {
            let answer = try cluster.brine("--out", "json", "web1", "cp.get_file", refused, target + "/secret")
            XCTAssertFalse(FileSystem.exists(target + "/secret"), refused)
            XCTAssertFalse(answer.stdout.contains("\"\(target)/secret\""), answer.stdout)
        }
        XCTAssertTrue(cluster.log("master").contains("outside the file root"), "the master logs the refusal")
        let http = try cluster.brine("web1", "cp.get_url", "http://example.com/x", target + "/x")
        XCTAssertEqual(http.status, 1)
        XCTAssertTrue(http.stdout.contains("brine-minion fetches only salt:// URLs, not http://"), http.stdout)

        let list = try cluster.brine("--out", "json", "web1", "cp.list_master")
        XCTAssertTrue(list.stdout.contains("\"conf/app.ini\""), list.stdout)
        XCTAssertTrue(list.stdout.contains("\"conf/sub/deep.txt\""), list.stdout)
        XCTAssertFalse(list.stdout.contains("leak"), "a symlink out of the root is not listed")
        let dirs = try cluster.brine("--out", "json", "web1", "cp.list_master_dirs")
        XCTAssertTrue(dirs.stdout.contains("\"conf/sub\""), dirs.stdout)

        let cached = try cluster.brine("--out", "json", "web1", "cp.cache_file", "salt://conf/app.ini")
        let cachePath = cluster.root + "/web1/var/cache/brine/minion/files/base/conf/app.ini"
        XCTAssertEqual(cached.stdout, "{\n    \"web1\": \"\(cachePath)\"\n}\n")
        // A cache hit: the cached file is kept as it is (same inode), not fetched again.
        var before = stat()
        XCTAssertEqual(lstat(cachePath, &before), 0)
        _ = try cluster.brine("web1", "cp.cache_file", "salt://conf/app.ini")
        var after = stat()
        XCTAssertEqual(lstat(cachePath, &after), 0)
        XCTAssertEqual(before.st_ino, after.st_ino, "an unchanged file is not fetched again")

        XCTAssertEqual(try cluster.brine("--out", "json", "web1", "cp.get_file_str", "salt://conf/app.ini").stdout,
                       "{\n    \"web1\": \"[app]\\nport = 8080\\n\"\n}\n")
        XCTAssertEqual(try cluster.brine("--out", "json", "--out-indent", "-1", "web1", "cp.envs").stdout, "{\"web1\": [\"base\", \"dev\"]}\n")
        XCTAssertEqual(try cluster.brine("--out", "json", "--out-indent", "-1", "web1", "cp.list_master_symlinks").stdout, "{\"web1\": {}}\n",
                       "the link out of the root is not listed")
        let template = try cluster.brine("web1", "cp.get_file", "salt://motd", target + "/t", "template=jinja")
        XCTAssertEqual(template.status, 1)
        XCTAssertTrue(template.stdout.contains("brine-minion does not render templates (template=jinja)"), template.stdout)
        let hash = try cluster.brine("--out", "json", "web1", "cp.hash_file", "salt://conf/app.ini")
        XCTAssertTrue(hash.stdout.contains("\"hash_type\": \"sha256\""), hash.stdout)

        let tree = try cluster.brine("--out", "json", "web1", "cp.get_dir", "salt://conf", target + "/tree")
        XCTAssertEqual(tree.status, 0, tree.stdout)
        XCTAssertEqual(try FileSystem.readString(target + "/tree/conf/sub/deep.txt"), "deep\n")

        try FileSystem.write(target + "/report.txt", "pushed\n")
        let push = try cluster.brine("--out", "json", "web1", "cp.push", target + "/report.txt")
        XCTAssertEqual(push.stdout, "{\n    \"web1\": true\n}\n", push.stderr)
        let pushed = cluster.root + "/master/var/cache/brine/master/minions/web1/files" + target + "/report.txt"
        XCTAssertEqual(try FileSystem.readString(pushed), "pushed\n")
        try FileSystem.write(target + "/big", [UInt8](repeating: 65, count: (1 << 20) + 1))
        let big = try cluster.brine("--out", "json", "web1", "cp.push", target + "/big")
        XCTAssertEqual(big.stdout, "{\n    \"web1\": false\n}\n", "past file_recv_max_size")
        XCTAssertTrue(cluster.log("master").contains("exceeds file_recv_max_size"))
        let relative = try cluster.brine("--out", "json", "web1", "cp.push", "report.txt")
        XCTAssertEqual(relative.stdout, "{\n    \"web1\": false\n}\n", "a relative path")
    }

    private func firstRoot(_ cluster: TestCluster) throws -> String {
        let config = try FileSystem.readString(cluster.masterConfigDir + "/master")
        guard let line = config.split(separator: "\n").first(where: { $0.contains("base: [") }) else { throw XCTSkip("no file_roots") }
        return String(line.split(separator: "[")[1].dropLast())
    }
}
