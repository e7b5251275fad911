import BrineCore
import MessagePack

/// Readers of `/proc` texts into the shapes Salt's `status` module returns; pure, so tests can feed
/// them fixed text.
extension StatusModule {
    /// Salt's `_number`: all digits make an int, anything `float()` reads a float, the rest stays text.
    static func number(_ text: Substring) -> MessagePackValue {
        if !text.isEmpty, text.allSatisfy(\.isNumber), let value = Int64(text) { return .int(value) }
        if let value = Double(text.trimmed()) { return .double(value) }
        return .text(String(text))
    }

    /// The text of a `/proc` (or other) file, or nil when it cannot be read.
    static func read(_ path: String) -> String? {
        try? FileSystem.readString(path)
    }

    /// `/proc/meminfo`: {name: {value, unit}}, values as text, as Salt returns them.
    static func meminfo(_ text: String) -> MessagePackValue {
        var result: [MessagePackPair] = []
        for line in text.split(separator: "\n") {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            guard columns.count >= 2 else { continue }
            var entry: [MessagePackPair] = [MessagePackPair("value", .text(String(columns[1])))]
            if columns.count > 2 { entry.append(MessagePackPair("unit", .text(String(columns[2])))) }
            result.append(MessagePackPair(.text(String(columns[0].replacing(":", with: ""))), .map(entry)))
        }
        return .map(result)
    }

    /// `/proc/cpuinfo` flattened as Salt does: one key per field name, so with several processors
    /// the last one's values remain; `flags` as a list.
    static func cpuinfo(_ text: String) -> MessagePackValue {
        var result: MessagePackValue = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let key = String(parts[0]).trimmed()
            let value = String(parts[1].split(separator: ":", omittingEmptySubsequences: false).first ?? "")
            result[key] = key == "flags" ? .array(value.fields().map(MessagePackValue.text)) : .text(value.trimmed())
        }
        return result
    }

    /// `/proc/stat`: the `cpu` totals by name, interrupt counters as lists, other lines as numbers.
    static func cpustats(_ text: String) -> MessagePackValue {
        var result: [MessagePackPair] = []
        for line in text.split(separator: "\n") {
            let columns = line.split(separator: " ")
            guard columns.count >= 2 else { continue }
            let name = String(columns[0])
            switch name {
            case "cpu" where columns.count >= 9:
                result.append(MessagePackPair("cpu", [
                    "idle": number(columns[4]), "iowait": number(columns[5]), "irq": number(columns[6]),
                    "nice": number(columns[2]), "softirq": number(columns[7]), "steal": number(columns[8]),
                    "system": number(columns[3]), "user": number(columns[1]),
                ]))
            case "intr":
                result.append(MessagePackPair("intr", ["total": number(columns[1]), "irqs": .array(columns.dropFirst(2).map(number))]))
            case "softirq":
                result.append(MessagePackPair("softirq", ["total": number(columns[1]), "softirqs": .array(columns.dropFirst(2).map(number))]))
            default:
                result.append(MessagePackPair(.text(name), number(columns[1])))
            }
        }
        return .map(result)
    }

    /// `/proc/diskstats`: per device, the kernel's counters under Salt's names.
    static func diskstats(_ text: String) -> MessagePackValue {
        let names = [
            "major", "minor", "device", "reads_issued", "reads_merged", "sectors_read", "ms_spent_reading",
            "writes_completed", "writes_merged", "sectors_written", "ms_spent_writing", "io_in_progress",
            "ms_spent_in_io", "weighted_ms_spent_in_io",
        ]
        var result: [MessagePackPair] = []
        for line in text.split(separator: "\n") {
            let columns = line.split(separator: " ")
            guard columns.count >= names.count else { continue }
            result.append(MessagePackPair(.text(String(columns[2])), .map(names.indices.map { MessagePackPair(.text(names[$0]), number(columns[$0])) })))
        }
        return .map(result)
    }

    /// `/proc/net/dev`: per interface, receive and transmit counters under Salt's names.
    static func netdev(_ text: String) -> MessagePackValue {
        let names = [
            "rx_bytes", "rx_packets", "rx_errs", "rx_drop", "rx_fifo", "rx_frame", "rx_compressed", "rx_multicast",
            "tx_bytes", "tx_packets", "tx_errs", "tx_drop", "tx_fifo", "tx_colls", "tx_carrier", "tx_compressed",
        ]
        var result: [MessagePackPair] = []
        for line in text.split(separator: "\n") {
            let halves = line.split(separator: ":", maxSplits: 1)
            guard halves.count == 2 else { continue }
            let counters = halves[1].split(separator: " ")
            guard counters.count >= names.count else { continue }
            let interface = String(halves[0]).trimmed()
            let entry = [MessagePackPair("iface", .text(interface))] + names.indices.map { MessagePackPair(.text(names[$0]), number(counters[$0])) }
            result.append(MessagePackPair(.text(interface), .map(entry)))
        }
        return .map(result)
    }

    /// `/proc/net/netstat` (and `snmp`): header lines and value lines in pairs, per protocol.
    static func netstats(_ text: String) -> MessagePackValue {
        var result: [MessagePackPair] = []
        var header: [Substring] = []
        for line in text.split(separator: "\n") {
            let columns = line.split(separator: " ")
            guard let first = columns.first else { continue }
            if first == header.first {
                let row = zip(header.dropFirst(), columns.dropFirst()).map { MessagePackPair(.text(String($0)), number($1)) }
                result.append(MessagePackPair(.text(String(first.replacing(":", with: ""))), .map(row)))
            } else {
                header = columns
            }
        }
        return .map(result)
    }

    /// `/proc/vmstat`: one counter per line.
    static func vmstats(_ text: String) -> MessagePackValue {
        .map(text.split(separator: "\n").compactMap { line in
            let columns = line.split(separator: " ")
            return columns.count == 2 ? MessagePackPair(.text(String(columns[0])), number(columns[1])) : nil
        })
    }

    /// `w -fh` lines as Salt parses them on Linux.
    static func whoLines(_ text: String) -> MessagePackValue {
        .array(text.split(separator: "\n").compactMap { line in
            let columns = line.split(separator: " ").map(String.init)
            guard columns.count >= 6 else { return nil }
            return [
                "idle": .text(columns[3]), "jcpu": .text(columns[4]), "login": .text(columns[2]), "pcpu": .text(columns[5]),
                "tty": .text(columns[1]), "user": .text(columns[0]), "what": .text(columns.dropFirst(6).joined(separator: " ")),
            ]
        })
    }
}
