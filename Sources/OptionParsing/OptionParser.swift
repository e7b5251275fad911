/// Parses a command line the way Python's `optparse` does with interspersed arguments, which is how
/// every Salt tool reads its command line:
///
/// - an option is recognised wherever it stands: `brine '*' test.ping --out json` is `--out json`;
/// - `--` ends the options and is dropped; every word after it is an argument, even `-1` or `--out`;
/// - a long option may be shortened to any unique prefix (`--out-ind` is `--out-indent`); a prefix of
///   several is refused, naming them;
/// - a value follows its option as the next word or attached: `-t 3`, `-t3`, `--timeout=3`; short switches
///   cluster (`-vs`), and the first one taking a value takes the rest of the word (`-st3`);
/// - any other word starting with `-` (a lone `-` aside) is an unknown option: `test.echo -1` is refused.
///
/// A word is never split: the shell's quoting decides what one argument is.
public struct OptionParser: Sendable {
    public let program: Program
    private let longOptions: [String: Option]
    private let shortOptions: [String: Option]

    public init(_ program: Program) {
        self.program = program
        var long: [String: Option] = [:]
        var short: [String: Option] = [:]
        for option in program.options {
            for name in option.longNames { long[name] = option }
            for name in option.shortNames { short[name] = option }
        }
        longOptions = long
        shortOptions = short
    }

    public func parse(_ words: [String]) throws(UsageError) -> ParseOutcome {
        var parsed = ParsedCommandLine()
        var rest = words[...]
        while let word = rest.first {
            if word == "--" {
                rest.removeFirst()
                break
            }
            if word.hasPrefix("--") {
                if let stop = try longOption(&rest, into: &parsed) { return stop }
            } else if word.hasPrefix("-") && word.count > 1 {
                if let stop = try shortOptions(&rest, into: &parsed) { return stop }
            } else {
                parsed.arguments.append(word)
                rest.removeFirst()
            }
        }
        parsed.arguments += rest
        return .run(parsed)
    }

    private func longOption(_ rest: inout ArraySlice<String>, into parsed: inout ParsedCommandLine) throws(UsageError) -> ParseOutcome? {
        let word = rest.removeFirst()
        var typed = word
        var explicit: String?
        if let equals = word.firstIndex(of: "=") {
            typed = String(word[..<equals])
            explicit = String(word[word.index(after: equals)...])
        }
        let name = try match(typed)
        let option = longOptions[name]!
        if option.takesValue {
            if let explicit {
                return try apply(option, as: name, value: explicit, into: &parsed)
            }
            guard let value = rest.popFirst() else { throw UsageError("\(name) option requires 1 argument") }
            return try apply(option, as: name, value: value, into: &parsed)
        }
        if explicit != nil { throw UsageError("\(name) option does not take a value") }
        return try apply(option, as: name, value: nil, into: &parsed)
    }

    private func shortOptions(_ rest: inout ArraySlice<String>, into parsed: inout ParsedCommandLine) throws(UsageError) -> ParseOutcome? {
        let word = rest.removeFirst()
        var letters = Substring(word.dropFirst())
        while let letter = letters.popFirst() {
            let name = "-" + String(letter)
            guard let option = shortOptions[name] else { throw UsageError("no such option: \(name)") }
            if option.takesValue {
                let value: String
                if !letters.isEmpty {
                    value = String(letters)
                } else if let next = rest.popFirst() {
                    value = next
                } else {
                    throw UsageError("\(name) option requires 1 argument")
                }
                return try apply(option, as: name, value: value, into: &parsed)
            }
            if let stop = try apply(option, as: name, value: nil, into: &parsed) { return stop }
        }
        return nil
    }

    /// optparse's `_match_abbrev`: the exact name, or the one long name the word begins.
    private func match(_ typed: String) throws(UsageError) -> String {
        if longOptions[typed] != nil { return typed }
        let candidates = longOptions.keys.filter { $0.hasPrefix(typed) }.sorted()
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty { throw UsageError("no such option: \(typed)") }
        throw UsageError("ambiguous option: \(typed) (\(candidates.joined(separator: ", "))?)")
    }

    private func apply(_ option: Option, as name: String, value: String?, into parsed: inout ParsedCommandLine) throws(UsageError) -> ParseOutcome? {
        if let refusal = option.refusal { throw UsageError("option \(name): \(refusal)") }
        switch option.action {
        case .help: return .help
        case .version: return .version
        case .storeTrue: parsed.values[option.key] = .flag(true)
        case .storeFalse: parsed.values[option.key] = .flag(false)
        case .store: parsed.values[option.key] = try convert(value ?? "", for: option, as: name)
        case .append:
            let converted = try convert(value ?? "", for: option, as: name)
            guard case .text(let text) = converted else { break }
            parsed.values[option.key] = .list(parsed.list(option.key) + [text])
        }
        return nil
    }

    private func convert(_ value: String, for option: Option, as name: String) throws(UsageError) -> ParsedCommandLine.Value {
        switch option.type {
        case .string:
            return .text(value)
        case .int:
            guard let number = PythonNumber.optparseInt(value) else {
                throw UsageError("option \(name): invalid integer value: \(PythonNumber.quoted(value))")
            }
            return .int(number)
        case .float:
            guard let number = PythonNumber.float(value) else {
                throw UsageError("option \(name): invalid floating-point value: \(PythonNumber.quoted(value))")
            }
            return .double(number)
        case .choice(let choices):
            guard choices.contains(value) else {
                let listed = choices.map(PythonNumber.quoted).joined(separator: ", ")
                throw UsageError("option \(name): invalid choice: \(PythonNumber.quoted(value)) (choose from \(listed))")
            }
            return .text(value)
        }
    }
}
