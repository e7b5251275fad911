/// A fish completion script made from a program's declaration: one `complete` line per option, with the
/// first sentence of its help and its value's completion.
public enum FishCompletion {
    public static func script(for program: Program) -> String {
        var out = "# fish completion for \(program.name), generated from its option declarations.\n"
        for option in program.visibleOptions {
            var line = "complete -c \(program.name)"
            for name in option.shortNames { line += " -s \(name.dropFirst())" }
            for name in option.longNames { line += " -l \(name.dropFirst(2))" }
            if option.takesValue {
                switch option.completion {
                case .none: line += " -x"
                case .file: line += " -r -F"
                case .directory: line += " -x -a '(__fish_complete_directories)'"
                case .words(let words): line += " -x -a '\(words.joined(separator: " "))'"
                }
            }
            line += " -d \(quoted(ZshCompletion.firstSentence(option.help)))"
            out += line + "\n"
        }
        for operand in program.operands {
            if case .words(let words) = operand.completion {
                out += "complete -c \(program.name) -n 'not string match -q -- \"-*\" (commandline -ct)' -f -a '\(words.joined(separator: " "))'\n"
            }
        }
        return out
    }

    private static func quoted(_ text: String) -> String {
        var out = "'"
        for character in text {
            if character == "'" || character == "\\" { out += "\\" }
            out.append(character)
        }
        return out + "'"
    }
}
