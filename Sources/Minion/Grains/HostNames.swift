import MessagePack
import PythonRules

#if canImport(Glibc)
import Glibc
#endif

/// The host's names as the resolver gives them: `localhost`, `fqdn`, `host`, `domain`, the fqdn's
/// addresses and the names the host's own addresses reverse-resolve to.
enum HostNames {
    /// The kernel's host name (`gethostname`).
    static func current() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The canonical name the resolver gives the host name, which is how Salt finds the fqdn (and the
    /// default minion id); the host name itself when it does not resolve.
    static func fullyQualified(_ host: String) -> String {
        var hints = addrinfo()
        hints.ai_flags = AI_CANONNAME
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return host }
        defer { freeaddrinfo(first) }
        var canonical: String?
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let name = current.pointee.ai_canonname, name.pointee != 0 { canonical = String(cString: name) }
            entry = current.pointee.ai_next
        }
        return canonical ?? host
    }

    /// `localhost`, `fqdn`, `host`, `domain`, `fqdn_ip4`, `fqdn_ip6` and (unless `enable_fqdns_grains`
    /// is false) `fqdns`.
    static func grains(interfaces: InterfaceAddresses, reverseLookups: Bool) -> [(String, MessagePackValue)] {
        let localhost = current()
        let fqdn = fullyQualified(localhost)
        let dot = fqdn.firstIndex(of: ".")
        var grains: [(String, MessagePackValue)] = [
            ("localhost", .text(localhost)),
            ("fqdn", .text(fqdn)),
            ("host", .text(dot.map { String(fqdn[..<$0]) } ?? fqdn)),
            ("domain", .text(dot.map { String(fqdn[fqdn.index(after: $0)...]) } ?? "")),
            // Salt only asks the resolver for a family the host has addresses in.
            ("fqdn_ip4", .array(interfaces.ipv4.isEmpty ? [] : addresses(of: fqdn, family: AF_INET).map { .text($0) })),
            ("fqdn_ip6", .array(interfaces.ipv6.isEmpty ? [] : addresses(of: fqdn, family: AF_INET6).map { .text($0) })),
        ]
        let nonLoopback = (interfaces.ipv4 + interfaces.ipv6).filter { !$0.isLoopback }
        grains.append(("fqdns", .array(reverseLookups ? reverseNames(of: nonLoopback).map { .text($0) } : [])))
        return grains
    }

    /// The addresses a name resolves to in one family, each once, sorted by value, as the resolver
    /// writes them (Salt takes them from `getaddrinfo`).
    static func addresses(of name: String, family: Int32) -> [String] {
        var hints = addrinfo()
        hints.ai_family = family
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var found = Set<IPAddress>()
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            defer { entry = current.pointee.ai_next }
            guard let address = current.pointee.ai_addr, Int32(address.pointee.sa_family) == family else { continue }
            let bytes: [UInt8]
            if family == AF_INET {
                bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) } }
            } else {
                bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) } }
            }
            found.insert(IPAddress(bytes: bytes))
        }
        return found.sorted().map(\.systemText)
    }

    /// The names the host's addresses reverse-resolve to, each once, sorted: Salt's `fqdns`.
    private static func reverseNames(of addresses: [IPAddress]) -> [String] {
        var names = Set<String>()
        for address in addresses {
            var storage = sockaddr_storage()
            let length: Int
            if address.bytes.count == 4 {
                length = MemoryLayout<sockaddr_in>.size
                withUnsafeMutableBytes(of: &storage) { raw in
                    let ip = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self)
                    ip.pointee.sin_family = sa_family_t(AF_INET)
                    withUnsafeMutableBytes(of: &ip.pointee.sin_addr) { $0.copyBytes(from: address.bytes) }
                }
            } else {
                length = MemoryLayout<sockaddr_in6>.size
                withUnsafeMutableBytes(of: &storage) { raw in
                    let ip = raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self)
                    ip.pointee.sin6_family = sa_family_t(AF_INET6)
                    withUnsafeMutableBytes(of: &ip.pointee.sin6_addr) { $0.copyBytes(from: address.bytes) }
                }
            }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let status = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    getnameinfo($0, socklen_t(length), &host, socklen_t(host.count), nil, 0, NI_NAMEREQD)
                }
            }
            if status == 0 { names.insert(String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)) }
        }
        return names.sorted()
    }
}
