@testable import Master
import BrineCore
import BrineTesting
import MessagePack
import SaltWire
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A private key or pki dir that other users can read is tightened at start, and said so.
final class PKIPermissionTests: XCTestCase {
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        stat(path, &info)
        return info.st_mode & 0o777
    }

    func testALooseMasterKeyAndPKIDirAreTightened() throws {
        let root = try TemporaryDirectory.make("pki-modes")
        let config = try MasterConfig(options: ["root_dir": .text(root)])
        _ = try MasterContext(config: config)
        chmod(config.pkiDir, 0o755)
        chmod(config.pkiDir + "/master.pem", 0o644)
        _ = try MasterContext(config: config)
        XCTAssertEqual(Self.mode(config.pkiDir), 0o700)
        XCTAssertEqual(Self.mode(config.pkiDir + "/master.pem"), 0o600)
    }

    func testPermissivePKIAccessLeavesGroupReadable() throws {
        let root = try TemporaryDirectory.make("pki-modes")
        let config = try MasterConfig(options: ["root_dir": .text(root), "permissive_pki_access": true])
        _ = try MasterContext(config: config)
        chmod(config.pkiDir, 0o755)
        chmod(config.pkiDir + "/master.pem", 0o644)
        _ = try MasterContext(config: config)
        XCTAssertEqual(Self.mode(config.pkiDir), 0o750)
        XCTAssertEqual(Self.mode(config.pkiDir + "/master.pem"), 0o640)
    }

    func testMinionKeysAreTightenedToo() throws {
        let pkiDir = try TemporaryDirectory.make("pki-modes") + "/minion"
        let files = MinionKeyFiles(pkiDir: pkiDir)
        _ = try files.loadOrCreate()
        chmod(pkiDir, 0o777)
        chmod(pkiDir + "/minion.pem", 0o666)
        let notices = try PKIPermissions(pkiDir: pkiDir, privateKeys: ["minion.pem"], permissive: false).secure()
        XCTAssertEqual(notices.count, 2, "\(notices)")
        XCTAssertEqual(Self.mode(pkiDir), 0o700)
        XCTAssertEqual(Self.mode(pkiDir + "/minion.pem"), 0o600)
    }
}
