import Client
import XCTest

/// Start times as Salt's `jid_to_time` writes them, and read back.
final class JobTimeTests: XCTestCase {
    func testStartTimeOfAJid() {
        XCTAssertEqual(JobTime.startTime(jid: "20261121190515961226"), "2026, Nov 21 19:05:15.961226")
        XCTAssertEqual(JobTime.startTime(jid: "20260101000000000000_1"), "2026, Jan 01 00:00:00.000000")
        XCTAssertEqual(JobTime.startTime(jid: "20261221190515961226"), "2026, Dec 21 19:05:15.961226")
    }

    func testStartTimeOfWhatIsNotAJid() {
        for text in ["", "req", "2026112119051596122", "20261321190515961226", "20260021190515961226", "2026112119051596122x"] {
            XCTAssertEqual(JobTime.startTime(jid: text), "", text)
        }
    }

    func testStartTimeReadsBack() {
        XCTAssertEqual(JobTime.parse(JobTime.startTime(jid: "20261121190515961226")), JobTime.parse("2026-11-21 19:05:15.961226"))
    }
}
