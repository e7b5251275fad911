/// A zsh completion function (`_arguments`) made from a program's declaration: each option with the first
/// sentence of its help, its value's completion, and the operands by position.
public enum ZshCompletion {
    public static func script(for program: Program) -> String {
        var specs: [String] = []
        for option in program.visibleOptions {
            let exclusive = option.names.count > 1 ? "(\(option.names.joined(separator: " ")))" : ""
            let help = escaped(firstSentence(option.help))
            let value = option.takesValue ? ":\(option.metavar.lowercased()):\(action(option.completion))" : ""
            let repeatable = option.action == .append ? "*" : ""
            if option.names.count > 1 {
                let spellings = option.names.map { name in
                    option.takesValue ? (name.hasPrefix("--") ? name + "=" : name + "+") : name
                }
                specs.append("'\(repeatable)\(exclusive)'{\(spellings.joined(separator: ","))}'[\(help)]\(value)'")
            } else {
                let name = option.names[0]
                let spelling = option.takesValue ? (name.hasPrefix("--") ? name + "=" : name + "+") : name
                specs.append("'\(repeatable)\(spelling)[\(help)]\(value)'")
            }
        }
        for (index, operand) in program.operands.enumerated() {
            let last = index == program.operands.count - 1 && operand.name.hasPrefix("[")
            let position = last ? "*" : String(index + 1)
            specs.append("'\(position):\(escaped(operand.name)):\(action(operand.completion))'")
        }
        return """
            #compdef \(program.name)
            # zsh completion for \(program.name), generated from its option declarations.
            _arguments -s -S \\
              \(specs.joined(separator: " \\\n  "))

            """
    }

    private static func action(_ completion: Option.Completion) -> String {
        switch completion {
        case .none: return " "
        case .file: return "_files"
        case .directory: return "_files -/"
        case .words(let words): return "(\(words.joined(separator: " ")))"
        }
    }

    static func firstSentence(_ text: String) -> String {
        let flat = String(text.map { $0.isNewline ? " " : $0 })
        if let end = flat.range(of: ". ") { return String(flat[..<end.lowerBound]) }
        return flat.hasSuffix(".") ? String(flat.dropLast()) : flat
    }

    private static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "'": out += "'\\''"
            case "[", "]", ":", "\\": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }
}
