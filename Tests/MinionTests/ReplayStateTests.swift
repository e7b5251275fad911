import BrineCore
import BrineTesting
import Logging
import MessagePack
@testable import Minion
import SaltWire
import XCTest

/// The dispatcher's replay state survives a restart: what a minion ran before stays refused after.
final class ReplayStateTests: XCTestCase {
    static let masterKey = try! RSAPrivateKey.generate()
    static let aes = try! Crypticle(keyString: Crypticle.generateKeyString())
    static let credentials = AuthCredentials(
        aes: aes, session: try! Crypticle(keyString: Crypticle.generateKeyString()), publishPort: 4505,
        masterKey: masterKey.publicKey)

    func frames(_ jid: String, serial: Int64) throws -> [[UInt8]] {
        let job = JobPublication(jid: jid, function: "test.ping", arguments: [], target: "*", targetType: "glob", user: "root", serial: serial)
        return [try Publication.seal(job.load, aes: Self.aes, signingKey: Self.masterKey)]
    }

    func testARestartedDispatcherRefusesWhatItRanBefore() throws {
        let store = ReplayStateStore(cachedir: try TemporaryDirectory.make("replay") + "/cache", logger: Logger(label: "test"))
        XCTAssertEqual(store.load(), MinionDispatcher.State())
        var dispatcher = MinionDispatcher(id: "web1", state: store.load())
        let captured = try frames("20261206120000000001", serial: 7)
        guard case .run = dispatcher.dispatch(captured, credentials: Self.credentials, grains: { [:] }) else {
            return XCTFail("the first publication did not run")
        }
        var timings: [Double] = []
        for _ in 0..<20 {
            let start = Timestamp.monotonic()
            XCTAssertTrue(store.save(dispatcher.state))
            timings.append(Timestamp.monotonic() - start)
        }
        print("replay state: \(dispatcher.state.encoded.count) bytes, saved in \(String(format: "%.2f", timings.sorted()[10] * 1000)) ms (median of 20)")

        var restarted = MinionDispatcher(id: "web1", state: store.load())
        XCTAssertEqual(restarted.state, dispatcher.state)
        XCTAssertNil(restarted.state.encoded.firstRange(of: Array(Self.aes.keyString.utf8)), "the AES key itself is not stored")
        XCTAssertEqual(restarted.dispatch(captured, credentials: Self.credentials, grains: { [:] }), .ignore(.replayedSerial(7)))
        let sameJobNewSerial = try frames("20261206120000000001", serial: 8)
        XCTAssertEqual(restarted.dispatch(sameJobNewSerial, credentials: Self.credentials, grains: { [:] }), .ignore(.seenJID("20261206120000000001")))
    }

    func testADamagedFileIsReportedAndReplaced() throws {
        let directory = try TemporaryDirectory.make("replay")
        let store = ReplayStateStore(cachedir: directory, logger: Logger(label: "test"))
        try FileSystem.write(directory + "/replay_state", [0xc1, 0x00])
        XCTAssertEqual(store.load(), MinionDispatcher.State())
    }
}
