import MessagePack
import PythonRules

#if canImport(Glibc)
import Glibc
#endif

/// The host's network interfaces from getifaddrs: their addresses and hardware addresses, shaped
/// as Salt's `ipv4`, `ipv6`, `ip*_interfaces` and `hwaddr_interfaces` grains.
struct InterfaceAddresses {
    struct Interface {
        var name: String
        var ipv4: [IPAddress] = []
        var ipv6: [IPAddress] = []
        var hardwareAddress: String?
    }

    /// In kernel (ifindex) order, which is the order `ip addr show` lists them and Salt keeps.
    var interfaces: [Interface] = []

    static func read() -> InterfaceAddresses {
        var result = InterfaceAddresses()
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return result }
        defer { freeifaddrs(first) }
        var entry: UnsafeMutablePointer<ifaddrs>? = first
        while let current = entry {
            defer { entry = current.pointee.ifa_next }
            guard let address = current.pointee.ifa_addr else { continue }
            // IPv4 alias labels (`eth0:1`) belong to their device, where `ip addr` shows them.
            let name = String(cString: current.pointee.ifa_name).split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            let index = result.interfaces.firstIndex { $0.name == name } ?? {
                result.interfaces.append(Interface(name: name))
                return result.interfaces.count - 1
            }()
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                let bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ip in
                    withUnsafeBytes(of: ip.pointee.sin_addr) { Array($0) }
                }
                result.interfaces[index].ipv4.append(IPAddress(bytes: bytes))
            case AF_INET6:
                let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ip in
                    withUnsafeBytes(of: ip.pointee.sin6_addr) { Array($0) }
                }
                result.interfaces[index].ipv6.append(IPAddress(bytes: bytes))
            case AF_PACKET:
                // A `sockaddr_ll` (which Swift's Glibc module does not import): the address length is
                // the byte at offset 11 and up to 8 address bytes follow it.
                let link = UnsafeRawPointer(address)
                let length = min(Int(link.load(fromByteOffset: 11, as: UInt8.self)), 8)
                guard length > 0 else { continue }
                let bytes = (0..<length).map { link.load(fromByteOffset: 12 + $0, as: UInt8.self) }
                result.interfaces[index].hardwareAddress = bytes.map(hexByte).joined(separator: ":")
            default:
                continue
            }
        }
        return result
    }

    /// Every address of a family once, loopback included, sorted by value.
    var ipv4: [IPAddress] { Array(Set(interfaces.flatMap(\.ipv4))).sorted() }
    var ipv6: [IPAddress] { Array(Set(interfaces.flatMap(\.ipv6))).sorted() }

    /// `ipv4` and `ipv6` as Salt writes them, through Python's `ipaddress`; the per-interface grains as
    /// `ip addr` prints the addresses, which is where Salt reads those from.
    var grains: [(String, MessagePackValue)] {
        func perInterface(_ addresses: (Interface) -> [IPAddress]) -> MessagePackValue {
            .map(interfaces.map { MessagePackPair(.text($0.name), .array(addresses($0).map { .text($0.systemText) })) })
        }
        return [
            ("ipv4", .array(ipv4.map { .text($0.description) })),
            ("ipv6", .array(ipv6.map { .text($0.description) })),
            ("ip4_interfaces", perInterface(\.ipv4)),
            ("ip6_interfaces", perInterface(\.ipv6)),
            ("ip_interfaces", perInterface { $0.ipv4 + $0.ipv6 }),
            ("hwaddr_interfaces", .map(interfaces.compactMap { interface in
                interface.hardwareAddress.map { MessagePackPair(.text(interface.name), .text($0)) }
            })),
        ]
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
    }
}
