import MessagePack

/// `num_cpus`, `cpu_model` and `cpu_flags` from `/proc/cpuinfo`, read as Salt reads it: one CPU per
/// `processor` line (what the kernel lists, not what this process may use), the last model name
/// seen, and the flag list of x86 (`flags`) or ARM (`Features`).
enum CPUInfo {
    static func grains(_ cpuinfo: String) -> [(String, MessagePackValue)] {
        var count = 0
        var model: String?
        var flags: [String]?
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count > 1 else { continue }
            let key = HostFile.strip(parts[0])
            let value = HostFile.strip(parts[1])
            switch key {
            case "processor": count += 1
            // s390 states the count once instead of listing each processor.
            case "# processors": count = Int(value) ?? count
            case "vendor_id", "model name", "cpu": model = value
            case "flags", "Features": flags = value.split(whereSeparator: \.isWhitespace).map(String.init)
            // Older ARM kernels name the model on a `Processor` line and list no processors.
            case "Processor":
                model = String(value.split(separator: "-", omittingEmptySubsequences: false).first ?? "")
                count = 1
            default: continue
            }
        }
        return [
            ("num_cpus", .int(Int64(count))),
            ("cpu_model", .text(model ?? "Unknown")),
            ("cpu_flags", .array((flags ?? []).map(MessagePackValue.text))),
        ]
    }
}
