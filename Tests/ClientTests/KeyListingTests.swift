import Client
import MessagePack
import XCTest

/// `salt-key`'s view of a pki dir, and its key outputter.
final class KeyListingTests: XCTestCase {
    private let listing = KeyListing(
        idsByState: ["minions": ["web2", "Web1", "db1"], "minions_pre": ["new1"], "minions_rejected": [], "minions_denied": []],
        localKeys: ["master.pub", "master.pem"])

    func testStatesComeInSaltsOrderSortedIgnoringCase() {
        XCTAssertEqual(listing.status("all").map(\.name), ["minions_pre", "minions_rejected", "minions", "minions_denied"])
        XCTAssertEqual(listing.status("acc").first?.ids, ["db1", "Web1", "web2"])
        XCTAssertEqual(listing.status("unaccepted").map(\.name), ["minions_pre"])
    }

    func testGlobsMatchOnlyStatesWithAMatchAndListsSplitAtCommas() {
        XCTAssertEqual(listing.match("web*,new1", full: false).map(\.name), ["minions_pre", "minions"])
        XCTAssertEqual(listing.match("web*,new1", full: false).last?.ids, ["web2"])
        XCTAssertEqual(listing.match("ma*", full: true).map(\.name), ["local"])
        XCTAssertTrue(listing.match("ma*", full: false).isEmpty)
        XCTAssertEqual(listing.match("*", full: false).map(\.name), ["minions_pre", "minions"], "empty states are left out")
    }

    func testTheKeyOutputterSortsStatesAndIDs() {
        let text = KeyOutputter(color: false).render(KeyListing.value(listing.status("all")))
        XCTAssertEqual(text, "Accepted Keys:\nWeb1\ndb1\nweb2\nDenied Keys:\nUnaccepted Keys:\nnew1\nRejected Keys:\n")
        let fingerprints: MessagePackValue = ["minions": ["web1": "ab:cd"]]
        XCTAssertEqual(KeyOutputter(color: false).render(fingerprints), "Accepted Keys:\nweb1:  ab:cd\n")
        XCTAssertNil(KeyOutputter(color: false).render(["return": "ab:cd"]), "not a key listing: Salt falls back to nested")
    }
}
