import BrineCore
import MessagePack

/// Salt's command-line argument rules: `key=value` words become keyword arguments, and every value is
/// read as a YAML scalar (`8080` is an int, `true` a bool) unless that would lose text.
public enum CommandLineArguments {
    public static func parse(_ words: [String]) -> [MessagePackValue] {
        var positional: [MessagePackValue] = []
        var keywords: [MessagePackPair] = []
        for word in words {
            if let equals = word.firstIndex(of: "="), isKeyword(word[..<equals]) {
                keywords.append(MessagePackPair(.text(String(word[..<equals])), typed(String(word[word.index(after: equals)...]))))
            } else {
                positional.append(typed(word))
            }
        }
        if !keywords.isEmpty {
            positional.append(.map([MessagePackPair("__kwarg__", true)] + keywords))
        }
        return positional
    }

    /// A keyword is a Python identifier; `cmd.run 'a=b c'` stays positional.
    private static func isKeyword(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// The YAML reading of a word when it is a number, a bool, a list or a map; the word itself otherwise.
    static func typed(_ word: String) -> MessagePackValue {
        guard !word.isEmpty, let value = try? YAMLValue.parse(word) else { return .text(word) }
        switch value {
        case .double where word.allSatisfy(\.isNumber):
            // Too big for a 64-bit integer (a jid): Python would keep every digit, so keep the text.
            return .text(word)
        case .int, .double, .bool, .array, .map: return value
        default: return .text(word)
        }
    }
}
