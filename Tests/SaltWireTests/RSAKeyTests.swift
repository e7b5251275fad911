import Foundation
import Testing
@testable import SaltWire

@Suite("RSA key parsing and serialisation")
struct RSAKeyTests {
    let fixtures = CryptoFixtures.shared

    @Test func pkcs1PrivateKeyRoundTripsByteForByte() throws {
        let key = try RSAPrivateKey(pem: fixtures.privatePEM)
        #expect(key.modulusBytes == 256)
        #expect(key.pkcs1PEM == fixtures.privatePEM)
        #expect(key.pkcs1PEM.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        #expect(key.pkcs1PEM.hasSuffix("-----END RSA PRIVATE KEY-----\n"))
    }

    @Test func pkcs8PrivateKeyIsAccepted() throws {
        let key = try RSAPrivateKey(pem: fixtures.pkcs8PEM)
        #expect(key.pkcs1PEM == fixtures.privatePEM)
    }

    @Test func publicKeyMatchesPythonSPKI() throws {
        let key = try RSAPrivateKey(pem: fixtures.privatePEM)
        #expect(key.publicKey.pem == fixtures.publicPEM)
        #expect(key.publicKey.modulusBytes == 256)
        let parsed = try RSAPublicKey(pem: fixtures.publicPEM)
        #expect(parsed.pem == fixtures.publicPEM)
    }

    @Test func pkcs1PublicKeyIsAcceptedAndReencodedAsSPKI() throws {
        let key = try RSAPublicKey(pem: fixtures.rsaPublicPEM)
        #expect(key.pem == fixtures.publicPEM)
    }

    @Test func cleanPEMIsSaltCleanKey() throws {
        let key = try RSAPublicKey(pem: fixtures.publicPEM)
        let expected = fixtures.section("public_key").string("clean_pem")
        #expect(key.cleanPEM == expected)
        #expect(key.cleanPEM.utf8.count == 450)
        #expect(!key.cleanPEM.hasSuffix("\n"))
        // Keys arrive with CRLF or surrounding blanks from files and must compare equal.
        let messy = "\r\n  " + fixtures.publicPEM.replacingOccurrences(of: "\n", with: "\r\n") + "\n\n"
        #expect(RSAPublicKey.cleanKey(messy) == expected)
        #expect(try RSAPublicKey(pem: messy).pem == fixtures.publicPEM)
        #expect(try RSAPublicKey(pem: expected).pem == fixtures.publicPEM)
    }

    @Test func fingerprintFollowsPemFingerOfTheKeyFile() throws {
        let key = try RSAPublicKey(pem: fixtures.publicPEM)
        let vectors = fixtures.section("public_key")
        #expect(key.fingerprint() == vectors.string("fingerprint_file"))
        #expect(key.fingerprint().split(separator: ":").count == 32)
        // The same file fingerprint whether or not the stored file kept its trailing newline.
        #expect(RSAPublicKey.fingerprint(pemFileContents: Array(key.cleanPEM.utf8)) == key.fingerprint())
        let crlf = fixtures.publicPEM.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(RSAPublicKey.fingerprint(pemFileContents: Array(crlf.utf8)) == key.fingerprint())
        // Salt 3008.5 `salt-key -f` hashes the raw file text instead (saltstack/salt#69970).
        #expect(RSAPublicKey.rawTextFingerprint(Array(key.cleanPEM.utf8)) == vectors.string("fingerprint_raw_clean"))
        #expect(RSAPublicKey.rawTextFingerprint(Array(key.pem.utf8)) == vectors.string("fingerprint_raw_file"))
    }

    @Test func generatedKeyWorksAndReparses() throws {
        let key = try RSAPrivateKey.generate(bits: 2048)
        #expect(key.modulusBytes == 256)
        let reparsed = try RSAPrivateKey(pem: key.pkcs1PEM)
        #expect(reparsed.publicKey.pem == key.publicKey.pem)
        let signature = try key.sign(Array("hello".utf8))
        #expect(reparsed.publicKey.verify(signature: signature, message: Array("hello".utf8)))
    }

    @Test(arguments: [
        "",
        "not a key",
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
    ])
    func garbagePrivateKeysAreRejected(pem: String) {
        #expect(throws: CryptoError.self) { try RSAPrivateKey(pem: pem) }
    }

    @Test func encryptedPrivateKeyIsRejectedWithoutPrompting() {
        let encrypted = """
            -----BEGIN RSA PRIVATE KEY-----
            Proc-Type: 4,ENCRYPTED
            DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF

            AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
            -----END RSA PRIVATE KEY-----

            """
        #expect(throws: CryptoError.self) { try RSAPrivateKey(pem: encrypted) }
    }

    @Test func publicKeyParserRejectsOtherBlocks() {
        #expect(throws: CryptoError.self) { try RSAPublicKey(pem: fixtures.privatePEM) }
        #expect(throws: CryptoError.self) { try RSAPublicKey(pem: "garbage") }
        let truncated = String(fixtures.publicPEM.prefix(200)) + "\n-----END PUBLIC KEY-----\n"
        #expect(throws: CryptoError.self) { try RSAPublicKey(pem: truncated) }
    }

    @Test func errorsDescribeThemselves() {
        #expect(CryptoError.macMismatch.description.contains("HMAC"))
        #expect(CryptoError.invalidKey("x").description == "invalid RSA key: x")
        do {
            _ = try RSAPublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
            Issue.record("expected failure")
        } catch {
            #expect(String(describing: error).contains("PUBLIC KEY"))
        }
    }
}
