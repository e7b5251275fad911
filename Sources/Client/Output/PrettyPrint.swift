import MessagePack
import PythonRules

/// Salt's `pprint` outputter: Python's `pprint.pformat` with its defaults (80 columns, dictionaries sorted
/// by key). A value whose `repr()` fits on its line is written as is; a dictionary or list that does not
/// fit puts one member per line, aligned after its opening bracket. (Python also cuts long strings into
/// pieces; here a string is always written whole.)
enum PrettyPrint {
    static func format(_ value: MessagePackValue, width: Int = 80) -> String {
        var out = ""
        write(value, indent: 0, allowance: 0, width: width, into: &out)
        return out
    }

    /// `repr()` with dictionaries sorted, as `PrettyPrinter._repr` writes it.
    static func sortedRepr(_ value: MessagePackValue) -> String {
        switch value {
        case .array(let items): return "[" + items.map(sortedRepr).joined(separator: ", ") + "]"
        case .map(let pairs):
            return "{" + PythonText.sortedLikePython(pairs).map { sortedRepr($0.key) + ": " + sortedRepr($0.value) }.joined(separator: ", ") + "}"
        default: return value.pythonRepr
        }
    }

    private static func write(_ value: MessagePackValue, indent: Int, allowance: Int, width: Int, into out: inout String) {
        let repr = sortedRepr(value)
        guard repr.unicodeScalars.count > width - indent - allowance else {
            out += repr
            return
        }
        switch value {
        case .map(let pairs) where !pairs.isEmpty:
            out += "{"
            let sorted = PythonText.sortedLikePython(pairs)
            let inner = indent + 1
            for (index, pair) in sorted.enumerated() {
                let last = index == sorted.count - 1
                let key = sortedRepr(pair.key)
                out += key + ": "
                write(pair.value, indent: inner + key.unicodeScalars.count + 2, allowance: last ? allowance + 1 : 1, width: width, into: &out)
                if !last { out += ",\n" + String(repeating: " ", count: inner) }
            }
            out += "}"
        case .array(let items) where !items.isEmpty:
            out += "["
            let inner = indent + 1
            for (index, item) in items.enumerated() {
                let last = index == items.count - 1
                write(item, indent: inner, allowance: last ? allowance + 1 : 1, width: width, into: &out)
                if !last { out += ",\n" + String(repeating: " ", count: inner) }
            }
            out += "]"
        default:
            out += repr
        }
    }
}
