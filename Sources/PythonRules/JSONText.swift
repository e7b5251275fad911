public import MessagePack

/// JSON as Python's `json.dumps` writes it, which is what Salt's `json` outputter prints and what
/// Brine's audit log holds: four-space indent by default (`indent: nil` for one line), keys in the
/// order given (sorted only when asked), non-ASCII escaped.
public enum JSONText {
    public static func encode(_ value: MessagePackValue, indent: Int? = 4, sortKeys: Bool = false) -> String {
        var out = ""
        write(value, indent: indent, sortKeys: sortKeys, level: 0, into: &out)
        return out
    }

    private static func write(_ value: MessagePackValue, indent: Int?, sortKeys: Bool, level: Int, into out: inout String) {
        switch value {
        case .nil: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .uint(let number): out += String(number)
        case .double(let number): out += number.isFinite ? PythonRepr.float(number) : (number.isNaN ? "NaN" : number > 0 ? "Infinity" : "-Infinity")
        case .float(let number): write(.double(Double(number)), indent: indent, sortKeys: sortKeys, level: level, into: &out)
        case .string, .binary, .ext:
            // What Python's json cannot write (bytes, datetimes) Salt writes as its repr.
            quote(value.pythonText ?? value.pythonRepr, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += indent == nil ? ", " : "," }
                newline(indent, level + 1, into: &out)
                write(item, indent: indent, sortKeys: sortKeys, level: level + 1, into: &out)
            }
            newline(indent, level, into: &out)
            out += "]"
        case .map(let pairs):
            guard !pairs.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, pair) in (sortKeys ? PythonText.sortedLikePython(pairs) : pairs).enumerated() {
                if index > 0 { out += indent == nil ? ", " : "," }
                newline(indent, level + 1, into: &out)
                quote(pair.key.pythonString, into: &out)
                out += ": "
                write(pair.value, indent: indent, sortKeys: sortKeys, level: level + 1, into: &out)
            }
            newline(indent, level, into: &out)
            out += "}"
        }
    }

    private static func newline(_ indent: Int?, _ level: Int, into out: inout String) {
        guard let indent else { return }
        out += "\n" + String(repeating: " ", count: indent * level)
    }

    /// One string as a JSON literal.
    public static func quoted(_ text: String) -> String {
        var out = ""
        quote(text, into: &out)
        return out
    }

    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7e {
                    for unit in String(scalar).utf16 {
                        let hex = String(unit, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
