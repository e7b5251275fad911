@testable import Client
import MessagePack
import XCTest

/// The `pprint` outputter against Python 3.11's `pprint.pformat`.
final class PrettyPrintTests: XCTestCase {
    func testShortValuesAreTheirSortedRepr() {
        // pprint.pformat({'m1': {'roles': ['web', 'm1'], 'env': 'prod'}})
        let value: MessagePackValue = ["m1": ["roles": ["web", "m1"], "env": "prod"]]
        XCTAssertEqual(PrettyPrint.format(value), "{'m1': {'env': 'prod', 'roles': ['web', 'm1']}}")
    }

    func testLongValuesPutOneMemberPerLine() {
        // pprint.pformat({'m1': {'roles': ['web'*10, 'm1'*20, 'x'*30], 'env': 'prod'}})
        let value: MessagePackValue = ["m1": [
            "roles": [.text(String(repeating: "web", count: 10)), .text(String(repeating: "m1", count: 20)), .text(String(repeating: "x", count: 30))],
            "env": "prod",
        ]]
        XCTAssertEqual(PrettyPrint.format(value), """
            {'m1': {'env': 'prod',
                    'roles': ['webwebwebwebwebwebwebwebwebweb',
                              'm1m1m1m1m1m1m1m1m1m1m1m1m1m1m1m1m1m1m1m1',
                              'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx']}}
            """)
    }
}
