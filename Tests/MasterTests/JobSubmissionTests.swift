@testable import Master
import BrineCore
import BrineTesting
import MessagePack
import SaltWire
import XCTest

/// A tool's publish request turned into a job, in memory: who is expected, what the minions will
/// decrypt, what the tools are told, and what is refused.
final class JobSubmissionTests: XCTestCase {
    var context: MasterContext!

    func makeContext(_ options: MessagePackValue = [:]) throws {
        let root = try TemporaryDirectory.make("submission-test")
        var config = options
        config["root_dir"] = .text(root)
        context = try MasterContext(config: try MasterConfig(options: config))
        let pem = try RSAPrivateKey.generate().publicKey.pem
        for id in ["web1", "web2", "db1"] { try context.keys.store(id, pem: pem, in: .accepted) }
        try context.keys.store("web3", pem: pem, in: .pending)
        context.minions.update("db1", grains: ["os": "Debian"], pillar: [:])
    }

    func request(_ target: MessagePackValue, _ type: String = "glob") -> PublishRequest {
        PublishRequest(target: target, targetType: type, function: "test.arg", arguments: ["a"], user: "alice", watch: true)
    }

    func accepted(_ request: PublishRequest) throws -> JobSubmission.Accepted {
        switch JobSubmission(context: context).submit(request) {
        case .accepted(let job): return job
        case .refused(let why): throw WireError.malformed(why)
        }
    }

    func testAGlobExpectsTheAcceptedKeysItNames() throws {
        try makeContext()
        let job = try accepted(request("web*"))
        XCTAssertEqual(job.minions, ["web1", "web2"], "pending keys are not expected")
        XCTAssertEqual(job.publication.functionName, "test.arg")
        XCTAssertEqual(job.publication.arguments, ["a"])
        XCTAssertEqual(job.publication.user, "alice")
        XCTAssertTrue(JID.isValid(job.publication.jid))
        XCTAssertNil(job.publication.delimiter, "Salt sends the delimiter only when it is not ':'")
        XCTAssertNil(job.order.topics, "without zmq_filtering every publication is one broadcast")
        XCTAssertEqual(job.events.map(\.tag), [.jobNew(jid: job.publication.jid), .jobPublished(jid: job.publication.jid)])
        XCTAssertEqual(job.events[0].data["minions"], ["web1", "web2"])
    }

    func testAGrainTargetUsesTheGrainsMinionsReported() throws {
        try makeContext()
        XCTAssertEqual(try accepted(request("os:Debian", "grain")).minions, ["db1"])
    }

    func testANodegroupIsPublishedAsItsCompound() throws {
        try makeContext(["nodegroups": ["webs": "web*"]])
        let job = try accepted(request("webs", "nodegroup"))
        XCTAssertEqual(job.publication.targetType, "compound")
        XCTAssertEqual(job.publication.target, "web*")
        XCTAssertEqual(job.minions, ["web1", "web2"])
    }

    func testFilteringSendsIDTargetsUnderTheMinionsTopics() throws {
        try makeContext(["zmq_filtering": true])
        XCTAssertEqual(try accepted(request(["web1", "db1"], "list")).order.topics, ["db1", "web1"])
        XCTAssertNil(try accepted(request("os:Debian", "grain")).order.topics, "grain targets go to everyone")
    }

    func testRefusals() throws {
        try makeContext()
        let submission = JobSubmission(context: context)
        guard case .refused(let none) = submission.submit(request("nobody*")) else { return XCTFail("published to no one") }
        XCTAssertEqual(none, "No minions matched the target. No command was sent, no jid was assigned.")
        guard case .refused(let type) = submission.submit(request("*", "range")) else { return XCTFail("unknown type accepted") }
        XCTAssertEqual(type, "unknown target type 'range'")
        guard case .refused = submission.submit(request("G@os:Debian and (", "compound")) else { return XCTFail("bad compound accepted") }
    }

    func testTheOrderCarriesThePublicationToThePublisher() throws {
        try makeContext()
        let job = try accepted(request("web1"))
        let order = try PublicationOrder(decoding: job.order.encoded)
        XCTAssertEqual(order.publication, job.publication)
    }
}
