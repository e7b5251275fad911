import BrineCore
import OptionParsing
import Programs

#if canImport(Glibc)
import Glibc
#endif

/// `brine-docs DIR [PROGRAM...]`: writes the manual pages and the bash, zsh and fish completions of the
/// programs (all of them by default) under DIR, in the layout of a `share` directory:
/// `man/man1/brine.1`, `bash-completion/completions/brine`, `zsh/site-functions/_brine`,
/// `fish/vendor_completions.d/brine.fish`. Everything comes from the programs' option declarations.
let words = Array(CommandLine.arguments.dropFirst())
guard let root = words.first, !root.hasPrefix("-") else {
    Console.error("usage: brine-docs DIR [PROGRAM...]\n")
    exit(64)
}
let names = Set(words.dropFirst())
let programs = Programs.all.filter { names.isEmpty || names.contains($0.name) }
let siblings = programs.map(\.name)
do {
    for program in programs {
        let files: [(String, String)] = [
            ("man/man1/\(program.name).1", ManualPage.page(for: program, seeAlso: siblings.filter { $0 != program.name })),
            ("bash-completion/completions/\(program.name)", BashCompletion.script(for: program)),
            ("zsh/site-functions/_\(program.name)", ZshCompletion.script(for: program)),
            ("fish/vendor_completions.d/\(program.name).fish", FishCompletion.script(for: program)),
        ]
        for (path, text) in files {
            let full = root + "/" + path
            FileSystem.makeDirectories(FileSystem.parent(of: full), mode: 0o755)
            try FileSystem.write(full, text, mode: 0o644)
        }
    }
} catch {
    Console.error("brine-docs: \(error)\n")
    exit(1)
}
