import BrineCore
public import MessagePack
import YAML

/// Salt's command-line argument rules (`salt.utils.args.parse_input`): `name=value` words become
/// keyword arguments, and every value is read as YAML (PyYAML's YAML 1.1 rules, see `YAMLValue`)
/// unless that would lose what was typed:
/// `8080` is an int, `yes` and `true` are True, `None`/`null`/`~` are None, `[1,2]` is a list, but
/// `a: 1`, `2026-11-21`, `1e3` and `12_3` stay text. Keywords named in `noParse` stay text too.
public enum CommandLineArguments {
    public static func parse(_ words: [String], noParse: Set<String> = []) -> [MessagePackValue] {
        var positional: [MessagePackValue] = []
        var keywords: [MessagePackPair] = []
        for word in words {
            if let equals = word.firstIndex(of: "="), !word.contains("\n"), isKeyword(word[..<equals]) {
                let name = String(word[..<equals])
                let value = String(word[word.index(after: equals)...])
                keywords.append(MessagePackPair(.text(name), noParse.contains(name) ? .text(value) : typed(value)))
            } else {
                positional.append(typed(word))
            }
        }
        if !keywords.isEmpty {
            positional.append(.map([MessagePackPair("__kwarg__", true)] + keywords))
        }
        return positional
    }

    /// The names of `--no-parse=a,b`.
    public static func names(_ list: String?) -> Set<String> {
        Set((list ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: " ") })
    }

    /// A keyword is a Python identifier; `cmd.run 'a=b c'` stays positional.
    private static func isKeyword(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// Salt's `yamlify_arg`.
    static func typed(_ word: String) -> MessagePackValue {
        let trimmed = word.trimmingCharacters(in: " ")
        if ["", "---", "..."].contains(trimmed) { return .text(word) }
        if trimmed.contains("_") && trimmed.allSatisfy({ $0 == "_" || $0.isNumber }) { return .text(word) }
        if word.contains(where: { $0 == "\t" || $0 == "\r" || $0 == "\n" }) { return .text(word) }
        if word == "None" { return .nil }
        guard let value = try? YAMLValue.parse(word) else { return .text(word) }
        switch value {
        case .map: return trimmed.hasPrefix("{") ? value : .text(word)
        case .array: return trimmed.hasPrefix("[") ? value : .text(word)
        case .nil:
            return word.contains("#") || word == "!" ? .text(word) : .nil
        case .int, .double, .bool: return value
        case .string(let bytes) where bytes.isEmpty && ["|", "!"].contains(word): return .text(word)
        default: return .text(word)
        }
    }
}
