import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// The mounted filesystems, from `/proc/mounts`.
enum MountTable {
    struct Mount {
        let device: String
        let mountPoint: String
        let fsType: String
    }

    static func mounts() -> [Mount] {
        let text = (try? FileSystem.readString("/proc/mounts")) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { return nil }
            return Mount(device: unescape(fields[0]), mountPoint: unescape(fields[1]), fsType: String(fields[2]))
        }
    }

    /// The kernel writes spaces, tabs, newlines and backslashes in paths as octal escapes (`\040`).
    static func unescape(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        let raw = Array(field.utf8)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "\\"), index + 3 < raw.count,
               let value = UInt8(String(decoding: raw[(index + 1)...(index + 3)], as: UTF8.self), radix: 8) {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(raw[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `disk.*`: space and inode usage per mounted filesystem, computed from `statvfs` the way `df -P`
/// and `df -iP` compute them (Salt parses those commands; the values and key names are the same).
enum DiskModule {
    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction(
                "disk.usage",
                doc: "Return {mount point: {filesystem, 1K-blocks, used, available, capacity}} for the mounted filesystems, as text like df -P prints it. Filesystems of size 0 (proc, sysfs, ...) are left out unless args contains 'a'.\n\nCLI Example:\n\n    brine '*' disk.usage\n    brine '*' disk.usage args=a",
                parameters: [Parameter("args", .string, default: .nil)]
            ) { arguments, _ in
                usage(all: try flags(arguments, caller: "disk.usage"), inodes: false)
            },
            ExecutionFunction(
                "disk.inodeusage",
                doc: "Return {mount point: {filesystem, inodes, used, free, use}} for the mounted filesystems, as text like df -iP prints it. Filesystems of size 0 are left out unless args contains 'a'.\n\nCLI Example:\n\n    brine '*' disk.inodeusage",
                parameters: [Parameter("args", .string, default: .nil)]
            ) { arguments, _ in
                usage(all: try flags(arguments, caller: "disk.inodeusage"), inodes: true)
            },
        ]
    }

    /// Salt passes `args` on to `df`; the flags that mean something without df are `a` (all
    /// filesystems) and the output-format ones already implied (`k`, `P`).
    private static func flags(_ arguments: Arguments, caller: String) throws(ExecutionError) -> Bool {
        var all = false
        for flag in try arguments.optionalString("args") ?? "" {
            switch flag {
            case "a": all = true
            case "k", "P", "-": continue
            case "B", "h", "H", "i", "l", "t", "T", "x", "v":
                throw .invocation("\(caller) does not support the df flag '\(flag)': Brine reads statvfs rather than running df")
            default: throw .commandFailed("Invalid flag passed to \(caller)")
            }
        }
        return all
    }

    static func usage(all: Bool, inodes: Bool) -> MessagePackValue {
        var result: MessagePackValue = [:]
        for mount in MountTable.mounts() {
            var info = statvfs()
            guard statvfs(mount.mountPoint, &info) == 0, all || info.f_blocks > 0 else { continue }
            if inodes {
                let used = UInt64(info.f_files) - UInt64(info.f_ffree)
                result[mount.mountPoint] = [
                    "inodes": .text(String(info.f_files)), "used": .text(String(used)), "free": .text(String(info.f_ffree)),
                    "use": .text(percent(used, of: UInt64(info.f_files))), "filesystem": .text(mount.device),
                ]
            } else {
                let unit = UInt64(info.f_frsize)
                let kilobytes = { (blocks: UInt64) in (blocks * unit + 1023) / 1024 }
                let used = UInt64(info.f_blocks) - UInt64(info.f_bfree)
                result[mount.mountPoint] = [
                    "filesystem": .text(mount.device), "1K-blocks": .text(String(kilobytes(UInt64(info.f_blocks)))),
                    "used": .text(String(kilobytes(used))), "available": .text(String(kilobytes(UInt64(info.f_bavail)))),
                    "capacity": .text(percent(used, of: used + UInt64(info.f_bavail))),
                ]
            }
        }
        return result
    }

    /// df's percentage: rounded up, `-` when there is nothing to divide by.
    private static func percent(_ part: UInt64, of whole: UInt64) -> String {
        whole == 0 ? "-" : "\((part * 100 + whole - 1) / whole)%"
    }
}
