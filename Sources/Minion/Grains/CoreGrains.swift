import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// Facts about the host, read from the host itself (`uname`, `/etc/os-release`, `/proc`, interfaces),
/// with Salt's grain names and value types so targets and states written for Salt keep working.
public enum CoreGrains {
    public static func collect(id: String) -> MessagePackValue {
        var grains: [(String, MessagePackValue)] = []
        let host = hostName()
        let fqdn = fullyQualified(host)
        grains.append(("id", .text(id)))
        grains.append(("host", .text(String(host.split(separator: ".").first ?? Substring(host)))))
        grains.append(("nodename", .text(host)))
        grains.append(("fqdn", .text(fqdn)))
        grains.append(("domain", .text(fqdn.split(separator: ".", maxSplits: 1).dropFirst().first.map(String.init) ?? "")))
        grains.append(("localhost", .text(host)))
        grains += kernelGrains()
        grains += OSRelease.grains(ConfigFileText.read("/etc/os-release"))
        grains.append(("num_cpus", .int(Int64(sysconf(Int32(_SC_NPROCESSORS_ONLN))))))
        grains.append(("mem_total", .int(Int64(memoryTotalMegabytes()))))
        let addresses = InterfaceAddresses.read()
        grains.append(("ipv4", .array(addresses.ipv4.map(MessagePackValue.text))))
        grains.append(("ipv6", .array(addresses.ipv6.map(MessagePackValue.text))))
        grains.append(("pid", .int(Int64(getpid()))))
        grains.append(("machine_id", .text(ConfigFileText.read("/etc/machine-id").trimmingTrailingWhitespace())))
        grains.append(("saltversion", .text(TestModule.version)))
        return .map(grains.sorted { $0.0 < $1.0 }.map { MessagePackPair(.text($0.0), $0.1) })
    }

    /// Core grains overlaid with the static ones from the config's `grains:` (static grains win, as in Salt).
    public static func merged(id: String, staticGrains: MessagePackValue) -> MessagePackValue {
        var grains = collect(id: id)
        for pair in staticGrains.mapValue ?? [] {
            if let key = pair.key.stringValue { grains[key] = pair.value }
        }
        return grains
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The canonical name the resolver gives the host name, as Python's `socket.getfqdn()` does.
    static func fullyQualified(_ host: String) -> String {
        var hints = addrinfo()
        hints.ai_flags = AI_CANONNAME
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return host }
        defer { freeaddrinfo(first) }
        guard let name = first.pointee.ai_canonname else { return host }
        return String(cString: name)
    }

    private static func kernelGrains() -> [(String, MessagePackValue)] {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let machine = field(names.machine)
        return [
            ("kernel", .text(field(names.sysname))),
            ("kernelrelease", .text(field(names.release))),
            ("kernelversion", .text(field(names.version))),
            ("cpuarch", .text(machine)),
            ("osarch", .text(machine == "x86_64" ? "amd64" : machine == "aarch64" ? "arm64" : machine)),
        ]
    }

    private static func memoryTotalMegabytes() -> Int {
        for line in ConfigFileText.read("/proc/meminfo").split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return kilobytes / 1024
        }
        return 0
    }
}

/// Small text files from /etc and /proc; a missing file reads as empty.
enum ConfigFileText {
    static func read(_ path: String) -> String {
        (try? FileSystem.readString(path)) ?? ""
    }
}
