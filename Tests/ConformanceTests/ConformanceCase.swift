/// One command line of the conformance table, typed as after `salt`, `salt-run`, `salt-key` or
/// `salt-call` (Brine runs it under its own program name), with what may differ and why.
struct ConformanceCase: Sendable {
    enum Tool: String, Sendable {
        case salt
        case saltRun = "salt-run"
        case saltKey = "salt-key"
        case saltCall = "salt-call"

        var brineName: String {
            switch self {
            case .salt: return "brine"
            case .saltRun: return "brine-run"
            case .saltKey: return "brine-key"
            case .saltCall: return "brine-call"
            }
        }
    }

    enum Trait: Sendable {
        /// Several minions answer, in whatever order they come: lines are compared as a sorted list.
        case anyOrder
        /// Fed to stdin (answers to salt-key's questions).
        case stdin(String)
        /// Remember the jid this prints (`jid: ...`, `job ID: ...`) as `{jid:NAME}` for later lines.
        case saveJID(String)
        /// After the command, the file's text is compared too (`--out-file`).
        case readFile(String)
        /// The outputs differ on purpose: only the parts named are compared.
        case kept(KeptDifference, comparing: Set<Part>)
    }

    /// What of a run a kept difference still compares.
    enum Part: Sendable {
        case status, stdout, stderr
        /// The first line of stdout.
        case firstLine
    }

    let tool: Tool
    let line: String
    let traits: [Trait]

    var anyOrder: Bool { traits.contains { if case .anyOrder = $0 { true } else { false } } }

    var stdin: String? {
        for case .stdin(let text) in traits { return text }
        return nil
    }

    var savedJID: String? {
        for case .saveJID(let name) in traits { return name }
        return nil
    }

    var file: String? {
        for case .readFile(let path) in traits { return path }
        return nil
    }

    var kept: (difference: KeptDifference, parts: Set<Part>)? {
        for case .kept(let difference, let parts) in traits { return (difference, parts) }
        return nil
    }

    var title: String { "\(tool.rawValue) \(line)" }
}

func salt(_ line: String, _ traits: ConformanceCase.Trait...) -> ConformanceCase {
    ConformanceCase(tool: .salt, line: line, traits: traits)
}

func saltRun(_ line: String, _ traits: ConformanceCase.Trait...) -> ConformanceCase {
    ConformanceCase(tool: .saltRun, line: line, traits: traits)
}

func saltKey(_ line: String, _ traits: ConformanceCase.Trait...) -> ConformanceCase {
    ConformanceCase(tool: .saltKey, line: line, traits: traits)
}

func saltCall(_ line: String, _ traits: ConformanceCase.Trait...) -> ConformanceCase {
    ConformanceCase(tool: .saltCall, line: line, traits: traits)
}
