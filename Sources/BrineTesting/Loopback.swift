import BrineCore


#if canImport(Glibc)
import Glibc
#endif

/// Loopback facts that tests and benchmarks need: whether a master listens yet, and how many
/// connections it has accepted on a port (so a job is published only once every SUB socket is connected).
public enum Loopback {
    /// Whether something accepts TCP connections on `host`:`port` (a loopback IPv4 address).
    public static func accepts(port: Int, host: String = "127.0.0.1") -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Established IPv4 connections whose local end is `port` (the server side), from /proc/net/tcp:
    /// each line holds `local_address` as `HEXIP:HEXPORT` and the state, `01` for established.
    public static func establishedConnections(toPort port: Int) -> Int {
        guard let table = try? FileSystem.readString("/proc/net/tcp") else { return 0 }
        let suffix = ":" + String(port, radix: 16, uppercase: true).leftPadded(to: 4)
        var count = 0
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", maxSplits: 4)
            if fields.count > 3, fields[1].hasSuffix(suffix), fields[3] == "01" { count += 1 }
        }
        return count
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
