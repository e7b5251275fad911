@testable import Master
import BrineCore
import BrineTesting
import JobCache
import MessagePack
import SaltWire
import Targeting
import XCTest

/// Attacks on port 4506 from a minion the master accepted, and from anyone before authentication,
/// driven in memory. Each test failed before the fix it guards.
final class RequestSecurityTests: XCTestCase {
    var root: String!
    var context: MasterContext!
    var handler: RequestHandler!
    /// The events the requests sent so far fired (a return's would go out after its commit).
    var collected: [Event] = []
    static let minionKey = try! RSAPrivateKey.generate()

    override func setUpWithError() throws {
        root = try TemporaryDirectory.make("master-security")
        context = try MasterContext(config: try MasterConfig(options: ["root_dir": .text(root)]))
        handler = RequestHandler(context: context)
    }

    private func send(_ envelope: MessagePackValue) throws -> MessagePackValue {
        let handled = handler.handle(MessagePack.encode(envelope))
        collected += handled.events
        return try MessagePack.decode(handled.reply)
    }

    private func drainEvents() -> [Event] {
        defer { collected.removeAll() }
        return collected
    }

    private func authenticate(_ id: String) throws -> AuthCredentials {
        try context.keys.store(id, pem: Self.minionKey.publicKey.pem, in: .accepted)
        let nonce = Nonce.make()
        let reply = try send(try AuthRequest.make(id: id, minionKey: Self.minionKey, masterKey: nil, token: "t", nonce: nonce))
        guard case .accepted(let credentials) = try AuthReply.open(
            reply, nonce: nonce, token: "t", minionKey: Self.minionKey, pinnedMasterKey: nil)
        else { throw WireError.missingField("accepted") }
        _ = drainEvents()
        return credentials
    }

    private func fire(_ id: String, _ credentials: AuthCredentials, _ load: MessagePackValue) throws {
        let reply = try send(try MessagePack.decode(SessionRequest.seal(
            load, id: id, nonce: Nonce.make(), time: 1, token: try MinionToken.make(Self.minionKey), session: credentials.session)))
        XCTAssertNotEqual(reply, "bad load")
    }

    /// Any accepted minion holds the AES key and can read jids off the publish port; a return event it
    /// fires in another minion's name must never reach the tools, by either form of `_minion_event`.
    func testAMinionCannotFireAReturnForAnother() throws {
        let credentials = try authenticate("mallory")
        let forged = EventTag.jobReturn(jid: "20261206120000000001", minion: "victim").description
        let data: MessagePackValue = ["return": "forged", "retcode": 0, "success": true, "jid": "20261206120000000001", "id": "victim"]
        try fire("mallory", credentials, MinionEvent(.init(tag: forged, data: data)).load)
        try fire("mallory", credentials, ["cmd": "_minion_event", "events": [["tag": .text(forged), "data": data]]])
        try fire("mallory", credentials, ["cmd": "_minion_event", "tag": "salt/job/20261206120000000001/new", "data": [:]])
        try fire("mallory", credentials, ["cmd": "_minion_event", "tag": "salt/auth", "data": ["id": "victim", "act": "accept"]])
        try fire("mallory", credentials, ["cmd": "_minion_event", "tag": "salt/minion/victim/start", "data": [:]])
        let tags = drainEvents().map(\.tag.description)
        XCTAssertEqual(tags, [], "events a minion may not fire reached the bus")

        try fire("mallory", credentials, MinionEvent(.init(tag: "salt/minion/mallory/start", data: [:])).load)
        try fire("mallory", credentials, MinionEvent(.init(tag: "myapp/deployed", data: [:])).load)
        XCTAssertEqual(drainEvents().map(\.tag.description), ["salt/minion/mallory/start", "myapp/deployed"])
    }

    /// A return is attributed to the session that sent it, whatever its load says.
    func testAReturnNamesTheSessionNotTheLoad() throws {
        let credentials = try authenticate("mallory")
        var load = JobReturn(
            jid: "20261206120000000001", value: true, retcode: 0, success: true, function: "test.ping",
            functionArguments: []).load()
        load["id"] = "victim"
        try fire("mallory", credentials, load)
        let fired = drainEvents()
        XCTAssertEqual(fired.map(\.tag), [.jobReturn(jid: "20261206120000000001", minion: "mallory")])
        XCTAssertEqual(fired.first?.minion, "mallory")
        XCTAssertEqual(fired.first?.data["id"], "mallory")
    }

    /// Before authentication only `_auth` (and `ping`) is served, and no sane `_auth` is larger than a
    /// few KB: anything bigger is refused before it is decoded.
    func testALargeClearRequestIsRefusedUndecoded() throws {
        var request = try AuthRequest.make(id: "big", minionKey: Self.minionKey, masterKey: nil, token: "t", nonce: Nonce.make())
        var load = try XCTUnwrap(request["load"])
        load["padding"] = .text(String(repeating: "x", count: 70_000))
        request["load"] = load
        XCTAssertEqual(try send(request), "bad load")
        XCTAssertNil(context.keys.state(of: "big"), "the oversized request was served")
    }

    /// An unauthenticated envelope is a handful of scalars: one made of a million values is refused
    /// after reading a few of them, not after building them all.
    func testAnEnvelopeOfManyValuesIsRefused() throws {
        var frame: [UInt8] = [0x84]
        frame += MessagePack.encode("enc") + MessagePack.encode("aes")
        frame += MessagePack.encode("version") + MessagePack.encode(3)
        frame += MessagePack.encode("id") + MessagePack.encode("mallory")
        frame += MessagePack.encode("load") + [0xdd, 0x00, 0x10, 0x00, 0x00] + [UInt8](repeating: 0xc0, count: 1 << 20)
        XCTAssertThrowsError(try Envelope.decode(frame)) { error in
            XCTAssertTrue("\(error)".contains("values"), "\(error)")
        }
        XCTAssertEqual(try MessagePack.decode(handler.handle(frame).reply), "bad load")
    }

    /// A key deleted while the master was down leaves its grains in the cache; the master must not
    /// predict that id for grain targets once it is back.
    func testCachedDataOfIDsWithoutAcceptedKeyIsDroppedAtStart() throws {
        let cache = try JobCache(path: JobCache.path(cachedir: context.config.cachedir))
        try cache.apply([.minion(MinionRecord(id: "gone", grains: ["os": "Debian"], lastSeen: 1))])
        try context.keys.store("gone", pem: Self.minionKey.publicKey.pem, in: .pending)
        context = nil
        let restarted = try MasterContext(config: try MasterConfig(options: ["root_dir": .text(root)]))
        XCTAssertEqual(restarted.minions.grains("gone"), [:])
        restarted.cacheWriter.start(DaemonLoop("writer", failure: DaemonFailure(program: "test", logger: restarted.logger), logger: restarted.logger))
        restarted.cacheWriter.stop()
        XCTAssertEqual(try cache.minions().map(\.id), [])
        // Accepted again later, it is not a grain match until it reports its grains anew.
        try restarted.keys.move("gone", from: .pending, to: .accepted)
        let target = try Target(.text("os:Debian"), type: .grain)
        XCTAssertEqual(JobSubmission(context: restarted).expectedMinions(target), [])
    }
}

/// The AES key's age limit, `publish_session`: a captured publication stays replayable at most that long.
final class AESRotationTests: XCTestCase {
    func testTheKeyRotatesOnceItIsPublishSessionOld() {
        let keyring = AESKeyring()
        let first = keyring.keyString
        let start = Timestamp.monotonic()
        XCTAssertFalse(keyring.rotate(ifOlderThan: 60, now: start + 59))
        XCTAssertEqual(keyring.keyString, first)
        XCTAssertTrue(keyring.rotate(ifOlderThan: 60, now: start + 61))
        XCTAssertNotEqual(keyring.keyString, first)
        XCTAssertEqual(keyring.nextPublication().1, 1, "a new key starts its serial over")
        XCTAssertFalse(keyring.rotate(ifOlderThan: 60, now: start + 62))
    }
}
