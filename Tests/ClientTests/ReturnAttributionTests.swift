@testable import Client
import MessagePack
import SaltWire
import XCTest

/// The tools take a return only on the master's word of who sent it.
final class ReturnAttributionTests: XCTestCase {
    func testAReturnCountsOnlyWithTheMastersAttribution() {
        let data = JobReturn(jid: "20261206120000000001", value: "forged", retcode: 0, success: true, function: "test.ping", functionArguments: []).load(minion: "victim")
        let tag = EventTag.jobReturn(jid: "20261206120000000001", minion: "victim")
        XCTAssertNil(LocalClient.JobEvent(tag: tag, data: data, minion: nil).jobReturn(of: "20261206120000000001"))
        XCTAssertNil(LocalClient.JobEvent(tag: tag, data: data, minion: "mallory").jobReturn(of: "20261206120000000001"))
        XCTAssertEqual(LocalClient.JobEvent(tag: tag, data: data, minion: "victim").jobReturn(of: "20261206120000000001")?.minion, "victim")
    }
}
