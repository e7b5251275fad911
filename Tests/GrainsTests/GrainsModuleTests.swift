import BrineCore
import MessagePack
@testable import Minion
import XCTest

/// The `grains.*` functions as a job calls them, on fixed core grains, with Salt's answers.
final class GrainsModuleTests: XCTestCase {
    private var fixture: GrainsFixture!
    private var store: GrainStore!
    private let registry = FunctionRegistry([GrainsModule.functions])

    override func setUpWithError() throws {
        fixture = try GrainsFixture(config: "grains:\n  pinned: config\n")
        store = try fixture.store()
    }

    override func tearDown() {
        fixture.remove()
    }

    /// Runs a function with positional arguments and keywords, as a publication carries them.
    private func call(
        _ name: String, _ positional: [MessagePackValue] = [], _ keywords: KeyValuePairs<String, MessagePackValue> = [:]
    ) throws -> FunctionRegistry.Outcome {
        var raw = positional
        if keywords.count > 0 {
            raw.append(.map([MessagePackPair("__kwarg__", true)] + keywords.map { MessagePackPair(.text($0.key), $0.value) }))
        }
        let context = JobContext(
            minionID: "web1", grains: store, config: try MinionConfig.load(configDir: fixture.directory),
            jid: "20250101000000000000", publication: [:], functions: registry, jobs: RunningJobs())
        return registry.run(name, arguments: raw, context: context)
    }

    private func value(
        _ name: String, _ positional: [MessagePackValue] = [], _ keywords: KeyValuePairs<String, MessagePackValue> = [:]
    ) throws -> MessagePackValue {
        let outcome = try call(name, positional, keywords)
        XCTAssertEqual(outcome.retcode, 0, "\(name): \(outcome.value)")
        return outcome.value
    }

    func testItemsAndLs() throws {
        XCTAssertEqual(try value("grains.items")["os"], "Debian")
        XCTAssertEqual(try value("grains.items")["pinned"], "config")
        let sanitized = try value("grains.items", [], ["sanitize": true])
        XCTAssertEqual(sanitized["id"], "MINION.DOMAINNAME")
        XCTAssertEqual(sanitized["os"], "Debian")
        let names = try value("grains.ls").arrayValue?.compactMap(\.stringValue) ?? []
        XCTAssertEqual(names, names.sorted())
        XCTAssertTrue(names.contains("pinned"))
    }

    func testGetWalksPathsAndFallsBackToTheDefault() throws {
        XCTAssertEqual(try value("grains.get", ["os"]), "Debian")
        XCTAssertEqual(try value("grains.get", ["apps:web:port"]), 80)
        XCTAssertEqual(try value("grains.get", ["apps:web:hosts:1"]), "b")
        XCTAssertEqual(try value("grains.get", ["mounts:name"]), "/srv")
        XCTAssertEqual(try value("grains.get", ["apps|web|port"], ["delimiter": "|"]), 80)
        XCTAssertEqual(try value("grains.get", ["missing"]), "")
        XCTAssertEqual(try value("grains.get", ["apps:db:port"], ["default": 5432]), 5432)
        XCTAssertEqual(try value("grains.get", ["missing", "fallback"]), "fallback")
        XCTAssertEqual(try value("grains.get", ["empty"], ["default": "x"]), .nil)
        XCTAssertEqual(try value("grains.has_value", ["empty"]), true)
        XCTAssertEqual(try value("grains.has_value", ["apps:db"]), false)
        XCTAssertEqual(try value("grains.fetch", ["apps:web:hosts:0"]), "a")
        XCTAssertEqual(try value("grains.equals", ["osrelease", 12]), true)
        XCTAssertEqual(try value("grains.equals", ["os", "RedHat"]), false)
    }

    func testItemReturnsEachNamedGrain() throws {
        XCTAssertEqual(try value("grains.item", ["os", "osrelease", "apps:web:port", "missing"]),
                       ["os": "Debian", "osrelease": "12", "apps:web:port": 80, "missing": ""])
        XCTAssertEqual(try value("grains.item", ["missing"], ["default": "none"]), ["missing": "none"])
        XCTAssertEqual(try value("grains.item", ["id", "host"], ["sanitize": true]), ["id": "MINION.DOMAINNAME", "host": "MINION"])
    }

    func testSetvalPersistsAndIsSeenAtOnce() throws {
        XCTAssertEqual(try value("grains.setval", ["role", "web"]), ["role": "web"])
        XCTAssertEqual(try value("grains.setval", ["apps", ["nginx": ["port": 8080]]]), ["apps": ["nginx": ["port": 8080]]])
        XCTAssertEqual(store.current["role"], "web")
        XCTAssertEqual(try value("grains.get", ["apps:nginx:port"]), 8080)
        XCTAssertEqual(fixture.fileGrains, ["role": "web", "apps": ["nginx": ["port": 8080]]])
        XCTAssertTrue(store.takeUnannounced())
        // A fresh minion reads them back from the file.
        XCTAssertEqual(try fixture.store().current["role"], "web")
        XCTAssertEqual(try value("grains.setvals", [["a": 1, "b": "two"]]), ["a": 1, "b": "two"])
        XCTAssertEqual(store.current["b"], "two")
        XCTAssertEqual(try call("grains.setvals", ["notadict"]).retcode, 1)
    }

    func testTheConfigStillWinsOverSetval() throws {
        XCTAssertEqual(try value("grains.setval", ["pinned", "file"]), ["pinned": "file"])
        XCTAssertEqual(fixture.fileGrains["pinned"], "file")
        XCTAssertEqual(store.current["pinned"], "config")
    }

    func testAppendBuildsListsWithSaltsMessages() throws {
        XCTAssertEqual(try value("grains.append", ["roles", "web"]), ["roles": ["db", "web"]])
        XCTAssertEqual(try value("grains.append", ["roles", "web"]), "The val web was already in the list roles")
        XCTAssertEqual(try value("grains.append", ["roles", ["cache", "queue"]]), ["roles": ["db", "web", "cache", "queue"]])
        XCTAssertEqual(try value("grains.append", ["fresh", 1]), ["fresh": [1]])
        XCTAssertEqual(try value("grains.append", ["os", "x"]), "The key os is not a valid list")
        XCTAssertEqual(try value("grains.append", ["os", "x"], ["convert": true]), ["os": ["Debian", "x"]])
        XCTAssertEqual(try value("grains.append", ["apps:web:hosts", "c"]), ["apps": ["web": ["port": 80, "hosts": ["a", "b", "c"]]]])
        XCTAssertEqual(fixture.fileGrains["fresh"], [1])
        XCTAssertEqual(try value("grains.remove", ["roles", "web"]), ["roles": ["db", "cache", "queue"]])
        XCTAssertEqual(try value("grains.remove", ["roles", "web"]), "The val web was not in the list roles")
    }

    func testDelvalClearsAndDestructiveRemoves() throws {
        _ = try value("grains.setval", ["role", "web"])
        XCTAssertEqual(try value("grains.delval", ["role"]), ["comment": "", "changes": ["role": .nil], "result": true])
        XCTAssertEqual(store.current["role"], .nil)
        XCTAssertEqual(fixture.fileGrains["role"], .nil)
        XCTAssertEqual(try value("grains.delval", ["role"], ["destructive": true]), ["comment": "", "changes": ["role": .nil], "result": true])
        XCTAssertEqual(store.current["role"], "core")
        XCTAssertNil(fixture.fileGrains["role"])
        _ = try value("grains.setval", ["gone", 1])
        _ = try value("grains.delkey", ["gone"])
        XCTAssertNil(store.current["gone"])
        let refused = try call("grains.delval", ["roles"])
        XCTAssertEqual(refused.retcode, 1)
        XCTAssertEqual(refused.value["comment"], "The key 'roles' exists but is a dict or a list. Use 'force=True' to overwrite.")
    }

    func testSetNestedKeys() throws {
        XCTAssertEqual(try value("grains.set", ["apps:web:port", 8080])["changes"], ["apps": ["web": ["port": 8080, "hosts": ["a", "b"]]]])
        XCTAssertEqual(try value("grains.set", ["apps:web:port", 8080])["comment"], "Grain is already set")
        XCTAssertEqual(try value("grains.set", ["deep:er:key", "v"])["changes"], ["deep": ["er": ["key": "v"]]])
        let refused = try call("grains.set", ["os:name", "x"])
        XCTAssertEqual(refused.value["comment"], "The key 'os' value is 'Debian', which is different from the provided key 'name'. Use 'force=True' to overwrite.")
        XCTAssertEqual(try value("grains.set", ["os:name", "x"], ["force": true])["changes"], ["os": ["name": "x"]])
    }

    func testRefreshGrainsRereadsTheFiles() throws {
        try FileSystem.write(fixture.directory + "/grains", "role: edited\n")
        XCTAssertEqual(store.current["role"], "core")
        XCTAssertEqual(try value("saltutil.refresh_grains"), true)
        XCTAssertEqual(store.current["role"], "edited")
        XCTAssertTrue(store.takeUnannounced())
    }
}
