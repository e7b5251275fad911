import PythonRules

#if canImport(Glibc)
import Glibc
#endif

/// What `network.*` and the interface grains need of an address beyond Python's rules: the text `ip`,
/// `netstat` and the resolver print, which Salt parses and so shows, a netmask's length, and the
/// scope `ip addr` shows.
extension IPAddress {
    /// `inet_ntop`'s text: Python's, except that an IPv4-mapped address keeps its dotted tail
    /// (`::ffff:10.0.0.5`, as a dual-stack socket's peer appears in `netstat`).
    var systemText: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        bytes.withUnsafeBytes { raw in
            _ = inet_ntop(isIPv4 ? AF_INET : AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
