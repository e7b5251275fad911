import BrineCore
import BrineTesting
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A master started as root with `user:` set: what it leaves on disk. These need root (CI runs as
/// root) and a user to drop to; they say so and skip otherwise.
final class PrivilegeTests: XCTestCase {
    static let user = "brine-test"

    /// The uid of `user`, made with useradd when missing; nil when that is impossible (not root).
    static func operatorUID() throws -> uid_t {
        guard geteuid() == 0 else { throw XCTSkip("needs root: the daemon must start as root to drop to '\(user)'") }
        if getpwnam(user) == nil {
            let made = try ProcessRunner.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user], mergeStderr: true)
            guard made.status == 0 else { throw XCTSkip("cannot create the user '\(user)': \(made.stdout)") }
        }
        guard let entry = getpwnam(user) else { throw XCTSkip("no user '\(user)'") }
        return entry.pointee.pw_uid
    }

    static func mode(_ path: String) -> (mode: mode_t, owner: uid_t)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_mode & 0o7777, info.st_uid)
    }

    /// The test root is made 0700 by mkdtemp; the dropped user must be able to walk to its directories.
    static func openPath(_ root: String) {
        chmod(root, 0o755)
    }

    /// pki dir, cachedir and sock_dir end up 0700 and owned by the user, the job cache 0600, whoever
    /// made them and however loose an existing one was: every job's output is in that cache.
    func testDirectoriesArePrivateAfterDroppingRoot() throws {
        let uid = try Self.operatorUID()
        let cluster = try TestCluster(masterOptions: "user: \(Self.user)")
        defer { cluster.stop() }
        Self.openPath(cluster.root)
        let rootDir = cluster.root + "/master"
        let cachedir = rootDir + "/var/cache/brine/master"
        XCTAssertTrue(FileSystem.makeDirectories(cachedir))
        chmod(cachedir, 0o755)
        try cluster.startMaster()
        for path in [cluster.masterPKIDir, cachedir, rootDir + "/var/run/brine/master"] {
            let found = try XCTUnwrap(Self.mode(path), path)
            XCTAssertEqual(found.mode, 0o700, "\(path) is \(String(found.mode, radix: 8))")
            XCTAssertEqual(found.owner, uid, path)
        }
        for path in [cachedir + "/jobs.sqlite", cluster.masterPKIDir + "/master.pem"] {
            let found = try XCTUnwrap(Self.mode(path), path)
            XCTAssertEqual(found.mode & 0o077, 0, "\(path) is \(String(found.mode, radix: 8))")
        }
    }

    /// Runs `brine` as the test user, through setpriv (the way an operator without root would).
    static func brineAsOperator(_ cluster: TestCluster, _ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(["setpriv", "--reuid=\(user)", "--regid=\(user)", "--init-groups",
                               Binaries.path("brine"), "-c", cluster.masterConfigDir] + arguments)
    }

    /// A non-root operator in `sock_dir_group` runs what `publisher_acl` gives it and nothing else;
    /// every publication, refusal and key change lands in the audit log with the kernel's uid.
    func testPublisherACLForANonRootOperatorAndTheAuditTrail() throws {
        let uid = try Self.operatorUID()
        guard ProcessRunner.which("setpriv") != nil else { throw XCTSkip("needs setpriv (util-linux) to run brine as '\(Self.user)'") }
        let cluster = try TestCluster(masterOptions: """
            sock_dir_group: \(Self.user)
            audit_log: /var/log/brine/audit.log
            publisher_acl:
              \(Self.user):
                - test.*
                - 'alp*':
                  - grains.item
            publisher_acl_blacklist:
              modules: [test.exception]
            """)
        defer { cluster.stop() }
        Self.openPath(cluster.root)
        try cluster.startMasterWithMinion("alpha")
        let audit = cluster.root + "/master/var/log/brine/audit.log"

        let ping = try Self.brineAsOperator(cluster, ["alpha", "test.echo", "hi"])
        XCTAssertEqual(ping.status, 0, ping.stdout + ping.stderr)
        XCTAssertEqual(ping.stdout, "alpha:\n    hi\n")
        let secret = try Self.brineAsOperator(cluster, ["alpha", "test.kwarg", "password=hunter2"])
        XCTAssertEqual(secret.status, 0, secret.stdout + secret.stderr)
        let grains = try Self.brineAsOperator(cluster, ["alpha", "grains.item", "id"])
        XCTAssertEqual(grains.status, 0, grains.stdout + grains.stderr)

        let refused = try Self.brineAsOperator(cluster, ["alpha", "cmd.run", "id"])
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stdout.contains("Authorization error occurred."), refused.stdout)
        XCTAssertFalse(cluster.log("alpha").contains("cmd.run"), "the refused job reached the minion")
        XCTAssertTrue(cluster.log("master").contains("refused a publication from \(Self.user) (uid \(uid)"), cluster.logTails(["master"]))
        let blacklisted = try Self.brineAsOperator(cluster, ["alpha", "test.exception"])
        XCTAssertEqual(blacklisted.status, 2)

        // Root keeps every right.
        let root = try cluster.brine("alpha", "cmd.run", "echo root")
        XCTAssertEqual(root.stdout, "alpha:\n    root\n")

        let lines = try FileSystem.readString(audit).split(separator: "\n").map(String.init)
        let published = lines.filter { $0.contains("\"event\": \"publish\"") && $0.contains("\"uid\": \(uid)") }
        XCTAssertEqual(published.count, 3, lines.joined(separator: "\n"))
        XCTAssertTrue(published[0].contains("\"user\": \"\(Self.user)\", \"tgt\": \"alpha\", \"tgt_type\": \"glob\", \"fun\": \"test.echo\""), published[0])
        XCTAssertTrue(published[0].contains("\"minions\": 1"), published[0])
        XCTAssertTrue(published[1].contains("\"password\": \"<redacted>\""), published[1])
        XCTAssertFalse(lines.contains { $0.contains("hunter2") }, "an argument named like a password reached the audit log")
        XCTAssertEqual(lines.filter { $0.contains("\"event\": \"publish_refused\"") && $0.contains("\"fun\": \"cmd.run\"") }.count, 1)
        XCTAssertTrue(lines.contains { $0.contains("\"event\": \"key\"") && $0.contains("\"action\": \"accept\", \"id\": \"alpha\", \"uid\": 0") },
                      lines.joined(separator: "\n"))

        // logrotate moves the file and sends SIGHUP: the master writes on in a new file.
        try FileSystem.move(audit, to: audit + ".1")
        kill(try XCTUnwrap(cluster.master?.pid), SIGHUP)
        try cluster.waitUntil("the audit log to be opened again", timeout: 10) {
            _ = try? cluster.brine("alpha", "test.ping")
            return FileSystem.exists(audit)
        }
        XCTAssertTrue(cluster.master?.isRunning == true, "SIGHUP stopped the master")
        XCTAssertTrue(try FileSystem.readString(audit).contains("\"fun\": \"test.ping\""))
    }
}
