import BrineCore
public import MessagePack
import PythonRules
import YAML

/// The outputters of `--out`, with Salt's layouts.
public enum OutputFormat: String, Sendable, CaseIterable {
    case nested, json, yaml, txt, raw, pprint, quiet

    /// Renders `{minion: value}` (or a runner's whole result when `minion` is nil) as text ending in a
    /// newline, or nothing for `quiet`.
    public func render(
        _ value: MessagePackValue, minion: String? = nil, indent: Int? = nil, color: Bool = false, retcode: Int = 0
    ) -> String {
        let whole: MessagePackValue = minion.map { .map([MessagePackPair(.text($0), value)]) } ?? value
        switch self {
        case .nested:
            let text = NestedOutputter(color: color, retcode: retcode).render(whole)
            return text.isEmpty ? "" : text + "\n"
        case .json:
            let width: Int? = indent.map { $0 < 0 ? nil : $0 } ?? 4
            return JSONText.encode(whole, indent: width) + "\n"
        case .yaml:
            return ((try? YAMLValue.emit(Self.sortedKeys(whole))) ?? whole.pythonRepr + "\n")
        case .txt:
            guard let pairs = whole.mapValue else { return whole.pythonString + "\n" }
            var out = ""
            for pair in pairs {
                let key = pair.key.pythonString
                if let text = pair.value.pythonText {
                    for line in PythonText.splitLines(text) { out += "\(key): \(line)\n" }
                } else {
                    out += "\(key): \(pair.value.pythonString)\n"
                }
            }
            return out
        case .raw:
            return whole.pythonRepr + "\n"
        case .pprint:
            return PrettyPrint.format(whole) + "\n"
        case .quiet:
            return ""
        }
    }

    /// PyYAML's `safe_dump` sorts mapping keys.
    static func sortedKeys(_ value: MessagePackValue) -> MessagePackValue {
        switch value {
        case .map(let pairs): return .map(PythonText.sortedLikePython(pairs).map { MessagePackPair($0.key, sortedKeys($0.value)) })
        case .array(let items): return .array(items.map(sortedKeys))
        default: return value
        }
    }
}
