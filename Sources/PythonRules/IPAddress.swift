/// An IPv4 or IPv6 address read, written and classified as Python's `ipaddress` does, which is how
/// Salt reads `ipcidr` targets and `network.*` arguments and writes the `ipv4`/`ipv6` grains.
///
/// Python's rules, not `inet_pton`'s: no leading zeros in IPv4 octets, an IPv6 zone (`%eth0`) kept
/// and printed, IPv6 compressed only over two or more zero groups, and an IPv4-mapped address
/// printed in hex (`::ffff:a01:203`).
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 4 bytes or 16, in network order.
    public let bytes: [UInt8]
    /// The IPv6 scope (`eth0` in `fe80::1%eth0`), which printing keeps and subnet tests ignore.
    public let zone: String?

    public init?(_ text: String) {
        if let bytes = Self.ipv4(text) {
            self.init(bytes: bytes)
            return
        }
        var address = text[...]
        var zone: String?
        if let percent = text.firstIndex(of: "%") {
            address = text[..<percent]
            let scope = text[text.index(after: percent)...]
            guard !scope.isEmpty, !scope.contains("%") else { return nil }
            zone = String(scope)
        }
        guard let bytes = Self.ipv6(address) else { return nil }
        self.init(bytes: bytes, zone: zone)
    }

    /// An address from the kernel or a mask; `bytes` must hold 4 or 16 bytes.
    public init(bytes: [UInt8], zone: String? = nil) {
        precondition(bytes.count == 4 || bytes.count == 16, "an IP address has 4 or 16 bytes")
        self.bytes = bytes
        self.zone = bytes.count == 16 ? zone : nil
    }

    public var isIPv4: Bool { bytes.count == 4 }

    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        var groups = stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        // The first longest run of zero groups, if it has two or more, becomes `::`.
        var best = (start: 0, count: 0)
        var run = (start: 0, count: 0)
        for (index, group) in groups.enumerated() {
            if group == "0" {
                run = run.count == 0 ? (index, 1) : (run.start, run.count + 1)
                if run.count > best.count { best = run }
            } else {
                run = (0, 0)
            }
        }
        if best.count > 1 {
            let end = best.start + best.count
            groups.replaceSubrange(best.start..<end, with: [""])
            if end == 8 { groups.append("") }
            if best.start == 0 { groups.insert("", at: 0) }
        }
        return groups.joined(separator: ":") + (zone.map { "%" + $0 } ?? "")
    }

    /// IPv4 before IPv6, then by value (Python refuses to compare across versions; sorting lists of
    /// one version is all Salt does).
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        if lhs.bytes.count != rhs.bytes.count { return lhs.bytes.count < rhs.bytes.count }
        if lhs.bytes != rhs.bytes { return lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
        return (lhs.zone ?? "") < (rhs.zone ?? "")
    }

    /// `127.0.0.0/8`, or `::1`.
    public var isLoopback: Bool {
        isIPv4 ? bytes[0] == 127 : bytes == [UInt8](repeating: 0, count: 15) + [1]
    }

    /// Python's `is_private` (3.11): the special-purpose ranges of IANA's registries; an
    /// IPv4-mapped IPv6 address is private when its IPv4 address is.
    public var isPrivate: Bool {
        if let mapped = ipv4Mapped { return mapped.isPrivate }
        return (isIPv4 ? Self.privateIPv4 : Self.privateIPv6).contains { $0.contains(self) }
    }

    /// The IPv4 address inside `::ffff:a.b.c.d`.
    var ipv4Mapped: IPAddress? {
        guard !isIPv4, bytes[..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return nil }
        return IPAddress(bytes: Array(bytes[12...]))
    }

    private static let privateIPv4 = [
        "0.0.0.0/8", "10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/29", "192.0.0.170/31",
        "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",
        "255.255.255.255/32",
    ].map { try! IPNetwork($0, strict: true) }
    private static let privateIPv6 = [
        "::1/128", "::/128", "::ffff:0:0/96", "100::/64", "2001::/23", "2001:2::/48", "2001:db8::/32", "2001:10::/28",
        "fc00::/7", "fe80::/10",
    ].map { try! IPNetwork($0, strict: true) }

    /// Four decimal octets from 0 to 255, each at most three digits and without a leading zero.
    static func ipv4(_ text: some StringProtocol) -> [UInt8]? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for octet in octets {
            guard !octet.isEmpty, octet.utf8.count <= 3, octet.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  octet == "0" || octet.first != "0", let value = UInt8(octet)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    /// Eight groups of up to four hex digits, one `::` standing for one or more zero groups, and an
    /// IPv4 address in place of the last two.
    private static func ipv6(_ text: Substring) -> [UInt8]? {
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { return nil }
        if let last = parts.last, last.contains(".") {
            guard let v4 = ipv4(last) else { return nil }
            parts.removeLast()
            parts.append(String(UInt16(v4[0]) << 8 | UInt16(v4[1]), radix: 16))
            parts.append(String(UInt16(v4[2]) << 8 | UInt16(v4[3]), radix: 16))
        }
        guard parts.count <= 9 else { return nil }
        let inner = parts.indices.dropFirst().dropLast().filter { parts[$0].isEmpty }
        guard inner.count <= 1 else { return nil }
        var high: ArraySlice<String>
        var low: ArraySlice<String>
        if let skip = inner.first {
            high = parts[..<skip]
            low = parts[(skip + 1)...]
            if parts[0].isEmpty {
                guard high.count == 1 else { return nil }
                high = []
            }
            if parts[parts.count - 1].isEmpty {
                guard low.count == 1 else { return nil }
                low = []
            }
            guard high.count + low.count <= 7 else { return nil }
        } else {
            guard parts.count == 8 else { return nil }
            high = parts[...]
            low = []
        }
        var groups: [UInt16] = []
        for part in high {
            guard let group = hextet(part) else { return nil }
            groups.append(group)
        }
        groups += [UInt16](repeating: 0, count: 8 - high.count - low.count)
        for part in low {
            guard let group = hextet(part) else { return nil }
            groups.append(group)
        }
        return groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// One to four ASCII hex digits.
    private static func hextet(_ text: String) -> UInt16? {
        guard !text.isEmpty, text.utf8.count <= 4, text.utf8.allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }) else {
            return nil
        }
        return UInt16(text, radix: 16)
    }
}
