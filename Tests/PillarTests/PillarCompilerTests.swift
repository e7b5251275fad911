import BrineCore
import BrineTesting
import MessagePack
import Pillar
import Testing
import YAML

/// Top files, SLS includes, merging and errors, compiled from files on disk as the master reads them.
@Suite struct PillarCompilerTests {
    static let grains: MessagePackValue = [
        "id": "web1", "os": "Debian", "roles": ["web"], "ipv4": ["10.1.2.3"], "ipv6": [],
    ]

    /// Writes `files` under a new directory (the `base` environment) and compiles web1's pillar.
    static func compile(
        _ files: [String: String], id: String = "web1", grains: MessagePackValue = grains,
        settings: PillarCompiler.Settings = PillarCompiler.Settings(), extra: [String: [String: String]] = [:]
    ) throws -> PillarCompiler.Compilation {
        let root = try TemporaryDirectory.make("pillar")
        var environments: [PillarEnvironment] = []
        for (name, tree) in [("base", files)] + extra.sorted(by: { $0.key < $1.key }) {
            let directory = root + "/" + name
            for (path, text) in tree {
                let full = directory + "/" + path
                FileSystem.makeDirectories(FileSystem.parent(of: full))
                try FileSystem.write(full, text)
            }
            FileSystem.makeDirectories(directory)
            environments.append(PillarEnvironment(name: name, directories: [directory]))
        }
        return PillarCompiler(roots: PillarRoots(environments), settings: settings).compile(id: id, grains: grains)
    }

    static func pillar(_ files: [String: String], settings: PillarCompiler.Settings = PillarCompiler.Settings()) throws -> MessagePackValue {
        try compile(files, settings: settings).pillar
    }

    @Test(arguments: [
        ("'web*'", "[]", true),
        ("'db*'", "[]", false),
        ("'web1 and G@os:Debian'", "[]", true),
        ("'web[0-9]'", "[{match: pcre}]", true),
        ("'web1,web2'", "[{match: list}]", true),
        ("'web2,web3'", "[{match: list}]", false),
        ("'os:Debian'", "[{match: grain}]", true),
        ("'os:Deb.*'", "[{match: grain_pcre}]", true),
        ("'os:Ubuntu'", "[{match: grain}]", false),
        ("'10.1.0.0/16'", "[{match: ipcidr}]", true),
        ("'10.2.0.0/16'", "[{match: ipcidr}]", false),
        ("webs", "[{match: nodegroup}]", true),
        ("'G@roles:web or db1'", "[{match: compound}]", true),
        ("'I@tier:front'", "[{match: compound}]", true),
        ("'tier:front'", "[{match: pillar}]", true),
        ("'tier:back'", "[{match: pillar}]", false),
    ])
    func topMatching(target: String, match: String, expected: Bool) throws {
        let top = "base:\n  '*':\n    - common\n  \(target):\n    - special\n    - \(match.dropFirst().dropLast().isEmpty ? "{}" : String(match.dropFirst().dropLast()))\n"
        let settings = PillarCompiler.Settings(nodegroups: ["webs": "L@web1,web2"])
        let pillar = try Self.pillar(["top.sls": top, "common.sls": "tier: front\n", "special.sls": "special: yes\n"], settings: settings)
        #expect(pillar["tier"] == "front")
        #expect(pillar["_errors"] == nil)
        #expect((pillar["special"] == true) == expected, "\(target) \(match)")
    }

    @Test func slsGlobsAndInitFiles() throws {
        let pillar = try Self.pillar([
            "top.sls": "base:\n  '*':\n    - apps.*\n    - users\n",
            "apps/a.sls": "apps: {a: 1}\n", "apps/b.sls": "apps: {b: 2}\n", "users/init.sls": "users: [root]\n",
        ])
        #expect(pillar == ["apps": ["a": 1, "b": 2], "users": ["root"]])
    }

    @Test func templatesSeeTheGrains() throws {
        let pillar = try Self.pillar([
            "top.sls": "base:\n  '*':\n    - app\n",
            "app.sls": "{% if grains['os'] == 'Debian' %}\npkg: apache2\n{% else %}\npkg: httpd\n{% endif %}\nowner: {{ grains.id }}\n",
        ])
        #expect(pillar == ["pkg": "apache2", "owner": "web1"])
    }

    @Test func includesMergeUnderTheIncludingFile() throws {
        let pillar = try Self.pillar([
            "top.sls": "base:\n  '*':\n    - main\n",
            "main.sls": "include:\n  - shared\n  - nested: {key: 'deep:er', defaults: {port: 8080}}\nvalue: main\n",
            "shared.sls": "value: shared\nonly_shared: 1\n",
            "nested.sls": "port: {{ port }}\n",
        ])
        #expect(pillar == ["value": "main", "only_shared": 1, "deep": ["er": ["port": 8080]]])
    }

    @Test func includeCyclesStop() throws {
        let pillar = try Self.pillar([
            "top.sls": "base:\n  '*':\n    - a\n",
            "a.sls": "include: [b]\na: 1\n", "b.sls": "include: [a]\nb: 1\n",
        ])
        #expect(pillar["a"] == 1 && pillar["b"] == 1)
    }

    @Test func includeChainsAreBounded() throws {
        var files = ["top.sls": "base:\n  '*':\n    - s0\n"]
        for index in 0..<40 { files["s\(index).sls"] = "include: [s\(index + 1)]\nv\(index): 1\n" }
        let pillar = try Self.pillar(files)
        #expect(pillar["v0"] == 1)
        #expect(pillar["_errors"] == ["Including SLS 's32' in environment 'base' nests deeper than 32 levels"])
    }

    static let mergeFiles = [
        "top.sls": "base:\n  '*':\n    - one\n    - two\n",
        "one.sls": "users:\n  alice: {uid: 1000, shell: bash}\nlist: [a, b]\n",
        "two.sls": "users:\n  alice: {uid: 2000}\n  bob: {uid: 2001}\nlist: [b, c]\n",
    ]

    @Test func smartAndRecurseMergeDeeply() throws {
        let expected: MessagePackValue = [
            "users": ["alice": ["uid": 2000, "shell": "bash"], "bob": ["uid": 2001]], "list": ["b", "c"],
        ]
        for strategy in [PillarMergingStrategy.smart, .recurse, .aggregate, .none] {
            #expect(try Self.pillar(Self.mergeFiles, settings: .init(strategy: strategy)) == expected)
        }
        var merged = expected
        merged["list"] = ["a", "b", "c"]
        #expect(try Self.pillar(Self.mergeFiles, settings: .init(mergeLists: true)) == merged)
    }

    @Test func overwriteReplacesTopLevelKeys() throws {
        let pillar = try Self.pillar(Self.mergeFiles, settings: .init(strategy: .overwrite))
        #expect(pillar == ["users": ["alice": ["uid": 2000], "bob": ["uid": 2001]], "list": ["b", "c"]])
    }

    @Test func environmentsAndTheNoneStrategy() throws {
        let files = ["top.sls": "base:\n  '*':\n    - a\n", "a.sls": "a: base\n"]
        let dev = ["top.sls": "dev:\n  '*':\n    - a\n", "a.sls": "a: dev\nd: 1\n"]
        #expect(try Self.compile(files, extra: ["dev": dev]).pillar == ["a": "dev", "d": 1])
        #expect(try Self.compile(files, settings: .init(strategy: .none), extra: ["dev": dev]).pillar == ["a": "base"])
        #expect(try Self.compile(files, settings: .init(pillarenv: "dev"), extra: ["dev": dev]).pillar == ["a": "dev", "d": 1])
        let root = try TemporaryDirectory.make("pillarenv")
        for (environment, tree) in [("base", files), ("dev", dev)] {
            FileSystem.makeDirectories(root + "/" + environment)
            for (path, text) in tree { try FileSystem.write(root + "/" + environment + "/" + path, text) }
        }
        let compiler = PillarCompiler(roots: PillarRoots([
            PillarEnvironment(name: "base", directories: [root + "/base"]), PillarEnvironment(name: "dev", directories: [root + "/dev"]),
        ]))
        #expect(compiler.compile(id: "web1", grains: Self.grains, pillarenv: "base").pillar == ["a": "base"])
        #expect(compiler.compile(id: "web1", grains: Self.grains, pillarenv: "nosuch").pillar == [:])
    }

    @Test func badPillarGivesErrorsNotACrash() throws {
        let compilation = try Self.compile([
            "top.sls": "base:\n  '*':\n    - good\n    - badyaml\n    - badjinja\n    - missing\n    - list\n",
            "good.sls": "good: 1\n", "badyaml.sls": "a: [b\n", "badjinja.sls": "x: 1\n{{ grains.nope }}\n", "list.sls": "- a\n",
        ])
        #expect(compilation.pillar["good"] == 1)
        #expect(compilation.pillar["_errors"] == [
            "Rendering SLS 'badyaml' failed. Please see master log for details.",
            "Rendering SLS 'badjinja' failed. Please see master log for details.",
            "Specified SLS 'missing' in environment 'base' is not available on the salt master",
            "SLS 'list' does not render to a dictionary",
        ])
        let logged = compilation.problems.joined(separator: "\n")
        #expect(logged.contains("badyaml.sls: YAML error:"))
        #expect(logged.contains("badjinja.sls, line 2: Jinja variable 'dict object' has no attribute 'nope'"))
    }

    @Test func unsafeRenderErrorsCarryTheDetail() throws {
        let compilation = try Self.compile(
            ["top.sls": "base:\n  '*':\n    - t\n", "t.sls": "{% raw %}{% endraw %}\n"], settings: .init(safeRenderError: false))
        let error = compilation.pillar["_errors"]?.arrayValue?.first?.stringValue ?? ""
        #expect(error.hasPrefix("Rendering SLS 't' failed, render error:\n"))
        #expect(error.hasSuffix("t.sls, line 1: the tag '{% raw %}' is not supported"))
    }

    @Test func brokenTopFile() throws {
        let compilation = try Self.compile(["top.sls": "base: [\n"])
        let error = compilation.pillar["_errors"]?.arrayValue?.first?.stringValue ?? ""
        #expect(error.hasPrefix("Rendering Primary Top file failed, render error:\n"))
    }

    @Test func aMinionGetsOnlyWhatItsTargetsName() throws {
        let files = [
            "top.sls": "base:\n  web1:\n    - secret1\n  web2:\n    - secret2\n",
            "secret1.sls": "password: one\n", "secret2.sls": "password: two\n",
        ]
        #expect(try Self.compile(files).pillar == ["password": "one"])
        #expect(try Self.compile(files, id: "web2").pillar == ["password": "two"])
        #expect(try Self.compile(files, id: "web3").pillar == [:])
    }
}
