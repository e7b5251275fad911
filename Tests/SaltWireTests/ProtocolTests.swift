import MessagePack
import SaltWire
import XCTest

/// The protocol layer, both sides in memory: what the master builds, the minion must open, and
/// anything tampered with must be refused.
final class ProtocolTests: XCTestCase {
    static let masterKey = try! RSAPrivateKey.generate()
    static let minionKey = try! RSAPrivateKey.generate()

    func testCrypticleCarriesNonceAndRefusesAnotherOne() throws {
        let session = try Crypticle(keyString: Crypticle.generateKeyString())
        let nonce = Nonce.make()
        XCTAssertEqual(nonce.count, 32)
        let sealed = session.dumps(["ret": true], nonce: nonce)
        XCTAssertEqual(try session.loads(sealed, nonce: nonce), ["ret": true])
        XCTAssertThrowsError(try session.loads(sealed, nonce: Nonce.make())) { error in
            XCTAssertEqual(error as? WireError, .nonceMismatch)
        }
        let other = try Crypticle(keyString: Crypticle.generateKeyString())
        XCTAssertThrowsError(try other.loads(sealed, nonce: nonce))
    }

    func testEncryptedNoneReplyIsSaltsSize() throws {
        let session = try Crypticle(keyString: Crypticle.generateKeyString())
        XCTAssertEqual(session.dumps(.nil, nonce: Nonce.make()).count, 96)
    }

    func testSuccessfulAuthRoundTrip() throws {
        let aes = Crypticle.generateKeyString()
        let sessionKey = Crypticle.generateKeyString()
        let nonce = Nonce.make()
        let token = Crypticle.generateKeyString()
        let request = try AuthRequest.make(
            id: "m1", minionKey: Self.minionKey, masterKey: Self.masterKey.publicKey, token: token, nonce: nonce)
        XCTAssertEqual(request["load"]?.string("cmd"), "_auth")
        XCTAssertEqual(request["version"], 3)
        let inner = try AuthReply.success(
            aesKey: aes, sessionKey: sessionKey, publishPort: 4505, masterKey: Self.masterKey,
            minionKey: Self.minionKey.publicKey, requestToken: request["load"]?["token"]?.bytesValue, nonce: nonce,
            encryption: .sha1)
        let reply = try AuthReply.signed(inner, masterKey: Self.masterKey, signing: .sha1)
        let wire = try MessagePack.decode(MessagePack.encode(reply))
        guard case .accepted(let credentials) = try AuthReply.open(
            wire, nonce: nonce, token: token, minionKey: Self.minionKey, pinnedMasterKey: Self.masterKey.publicKey)
        else { return XCTFail("not accepted") }
        XCTAssertEqual(credentials.aes.keyString, aes)
        XCTAssertEqual(credentials.session.keyString, sessionKey)
        XCTAssertEqual(credentials.publishPort, 4505)
    }

    func testAuthReplyChecks() throws {
        let nonce = Nonce.make()
        let pending = try AuthReply.signed(["ret": true, "nonce": .text(nonce)], masterKey: Self.masterKey, signing: .sha1)
        guard case .pending = try AuthReply.open(
            pending, nonce: nonce, token: "t", minionKey: Self.minionKey, pinnedMasterKey: Self.masterKey.publicKey)
        else { return XCTFail("not pending") }
        XCTAssertThrowsError(try AuthReply.open(
            pending, nonce: Nonce.make(), token: "t", minionKey: Self.minionKey, pinnedMasterKey: Self.masterKey.publicKey))
        let impostor = try RSAPrivateKey.generate()
        XCTAssertThrowsError(try AuthReply.open(
            pending, nonce: nonce, token: "t", minionKey: Self.minionKey, pinnedMasterKey: impostor.publicKey)) { error in
            XCTAssertEqual(error as? WireError, .badSignature("the auth reply"))
        }
        let success = try AuthReply.signed(try AuthReply.success(
            aesKey: Crypticle.generateKeyString(), sessionKey: Crypticle.generateKeyString(), publishPort: 1,
            masterKey: impostor, minionKey: Self.minionKey.publicKey, requestToken: nil, nonce: nonce, encryption: .sha1),
            masterKey: impostor, signing: .sha1)
        XCTAssertThrowsError(try AuthReply.open(
            success, nonce: nonce, token: "t", minionKey: Self.minionKey, pinnedMasterKey: Self.masterKey.publicKey)) { error in
            XCTAssertEqual(error as? WireError, .masterKeyChanged)
        }
        guard case .algorithmRefused("bad enc algo") = try AuthReply.open(
            ["enc": "clear", "load": ["ret": "bad enc algo"]], nonce: nonce, token: "t", minionKey: Self.minionKey,
            pinnedMasterKey: nil)
        else { return XCTFail("refusal not reported") }
    }

    func testPublicationSealAndOpen() throws {
        let aes = try Crypticle(keyString: Crypticle.generateKeyString())
        let load: MessagePackValue = ["fun": "test.ping", "arg": [], "tgt": "*", "jid": "20261121190515961226", "serial": 1]
        let sealed = try Publication.seal(load, aes: aes, signingKey: Self.masterKey)
        XCTAssertEqual(try Publication.open(sealed, aes: aes, masterKey: Self.masterKey.publicKey), load)
        XCTAssertThrowsError(try Publication.open(sealed, aes: aes, masterKey: Self.minionKey.publicKey))
        var tampered = sealed
        tampered[40] ^= 1  // inside the ciphertext, which the HMAC covers even without a signature check
        XCTAssertThrowsError(try Publication.open(tampered, aes: aes, masterKey: nil))
        XCTAssertThrowsError(try Publication.open(tampered, aes: aes, masterKey: Self.masterKey.publicKey))
    }

    func testTopicFrames() throws {
        XCTAssertEqual(String(decoding: Publication.topic(for: "m1"), as: UTF8.self), "ae23b94ccaf714337e4ce5ba99ef3dc257e300df")
        let topic = Publication.topic(for: "m1")
        XCTAssertEqual(try Publication.envelopeFrame([[1, 2]], topic: topic), [1, 2])
        XCTAssertEqual(try Publication.envelopeFrame([topic, [3]], topic: topic), [3])
        XCTAssertEqual(try Publication.envelopeFrame([Publication.broadcastTopic, [4]], topic: topic), [4])
        XCTAssertNil(try Publication.envelopeFrame([Publication.topic(for: "m2"), [5]], topic: topic))
        XCTAssertThrowsError(try Publication.envelopeFrame([[], [], []], topic: topic))
    }

    func testMinionToken() throws {
        let token = try MinionToken.make(Self.minionKey)
        XCTAssertTrue(MinionToken.verify(token, with: Self.minionKey.publicKey))
        XCTAssertFalse(MinionToken.verify(token, with: Self.masterKey.publicKey))
        XCTAssertEqual(try MinionToken.make(Self.minionKey), token, "X9.31 is deterministic")
    }

    /// `salt '*' f a b x=1 y=2` publishes `["a", "b", {"__kwarg__": True, "x": 1, "y": 2}]`.
    func testCallArgumentsUnpackSaltsKeywordMap() {
        let call = CallArguments(["a", ["__kwarg__": true, "x": 1, "y": 2], "b", ["plain": "map"]])
        XCTAssertEqual(call.positional, ["a", "b", ["plain": "map"]])
        XCTAssertEqual(call.keywords.compactMap(\.key.stringValue), ["x", "y"])
        XCTAssertEqual(call.keywordsByName, ["x": 1, "y": 2])
    }
}
