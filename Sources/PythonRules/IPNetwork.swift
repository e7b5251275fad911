/// An IPv4 or IPv6 network as Python's `ipaddress.ip_network` reads it: `address/prefix`, a bare
/// address being its own /32 or /128, and an IPv4 prefix also as a netmask (`/255.255.0.0`) or a
/// hostmask (`/0.0.255.255`).
///
/// `strict` is Python's own switch, and Salt decides it per caller: the `ipcidr` matcher and
/// `network.ip_addrs cidr=` read strictly, so `10.1.2.3/8` (host bits set) is not a network there;
/// loose reading clears the host bits and makes it `10.0.0.0/8`.
public struct IPNetwork: Sendable, CustomStringConvertible {
    /// Why a text is not a network, in words a user can act on.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The first address, with host bits clear.
    public let address: IPAddress
    public let prefixLength: Int

    public init(_ text: String, strict: Bool) throws(ParseError) {
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { throw ParseError(description: "only one '/' is allowed") }
        let isIPv6 = halves[0].contains(":")
        let family = isIPv6 ? "IPv6" : "IPv4"
        guard let address = IPAddress(String(halves[0])) else {
            throw ParseError(description: "'\(halves[0])' is not an \(family) address")
        }
        let bits = address.bytes.count * 8
        if halves.count == 2 {
            guard let length = Self.prefixLength(halves[1], bits: bits) else {
                let masks = isIPv6 ? "" : " or a netmask"
                throw ParseError(description: "'\(halves[1])' is not a prefix length from 0 to \(bits)\(masks)")
            }
            prefixLength = length
        } else {
            prefixLength = bits
        }
        let masked = Self.masked(address.bytes, prefixLength)
        if masked == address.bytes {
            self.address = address
        } else if strict {
            throw ParseError(description: "it has host bits set")
        } else {
            self.address = IPAddress(bytes: masked)
        }
    }

    public var description: String { "\(address)/\(prefixLength)" }

    /// Whether `candidate` is in this network: same family, same leading bits; zones do not count.
    public func contains(_ candidate: IPAddress) -> Bool {
        candidate.isIPv4 == address.isIPv4 && Self.masked(candidate.bytes, prefixLength) == address.bytes
    }

    private static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = min(8, max(0, length - index * 8))
            return kept == 8 ? byte : byte & ~(0xFF >> UInt8(kept))
        }
    }

    /// Decimal digits, or for IPv4 a dotted netmask or hostmask.
    private static func prefixLength(_ text: Substring, bits: Int) -> Int? {
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            guard let length = Int(text), length <= bits else { return nil }
            return length
        }
        guard bits == 32, let mask = IPAddress.ipv4(text) else { return nil }
        let value = mask.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        // A netmask is ones then zeros; failing that, a hostmask is zeros then ones.
        for mask in [value, ~value] {
            let hostBits = ~mask
            if hostBits & (hostBits &+ 1) == 0 { return hostBits.leadingZeroBitCount }
        }
        return nil
    }
}
