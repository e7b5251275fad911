import Testing
@testable import SaltWire

@Suite("RSA OAEP, PKCS#1 v1.5 and X9.31 against Python cryptography")
struct RSAOperationTests {
    let fixtures = CryptoFixtures.shared

    @Test(arguments: OAEPHash.allCases)
    func decryptsPythonOAEP(hash: OAEPHash) throws {
        let vectors = fixtures.section("oaep")
        let plain = try fixtures.privateKey.decryptOAEP(vectors.bytes(hash.rawValue), hash: hash)
        #expect(plain == vectors.bytes("plaintext"))
    }

    @Test func oaepHashMismatchFails() throws {
        let vectors = fixtures.section("oaep")
        #expect(throws: CryptoError.decryptFailed) {
            try fixtures.privateKey.decryptOAEP(vectors.bytes("OAEP-SHA1"), hash: .sha224)
        }
        #expect(throws: CryptoError.decryptFailed) {
            try fixtures.privateKey.decryptOAEP(Array(vectors.bytes("OAEP-SHA1").dropLast()))
        }
    }

    @Test(arguments: OAEPHash.allCases)
    func oaepRoundTrip(hash: OAEPHash) throws {
        let key = fixtures.privateKey
        let plain = Array(Crypticle.generateKeyString().utf8)
        let sealed = try key.publicKey.encryptOAEP(plain, hash: hash)
        #expect(sealed.count == 256)
        #expect(try key.decryptOAEP(sealed, hash: hash) == plain)
        // OAEP is randomised: the same plaintext must never seal to the same bytes twice.
        #expect(try key.publicKey.encryptOAEP(plain, hash: hash) != sealed)
    }

    @Test func oaepRejectsOversizedPlaintext() throws {
        let pub = fixtures.publicKey
        #expect(try pub.encryptOAEP([UInt8](repeating: 1, count: 214)).count == 256)
        #expect(throws: CryptoError.self) { try pub.encryptOAEP([UInt8](repeating: 1, count: 215)) }
        #expect(throws: CryptoError.self) { try pub.encryptOAEP([UInt8](repeating: 1, count: 199), hash: .sha224) }
    }

    @Test func algorithmNamesParseLikeSalt() {
        #expect(OAEPHash(rawValue: "OAEP-SHA1") == .sha1)
        #expect(OAEPHash(rawValue: "OAEP-SHA224") == .sha224)
        #expect(OAEPHash(rawValue: "OAEP-SHA256") == nil)
        #expect(SignatureHash(rawValue: "PKCS1v15-SHA1") == .sha1)
        #expect(SignatureHash(rawValue: "PKCS1v15-SHA224") == .sha224)
        #expect(SignatureHash(rawValue: "PSS-SHA1") == nil)
    }

    @Test(arguments: SignatureHash.allCases)
    func pkcs1v15MatchesPythonByteForByte(hash: SignatureHash) throws {
        let vectors = fixtures.section("pkcs1v15")
        let message = vectors.bytes("message")
        let expected = vectors.bytes(hash.rawValue)
        #expect(try fixtures.privateKey.sign(message, hash: hash) == expected)
        #expect(fixtures.publicKey.verify(signature: expected, message: message, hash: hash))
    }

    @Test func pkcs1v15RejectsWrongInputs() throws {
        let vectors = fixtures.section("pkcs1v15")
        let message = vectors.bytes("message")
        let signature = vectors.bytes("PKCS1v15-SHA1")
        let pub = fixtures.publicKey
        #expect(!pub.verify(signature: signature, message: message, hash: .sha224))
        #expect(!pub.verify(signature: signature, message: message + [0]))
        var flipped = signature
        flipped[100] ^= 1
        #expect(!pub.verify(signature: flipped, message: message))
        #expect(!pub.verify(signature: [], message: message))
        #expect(!pub.verify(signature: signature + [0], message: message))
        let other = try RSAPrivateKey.generate()
        #expect(!other.publicKey.verify(signature: signature, message: message))
    }

    @Test func minionTokenMatchesHandWrittenX931() throws {
        let vectors = fixtures.section("x931")
        let tok = try fixtures.privateKey.signX931(Array("salt".utf8))
        #expect(tok == vectors.bytes("tok"))
        #expect(try fixtures.publicKey.recoverX931(tok) == Array("salt".utf8))
    }

    @Test func authSigIsX931OverSHA256HexOfAESKey() throws {
        let vectors = fixtures.section("x931")
        let aesKey = vectors.string("aes_key_string")
        let message = Array(Digest.hex(Digest.sha256(Array(aesKey.utf8))).utf8)
        #expect(message == Array(vectors.string("auth_sig_message").utf8))
        let sig = try fixtures.privateKey.signX931(message)
        #expect(sig == vectors.bytes("auth_sig"))
        #expect(try fixtures.publicKey.recoverX931(vectors.bytes("auth_sig")) == message)
    }

    @Test func x931LongestMessageUsesSingleHeaderByte() throws {
        let vectors = fixtures.section("x931")
        let message = vectors.bytes("longest_message")
        #expect(message.count == 254)
        #expect(try fixtures.privateKey.signX931(message) == vectors.bytes("longest_sig"))
        #expect(try fixtures.publicKey.recoverX931(vectors.bytes("longest_sig")) == message)
        #expect(throws: CryptoError.self) { try fixtures.privateKey.signX931(message + [0]) }
    }

    /// OpenSSL (and therefore Salt) pads a k-3 byte message with no 0xBB at all but then refuses
    /// that padding on recovery; pinned so a future change in behaviour is noticed.
    @Test func x931MessageOfModulusMinusThreeDoesNotRecover() throws {
        let sig = try fixtures.privateKey.signX931([UInt8](repeating: 7, count: 253))
        #expect(throws: CryptoError.badSignature) { try fixtures.publicKey.recoverX931(sig) }
    }

    @Test func x931RejectsForgeriesAndWrongKeys() throws {
        let tok = fixtures.section("x931").bytes("tok")
        var flipped = tok
        flipped[0] ^= 0x80
        #expect(throws: CryptoError.badSignature) { try fixtures.publicKey.recoverX931(flipped) }
        #expect(throws: CryptoError.badSignature) { try fixtures.publicKey.recoverX931([]) }
        #expect(throws: CryptoError.badSignature) { try fixtures.publicKey.recoverX931(tok + [0]) }
        let other = try RSAPrivateKey.generate()
        #expect(throws: CryptoError.badSignature) { try other.publicKey.recoverX931(tok) }
        // Deterministic: a second signature is identical.
        #expect(try other.signX931(Array("salt".utf8)) == other.signX931(Array("salt".utf8)))
    }

    @Test func keysAreUsableFromManyTasksAtOnce() async throws {
        let key = fixtures.privateKey
        let expected = fixtures.section("x931").bytes("tok")
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let tok = try key.signX931(Array("salt".utf8))
                    let plain = [UInt8](repeating: UInt8(index), count: 32)
                    let round = try key.decryptOAEP(key.publicKey.encryptOAEP(plain))
                    let signature = try key.sign(plain)
                    return tok == expected && round == plain
                        && key.publicKey.verify(signature: signature, message: plain)
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
