import BrineCore
import ZeroMQ

/// The minion's REQ socket to the master's `ret_port`. A REQ that got no reply is stuck in its state
/// machine, so after a timeout the socket is closed and made anew, as Salt's minion does.
final class MasterLink {
    private let zmq: ZMQContext
    private let endpoint: String
    private var socket: ZMQSocket?
    /// Signalled when the minion stops: a request waiting for the master gives up at once, so a stop
    /// never waits out a timeout.
    private let interrupt: WakeSignal

    struct Interrupted: Error, CustomStringConvertible {
        var description: String { "the minion is stopping" }
    }

    init(zmq: ZMQContext, endpoint: String, interrupt: WakeSignal) {
        self.zmq = zmq
        self.endpoint = endpoint
        self.interrupt = interrupt
    }

    /// Sends one request and waits up to `timeout` seconds for its reply; nil when none came.
    func request(_ frame: [UInt8], timeout: Double) throws -> [UInt8]? {
        let socket = try current()
        try socket.send([frame])
        var poller = ZMQPoller()
        let replies = poller.add(socket)
        poller.add(fileDescriptor: interrupt.fileDescriptor)
        if try poller.poll(timeoutMilliseconds: Int(timeout * 1000)) > 0 {
            if poller.isReadable(replies), let reply = try socket.receive(dontWait: true) { return reply.last }
            reset()
            throw Interrupted()
        }
        reset()
        return nil
    }

    func reset() {
        socket?.close()
        socket = nil
    }

    private func current() throws -> ZMQSocket {
        if let socket { return socket }
        let fresh = try ZMQSocket(context: zmq, type: .req)
        try fresh.set(.reconnectIntervalMax, 5000)
        try fresh.set(.tcpKeepalive, 1)
        try fresh.set(.tcpKeepaliveIdle, 300)
        try fresh.connect(endpoint)
        socket = fresh
        return fresh
    }
}
