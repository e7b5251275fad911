import Foundation
import SaltWire

/// Vectors produced once by `Fixtures/make_vectors.py` (Python `cryptography`) and committed,
/// so the tests compare against an independent implementation without needing Python.
struct CryptoFixtures: Sendable {
    let json: [String: any Sendable]
    let privatePEM: String
    let pkcs8PEM: String
    let publicPEM: String
    let rsaPublicPEM: String

    static let shared: CryptoFixtures = {
        do {
            return try CryptoFixtures()
        } catch {
            fatalError("cannot load SaltWireTests fixtures: \(error)")
        }
    }()

    private init() throws {
        func text(_ name: String) throws -> String {
            try String(contentsOf: Self.url(name), encoding: .utf8)
        }
        let data = try Data(contentsOf: Self.url("crypto_vectors.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        json = Self.sendable(object) as? [String: any Sendable] ?? [:]
        privatePEM = try text("rsa2048.pem")
        pkcs8PEM = try text("rsa2048.pkcs8.pem")
        publicPEM = try text("rsa2048.pub")
        rsaPublicPEM = try text("rsa2048.rsapub.pem")
    }

    private static func url(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// JSONSerialization yields `Any`; re-box into Sendable containers for Swift 6.
    private static func sendable(_ value: Any) -> any Sendable {
        switch value {
        case let dict as [String: Any]: return dict.mapValues { sendable($0) }
        case let array as [Any]: return array.map { sendable($0) }
        case let string as String: return string
        case let number as NSNumber: return number.intValue
        default: return String(describing: value)
        }
    }

    func section(_ name: String) -> [String: any Sendable] {
        json[name] as! [String: any Sendable]
    }

    func list(_ name: String) -> [[String: any Sendable]] {
        (json[name] as! [any Sendable]).map { $0 as! [String: any Sendable] }
    }

    var privateKey: RSAPrivateKey { try! RSAPrivateKey(pem: privatePEM) }
    var publicKey: RSAPublicKey { try! RSAPublicKey(pem: publicPEM) }
}

extension Dictionary where Key == String, Value == any Sendable {
    func string(_ key: String) -> String { self[key] as! String }
    func bytes(_ key: String) -> [UInt8] { unhex(string(key)) }
}

func unhex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    precondition(digits.count % 2 == 0, "odd hex length")
    func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: preconditionFailure("bad hex digit")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
}
