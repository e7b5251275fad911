import BrineCore
import BrineTesting
import XCTest

/// Modules in any language: executables in `salt://_modules/`, synced by `saltutil.sync_modules`,
/// called through `brine` with their declarations' argument checks and docs, and bounded when they
/// hang, crash or print garbage.
final class ModuleSyncClusterTests: XCTestCase {
    /// `etc/brine/examples/`, the modules the README documents.
    private static let examples: String = {
        var root = "\(#filePath)"
        for _ in 0..<3 { root = FileSystem.parent(of: root) }
        return root + "/etc/brine/examples/"
    }()

    func testSyncedModulesRunThroughBrine() throws {
        let roots = try TemporaryDirectory.make("module-roots")
        let modules = roots + "/_modules/"
        XCTAssertTrue(FileSystem.makeDirectories(modules))
        for name in ["greet.sh", "greet.yaml", "sysinfo.py", "sysinfo.yaml"] {
            try FileSystem.write(modules + name, try FileSystem.read(Self.examples + name), mode: name.hasSuffix(".yaml") ? 0o644 : 0o755)
        }
        let scripts = [
            "hang.sh": "#!/bin/sh\nsleep 60\n",
            "garbage.sh": "#!/bin/sh\necho 'this is not JSON'\n",
            "crash.py": "#!/usr/bin/env python3\nraise SystemExit('crash: out of cheese')\n",
            "echoer.sh": "#!/bin/sh\nprintf '{\"return\": {\"action\": \"%s\", \"request\": %s}}' \"$1\" \"$(cat)\"\n",
        ]
        for (name, text) in scripts { try FileSystem.write(modules + name, text, mode: 0o755) }
        let cluster = try TestCluster(masterOptions: "file_roots:\n  base: [\(roots)]")
        defer { cluster.stop() }
        try cluster.startMaster()
        try cluster.startMinion("web1", options: "extension_module_timeout: 2")
        try cluster.accept("web1")
        try cluster.waitForMinion("web1")

        let before = try cluster.brine("web1", "greet.hello")
        XCTAssertEqual(before.stdout, "web1:\n    'greet.hello' is not available.\n")
        let sync = try cluster.brine("--out", "json", "web1", "saltutil.sync_modules")
        XCTAssertEqual(sync.stdout, """
            {
                "web1": [
                    "modules.crash",
                    "modules.echoer",
                    "modules.garbage",
                    "modules.greet",
                    "modules.hang",
                    "modules.sysinfo"
                ]
            }

            """, sync.stderr)

        let hello = try cluster.brine("web1", "greet.hello", "Ada", "loud=True")
        XCTAssertEqual(hello.status, 0, hello.stdout)
        XCTAssertEqual(hello.stdout, "web1:\n    HELLO, ADA!\n")
        XCTAssertEqual(try cluster.brine("web1", "greet.hello").stdout, "web1:\n    Hello, world!\n")
        let add = try cluster.brine("--out", "json", "web1", "sysinfo.add", "2", "b=40")
        XCTAssertEqual(add.stdout, "{\n    \"web1\": 42\n}\n", add.stderr)
        let describe = try cluster.brine("--out", "json", "web1", "sysinfo.describe")
        XCTAssertTrue(describe.stdout.contains("\"id\": \"web1\""), describe.stdout)

        let wrongType = try cluster.brine("web1", "sysinfo.add", "two")
        XCTAssertEqual(wrongType.status, 1)
        XCTAssertTrue(wrongType.stdout.contains("Passed invalid arguments to sysinfo.add: argument 'a' must be an integer, not 'two'"), wrongType.stdout)
        let tooMany = try cluster.brine("web1", "sysinfo.add", "1", "2", "3")
        XCTAssertTrue(tooMany.stdout.contains("add() takes from 1 to 2 positional arguments but 3 were given"), tooMany.stdout)
        let stray = try cluster.brine("web1", "greet.hello", "colour=red")
        XCTAssertTrue(stray.stdout.contains("The following keyword arguments are not valid: colour=red"), stray.stdout)
        XCTAssertTrue(try cluster.brine("web1", "greet.nosuch").stdout.contains("'greet.nosuch' is not available."))
        let failing = try cluster.brine("web1", "greet.fail")
        XCTAssertEqual(failing.status, 1, "the module's retcode 2 is the job's")
        XCTAssertEqual(failing.stdout, "web1:\n    greet.fail fails on purpose\n")

        let doc = try cluster.brine("--out", "json", "web1", "sys.doc", "greet")
        XCTAssertTrue(doc.stdout.contains("\"greet.hello\": \"Greet someone, loudly if asked."), doc.stdout)
        XCTAssertTrue(doc.stdout.contains("\"greet.fail\""), doc.stdout)
        let argspec = try cluster.brine("--out", "json", "web1", "sys.argspec", "sysinfo.add")
        XCTAssertTrue(argspec.stdout.contains("\"args\": [\n                \"a\",\n                \"b\"\n            ]"), argspec.stdout)
        XCTAssertTrue(argspec.stdout.contains("\"defaults\": [\n                0\n            ]"), argspec.stdout)
        let functions = try cluster.brine("--out", "json", "web1", "sys.list_functions", "sysinfo")
        XCTAssertEqual(functions.stdout, "{\n    \"web1\": [\n        \"sysinfo.add\",\n        \"sysinfo.describe\"\n    ]\n}\n")

        // Without a declaration every action and argument passes through, typed as the command line typed them.
        let listed = try cluster.brine("--out", "json", "--out-indent", "-1", "web1", "sys.list_modules", "e*")
        XCTAssertEqual(listed.stdout, "{\"web1\": [\"echoer\", \"environ\"]}\n")
        let echoed = try cluster.brine("--out", "json", "--out-indent", "-1", "web1", "echoer.anything", "1", "two", "flag=True")
        XCTAssertTrue(echoed.stdout.contains("\"action\": \"anything\""), echoed.stdout)
        XCTAssertTrue(echoed.stdout.contains("\"args\": [1, \"two\"], \"kwargs\": {\"flag\": true}"), echoed.stdout)

        let started = Timestamp.monotonic()
        let hang = try cluster.brine("-t", "20", "web1", "hang.forever")
        XCTAssertEqual(hang.status, 1)
        XCTAssertTrue(hang.stdout.contains("ERROR: hang.forever did not finish within 2 seconds and was killed"), hang.stdout)
        XCTAssertLessThan(Timestamp.monotonic() - started, 15)
        let garbage = try cluster.brine("web1", "garbage.print")
        XCTAssertEqual(garbage.status, 1)
        XCTAssertTrue(garbage.stdout.contains("ERROR: garbage.print did not print one JSON object on stdout"), garbage.stdout)
        let crash = try cluster.brine("web1", "crash.now")
        XCTAssertEqual(crash.status, 1)
        XCTAssertTrue(crash.stdout.contains("(exit status 1)"), crash.stdout)
        XCTAssertTrue(crash.stdout.contains("crash: out of cheese"), crash.stdout)

        // A second sync changes nothing; a module gone from the master goes from the minion too.
        XCTAssertEqual(try cluster.brine("--out", "json", "web1", "saltutil.sync_modules").stdout, "{\n    \"web1\": []\n}\n")
        XCTAssertTrue(FileSystem.remove(modules + "echoer.sh"))
        let all = try cluster.brine("--out", "json", "--out-indent", "-1", "web1", "saltutil.sync_all")
        XCTAssertTrue(all.stdout.contains("\"modules\": [\"modules.echoer\"]"), all.stdout)
        XCTAssertTrue(all.stdout.contains("\"states\": []"), all.stdout)
        XCTAssertTrue(try cluster.brine("web1", "echoer.anything").stdout.contains("'echoer.anything' is not available."))
    }

    /// The module's input carries the pillar the master compiled for this minion (the one
    /// `pillar.items` shows), and the pillar `saltutil.sync_all` refreshes reaches the next call.
    func testSyncedModuleSeesTheMinionsPillar() throws {
        let roots = try TemporaryDirectory.make("module-pillar-roots")
        XCTAssertTrue(FileSystem.makeDirectories(roots + "/_modules"))
        try FileSystem.write(roots + "/_modules/secrets.sh", "#!/bin/sh\nprintf '{\"return\": %s}' \"$(cat)\"\n", mode: 0o755)
        let cluster = try TestCluster(masterOptions: "file_roots:\n  base: [\(roots)]")
        defer { cluster.stop() }
        try PillarClusterTests.writePillar(cluster, [
            "top.sls": "base:\n  web1:\n    - web\n  db1:\n    - db\n", "web.sls": "role: web\ntoken: web-only\n", "db.sls": "role: db\n",
        ])
        try cluster.startMaster()
        for id in ["web1", "db1"] {
            try cluster.startMinion(id)
            try cluster.accept(id)
            try cluster.waitForMinion(id)
        }
        let sync = try cluster.brine("--out", "json", "*", "saltutil.sync_modules")
        XCTAssertEqual(sync.status, 0, sync.stdout + sync.stderr)

        let web = try cluster.brine("--out", "json", "--out-indent", "-1", "web1", "secrets.show")
        XCTAssertTrue(web.stdout.contains("\"pillar\": {\"role\": \"web\", \"token\": \"web-only\"}"), web.stdout)
        let db = try cluster.brine("--out", "json", "--out-indent", "-1", "db1", "secrets.show")
        XCTAssertTrue(db.stdout.contains("\"pillar\": {\"role\": \"db\"}"), db.stdout)

        // saltutil.sync_all refreshes the pillar too (refresh=True by default, as in Salt).
        try PillarClusterTests.writePillar(cluster, ["db.sls": "role: primary\n"])
        XCTAssertEqual(try cluster.brine("db1", "saltutil.sync_all").status, 0)
        var refreshed = ""
        let deadline = Timestamp.monotonic() + 10
        repeat {
            refreshed = try cluster.brine("--out", "json", "--out-indent", "-1", "db1", "secrets.show").stdout
        } while !refreshed.contains("\"role\": \"primary\"") && Timestamp.monotonic() < deadline
        XCTAssertTrue(refreshed.contains("\"pillar\": {\"role\": \"primary\"}"), refreshed)
    }
}
