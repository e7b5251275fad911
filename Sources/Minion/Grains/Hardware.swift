import MessagePack

/// Memory sizes from `/proc/meminfo` and firmware facts from `/sys/class/dmi/id`.
enum Hardware {
    /// `mem_total` and `swap_total` in MiB, rounded down, as Salt reports them.
    static func memoryGrains(_ meminfo: String) -> [(String, MessagePackValue)] {
        var memory = 0
        var swap = 0
        for line in meminfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let kibibytes = parts[1].split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 0
            switch HostFile.strip(parts[0]) {
            case "MemTotal": memory = kibibytes / 1024
            case "SwapTotal": swap = kibibytes / 1024
            default: continue
            }
        }
        return [("mem_total", .int(Int64(memory))), ("swap_total", .int(Int64(swap)))]
    }

    /// Salt's grain names for the DMI files the kernel exports.
    private static let firmwareFiles: KeyValuePairs<String, String> = [
        "biosversion": "bios_version", "biosvendor": "bios_vendor", "boardname": "board_name",
        "productname": "product_name", "manufacturer": "sys_vendor", "biosreleasedate": "bios_date",
        "uuid": "product_uuid", "serialnumber": "product_serial",
    ]

    /// The firmware grains this process can read; the serial number and uuid are root's only, and
    /// hosts without DMI (most ARM boards, containers on some kernels) have none.
    static func firmwareGrains() -> [(String, MessagePackValue)] {
        firmwareFiles.compactMap { grain, file in
            guard let contents = HostFile.readIfPresent("/sys/class/dmi/id/" + file) else { return nil }
            let value = HostFile.strip(contents)
            return (grain, .text(grain == "uuid" ? value.lowercased() : value))
        }
    }
}
