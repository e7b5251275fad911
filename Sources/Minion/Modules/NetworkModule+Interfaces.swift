import BrineCore
import MessagePack
import PythonRules

#if canImport(Glibc)
import Glibc
#endif

extension NetworkModule {
    /// Every interface in the shape Salt builds from `ip addr show`: {name: {up, hwaddr, parent,
    /// inet: [{address, netmask, broadcast, label}], inet6: [{address, prefixlen, scope}]}}. Read from
    /// /sys/class/net (state, MAC, links) and getifaddrs (addresses) instead of running `ip`.
    static func interfaces() -> MessagePackValue {
        let names = FileSystem.list("/sys/class/net")
        var indexes: [String: String] = [:]
        for name in names {
            if let index = sysValue(name, "ifindex") { indexes[index] = name }
        }
        var result: [String: MessagePackValue] = [:]
        for name in names {
            var entry: MessagePackValue = ["up": .bool((Int(sysValue(name, "flags")?.dropFirst(2) ?? "0", radix: 16) ?? 0) & Int(IFF_UP) != 0)]
            if let address = sysValue(name, "address"), !address.isEmpty { entry["hwaddr"] = .text(address) }
            if let link = sysValue(name, "iflink"), link != sysValue(name, "ifindex") {
                entry["parent"] = .text(indexes[link] ?? "if\(link)")
            }
            result[name] = entry
        }
        for address in addresses() {
            let name = String(address.label.prefix { $0 != ":" })
            var entry = result[name] ?? ["up": .bool(address.up)]
            let key = address.ip.isIPv4 ? "inet" : "inet6"
            let record: MessagePackValue = address.ip.isIPv4
                ? ["address": .text(address.ip.systemText), "netmask": .text(address.mask.systemText),
                   "broadcast": address.broadcast.map { .text($0.systemText) } ?? .nil, "label": .text(address.label)]
                : ["address": .text(address.ip.systemText), "prefixlen": .text(String(address.mask.prefixLength)),
                   "scope": .text(address.ip.scope)]
            entry[key] = .array((entry[key]?.arrayValue ?? []) + [record])
            result[name] = entry
        }
        return .map(result.keys.sorted().map { MessagePackPair(.text($0), result[$0] ?? [:]) })
    }

    /// One address of one interface, as getifaddrs reports it (`label` is `eth0:1` for an alias).
    struct InterfaceAddress {
        let label: String
        let ip: IPAddress
        let mask: IPAddress
        let broadcast: IPAddress?
        let up: Bool
    }

    static func addresses() -> [InterfaceAddress] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(first) }
        var result: [InterfaceAddress] = []
        var entry: UnsafeMutablePointer<ifaddrs>? = first
        while let current = entry {
            defer { entry = current.pointee.ifa_next }
            let flags = current.pointee.ifa_flags
            guard let ip = address(current.pointee.ifa_addr) else { continue }
            let broadcast = flags & UInt32(IFF_BROADCAST) != 0 ? address(current.pointee.ifa_ifu.ifu_broadaddr) : nil
            result.append(InterfaceAddress(
                label: String(cString: current.pointee.ifa_name), ip: ip,
                mask: address(current.pointee.ifa_netmask) ?? IPAddress(bytes: [UInt8](repeating: 0xff, count: ip.bytes.count)),
                broadcast: broadcast, up: flags & UInt32(IFF_UP) != 0))
        }
        return result
    }

    private static func address(_ pointer: UnsafeMutablePointer<sockaddr>?) -> IPAddress? {
        guard let pointer else { return nil }
        switch Int32(pointer.pointee.sa_family) {
        case AF_INET:
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                IPAddress(bytes: withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) })
            }
        case AF_INET6:
            return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                IPAddress(bytes: withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) })
            }
        default:
            return nil
        }
    }

    private static func sysValue(_ interface: String, _ name: String) -> String? {
        (try? FileSystem.readString("/sys/class/net/\(interface)/\(name)"))?.trimmingTrailingWhitespace()
    }

    /// The addresses of one family on the interfaces matching `interface` (comma-separated globs),
    /// loopback ones only when asked, sorted and without repeats (Salt's `_ip_addrs`).
    static func addresses(ipv4: Bool, interface: [String]?, includeLoopback: Bool) -> [IPAddress] {
        let chosen = addresses().filter { address in
            address.ip.isIPv4 == ipv4 && (includeLoopback || !address.ip.isLoopback)
                && (interface.map { patterns in
                    patterns.contains { Glob($0).matches(String(address.label.prefix { $0 != ":" })) }
                } ?? true)
        }
        return Array(Set(chosen.map(\.ip))).sorted()
    }
}
