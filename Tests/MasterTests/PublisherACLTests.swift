@testable import Master
import MessagePack
import XCTest

/// `publisher_acl` and `publisher_acl_blacklist` decided in memory, with Salt's config shapes.
final class PublisherACLTests: XCTestCase {
    let acl = PublisherACL(
        acl: [
            MessagePackPair("alice", ["test.*", "pkg.list_pkgs"]),
            MessagePackPair("ops%", [["web*": ["cmd.run", "service.*"]]]),
            MessagePackPair("dev[0-9]", "grains.items"),
            MessagePackPair("carol", [["G@os:Debian": [["cmd.run": ["args": ["ls"]]]]]]),
        ],
        blacklist: [MessagePackPair("users", ["mallory"]), MessagePackPair("modules", ["test.exception"])])

    static let fleet: [String: Set<String>] = ["web*": ["web1", "web2"], "*": ["web1", "web2", "db1"]]

    func decide(_ user: String, groups: [String] = [], privileged: Bool = false, _ functions: [String], on minions: [String]) -> PublisherACL.Decision {
        acl.decide(.init(user: user, groups: groups, isPrivileged: privileged), functions: functions, minions: minions) { Self.fleet[$0] ?? [] }
    }

    func testUsersGetTheirFunctionsEverywhere() {
        XCTAssertEqual(decide("alice", ["test.ping"], on: ["db1"]), .allowed)
        XCTAssertEqual(decide("alice", ["pkg.list_pkgs"], on: ["db1"]), .allowed)
        XCTAssertNotEqual(decide("alice", ["cmd.run"], on: ["db1"]), .allowed)
        XCTAssertNotEqual(decide("alice", ["pkg.list_pkgs_and_more"], on: ["db1"]), .allowed, "a function pattern matches the whole name")
        XCTAssertEqual(decide("dev7", ["grains.items"], on: ["db1"]), .allowed, "user names are globs")
        XCTAssertNotEqual(decide("bob", ["test.ping"], on: ["db1"]), .allowed)
    }

    func testGroupsAndTargets() {
        XCTAssertEqual(decide("bob", groups: ["ops"], ["cmd.run"], on: ["web1", "web2"]), .allowed)
        XCTAssertNotEqual(decide("bob", groups: ["ops"], ["cmd.run"], on: ["web1", "db1"]), .allowed, "db1 is outside web*")
        XCTAssertNotEqual(decide("bob", groups: ["ops"], ["pkg.install"], on: ["web1"]), .allowed)
        XCTAssertNotEqual(decide("bob", groups: ["dev"], ["cmd.run"], on: ["web1"]), .allowed)
    }

    func testEveryFunctionOfAMultiFunctionJobMustBeAllowed() {
        XCTAssertEqual(decide("alice", ["test.ping", "test.echo"], on: ["db1"]), .allowed)
        XCTAssertNotEqual(decide("alice", ["test.ping", "cmd.run"], on: ["db1"]), .allowed)
    }

    func testFindJobAndPrivilegedCallersAndTheBlacklist() {
        XCTAssertEqual(decide("alice", ["saltutil.find_job"], on: ["db1"]), .allowed)
        XCTAssertEqual(decide("root", privileged: true, ["cmd.run"], on: ["db1"]), .allowed)
        XCTAssertNotEqual(decide("root", privileged: true, ["test.exception"], on: ["db1"]), .allowed, "the blacklist binds everyone, as in Salt")
        XCTAssertNotEqual(decide("mallory", privileged: true, ["test.ping"], on: ["db1"]), .allowed)
        XCTAssertNotEqual(decide("alice", ["test.exception"], on: ["db1"]), .allowed)
    }

    func testArgumentRestrictionsGrantNothingAndAreNamed() {
        XCTAssertNotEqual(decide("carol", ["cmd.run"], on: ["web1"]), .allowed)
        XCTAssertEqual(acl.ignored.count, 1, "\(acl.ignored)")
        XCTAssertTrue(acl.hasAnyRights(.init(user: "carol", groups: [], isPrivileged: false)))
        XCTAssertFalse(acl.hasAnyRights(.init(user: "bob", groups: [], isPrivileged: false)))
    }

    func testPeerAddressCarriesTheKernelsCredentials() {
        let peer = PeerCredentials(peerAddress: ":0:0:4242")
        XCTAssertEqual(peer?.uid, 0)
        XCTAssertEqual(peer?.pid, 4242)
        XCTAssertEqual(peer?.user, "root")
        XCTAssertNil(PeerCredentials(peerAddress: "127.0.0.1"))
        XCTAssertNil(PeerCredentials(peerAddress: nil))
    }
}
