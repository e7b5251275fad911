import MessagePack
@testable import Minion
import XCTest

/// `pillar.*` on the pillar in memory, with Salt 3008.5's masking (checked with `salt-call --local`):
/// every non-empty text, number or boolean is `**********`, keys and empty values are kept.
final class PillarModuleTests: XCTestCase {
    static let pillar: MessagePackValue = [
        "db": ["user": "app", "password": "hunter2", "port": 5432, "replicas": ["a", "b"]], "empty": "", "off": false, "count": 0,
    ]

    override func setUp() {
        Host.minion.pillar.replace(Self.pillar)
    }

    override func tearDown() {
        Host.minion.pillar.replace([:])
    }

    func testMasking() {
        XCTAssertEqual(PillarModule.mask(Self.pillar), [
            "db": ["user": "**********", "password": "**********", "port": "**********", "replicas": ["**********", "**********"]],
            "empty": "", "off": false, "count": 0,
        ])
    }

    func testGet() {
        XCTAssertEqual(value("pillar.get", "db:password"), "**********")
        XCTAssertEqual(value("pillar.get", "db:password", kwargs: ["unmask": true]), "hunter2")
        XCTAssertEqual(value("pillar.get", "db:replicas:1", kwargs: ["unmask": true]), "b")
        XCTAssertEqual(value("pillar.get", "db|port", kwargs: ["delimiter": "|", "unmask": true]), 5432)
        XCTAssertEqual(value("pillar.get", "missing"), "")
        XCTAssertEqual(value("pillar.get", "missing", "fallback", kwargs: ["unmask": true]), "fallback")
        XCTAssertEqual(value("pillar.get", "db", ["extra": 1], kwargs: ["merge": true, "unmask": true])["extra"], 1)
    }

    func testItemRawKeysAndLs() {
        XCTAssertEqual(value("pillar.item", "db:user", "nope"), ["db:user": "**********", "nope": ""])
        XCTAssertEqual(value("pillar.item", "db:user", kwargs: ["unmask": true]), ["db:user": "app"])
        XCTAssertEqual(value("pillar.raw", kwargs: ["key": "db"])["password"], "hunter2")
        XCTAssertEqual(value("pillar.raw", kwargs: ["unmask": false])["db"]?["user"], "**********")
        XCTAssertEqual(value("pillar.keys", "db"), ["user", "password", "port", "replicas"])
        XCTAssertEqual(value("pillar.ls"), ["db", "empty", "off", "count"])
        XCTAssertEqual(value("pillar.items")["db"]?["port"], "**********")
        XCTAssertEqual(value("pillar.items", kwargs: ["unmask": true])["db"]?["port"], 5432)
        XCTAssertEqual(value("saltutil.refresh_pillar"), true)
    }
}
