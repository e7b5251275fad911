import BrineCore
import MessagePack
import PythonRules

#if canImport(Glibc)
import Glibc
#endif

/// Sockets and routes read from the kernel's tables in `/proc/net`, in the shapes Salt builds from
/// `netstat -tulpnea` and `netstat -rn`.
extension NetworkModule {
    static let tcpStates = [
        "01": "ESTABLISHED", "02": "SYN_SENT", "03": "SYN_RECV", "04": "FIN_WAIT1", "05": "FIN_WAIT2", "06": "TIME_WAIT",
        "07": "CLOSE", "08": "CLOSE_WAIT", "09": "LAST_ACK", "0A": "LISTEN", "0B": "CLOSING",
    ]

    /// TCP and UDP sockets, IPv4 then IPv6: proto, recv-q, send-q, local-address, remote-address,
    /// state (TCP only), user (uid), inode and program (`pid/name`, `-` when not ours to see).
    static func netstat() -> MessagePackValue {
        let programs = socketOwners()
        var result: [MessagePackValue] = []
        for proto in ["tcp", "tcp6", "udp", "udp6"] {
            let text = (try? FileSystem.readString("/proc/net/\(proto)")) ?? ""
            for line in text.split(separator: "\n").dropFirst() {
                let columns = line.split(separator: " ")
                guard columns.count >= 10 else { continue }
                let queues = columns[4].split(separator: ":")
                let inode = String(columns[9])
                var entry: MessagePackValue = [
                    "proto": .text(proto),
                    "recv-q": .text(String(Int(queues.last ?? "0", radix: 16) ?? 0)),
                    "send-q": .text(String(Int(queues.first ?? "0", radix: 16) ?? 0)),
                    "local-address": .text(socketAddress(columns[1])),
                    "remote-address": .text(socketAddress(columns[2])),
                ]
                if proto.hasPrefix("tcp") { entry["state"] = .text(tcpStates[String(columns[3])] ?? String(columns[3])) }
                entry["user"] = .text(String(columns[7]))
                entry["inode"] = .text(inode)
                entry["program"] = .text(programs[inode] ?? "-")
                result.append(entry)
            }
        }
        return .array(result)
    }

    /// `0100007F:0277` → `127.0.0.1:631`; port 0 prints as `*`, as netstat does.
    static func socketAddress(_ field: Substring) -> String {
        let parts = field.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1], radix: 16) else { return String(field) }
        return "\(kernelAddress(parts[0]).systemText):\(port == 0 ? "*" : String(port))"
    }

    /// The kernel prints addresses as 32-bit words in host (little-endian) order.
    static func kernelAddress(_ hex: Substring) -> IPAddress {
        let digits = Array(hex.utf8)
        var bytes: [UInt8] = []
        for word in stride(from: 0, to: digits.count - 7, by: 8) {
            let value = UInt32(String(decoding: digits[word..<(word + 8)], as: UTF8.self), radix: 16) ?? 0
            bytes += withUnsafeBytes(of: value.littleEndian) { Array($0) }
        }
        return IPAddress(bytes: [4, 16].contains(bytes.count) ? bytes : [0, 0, 0, 0])
    }

    /// Socket inode → `pid/name`, from the descriptors in /proc (only processes we may inspect).
    private static func socketOwners() -> [String: String] {
        var owners: [String: String] = [:]
        var link = [CChar](repeating: 0, count: 64)
        for pid in FileSystem.list("/proc") where pid.allSatisfy(\.isNumber) {
            let descriptors = FileSystem.list("/proc/\(pid)/fd")
            guard !descriptors.isEmpty else { continue }
            let name = ((try? FileSystem.readString("/proc/\(pid)/comm")) ?? "").trimmingTrailingWhitespace()
            for descriptor in descriptors {
                let count = readlink("/proc/\(pid)/fd/\(descriptor)", &link, link.count)
                guard count > 9 else { continue }
                let target = String(decoding: link[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if target.hasPrefix("socket:[") { owners[String(target.dropFirst(8).dropLast())] = "\(pid)/\(name)" }
            }
        }
        return owners
    }

    /// Routes as Salt's `network.routes` lists them: {addr_family, destination, gateway, netmask,
    /// flags, interface}; `family` is nil, `inet` or `inet6`.
    static func routes(family: String?) -> [MessagePackValue] {
        var result: [MessagePackValue] = []
        if family != "inet6" {
            let text = (try? FileSystem.readString("/proc/net/route")) ?? ""
            for line in text.split(separator: "\n").dropFirst() {
                let columns = line.split(separator: "\t").map { $0.trimmed() }
                guard columns.count >= 8, let flags = Int(columns[3], radix: 16) else { continue }
                result.append([
                    "addr_family": "inet", "destination": .text(kernelAddress(Substring(columns[1])).systemText),
                    "gateway": .text(kernelAddress(Substring(columns[2])).systemText),
                    "netmask": .text(kernelAddress(Substring(columns[7])).systemText),
                    "flags": .text(routeFlags(flags)), "interface": .text(columns[0]),
                ])
            }
        }
        if family != "inet" {
            let text = (try? FileSystem.readString("/proc/net/ipv6_route")) ?? ""
            for line in text.split(separator: "\n") {
                let columns = line.split(separator: " ")
                guard columns.count >= 10, let length = Int(columns[1], radix: 16), let flags = Int(columns[8], radix: 16) else { continue }
                result.append([
                    "addr_family": "inet6", "destination": .text("\(ipv6(columns[0]).systemText)/\(length)"),
                    "gateway": .text(ipv6(columns[4]).systemText), "netmask": "",
                    "flags": .text(routeFlags(flags, ipv6: true)), "interface": .text(String(columns[9])),
                ])
            }
        }
        return result
    }

    /// ipv6_route writes addresses as 32 hex digits in network order.
    private static func ipv6(_ hex: Substring) -> IPAddress {
        let digits = Array(hex.utf8)
        let bytes = stride(from: 0, to: min(digits.count, 32), by: 2).map {
            UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16) ?? 0
        }
        return IPAddress(bytes: bytes.count == 16 ? bytes : [UInt8](repeating: 0, count: 16))
    }

    /// net-tools' flag letters: U up, G gateway, H host, D dynamic, M modified, A addrconf,
    /// C cache, ! reject, n no next hop.
    static func routeFlags(_ flags: Int, ipv6: Bool = false) -> String {
        var text = ""
        if flags & 0x0200 != 0 { text += "!" }
        for (bit, letter) in [(0x1, "U"), (0x2, "G"), (0x4, "H"), (0x10, "D"), (0x20, "M")] where flags & bit != 0 { text += letter }
        if ipv6 {
            if flags & 0x40000 != 0 { text += "A" }
            if flags & 0x0100_0000 != 0 { text += "C" }
            if flags & 0x0020_0000 != 0 { text += "n" }
        }
        return text
    }
}
