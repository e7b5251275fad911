import PythonRules
import Testing
@testable import SaltWire

@Suite("Digests, HMAC, base64 and randomness")
struct DigestTests {
    let fixtures = CryptoFixtures.shared

    @Test func hashesMatchPython() {
        for vector in fixtures.list("digest") {
            let data = vector.bytes("data")
            #expect(Digest.hex(Digest.sha1(data)) == vector.string("sha1"))
            #expect(Digest.hex(Digest.sha256(data)) == vector.string("sha256"))
        }
    }

    @Test func hexIsLowercaseWithoutSeparators() {
        #expect(Digest.hex([]) == "")
        #expect(Digest.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }

    @Test func hmacMatchesPython() {
        let vectors = fixtures.list("hmac_sha256")
        #expect(vectors.count == 5)
        for vector in vectors {
            let mac = Digest.hmacSHA256(key: vector.bytes("key"), data: vector.bytes("data"))
            #expect(Digest.hex(mac) == vector.string("mac"))
        }
    }

    @Test func base64MatchesPython() {
        for vector in fixtures.list("base64") {
            let data = vector.bytes("data")
            let text = vector.string("text")
            #expect(Base64.encode(data) == text)
            #expect(Base64.decode(text) == data)
        }
    }

    @Test func base64DecodeToleratesWhitespaceOnly() {
        #expect(Base64.decode("Zm9v\nYmFy\r\n") == Array("foobar".utf8))
        #expect(Base64.decode(" Zm8= ") == Array("fo".utf8))
        #expect(Base64.decode("") == [])
        for bad in ["Zm9", "Zm8", "Z===", "Zm8=Zm8=", "Zm9v!", "Zm=8", "=Zm8", "Zm8==="] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
    }

    @Test func secureRandomProducesFreshBytes() {
        #expect(SecureRandom.bytes(0).isEmpty)
        let a = SecureRandom.bytes(32)
        let b = SecureRandom.bytes(32)
        #expect(a.count == 32)
        #expect(a != b)
    }
}
