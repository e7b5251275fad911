import Foundation
import PackagePlugin

/// Writes `BuildCommit.swift` for the BuildInfo target before every build: the commit checked out
/// (`git rev-parse`, or `BRINE_COMMIT`, or `unknown` where there is no git) and the Swift compiler's
/// version. The file is rewritten only when its text changes, so an unchanged tree rebuilds nothing,
/// and the same commit and compiler always make the same file.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        let scratch = context.pluginWorkDirectoryURL.appending(path: "BuildCommit.swift.new")
        let script = #"""
            root="$1"; out="$2"; scratch="$3"
            mkdir -p "$out"
            commit=$(git -C "$root" -c safe.directory='*' rev-parse --short=12 HEAD 2>/dev/null) || commit=""
            [ -n "$commit" ] || commit="${BRINE_COMMIT:-unknown}"
            swift=$(swift --version 2>/dev/null | sed -n 's/.*Swift version \([0-9][0-9.]*\).*/\1/p' | head -n 1)
            [ -n "$swift" ] || swift=unknown
            printf '// Written by the BuildInfo plugin at build time; not kept in git.\nlet buildCommit = "%s"\nlet buildSwiftVersion = "%s"\n' "$commit" "$swift" > "$scratch"
            if cmp -s "$scratch" "$out/BuildCommit.swift"; then rm -f "$scratch"; else mv "$scratch" "$out/BuildCommit.swift"; fi
            """#
        var environment: [String: String] = [:]
        for name in ["PATH", "BRINE_COMMIT", "HOME"] {
            if let value = ProcessInfo.processInfo.environment[name] { environment[name] = value }
        }
        return [
            .prebuildCommand(
                displayName: "Recording the commit and compiler in BuildInfo",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", context.package.directoryURL.path, output.path, scratch.path],
                environment: environment,
                outputFilesDirectory: output),
        ]
    }
}
