import BrineCore
import ZeroMQ

/// One of `worker_threads` workers: a REP socket behind the DEALER, answering one request at a time,
/// and passing the events each request fires to the local server.
struct MWorker {
    let context: MasterContext
    let zmq: ZMQContext

    func run(_ gate: StartupGate, _ loop: DaemonLoop) {
        let socket: ZMQSocket
        let eventSocket: ZMQSocket
        do {
            socket = try ZMQSocket(context: zmq, type: .rep)
            try socket.connect(InProc.workers)
            eventSocket = try ZMQSocket(context: zmq, type: .push)
            try eventSocket.connect(InProc.events)
        } catch {
            gate.fail(error)
            return
        }
        gate.succeed()
        let handler = RequestHandler(context: context)
        let events = EventBuffer()
        loop.run {
            guard let frames = try socket.receive(), let payload = frames.last else { return }
            try socket.send([handler.handle(payload, events: events)])
            for event in events.drain() { try eventSocket.send([event.encoded]) }
        }
    }
}
