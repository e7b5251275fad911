/// One command-line option, declared once: the parser, `--help`, the shell completions and the manual
/// page all read this declaration. The vocabulary is Python's `optparse`, which every Salt tool is
/// built on, so that an option behaves in Brine as it does in Salt.
public struct Option: Sendable {
    /// What the option does when it is met on the command line.
    public enum Action: Sendable, Equatable {
        /// Sets the key to true (`-v`).
        case storeTrue
        /// Sets the key to false (`--hide-timeout` clears `show_timeout`).
        case storeFalse
        /// Takes one value; the last one given wins (`-t 3`).
        case store
        /// Takes one value each time it is given and keeps them all (`--file-root A --file-root B`).
        case append
        /// Prints the help and stops.
        case help
        /// Prints the program's name and version and stops.
        case version
    }

    /// How a value is read; a value that does not read this way is a usage error worded as optparse words it.
    public enum ValueType: Sendable, Equatable {
        case string
        /// Python's `int()` with optparse's prefixes: `0x1f`, `0b101`, `010` (octal).
        case int
        case float
        case choice([String])
    }

    /// What a shell offers when completing the option's value.
    public enum Completion: Sendable, Equatable {
        case none
        case file
        case directory
        case words([String])
    }

    /// Every spelling, short (`-t`) and long (`--timeout`), in the order `--help` shows them.
    public let names: [String]
    /// Where the value is kept (optparse's `dest`); several options may share a key.
    public let key: String
    public let action: Action
    public let type: ValueType
    /// The value's name in `--help` and the manual (`-t TIMEOUT`).
    public let metavar: String
    public let help: String
    /// Kept out of `--help`, the manual and completions (internal switches, Salt's options Brine refuses).
    public let isHidden: Bool
    /// A Salt option Brine does not offer, with the reason: it is still recognised (so an abbreviation
    /// means what it means in Salt) and refused with that reason.
    public let refusal: String?
    public let completion: Completion

    public init(
        _ names: [String], key: String? = nil, action: Action, type: ValueType = .string, metavar: String? = nil,
        help: String, hidden: Bool = false, refusal: String? = nil, completion: Completion? = nil
    ) {
        precondition(!names.isEmpty && names.allSatisfy { $0.hasPrefix("-") && $0.count >= 2 }, "bad option names \(names)")
        self.names = names
        let longName = names.first { $0.hasPrefix("--") } ?? names[0]
        let derivedKey = String(longName.drop { $0 == "-" }).replacingDashes()
        self.key = key ?? derivedKey
        self.action = action
        self.type = type
        self.metavar = metavar ?? self.key.uppercased()
        self.help = help
        self.isHidden = hidden || refusal != nil
        self.refusal = refusal
        if let completion {
            self.completion = completion
        } else if case .choice(let words) = type {
            self.completion = .words(words)
        } else {
            self.completion = .none
        }
    }

    /// A switch: `-v`, `--async`.
    public static func flag(_ names: String..., key: String? = nil, help: String, hidden: Bool = false) -> Option {
        Option(names, key: key, action: .storeTrue, help: help, hidden: hidden)
    }

    /// An option that takes a value: `-t 3`, `-t3`, `--timeout=3`, `--timeout 3`.
    public static func value(
        _ names: String..., key: String? = nil, type: ValueType = .string, metavar: String? = nil, help: String,
        hidden: Bool = false, completion: Completion? = nil
    ) -> Option {
        Option(names, key: key, action: .store, type: type, metavar: metavar, help: help, hidden: hidden, completion: completion)
    }

    /// A Salt option that Brine recognises and refuses, saying why.
    public static func refused(_ names: String..., takesValue: Bool, because reason: String) -> Option {
        Option(names, action: takesValue ? .store : .storeTrue, help: "", refusal: reason)
    }

    public var takesValue: Bool { action == .store || action == .append }
    public var shortNames: [String] { names.filter { !$0.hasPrefix("--") } }
    public var longNames: [String] { names.filter { $0.hasPrefix("--") } }
}

extension String {
    func replacingDashes() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}
