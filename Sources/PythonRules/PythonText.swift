public import MessagePack

/// Python's ordering and line splitting, as Salt's outputters apply them to what they print.
public enum PythonText {
    /// Map entries in Python's `sorted()` order: numbers by value when every key is a number,
    /// otherwise by text.
    public static func sortedLikePython(_ pairs: [MessagePackPair]) -> [MessagePackPair] {
        if pairs.allSatisfy({ $0.key.doubleValue != nil && $0.key.boolValue == nil }) {
            return pairs.sorted { $0.key.doubleValue! < $1.key.doubleValue! }
        }
        return pairs.sorted { $0.key.pythonString < $1.key.pythonString }
    }

    /// Python's `str.splitlines()`: lines end at `\n`, `\r`, `\r\n`, and at the vertical tab, form
    /// feed, the three ASCII separators, NEL and the Unicode line and paragraph separators too.
    public static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            if lineBreaks.contains(scalar) {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }

    private static let lineBreaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{85}", "\u{2028}", "\u{2029}"]
}
