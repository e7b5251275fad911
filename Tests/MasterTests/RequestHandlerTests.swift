@testable import Master
import BrineCore
import JobCache
import BrineTesting
import MessagePack
import SaltWire
import XCTest

/// The master's request logic driven in memory, as a minion would drive it over 4506.
final class RequestHandlerTests: XCTestCase {
    var context: MasterContext!
    var handler: RequestHandler!
    /// The events and the record to store of the last request sent.
    var last = RequestHandler.Handled(reply: [])
    static let minionKey = try! RSAPrivateKey.generate()
    var root = ""

    override func setUpWithError() throws {
        root = try TemporaryDirectory.make("master-test")
        context = try MasterContext(config: try MasterConfig(options: ["root_dir": .text(root)]))
        handler = RequestHandler(context: context)
    }

    private func send(_ envelope: MessagePackValue) throws -> MessagePackValue {
        last = handler.handle(MessagePack.encode(envelope))
        return try MessagePack.decode(last.reply)
    }

    private func authenticate(_ id: String) throws -> AuthCredentials {
        let nonce = Nonce.make()
        let request = try AuthRequest.make(id: id, minionKey: Self.minionKey, masterKey: nil, token: "t", nonce: nonce)
        let reply = try send(request)
        guard case .accepted(let credentials) = try AuthReply.open(
            reply, nonce: nonce, token: "t", minionKey: Self.minionKey, pinnedMasterKey: nil)
        else { throw WireError.missingField("accepted") }
        return credentials
    }

    private func encrypted(_ id: String, _ credentials: AuthCredentials, _ command: MessagePackValue, nonce: String) throws -> MessagePackValue {
        try MessagePack.decode(SessionRequest.seal(
            command, id: id, nonce: nonce, time: 1, token: try MinionToken.make(Self.minionKey), session: credentials.session))
    }

    func testMalformedInputGetsBadLoad() throws {
        for frame: [UInt8] in [[0xc1], [0x92, 0x01], Array("not msgpack at all".utf8), []] {
            XCTAssertEqual(try MessagePack.decode(handler.handle(frame).reply), "bad load")
        }
        XCTAssertEqual(try send(["enc": "clear", "load": ["cmd": "_auth"], "version": 2]), "bad load")
        XCTAssertEqual(try send(["enc": "clear", "load": ["cmd": "_auth"]]), "bad load")
        XCTAssertEqual(try send(["enc": "aes", "load": "garbage", "version": 3, "id": "m1"]), "bad load")
        XCTAssertEqual(try send(["enc": "aes", "load": "garbage", "version": 3, "id": "../etc/passwd"]), "bad load")
        XCTAssertEqual(try send(["enc": "clear", "load": ["cmd": "nothing"], "version": 3]), [:])
    }

    func testPendingThenAcceptedThenReturn() throws {
        XCTAssertThrowsError(try authenticate("m1"), "a new key must wait")
        XCTAssertEqual(context.keys.state(of: "m1"), .pending)
        try context.keys.move("m1", from: .pending, to: .accepted)
        let credentials = try authenticate("m1")

        let nonce = Nonce.make()
        let ret = JobReturn(
            jid: "20261121190515961226", value: true, retcode: 0, success: true, function: "test.ping", functionArguments: [])
        let reply = try send(try encrypted("m1", credentials, ret.load(), nonce: nonce))
        XCTAssertEqual(try credentials.session.loads(reply.bytesValue ?? [], nonce: nonce), .nil)
        let fired = last.events
        XCTAssertEqual(fired.map(\.tag), [.jobReturn(jid: "20261121190515961226", minion: "m1")])
        XCTAssertEqual(last.store?.minion, "m1", "the reply waits for this return to be committed")
        XCTAssertNil(fired.first?.data["tok"], "the token never reaches the event bus")
        XCTAssertNil(fired.first?.data["nonce"])
    }

    func testTokenFromAnotherKeyIsRefused() throws {
        try context.keys.store("m1", pem: Self.minionKey.publicKey.pem, in: .accepted)
        let credentials = try authenticate("m1")
        var load: MessagePackValue = ["cmd": "_return", "jid": "20261121190515961226", "return": true, "id": "m1", "nonce": .text(Nonce.make()), "ts": 1]
        load["tok"] = .string(try MinionToken.make(try RSAPrivateKey.generate()))
        XCTAssertEqual(try send(Envelope.aes(id: "m1", ciphertext: credentials.session.dumps(load))), "bad load")
        XCTAssertTrue(last.events.filter(\.tag.isJobTag).isEmpty)
        XCTAssertNil(last.store)
    }

    func testPillarCachesGrainsAndRepliesPrivately() throws {
        FileSystem.makeDirectories(root + "/srv/pillar")
        try FileSystem.write(root + "/srv/pillar/top.sls", "base:\n  'G@os:Debian':\n    - debian\n  m2:\n    - other\n")
        try FileSystem.write(root + "/srv/pillar/debian.sls", "family: {{ grains['os'] }}\n")
        try FileSystem.write(root + "/srv/pillar/other.sls", "secret: m2's\n")
        try context.keys.store("m1", pem: Self.minionKey.publicKey.pem, in: .accepted)
        let credentials = try authenticate("m1")
        let nonce = Nonce.make()
        // The load's id is not the sender's: the session's id (m1) decides whose pillar it is.
        let request: MessagePackValue = ["cmd": "_pillar", "id": "m2", "grains": ["os": "Debian"], "ver": "2"]
        let reply = try send(try encrypted("m1", credentials, request, nonce: nonce))
        XCTAssertNotNil(reply["key"]?.bytesValue)
        XCTAssertNotNil(reply["pillar"]?.bytesValue)
        let pillar = try PrivateReply.open(reply, nonce: nonce, minionKey: Self.minionKey, masterKey: context.masterKey.publicKey)
        XCTAssertEqual(pillar, ["family": "Debian"])
        XCTAssertEqual(context.minions.grains("m1")["os"], "Debian")
        XCTAssertEqual(context.minions.pillar("m1"), ["family": "Debian"])
        XCTAssertEqual(context.minions.pillar("m2"), [:])
    }

    func testChangedKeyIsDenied() throws {
        try context.keys.store("m1", pem: try RSAPrivateKey.generate().publicKey.pem, in: .accepted)
        XCTAssertThrowsError(try authenticate("m1"))
        XCTAssertNotNil(try context.keys.storedPEM("m1", .denied))
    }

    /// An accepted key the master cannot read (out of file descriptors, say) is an error for that
    /// request, never a changed key: the minion must not land in minions_denied.
    func testUnreadableAcceptedKeyIsNotTakenForAChangedOne() throws {
        XCTAssertTrue(FileSystem.makeDirectories(context.keys.path("m1", .accepted)))
        XCTAssertThrowsError(try authenticate("m1"))
        XCTAssertNil(try context.keys.storedPEM("m1", .denied))
        XCTAssertEqual(context.keys.state(of: "m1"), .accepted)
    }

    /// A remembered token stands only while the accepted key file is the one it was verified against.
    func testRememberedTokenFallsWithItsKey() throws {
        let other = try RSAPrivateKey.generate()
        try context.keys.store("m1", pem: Self.minionKey.publicKey.pem, in: .accepted)
        let token = try MinionToken.make(Self.minionKey)
        XCTAssertTrue(context.keys.verifies(token, of: "m1"))
        XCTAssertTrue(context.keys.verifies(token, of: "m1"))
        XCTAssertFalse(context.keys.verifies(try MinionToken.make(other), of: "m1"))

        try context.keys.store("m1", pem: other.publicKey.pem, in: .accepted)
        XCTAssertFalse(context.keys.verifies(token, of: "m1"))
        XCTAssertTrue(context.keys.verifies(try MinionToken.make(other), of: "m1"))
        context.keys.delete("m1")
        XCTAssertFalse(context.keys.verifies(try MinionToken.make(other), of: "m1"))
    }
}
