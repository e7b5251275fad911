import BrineCore
import ZeroMQ

/// Owns the ROUTER on `ret_port` and fans requests out to the MWorkers through an inproc DEALER.
struct RequestServer {
    let context: MasterContext
    let zmq: ZMQContext

    func run(_ gate: StartupGate, _ loop: DaemonLoop) {
        let config = context.config
        let router: ZMQSocket
        let dealer: ZMQSocket
        do {
            router = try ZMQSocket(context: zmq, type: .router)
            try SocketSetup.applyPublic(router, config: config)
            try router.set(.routerHandover, 1)
            try router.set(.maxMessageSize, RequestHandler.maxRequestBytes)
            try router.bind(Endpoint.tcp(config.interface, config.retPort))
            dealer = try ZMQSocket(context: zmq, type: .dealer)
            try dealer.bind(InProc.workers)
        } catch {
            gate.fail(error)
            return
        }
        gate.succeed()
        loop.run { try runProxy(frontend: router, backend: dealer) }
    }
}
