import PythonRules
import Testing
@testable import SaltWire

@Suite("Crypticle (AES-192-CBC + HMAC-SHA256)")
struct CrypticleTests {
    let fixtures = CryptoFixtures.shared

    var vectorCrypticle: Crypticle {
        try! Crypticle(keyString: fixtures.section("crypticle").string("key_string"))
    }

    var cases: [[String: any Sendable]] {
        (fixtures.section("crypticle")["cases"] as! [any Sendable]).map { $0 as! [String: any Sendable] }
    }

    @Test func decryptsPythonFrames() throws {
        let crypticle = vectorCrypticle
        #expect(cases.count == 5)
        for vector in cases {
            #expect(try crypticle.decrypt(vector.bytes("frame")) == vector.bytes("plaintext"))
        }
    }

    @Test func roundTripAndFrameLayout() throws {
        let crypticle = vectorCrypticle
        for length in [0, 1, 15, 16, 17, 41, 1000] {
            let plain = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let frame = crypticle.encrypt(plain)
            #expect(frame.count == 16 + (length / 16 + 1) * 16 + 32)
            #expect(try crypticle.decrypt(frame) == plain)
            #expect(crypticle.encrypt(plain) != frame, "fresh IV per message")
        }
        // The example from the notes: `pickle::` + 32-char nonce + msgpack nil = 96 bytes.
        #expect(crypticle.encrypt([UInt8](repeating: 0x61, count: 41)).count == 96)
    }

    @Test func tamperedFramesAreRejected() throws {
        let crypticle = vectorCrypticle
        let frame = cases[2].bytes("frame")
        for index in [0, 16, frame.count - 33, frame.count - 1] {
            var tampered = frame
            tampered[index] ^= 0x01
            #expect(throws: CryptoError.macMismatch) { try crypticle.decrypt(tampered) }
        }
        let other = try Crypticle(keyString: Crypticle.generateKeyString())
        #expect(throws: CryptoError.macMismatch) { try other.decrypt(frame) }
    }

    @Test func impossibleLengthsAreRejected() {
        let crypticle = vectorCrypticle
        for length in [0, 31, 32, 48, 63, 65, 80] {
            #expect(throws: CryptoError.self) { try crypticle.decrypt([UInt8](repeating: 0, count: length)) }
        }
    }

    @Test func authenticatedButBadPaddingIsRejected() throws {
        // Keep only the IV and the first block of a 16-zero-byte message and MAC it properly: the
        // plaintext now ends in 0x00, which PKCS#7 cannot produce, so it must not be "unpadded".
        let crypticle = vectorCrypticle
        let twoBlocks = crypticle.encrypt([UInt8](repeating: 0, count: 16))
        let hmacKey = Array(Base64.decode(crypticle.keyString)![24...])
        let body = Array(twoBlocks[0..<32])
        let forged = body + Digest.hmacSHA256(key: hmacKey, data: body)
        #expect(throws: CryptoError.decryptFailed) { try crypticle.decrypt(forged) }
    }

    @Test func keyStringValidation() throws {
        let generated = Crypticle.generateKeyString()
        #expect(generated.utf8.count == 76)
        #expect(Base64.decode(generated)?.count == 56)
        #expect(try Crypticle(keyString: generated).keyString == generated)
        #expect(throws: CryptoError.self) { try Crypticle(keyString: Base64.encode([UInt8](repeating: 1, count: 55))) }
        #expect(throws: CryptoError.self) { try Crypticle(keyString: Base64.encode([UInt8](repeating: 1, count: 57))) }
        #expect(throws: CryptoError.self) { try Crypticle(keyString: Base64.encode([UInt8](repeating: 1, count: 32))) }
        #expect(throws: CryptoError.self) { try Crypticle(keyString: "not base64 !!") }
        #expect(throws: CryptoError.self) { try Crypticle(keyString: "") }
    }

    @Test func sharedAcrossTasks() async throws {
        let crypticle = vectorCrypticle
        await withTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let plain = [UInt8](repeating: UInt8(index), count: index * 7)
                    return (try? crypticle.decrypt(crypticle.encrypt(plain))) == plain
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
