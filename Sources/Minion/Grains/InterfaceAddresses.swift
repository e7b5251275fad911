#if canImport(Glibc)
import Glibc
#endif

/// The host's IPv4 and IPv6 addresses, from getifaddrs, sorted as Salt sorts its `ipv4`/`ipv6` grains.
struct InterfaceAddresses {
    var ipv4: [String] = []
    var ipv6: [String] = []

    static func read() -> InterfaceAddresses {
        var result = InterfaceAddresses()
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return result }
        defer { freeifaddrs(first) }
        var entry: UnsafeMutablePointer<ifaddrs>? = first
        while let current = entry {
            defer { entry = current.pointee.ifa_next }
            guard let address = current.pointee.ifa_addr else { continue }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    var ip = $0.pointee.sin_addr
                    inet_ntop(AF_INET, &ip, &buffer, socklen_t(buffer.count))
                }
                result.ipv4.append(text(buffer))
            case AF_INET6:
                address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    var ip = $0.pointee.sin6_addr
                    inet_ntop(AF_INET6, &ip, &buffer, socklen_t(buffer.count))
                }
                result.ipv6.append(text(buffer))
            default:
                continue
            }
        }
        result.ipv4 = Array(Set(result.ipv4)).sorted()
        result.ipv6 = Array(Set(result.ipv6)).sorted()
        return result
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
