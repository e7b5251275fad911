import MessagePack

/// Typed access to one parsed config file, so a wrong type is reported with the option's name
/// instead of being silently replaced by the default. It remembers every name asked for, so the
/// options of the file that nothing reads (a misspelt `master_fingr`, an option Brine lacks) can be
/// named at start instead of being ignored in silence.
struct ConfigReader {
    let options: MessagePackValue
    let file: String
    private let asked = AskedNames()

    private final class AskedNames {
        var names: Set<String> = []
    }

    init(options: MessagePackValue, file: String) {
        self.options = options
        self.file = file
    }

    /// The file's options that no read asked for, besides `readElsewhere` (options other parts of the
    /// program read from `options` directly), in the file's order.
    func unread(besides readElsewhere: Set<String>) -> [String] {
        (options.mapValue ?? []).compactMap(\.key.stringValue).filter {
            !asked.names.contains($0) && !readElsewhere.contains($0)
        }
    }

    private func value(_ name: String) -> MessagePackValue? {
        asked.names.insert(name)
        return options[name]
    }

    func string(_ name: String, default fallback: String) throws -> String {
        try optionalString(name) ?? fallback
    }

    func optionalString(_ name: String) throws -> String? {
        guard let value = value(name), !value.isNil else { return nil }
        switch value {
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        default:
            guard let text = value.stringValue else { throw wrongType(name, "a string", value) }
            return text
        }
    }

    /// Salt's `hash_type`, lowercased: a digest the file server and the file cache can compute, so an
    /// unknown one stops the daemon at start rather than failing every file request.
    func hashType() throws -> String {
        let digests = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]
        let name = try string("hash_type", default: "sha256").lowercased()
        guard digests.contains(name) else {
            throw ConfigError("\(file): hash_type must be one of \(digests.joined(separator: ", ")), got '\(name)'")
        }
        return name
    }

    func int(_ name: String, default fallback: Int) throws -> Int {
        guard let value = value(name), !value.isNil else { return fallback }
        if let number = value.intValue { return number }
        if let text = value.stringValue, let number = Int(text) { return number }
        throw wrongType(name, "an integer", value)
    }

    func double(_ name: String, default fallback: Double) throws -> Double {
        guard let value = value(name), !value.isNil else { return fallback }
        if let number = value.doubleValue { return number }
        if let text = value.stringValue, let number = Double(text) { return number }
        throw wrongType(name, "a number", value)
    }

    func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let value = value(name), !value.isNil else { return fallback }
        if let flag = value.boolValue { return flag }
        switch value.stringValue?.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw wrongType(name, "true or false", value)
        }
    }

    /// A list of strings; a single string is a list of one, as Salt reads such options.
    func stringList(_ name: String, default fallback: [String]) throws -> [String] {
        guard let value = value(name), !value.isNil else { return fallback }
        if let text = value.stringValue { return [text] }
        guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
            throw wrongType(name, "a list of strings", value)
        }
        return items.compactMap(\.stringValue)
    }

    func map(_ name: String) throws -> [MessagePackPair] {
        guard let value = value(name), !value.isNil else { return [] }
        guard let pairs = value.mapValue else { throw wrongType(name, "a mapping", value) }
        return pairs
    }

    private func wrongType(_ name: String, _ expected: String, _ value: MessagePackValue) -> ConfigError {
        ConfigError("\(file): option '\(name)' must be \(expected), got \(Self.describe(value))")
    }

    static func describe(_ value: MessagePackValue) -> String {
        switch value {
        case .map: return "a mapping"
        case .array: return "a list"
        case .bool(let flag): return flag ? "True" : "False"
        default: return value.stringValue.map { "'\($0)'" } ?? "\(value)"
        }
    }
}

/// Salt's `root_dir` rule: every path option lives under `root_dir`, so one option relocates a whole
/// installation (how tests and unprivileged users run a master).
enum RootDir {
    static func apply(_ rootDir: String, to path: String) -> String {
        guard rootDir != "/" && !rootDir.isEmpty else { return path }
        if path.hasPrefix(rootDir + "/") || path == rootDir { return path }
        let root = rootDir.hasSuffix("/") ? String(rootDir.dropLast()) : rootDir
        return path.hasPrefix("/") ? root + path : root + "/" + path
    }
}
