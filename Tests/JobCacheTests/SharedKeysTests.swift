import BrineCore
import BrineTesting
import JobCache
import SaltWire
import XCTest

/// Key states shared through PostgreSQL, two masters' pki dirs on one database, without the masters:
/// what one publishes, the other pulls, and who lost an accepted key.
final class SharedKeysTests: XCTestCase {
    let pem = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"
    var settings = PostgresSettings()

    override func setUpWithError() throws {
        guard let fresh = try TestPostgres.freshDatabase(name) else { throw XCTSkip(TestPostgres.skipReason) }
        settings = fresh
        _ = try PostgresJobCache(settings: settings, migrate: true)
    }

    func master(_ name: String) throws -> (dir: String, shared: SharedKeys, keys: KeyStore) {
        let dir = try TemporaryDirectory.make("sharedkeys-" + name)
        let shared = try SharedKeys(settings: settings, pkiDir: dir) { XCTFail($0) }
        return (dir, shared, try shared.keyStore())
    }

    func testChangesOnOneMasterReachTheOtherAndADeleteIsALoss() throws {
        let a = try master("a")
        let b = try master("b")
        try a.shared.seed()
        XCTAssertEqual(try a.shared.pullIfChanged(), [])
        XCTAssertEqual(try b.shared.pullIfChanged(), [])

        try a.keys.store("web1", pem: pem, in: .pending)
        XCTAssertEqual(try b.shared.pullIfChanged(), [])
        XCTAssertEqual(b.keys.state(of: "web1"), .pending)
        XCTAssertNil(try b.shared.pullIfChanged(), "nothing changed since")

        try b.keys.move("web1", from: .pending, to: .accepted)
        XCTAssertEqual(try a.shared.pullIfChanged(), [])
        XCTAssertEqual(a.keys.state(of: "web1"), .accepted)
        XCTAssertEqual(try a.keys.storedPEM("web1", .accepted), pem)

        // Deleted on b: a loses it, even when another program on a removed the file already.
        XCTAssertTrue(b.keys.delete("web1"))
        FileSystem.remove(a.keys.path("web1", .accepted))
        XCTAssertEqual(try a.shared.pullIfChanged(), ["web1"])
        XCTAssertNil(a.keys.state(of: "web1"))
    }

    /// The first master brings its keys; a later one does not bring back a key deleted meanwhile.
    func testOnlyTheFirstMasterSeeds() throws {
        let a = try master("a")
        try KeyStore(pkiDir: a.dir).store("old", pem: pem, in: .accepted)
        try a.shared.seed()
        XCTAssertEqual(try a.shared.pullIfChanged(), [])
        XCTAssertTrue(a.keys.delete("old"))

        let b = try master("b")
        try KeyStore(pkiDir: b.dir).store("old", pem: pem, in: .accepted)
        try b.shared.seed()
        XCTAssertEqual(try b.shared.pullIfChanged(), ["old"])
        XCTAssertNil(b.keys.state(of: "old"))
    }

    func testAnotherKeyAcceptedForAnIDIsALoss() throws {
        let a = try master("a")
        let b = try master("b")
        try a.shared.seed()
        try a.keys.store("db1", pem: pem, in: .accepted)
        XCTAssertEqual(try b.shared.pullIfChanged(), [])
        try a.keys.store("db1", pem: pem.replacingOccurrences(of: "MIIB", with: "MIIC"), in: .accepted)
        XCTAssertEqual(try b.shared.pullIfChanged(), ["db1"])
        XCTAssertEqual(b.keys.state(of: "db1"), .accepted)
    }
}
