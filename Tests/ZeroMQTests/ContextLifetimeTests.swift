import XCTest
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// Terminating a libzmq context waits until every socket of it is closed. A context released before
/// its sockets (an optimiser may release a local after its last use) therefore waited forever: a
/// publish server whose master was killed hung so in `zmq_ctx_term`, holding the publish port.
final class ContextLifetimeTests: XCTestCase {
    func testAContextLetGoBeforeItsSocketDoesNotHang() throws {
        let finished = expectation(description: "the context's release returns")
        Thread.detachNewThread {
            do {
                var context: ZMQContext? = try ZMQContext()
                let socket = try ZMQSocket(context: context!, type: .push)
                try socket.bind("inproc://lifetime")
                context = nil
                socket.close()
                finished.fulfill()
            } catch {
                XCTFail("\(error)")
            }
        }
        wait(for: [finished], timeout: 5)
    }
}
