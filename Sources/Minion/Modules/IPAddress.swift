#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address as bytes, with what `network.*` asks of Python's `ipaddress`: parsing,
/// ordering, subnet membership, loopback and private ranges.
struct IPAddress: Comparable, Hashable {
    let bytes: [UInt8]

    init?(_ text: String) {
        let bare = String(text.prefix { $0 != "%" })
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            bytes = withUnsafeBytes(of: v4) { Array($0) }
        } else if inet_pton(AF_INET6, bare, &v6) == 1 {
            bytes = withUnsafeBytes(of: v6) { Array($0) }
        } else {
            return nil
        }
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isIPv4: Bool { bytes.count == 4 }

    /// The canonical text (`inet_ntop`): compressed IPv6, dotted IPv4.
    var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        bytes.withUnsafeBytes { raw in
            _ = inet_ntop(isIPv4 ? AF_INET : AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        lhs.bytes.count != rhs.bytes.count ? lhs.bytes.count < rhs.bytes.count : lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// Whether the first `length` bits equal those of `network`.
    func within(_ network: IPAddress, prefix length: Int) -> Bool {
        guard network.bytes.count == bytes.count, length >= 0, length <= bytes.count * 8 else { return false }
        for bit in 0..<length {
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            if bytes[bit / 8] & mask != network.bytes[bit / 8] & mask { return false }
        }
        return true
    }

    /// `a.b.c.d/n` or `x::/n` (a bare address is its own /32 or /128); nil when malformed.
    func within(cidr: String) -> Bool? {
        let parts = cidr.split(separator: "/", maxSplits: 1)
        guard let network = IPAddress(String(parts[0])) else { return nil }
        let length = parts.count == 2 ? Int(parts[1]) : network.bytes.count * 8
        guard let length else { return nil }
        return within(network, prefix: length)
    }

    var isLoopback: Bool {
        isIPv4 ? bytes[0] == 127 : bytes == [UInt8](repeating: 0, count: 15) + [1]
    }

    /// Python's `ipaddress` `is_private` ranges.
    var isPrivate: Bool {
        let ranges = isIPv4
            ? ["0.0.0.0/8", "10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/29", "192.0.0.170/31",
               "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",
               "255.255.255.255/32"]
            : ["::1/128", "::/128", "::ffff:0:0/96", "100::/64", "2001::/23", "2001:db8::/32", "2001:10::/28", "fc00::/7", "fe80::/10"]
        return ranges.contains { within(cidr: $0) == true }
    }

    /// A netmask's prefix length (`255.255.255.0` is 24).
    var prefixLength: Int {
        bytes.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// The scope `ip addr` shows for an IPv6 address.
    var scope: String {
        if isLoopback { return "host" }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return "link" }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0xc0 { return "site" }
        return "global"
    }
}
