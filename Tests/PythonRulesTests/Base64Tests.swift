import BrineTesting
import PythonRules
import Testing

/// The one base64 against Python's `base64` and `binascii` (Fixtures/base64.json).
@Suite struct Base64Tests {
    @Test func encodesLikeB64encodeAndEncodebytes() throws {
        for entry in try PythonVectors.base64Cases().encode {
            #expect(Base64.encode(entry.bytes) == entry.b64encode, "\(entry.hex)")
            #expect(Base64.encodeLines(entry.bytes) == entry.encodebytes, "\(entry.hex)")
        }
    }

    /// `decodeLeniently` is `decodebytes`; `decode` is the strict reading crypto wants (whitespace
    /// allowed, nothing else outside the alphabet, padding exactly right).
    @Test func decodesLikePython() throws {
        for entry in try PythonVectors.base64Cases().decode {
            #expect(Base64.decodeLeniently(entry.text).map(hex) == entry.decodebytes, "decodebytes(\(entry.text.debugDescription))")
            #expect(Base64.decode(entry.text).map(hex) == entry.strict, "strict(\(entry.text.debugDescription))")
        }
    }

    @Test func roundTrips() {
        for count in 0..<70 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
            #expect(Base64.decode(Base64.encodeLines(bytes)) == bytes)
            #expect(Base64.decodeLeniently(Base64.encodeLines(bytes)) == bytes)
        }
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
