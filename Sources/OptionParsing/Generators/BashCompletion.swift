/// A bash completion script made from a program's declaration: option names after `-`, an option's
/// values (its choices, files or directories) after the option, and each operand's words by position.
public enum BashCompletion {
    public static func script(for program: Program) -> String {
        let function = "_" + program.name.replacingDashes()
        let options = program.visibleOptions
        let names = options.flatMap(\.names).joined(separator: " ")
        let valued = options.filter(\.takesValue)
        var out = """
            # bash completion for \(program.name), generated from its option declarations.
            \(function)() {
                local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
                COMPREPLY=()
                case "$prev" in

            """
        for option in valued {
            out += "        \(option.names.joined(separator: "|")))\n"
            out += "            \(reply(option.completion))\n"
            out += "            return ;;\n"
        }
        out += """
                esac
                if [[ "$cur" == -* ]]; then
                    COMPREPLY=( $(compgen -W "\(names)" -- "$cur") )
                    return
                fi

            """
        if !program.operands.isEmpty {
            let takingValue = valued.flatMap(\.names).joined(separator: "|")
            out += """
                    local i position=0 word
                    for (( i=1; i < COMP_CWORD; i++ )); do
                        word="${COMP_WORDS[i]}"
                        case "$word" in
                            \(takingValue.isEmpty ? "--never--" : takingValue)) (( i++ )) ;;
                            -*) ;;
                            *) (( position++ )) ;;
                        esac
                    done
                    case $position in

                """
            for (index, operand) in program.operands.enumerated() where operand.completion != .none {
                out += "        \(index)) \(reply(operand.completion)) ;;\n"
            }
            out += "    esac\n"
        }
        out += "}\ncomplete -F \(function) \(program.name)\n"
        return out
    }

    private static func reply(_ completion: Option.Completion) -> String {
        switch completion {
        case .none: return ":"
        case .file: return "COMPREPLY=( $(compgen -f -- \"$cur\") )"
        case .directory: return "COMPREPLY=( $(compgen -d -- \"$cur\") )"
        case .words(let words): return "COMPREPLY=( $(compgen -W \"\(words.joined(separator: " "))\" -- \"$cur\") )"
        }
    }
}
