import BrineCore
import BrineTesting
import Dispatch
import MessagePack
@testable import Minion
import XCTest
import YAML

#if canImport(Glibc)
import Glibc
#endif

/// A config directory of its own for each test, with a `minion` file and maybe a `grains` file.
struct GrainsFixture {
    let directory: String
    static let core: MessagePackValue = [
        "id": "web1", "os": "Debian", "osrelease": "12", "roles": ["db"], "role": "core", "site": "core", "rack": "core",
        "apps": ["web": ["port": 80, "hosts": ["a", "b"]]], "mounts": [["name": "/srv"], ["name": "/var"]], "empty": .nil,
    ]

    init(config: String = "", grainsFile: String? = nil) throws {
        directory = try TemporaryDirectory.make("grains")
        try FileSystem.write(directory + "/minion", config)
        if let grainsFile { try FileSystem.write(directory + "/grains", grainsFile) }
    }

    func store(core: MessagePackValue = Self.core) throws -> GrainStore {
        GrainStore(config: try MinionConfig.load(configDir: directory)) { core }
    }

    var fileGrains: MessagePackValue { (try? YAMLValue.parse(FileSystem.readString(directory + "/grains"))) ?? .nil }

    func remove() {
        for name in ["minion", "grains"] { FileSystem.remove(directory + "/" + name) }
        rmdir(directory)
    }
}

final class GrainStoreTests: XCTestCase {
    func testConfigGrainsBeatTheGrainsFileWhichBeatsCoreGrains() throws {
        let fixture = try GrainsFixture(config: "grains:\n  site: config\n", grainsFile: "role: file\nsite: file\nextra: [1, 2]\n")
        defer { fixture.remove() }
        let grains = try fixture.store().current
        XCTAssertEqual(grains["rack"], "core")
        XCTAssertEqual(grains["role"], "file")
        XCTAssertEqual(grains["site"], "config")
        XCTAssertEqual(grains["extra"], [1, 2])
        XCTAssertEqual(grains["os"], "Debian")
    }

    func testRefreshRereadsBothFilesAndFlagsTheChangeOnce() throws {
        let fixture = try GrainsFixture(config: "grains:\n  site: config\n")
        defer { fixture.remove() }
        let store = try fixture.store()
        XCTAssertFalse(store.takeUnannounced())
        try FileSystem.write(fixture.directory + "/grains", "role: edited\n")
        try FileSystem.write(fixture.directory + "/minion", "grains:\n  site: moved\n")
        store.refresh()
        XCTAssertEqual(store.current["role"], "edited")
        XCTAssertEqual(store.current["site"], "moved")
        XCTAssertTrue(store.takeUnannounced())
        XCTAssertFalse(store.takeUnannounced())
    }

    func testAGrainsFileThatIsNotAMappingIsIgnored() throws {
        for text in ["role: [unclosed\n", "- just\n- a list\n", ""] {
            let fixture = try GrainsFixture(grainsFile: text)
            defer { fixture.remove() }
            XCTAssertEqual(try fixture.store().current, GrainsFixture.core, text)
        }
    }

    func testConcurrentEditsAllLand() throws {
        let fixture = try GrainsFixture()
        defer { fixture.remove() }
        let store = try fixture.store()
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            _ = GrainEdits.setValues([MessagePackPair(.text("key\(index)"), .int(Int64(index)))], destructive: false, in: store)
        }
        for index in 0..<16 {
            XCTAssertEqual(store.current["key\(index)"], .int(Int64(index)))
            XCTAssertEqual(fixture.fileGrains["key\(index)"], .int(Int64(index)))
        }
    }

    func testYAMLEmitRoundTripsEveryType() throws {
        let value: MessagePackValue = [
            "text": "plain", "looks like bool": "yes", "looks like int": "12", "looks like null": "null", "empty": "",
            "colon": "a: b", "unicode": "Grüße ✓", "multi": "line one\nline two", "int": -3, "float": 1.5, "bool": true,
            "none": .nil, "list": [1, "two", [3]], "nested": ["inner": ["deep": false]], "empty list": [], "empty map": [:],
        ]
        let text = try YAMLValue.emit(value)
        XCTAssertEqual(try YAMLValue.parse(text), value, text)
        XCTAssertTrue(text.contains("unicode: Grüße ✓"), text)
        XCTAssertTrue(text.contains("nested:\n  inner:\n    deep: false"), text)
    }
}
