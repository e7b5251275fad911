#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MessagePack

/// An `ipcidr` target: a single address or a network, IPv4 or IPv6, tested against the minion's
/// `ipv4` or `ipv6` grain (whichever matches the target's family).
///
/// Parsing follows Python's `ipaddress`, which Salt uses: a network must not have host bits set
/// (`10.1.2.3/8` is an error, not `10.0.0.0/8`), and an IPv4 prefix may be written as a netmask
/// (`/255.255.0.0`) or a hostmask (`/0.0.255.255`).
struct IPNetwork: Sendable {
    private enum Family: Sendable {
        case ipv4, ipv6

        var name: String { self == .ipv4 ? "IPv4" : "IPv6" }
        var grain: String { self == .ipv4 ? "ipv4" : "ipv6" }
        var byteCount: Int { self == .ipv4 ? 4 : 16 }
        var addressFamily: Int32 { self == .ipv4 ? AF_INET : AF_INET6 }
    }

    private let family: Family
    private let network: [UInt8]
    private let prefixLength: Int

    init(_ text: String) throws(TargetingError) {
        let halves = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let addressText = Self.withoutZone(halves[0])
        family = addressText.contains(":") ? .ipv6 : .ipv4
        guard let address = Self.parse(addressText, as: family) else {
            throw .invalidAddress(text, reason: "'\(addressText)' is not an \(family.name) address")
        }
        let bits = family.byteCount * 8
        if halves.count == 2 {
            guard let length = Self.prefixLength(String(halves[1]), family: family) else {
                let masks = family == .ipv4 ? " or a netmask" : ""
                throw .invalidAddress(text, reason: "'\(halves[1])' is not a prefix length from 0 to \(bits)\(masks)")
            }
            prefixLength = length
        } else {
            prefixLength = bits
        }
        network = address
        guard (prefixLength..<bits).allSatisfy({ !Self.bit($0, of: address) }) else {
            throw .invalidAddress(text, reason: "it has host bits set")
        }
    }

    func matches(grains: MessagePackValue) -> Bool {
        guard let entries = grains[family.grain] else { return false }
        let addresses = entries.arrayValue ?? [entries]
        return addresses.contains { entry in
            guard let text = entry.stringValue, let address = Self.parse(Self.withoutZone(text), as: family) else {
                return false
            }
            return (0..<prefixLength).allSatisfy { Self.bit($0, of: address) == Self.bit($0, of: network) }
        }
    }

    /// Drops an IPv6 zone (`fe80::1%eth0`), which a subnet test ignores.
    private static func withoutZone(_ text: some StringProtocol) -> String {
        String(text.prefix { $0 != "%" })
    }

    private static func parse(_ text: String, as family: Family) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: family.byteCount)
        let status = bytes.withUnsafeMutableBytes { buffer in
            inet_pton(family.addressFamily, text, buffer.baseAddress)
        }
        return status == 1 ? bytes : nil
    }

    /// A decimal length, or for IPv4 a dotted netmask or hostmask, as Python's `ipaddress` accepts.
    private static func prefixLength(_ text: String, family: Family) -> Int? {
        let bits = family.byteCount * 8
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let length = Int(text), length <= bits else { return nil }
            return length
        }
        guard family == .ipv4, let mask = parse(text, as: .ipv4) else { return nil }
        let ones = (0..<bits).prefix { bit($0, of: mask) }.count
        if (ones..<bits).allSatisfy({ !bit($0, of: mask) }) { return ones }
        let zeros = (0..<bits).prefix { !bit($0, of: mask) }.count
        if (zeros..<bits).allSatisfy({ bit($0, of: mask) }) { return zeros }
        return nil
    }

    /// Bit `index` of an address, counting from the most significant.
    private static func bit(_ index: Int, of bytes: [UInt8]) -> Bool {
        bytes[index / 8] & (0x80 >> UInt8(index % 8)) != 0
    }
}
