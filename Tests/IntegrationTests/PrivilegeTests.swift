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
}
