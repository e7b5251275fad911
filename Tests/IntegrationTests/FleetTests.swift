import BrineCore
import BrineTesting
import SaltWire
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Six minions with different grains: every target type from the command line, and the truth about
/// every expected minion that does not answer.
final class FleetTests: XCTestCase {
    static let grains: [String: String] = [
        "web1": "grains: {roles: [web, cache], env: prod, app: {tier: front}}",
        "web2": "grains: {roles: [web], env: staging, app: {tier: front}}",
        "db1": "grains: {roles: [db], env: prod, app: {tier: back}}",
        "db2": "grains: {roles: [db], env: production, app: {tier: back}}",
        "cache1": "grains: {roles: [cache], env: dev}",
    ]

    func ids(_ result: ProcessRunner.Result) -> Set<String> {
        Set(result.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") && $0.hasSuffix(":") }.map { String($0.dropLast()) })
    }

    func testTargetsOutcomesAndManage() throws {
        let cluster = try TestCluster(masterOptions: "auto_accept: True\nnodegroups:\n  backends: 'G@app:tier:back'\n  webs: 'web*'")
        defer { cluster.stop() }
        try cluster.startMaster()
        for (id, grains) in Self.grains { try cluster.startMinion(id, options: grains) }
        // 'lonely' has an accepted key but never connects.
        let lonelyKey = try RSAPrivateKey.generate()
        try FileSystem.write(cluster.root + "/master/etc/brine/pki/master/minions/lonely", lonelyKey.publicKey.pem)
        for id in Self.grains.keys { try cluster.waitForMinion(id) }

        let expectations: [([String], Set<String>)] = [
            (["web*", "test.ping"], ["web1", "web2"]),
            (["-E", "db[0-9]", "test.ping"], ["db1", "db2"]),
            (["-L", "web1,db2", "test.ping"], ["web1", "db2"]),
            (["-G", "roles:cache", "test.ping"], ["web1", "cache1"]),
            (["-G", "app:tier:front", "test.ping"], ["web1", "web2"]),
            (["-P", "env:prod.*", "test.ping"], ["web1", "db1", "db2"]),
            (["-S", "127.0.0.0/8", "test.ping"], ["web1", "web2", "db1", "db2", "cache1"]),
            (["-C", "G@env:prod and not web1", "test.ping"], ["db1"]),
            (["-C", "not G@roles:web and ( db* or E@cache. )", "test.ping"], ["db1", "db2", "cache1"]),
            (["-N", "backends", "test.ping"], ["db1", "db2"]),
            (["-N", "webs", "test.ping"], ["web1", "web2"]),
        ]
        for (arguments, expected) in expectations {
            let result = try ProcessRunner.run([Binaries.path("brine"), "-c", cluster.masterConfigDir, "-t", "5"] + arguments)
            XCTAssertEqual(ids(result), expected, "brine \(arguments.joined(separator: " ")):\n\(result.stdout)\(result.stderr)")
            XCTAssertEqual(result.status, 0, "brine \(arguments.joined(separator: " "))")
        }
        let badSyntax = try cluster.brine("-C", "G@env:prod and ( web1", "test.ping")
        XCTAssertEqual(badSyntax.status, 2)
        XCTAssertTrue(badSyntax.stdout.contains("("), "the error points at the token: \(badSyntax.stdout)")

        // Still running: find_job keeps brine waiting past -t until the return comes.
        let started = Timestamp.monotonic()
        let slow = try cluster.brine("-t", "1", "--gather-job-timeout", "1", "web1", "test.sleep", "3")
        XCTAssertEqual(slow.stdout, "web1:\n    True\n", slow.stderr)
        XCTAssertEqual(slow.status, 0)
        XCTAssertGreaterThan(Timestamp.monotonic() - started, 2.5)

        // Not connected (stopped, and never connected) and no response (connected but frozen).
        cluster.stopMinion("db2")
        let frozen = try XCTUnwrap(cluster.minions["cache1"])
        kill(frozen.pid, SIGSTOP)
        defer { kill(frozen.pid, SIGCONT) }
        let fleet = try cluster.brine("-v", "--summary", "-t", "2", "--gather-job-timeout", "1", "*", "test.ping")
        XCTAssertEqual(fleet.status, 1)
        XCTAssertTrue(fleet.stdout.hasPrefix("Executing job with jid "), fleet.stdout)
        XCTAssertTrue(fleet.stdout.contains("db2:\n    Minion did not return. [Not connected]\n"), fleet.stdout)
        XCTAssertTrue(fleet.stdout.contains("lonely:\n    Minion did not return. [Not connected]\n"), fleet.stdout)
        XCTAssertTrue(fleet.stdout.contains("cache1:\n    Minion did not return. [No response]\n"), fleet.stdout)
        for line in ["# of minions targeted: 6", "# of minions returned: 3", "# of minions that did not return: 3",
                     "# of minions with errors: 0", "Minions not connected: db2 lonely", "Minions not responding: cache1"] {
            XCTAssertTrue(fleet.stdout.contains(line + "\n"), "missing summary line '\(line)':\n\(fleet.stdout)")
        }
        // As in Salt 3008, --hide-timeout still lists the minions that did not return.
        let hidden = try cluster.brine("--hide-timeout", "-t", "1", "--gather-job-timeout", "1", "*", "test.ping")
        XCTAssertTrue(hidden.stdout.contains("db2:\n    Minion did not return. [Not connected]\n"), hidden.stdout)

        // manage.*: up/down ask the minions; present/not_present only look at connections (cache1 is
        // frozen, not gone).
        let status = try cluster.run("brine-run", "--out", "json", "manage.status", "timeout=2")
        XCTAssertEqual(status.stdout, "{\n    \"up\": [\n        \"db1\",\n        \"web1\",\n        \"web2\"\n    ],\n    \"down\": [\n        \"cache1\",\n        \"db2\",\n        \"lonely\"\n    ]\n}\n")
        XCTAssertEqual(try cluster.run("brine-run", "manage.up", "timeout=2").stdout, "- db1\n- web1\n- web2\n")
        XCTAssertEqual(try cluster.run("brine-run", "manage.down", "timeout=2").stdout, "- cache1\n- db2\n- lonely\n")
        XCTAssertEqual(try cluster.run("brine-run", "manage.present").stdout, "- cache1\n- db1\n- web1\n- web2\n")
        XCTAssertEqual(try cluster.run("brine-run", "manage.not_present").stdout, "- db2\n- lonely\n")
    }
}
