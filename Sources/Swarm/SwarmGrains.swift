public import MessagePack
import SaltWire

/// Fake but plausible grains: what a Debian 12 host reports, with the id-dependent entries (`id`,
/// `host`, `fqdn`, `machine_id`, ...) filled in per minion. The shared part is built once and each
/// minion's map is made on demand (for `_pillar`, `grains.items` and grain targets), so 10,000
/// minions do not hold 10,000 copies.
public struct SwarmGrains: Sendable {
    private let shared: [MessagePackPair]

    /// - Parameter overrides: a map whose keys replace the defaults' (`id` always stays the minion's; an
    ///   override of another per-minion grain, `host` say, applies to every minion).
    public init(overrides: MessagePackValue) {
        var pairs = Self.defaults.mapValue ?? []
        for pair in overrides.mapValue ?? [] where pair.key.stringValue != "id" {
            if let index = pairs.firstIndex(where: { $0.key == pair.key }) {
                pairs[index].value = pair.value
            } else {
                pairs.append(pair)
            }
        }
        shared = pairs
    }

    /// The grains of minion `id`.
    public func grains(for id: String) -> MessagePackValue {
        let digest = Digest.hex(Digest.sha1(Array(id.utf8)))
        let own: [(String, MessagePackValue)] = [
            ("id", .text(id)), ("host", .text(id)), ("nodename", .text(id)), ("fqdn", .text(id)), ("localhost", .text(id)),
            ("machine_id", .text(String(digest.prefix(32)))),
            ("server_id", .int(Int64(UInt32(digest.prefix(8), radix: 16) ?? 0) & 0x7fff_ffff)),
        ]
        let pairs = own.filter { key, _ in !shared.contains { $0.key.stringValue == key } }.map { MessagePackPair(.text($0.0), $0.1) }
        return .map(pairs + shared)
    }

    private static let defaults: MessagePackValue = [
        "kernel": "Linux",
        "kernelrelease": "6.1.0-28-amd64",
        "kernelversion": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)",
        "os": "Debian",
        "os_family": "Debian",
        "osfullname": "Debian GNU/Linux",
        "osrelease": "12",
        "osrelease_info": [12],
        "osmajorrelease": 12,
        "oscodename": "bookworm",
        "osfinger": "Debian-12",
        "osarch": "amd64",
        "cpuarch": "x86_64",
        "num_cpus": 2,
        "cpu_model": "AMD EPYC Processor",
        "mem_total": 3923,
        "swap_total": 0,
        "ipv4": ["127.0.0.1"],
        "ipv6": ["::1"],
        "fqdn_ip4": ["127.0.0.1"],
        "fqdn_ip6": [],
        "ip_interfaces": ["lo": ["127.0.0.1", "::1"]],
        "domain": "",
        "virtual": "kvm",
        "init": "systemd",
        "shell": "/bin/sh",
        "path": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "saltversion": "3008.5",
        "saltversioninfo": [3008, 5],
        "locale_info": ["defaultlanguage": "en_US", "defaultencoding": "UTF-8", "detectedencoding": "utf-8", "timezone": "UTC"],
    ]
}
