import BrineCore
import BrineTesting
import Synchronization
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// A man in the middle of the publish port, as an attacker on the network would be: it passes every
/// publication from the master to the minions behind it, records them, and sends any of them again
/// when told to. Its thread owns both sockets and stops with `stop()`.
final class PublishRelay: Sendable {
    let port: Int
    private struct State {
        var recorded: [[[UInt8]]] = []
        var toReplay: [[[UInt8]]] = []
        var stopping = false
    }
    private final class Shared: Sendable {
        let state = Mutex(State())
    }
    private let shared = Shared()
    private let thread: DaemonThread

    /// Relays `masterHost`:`masterPublishPort` on `host`:`port` (a free port by default).
    init(masterPublishPort: Int, masterHost: String = "127.0.0.1", host: String = "127.0.0.1", port: Int? = nil) throws {
        self.port = try port ?? FreePort.next()
        let zmq = try ZMQContext()
        let port = self.port
        let shared = shared
        let ready = Semaphore()
        thread = DaemonThread {
            defer { zmq.shutdown() }
            guard let upstream = try? ZMQSocket(context: zmq, type: .sub),
                  let downstream = try? ZMQSocket(context: zmq, type: .pub),
                  (try? upstream.subscribe([])) != nil,
                  (try? upstream.connect("tcp://\(masterHost):\(masterPublishPort)")) != nil,
                  (try? downstream.bind("tcp://\(host):\(port)")) != nil
            else {
                ready.signal()
                return
            }
            ready.signal()
            while !shared.state.withLock({ $0.stopping }) {
                var poller = ZMQPoller()
                poller.add(upstream)
                _ = try? poller.poll(timeoutMilliseconds: 50)
                while let frames = try? upstream.receive(dontWait: true) {
                    shared.state.withLock { $0.recorded.append(frames) }
                    _ = try? downstream.send(frames)
                }
                for frames in shared.state.withLock({ state in defer { state.toReplay.removeAll() }; return state.toReplay }) {
                    _ = try? downstream.send(frames)
                }
            }
            upstream.close()
            downstream.close()
        }
        ready.wait()
    }

    var recorded: [[[UInt8]]] { shared.state.withLock { $0.recorded } }

    func replay(_ frames: [[UInt8]]) {
        shared.state.withLock { $0.toReplay.append(frames) }
    }

    func stop() {
        shared.state.withLock { $0.stopping = true }
        thread.join()
    }
}
