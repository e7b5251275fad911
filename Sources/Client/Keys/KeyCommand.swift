public import OptionParsing

/// What one `brine-key` command line asks for, read as `salt-key` reads it: the first action given in
/// Salt's order wins, and listing every key is what is left.
public enum KeyCommand: Sendable, Equatable {
    /// `-L`, `-l ARG`: the keys in one state (`acc`, `pre`/`un`, `rej`, `den`) or all.
    case list(String)
    case accept(match: String, includeRejected: Bool, includeDenied: Bool)
    case reject(match: String, includeAccepted: Bool, includeDenied: Bool)
    case delete(match: String)
    case finger(match: String)
    case print(match: String)
    case generate(name: String, directory: String, bits: Int)

    /// The actions in the order `salt-key` looks for them.
    static let order = ["gen_keys", "list", "print", "print_all", "accept", "accept_all", "reject", "reject_all",
                        "delete", "delete_all", "finger", "finger_all"]

    public init(_ parsed: ParsedCommandLine) throws(UsageError) {
        if let list = parsed.string("list"), !list.isEmpty,
           !["acc", "pre", "un", "rej", "den", "all"].contains(where: { list.hasPrefix($0) }) {
            throw UsageError("'\(list)' is not a valid argument to '--list'")
        }
        if let bits = parsed.int("keysize") {
            if bits < 2048 { throw UsageError("The minimum value for keysize is 2048") }
            if bits > 32768 { throw UsageError("The maximum value for keysize is 32768") }
        }
        let given = Self.order.first { key in
            if let text = parsed.string(key) { return !text.isEmpty }
            return parsed.flag(key)
        }
        let includeAll = parsed.flag("include_all")
        switch given {
        case "gen_keys":
            self = .generate(name: parsed.string("gen_keys")!, directory: parsed.string("gen_keys_dir") ?? ".",
                             bits: parsed.int("keysize") ?? 2048)
        case "list": self = .list(parsed.string("list")!)
        case "print", "print_all": self = .print(match: parsed.string("print") ?? "*")
        case "accept", "accept_all":
            self = .accept(match: parsed.string("accept") ?? "*", includeRejected: includeAll || parsed.flag("include_rejected"),
                           includeDenied: parsed.flag("include_denied"))
        case "reject", "reject_all":
            self = .reject(match: parsed.string("reject") ?? "*", includeAccepted: includeAll || parsed.flag("include_accepted"),
                           includeDenied: parsed.flag("include_denied"))
        case "delete", "delete_all": self = .delete(match: parsed.string("delete") ?? "*")
        case "finger", "finger_all": self = .finger(match: parsed.string("finger") ?? "*")
        default: self = .list("all")
        }
    }
}
