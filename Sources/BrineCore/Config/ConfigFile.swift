public import MessagePack
import YAML

/// A configuration problem the operator must fix; the message names the file and the option.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads Salt-style YAML configuration: a main file plus `<name>.d/*.conf` includes, merged key by key.
public enum ConfigFile {
    /// Options read from `directory/name` and then `directory/name.d/*.conf` (sorted, later files win).
    /// A missing main file is not an error: every option has a default, as in Salt.
    public static func load(directory: String, name: String) throws -> MessagePackValue {
        var merged: [MessagePackPair] = []
        var files = [directory + "/" + name]
        files += includes(in: directory + "/" + name + ".d")
        for path in files {
            guard let text = readText(path) else { continue }
            let value: MessagePackValue
            do {
                value = try YAMLValue.parse(text)
            } catch {
                throw ConfigError("\(path): invalid YAML: \(error)")
            }
            switch value {
            case .nil:
                continue
            case .map(let pairs):
                for pair in pairs {
                    if let index = merged.firstIndex(where: { $0.key == pair.key }) {
                        merged[index].value = pair.value
                    } else {
                        merged.append(pair)
                    }
                }
            default:
                throw ConfigError("\(path): the configuration must be a YAML mapping of option: value")
            }
        }
        return .map(merged)
    }

    private static func includes(in directory: String) -> [String] {
        FileSystem.list(directory).filter { $0.hasSuffix(".conf") }.map { directory + "/" + $0 }
    }

    private static func readText(_ path: String) -> String? {
        try? FileSystem.readString(path)
    }
}
