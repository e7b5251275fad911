public import MessagePack

extension MessagePackValue {
    /// The value at a key path, found as Salt's `traverse_dict_and_list` finds it; nil where Salt
    /// would return its default.
    ///
    /// In a list, a numeric key is an index (negative counts from the end) and any other key is
    /// looked up in the first member map that has it. In a map, a key that is missing as text is
    /// retried as the integer or boolean YAML would read it as, which reaches non-string map keys.
    public func traversed(by keys: ArraySlice<String>) -> MessagePackValue? {
        var node = self
        for key in keys {
            switch node {
            case .array(let items):
                guard let next = Self.element(of: items, at: key) else { return nil }
                node = next
            case .map(let pairs):
                guard let next = Self.value(of: pairs, at: key) else { return nil }
                node = next
            default:
                return nil
            }
        }
        return node
    }

    private static func element(of items: [MessagePackValue], at key: String) -> MessagePackValue? {
        guard let index = pythonInteger(key) else {
            return items.lazy.compactMap { $0.mapValue?.last(where: { $0.key.stringValue == key })?.value }.first
        }
        // A member map keyed by that integer comes before the list's own index.
        let keyed = items.lazy.compactMap { $0.mapValue?.last(where: { $0.key.intValue == index })?.value }.first
        if let keyed { return keyed }
        let position = index < 0 ? items.count + index : index
        return items.indices.contains(position) ? items[position] : nil
    }

    /// The last pair wins on a repeated key, as it does when Python decodes the map into a dict.
    private static func value(of pairs: [MessagePackPair], at key: String) -> MessagePackValue? {
        if let pair = pairs.last(where: { $0.key.stringValue == key }) { return pair.value }
        if let integer = yamlInteger(key) {
            return pairs.last { $0.key.intValue == integer }?.value
        }
        if let boolean = yamlBoolean(key) {
            return pairs.last { $0.key.boolValue == boolean }?.value
        }
        return nil
    }

    /// What Python's `int()` accepts, short of underscores and non-ASCII digits.
    private static func pythonInteger(_ text: String) -> Int? {
        let words = text.split(whereSeparator: \.isWhitespace)
        return words.count == 1 ? signedDecimal(words[0]) : nil
    }

    /// A plain decimal integer, as YAML reads one.
    private static func yamlInteger(_ text: String) -> Int? {
        signedDecimal(Substring(text))
    }

    private static func signedDecimal(_ text: Substring) -> Int? {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : text
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// YAML 1.1's spellings of true and false, which PyYAML (and so Salt) still uses.
    private static func yamlBoolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        default: return nil
        }
    }
}
