public import BrineCore
public import MessagePack
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// Facts about the host, read from the host itself (`uname`, `/etc/os-release`, `/proc`, `/sys`,
/// interfaces, the resolver), with Salt's grain names and value types so targets and states
/// written for Salt keep working. Each concern lives in its own file; this one puts them together.
public enum CoreGrains {
    /// Every core grain, sorted by name (the order Salt's outputters print them in).
    public static func collect(id: String, config: MinionConfig) -> MessagePackValue {
        let kernel = kernelGrains()
        let cpuarch = kernel.first { $0.0 == "cpuarch" }?.1.stringValue ?? ""
        let cpuinfo = HostFile.read("/proc/cpuinfo")
        let osRelease = HostFile.readIfPresent("/etc/os-release") ?? HostFile.read("/usr/lib/os-release")
        let interfaces = InterfaceAddresses.read()
        var grains: [(String, MessagePackValue)] = [("id", .text(id))]
        grains += kernel
        grains += OSRelease.grains(osRelease: osRelease, lsbRelease: HostFile.read("/etc/lsb-release"), cpuarch: cpuarch)
        grains.append(("init", .text(InitSystem.detect())))
        grains += CPUInfo.grains(cpuinfo)
        grains += Hardware.memoryGrains(HostFile.read("/proc/meminfo"))
        grains += Hardware.firmwareGrains()
        grains += Virtualization.grains(cpuinfo: cpuinfo)
        grains += interfaces.grains
        // Reverse lookups of every address can be slow where DNS is; Salt's option turns them off.
        grains += HostNames.grains(interfaces: interfaces, reverseLookups: config.options["enable_fqdns_grains"]?.boolValue ?? true)
        grains += ProcessGrains.grains()
        for path in ["/etc/machine-id", "/var/lib/dbus/machine-id"] where HostFile.exists(path) {
            grains.append(("machine_id", .text(HostFile.strip(HostFile.read(path)))))
            break
        }
        grains.append(("master", .text(config.master)))
        grains.append(("server_id", .int(serverID(id))))
        grains.append(("saltversion", .text(TestModule.version)))
        grains.append(("saltversioninfo", .array(TestModule.version.split(separator: ".").compactMap { Int64($0) }.map(MessagePackValue.int))))
        return .map(grains.sorted { $0.0 < $1.0 }.map { MessagePackPair(.text($0.0), $0.1) })
    }

    /// `kernel`, `nodename`, `kernelrelease`, `kernelversion` and `cpuarch`, from uname.
    private static func kernelGrains() -> [(String, MessagePackValue)] {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> MessagePackValue {
            .text(withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) })
        }
        return [
            ("kernel", field(names.sysname)),
            ("nodename", field(names.nodename)),
            ("kernelrelease", field(names.release)),
            ("kernelversion", field(names.version)),
            ("cpuarch", field(names.machine)),
        ]
    }

    /// A number derived from the minion id, stable across hosts and restarts (for MySQL server ids
    /// and the like): SHA-256 of the id modulo 2³¹, which is its last 31 bits.
    static func serverID(_ id: String) -> Int64 {
        let digest = Digest.sha256(Array(id.utf8))
        return Int64(digest.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } & 0x7fff_ffff)
    }
}
