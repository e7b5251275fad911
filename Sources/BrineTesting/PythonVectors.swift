import Foundation

/// What Python answers for the rules Salt inherits from it, written into
/// `Tests/PythonRulesTests/Fixtures` by the `make_vectors.py` there. Every target that follows one of
/// these rules (targeting, `sys.list_functions`, `jobs.list_jobs`, the outputters, YAML, crypto)
/// is tested against the same answers.
public enum PythonVectors {
    /// `fnmatch.fnmatch(name, pattern)`.
    public struct GlobCase: Decodable, Sendable {
        public let pattern: String
        public let name: String
        public let matches: Bool
    }

    /// msgpack bytes from Salt's wire, and `repr()` and `str()` of what `salt.payload.loads` makes of
    /// them, with `splitlines()` when that is a `str`.
    public struct ReprCase: Decodable, Sendable, CustomStringConvertible {
        public let name: String
        public let hex: String
        public let repr: String
        public let str: String
        public let lines: [String]?

        public var bytes: [UInt8] { PythonVectors.bytes(fromHex: hex) }
        public var description: String { name }
    }

    public struct Base64Cases: Decodable, Sendable {
        /// `b64encode` and `encodebytes` of some bytes.
        public struct Encoding: Decodable, Sendable {
            public let hex: String
            public let b64encode: String
            public let encodebytes: String

            public var bytes: [UInt8] { PythonVectors.bytes(fromHex: hex) }
        }

        /// Hex of what `decodebytes` and strict decoding make of a text; nil where Python raises.
        public struct Decoding: Decodable, Sendable {
            public let text: String
            public let decodebytes: String?
            public let strict: String?
        }

        public let encode: [Encoding]
        public let decode: [Decoding]
    }

    public struct IPCases: Decodable, Sendable {
        /// `ip_address(text)`: nil fields where Python raises.
        public struct Address: Decodable, Sendable {
            public let text: String
            public let str: String?
            public let version: Int?
            public let `private`: Bool?
            public let loopback: Bool?
        }

        /// `str(ip_network(text, strict=True))` and with `strict=False`; nil where Python raises.
        public struct Network: Decodable, Sendable {
            public let text: String
            public let strict: String?
            public let loose: String?
        }

        /// `ip_address(address) in ip_network(network, strict=False)`.
        public struct Membership: Decodable, Sendable {
            public let address: String
            public let network: String
            public let contains: Bool
        }

        public let address: [Address]
        public let network: [Network]
        public let contains: [Membership]
    }

    public static func globCases() throws -> [GlobCase] { try load("glob.json") }
    public static func reprCases() throws -> [ReprCase] { try load("repr.json") }
    public static func base64Cases() throws -> Base64Cases { try load("base64.json") }
    public static func ipCases() throws -> IPCases { try load("ipaddress.json") }

    private static func load<Value: Decodable>(_ file: String) throws -> Value {
        let path = PackageRoot.path + "/Tests/PythonRulesTests/Fixtures/" + file
        return try JSONDecoder().decode(Value.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private static func bytes(fromHex hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var digits = hex.utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) ?? 0)
        }
        return bytes
    }
}
