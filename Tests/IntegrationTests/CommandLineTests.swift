import BrineCore
import BrineTesting
import Foundation
import MessagePack
import XCTest
import YAML

/// `brine`'s command-line behaviour over a real fleet of five minions.
final class CommandLineTests: XCTestCase {
    static let ids = ["m1", "m2", "m3", "m4", "m5"]

    func fleet() throws -> TestCluster {
        let cluster = try TestCluster(masterOptions: "auto_accept: True")
        try cluster.startMaster()
        for id in Self.ids { try cluster.startMinion(id) }
        for id in Self.ids { try cluster.waitForMinion(id) }
        return cluster
    }

    func testBatchesOutputsAndProgress() throws {
        let cluster = try fleet()
        defer { cluster.stop() }

        // Rolling batches of 2: each minion records when it started and ended; never 3 at once. As in Salt,
        // each return is printed with its job's jid and retcode.
        let batch = try cluster.brine("-b", "2", "--out", "txt", "*", "cmd.run", "date +%s.%N; sleep 0.6; date +%s.%N")
        XCTAssertEqual(batch.status, 0, batch.stdout + batch.stderr)
        XCTAssertGreaterThanOrEqual(batch.stdout.components(separatedBy: "Executing run on [").count - 1, 3, batch.stdout)
        XCTAssertTrue(batch.stdout.hasPrefix("\nExecuting run on ['m1', 'm2']\n"), batch.stdout)
        var spans: [String: [Double]] = [:]
        for line in batch.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, !["jid:", "retcode:"].contains(parts[0]), let time = Double(parts[1]) else { continue }
            spans[String(parts[0].dropLast()), default: []].append(time)
        }
        XCTAssertEqual(Set(spans.keys), Set(Self.ids), batch.stdout)
        for (id, span) in spans {
            guard span.count == 2 else { return XCTFail("\(id) printed \(span)") }
            let overlapping = spans.values.filter { $0.count == 2 && $0[0] < span[0] + 0.3 && $0[1] > span[0] + 0.3 }.count
            XCTAssertLessThanOrEqual(overlapping, 2, "more than 2 minions ran at once around \(id)'s start")
        }

        // Static output is one document per format, and it parses back.
        let json = try cluster.brine("--static", "--out", "json", "*", "grains.item", "id", "os")
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [String: String]])
        XCTAssertEqual(Set(parsed.keys), Set(Self.ids))
        XCTAssertEqual(parsed["m3"]?["id"], "m3")
        let yaml = try cluster.brine("--static", "--out", "yaml", "*", "test.echo", "héllo")
        XCTAssertEqual(try YAMLValue.parse(yaml.stdout)["m4"], "héllo", yaml.stdout)
        let quiet = try cluster.brine("--out", "quiet", "*", "test.ping")
        XCTAssertEqual(quiet.stdout, "")
        XCTAssertEqual(quiet.status, 0)
        let file = cluster.root + "/out.json"
        _ = try cluster.brine("--static", "--out", "json", "--out-indent=-1", "--out-file", file, "m1", "test.ping")
        XCTAssertEqual(try FileSystem.readString(file), "{\"m1\": true}\n")

        // The progress bar is drawn on a terminal only.
        let piped = try cluster.brine("-p", "*", "test.ping")
        XCTAssertFalse(piped.stderr.contains("5/5"), piped.stderr)
        let command = ([Binaries.path("brine"), "-c", cluster.masterConfigDir, "-p", "--out", "quiet", "'*'", "test.ping"]).joined(separator: " ")
        let onTerminal = try ProcessRunner.run(["/usr/bin/script", "-qec", command, "/dev/null"])
        XCTAssertTrue(onTerminal.stdout.contains("] 5/5"), "no progress bar on a terminal: \(onTerminal.stdout)")

        // -v prints the jid, --summary a summary at the end; --show-jid the jid alone.
        let verbose = try cluster.brine("-v", "--summary", "m1", "test.ping")
        XCTAssertTrue(verbose.stdout.hasPrefix("Executing job with jid "), verbose.stdout)
        XCTAssertTrue(verbose.stdout.contains("# of minions returned: 1\n"), verbose.stdout)
        let showJID = try cluster.brine("--show-jid", "m1", "test.ping")
        XCTAssertTrue(showJID.stdout.hasPrefix("jid: "), showJID.stdout)

        // Salt's argument typing reaches the minion; --no-parse keeps a keyword as text.
        let typed = try cluster.brine("--out", "json", "m1", "test.kwarg", "port=8080", "enabled=yes", "name=007")
        XCTAssertTrue(typed.stdout.contains("\"port\": 8080") && typed.stdout.contains("\"enabled\": true"), typed.stdout)
        let kept = try cluster.brine("--out", "json", "--no-parse=name", "m1", "test.kwarg", "name=007")
        XCTAssertTrue(kept.stdout.contains("\"name\": \"007\""), kept.stdout)

        let functions = try cluster.brine("--out", "json", "m1", "sys.list_functions")
        for name in ["test.ping", "cmd.run_all", "sys.argspec", "saltutil.find_job", "status.loadavg", "disk.usage",
                     "network.interfaces", "pkg.list_pkgs", "service.get_all", "file.replace", "user.info", "environ.items",
                     "grains.get", "saltutil.refresh_grains"] {
            XCTAssertTrue(functions.stdout.contains("\"\(name)\""), "sys.list_functions lacks \(name)")
        }
    }
}
