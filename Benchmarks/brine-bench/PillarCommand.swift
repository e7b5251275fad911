import ArgumentParser
import BrineCore
import BrineTesting
import MessagePack
import Pillar

/// `brine-bench pillar`: how long brine-master takes to compile one minion's pillar (what each `_pillar`
/// request costs a worker thread), on a tree of templated SLS files with includes, loops and grain
/// conditions.
struct PillarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pillar", abstract: "Pillar: compiles per second for a templated tree.")

    @Option(help: "SLS files in the tree.") var files = 50
    @Option(help: "Minions to compile for.") var minions = 2_000

    func run() throws {
        let directory = try TemporaryDirectory.make("bench-pillar")
        var top = "base:\n  '*':\n    - common\n"
        for role in 0..<10 {
            top += "  'G@roles:r\(role)':\n" + stride(from: role, to: files, by: 10).map { "    - app\($0)\n" }.joined()
        }
        for index in 0..<files {
            let sls = """
                include:
                  - common
                {% set name = 'app\(index)' %}
                \(index % 2 == 0 ? "apps" : "services"):
                  {{ name }}:
                    owner: {{ grains['id'] }}
                    port: \(8000 + index)
                {%- for user in pillar.get('users', ['root', 'admin', 'deploy']) %}
                    user_{{ loop.index }}: {{ user | upper }}
                {%- endfor %}
                {% if grains['os'] == 'Debian' %}
                    package: nginx
                {% else %}
                    package: httpd
                {% endif %}

                """
            try FileSystem.write(directory + "/app\(index).sls", sls)
        }
        try FileSystem.write(directory + "/top.sls", top)
        try FileSystem.write(directory + "/common.sls", "common:\n  dns: [10.0.0.1, 10.0.0.2]\n  tier: {{ grains.get('tier', 'none') }}\n")
        let compiler = PillarCompiler(roots: PillarRoots([PillarEnvironment(name: "base", directories: [directory])]))
        let start = Timestamp.monotonic()
        var keys = 0
        for index in 0..<minions {
            let grains: MessagePackValue = [
                "id": .text("web\(index)"), "os": index % 3 == 0 ? "Debian" : "RedHat",
                "roles": [.text("r\(index % 10)"), .text("r\((index + 3) % 10)")], "tier": "front",
            ]
            let compilation = compiler.compile(id: "web\(index)", grains: grains)
            keys += compilation.pillar.mapValue?.count ?? 0
        }
        let seconds = Timestamp.monotonic() - start
        Console.out("pillar: \(files) SLS files, \(minions) minions, \(keys) top-level keys in all\n")
        Console.out("compiles/s  " + String(format2: Double(minions) / seconds) + "\n")
        Console.out("ms/compile  " + String(format2: seconds * 1000 / Double(minions)) + "\n")
        _ = try? ProcessRunner.shell("rm -rf '\(directory)'")
    }
}
