import BrineCore
import JobCache
import Synchronization
import ZeroMQ

/// One of `worker_threads` workers. Its DEALER takes requests from the request server's proxy; most
/// are answered at once, but a return is answered only once the job cache has committed it (the
/// group commit of `JobCacheWriter`), so a worker keeps taking requests while its returns wait for the
/// disk. The events a request fires go to the local server, a return's after its commit.
struct MWorker {
    let context: MasterContext
    let zmq: ZMQContext

    /// A return the writer has dealt with, waiting for this worker's thread to answer it.
    private struct Committed {
        let envelope: [[UInt8]]
        let handled: RequestHandler.Handled
        let outcome: JobCacheWriter.Outcome
    }

    /// Filled by the writer thread; emptied by the worker's.
    private final class Inbox: Sendable {
        let committed = Mutex<[Committed]>([])
        let wake: WakeSignal

        init() throws {
            wake = try WakeSignal()
        }

        /// Wakes the worker only for the first of a batch: the rest are taken with it.
        func post(_ done: Committed) {
            let wasEmpty = committed.withLock { committed in
                committed.append(done)
                return committed.count == 1
            }
            if wasEmpty { wake.signal() }
        }

        func take() -> [Committed] {
            wake.drain()
            return committed.withLock { committed in
                defer { committed.removeAll(keepingCapacity: true) }
                return committed
            }
        }
    }

    /// At most this many returns wait in a worker before it hands them to the writer.
    static let returnsPerSubmission = 32

    func run(_ gate: StartupGate, _ loop: DaemonLoop) {
        let socket: ZMQSocket
        let eventSocket: ZMQSocket
        let inbox: Inbox
        do {
            socket = try ZMQSocket(context: zmq, type: .dealer)
            try socket.connect(InProc.workers)
            eventSocket = try ZMQSocket(context: zmq, type: .push)
            try eventSocket.connect(InProc.events)
            inbox = try Inbox()
        } catch {
            gate.fail(error)
            return
        }
        gate.succeed()
        let handler = RequestHandler(context: context)
        var poller = ZMQPoller()
        let requests = poller.add(socket)
        poller.add(fileDescriptor: inbox.wake.fileDescriptor)
        var refusals = RefusalLog(logger: context.logger)
        loop.run {
            _ = try poller.poll(timeoutMilliseconds: 1000)
            for done in inbox.take() {
                switch done.outcome {
                case .stored:
                    try socket.send(done.envelope + [done.handled.reply])
                    for event in done.handled.events { try eventSocket.send(event.forwardFrames) }
                case .unchanged:
                    try socket.send(done.envelope + [done.handled.reply])
                case .failed(let why):
                    refusals.note("a return could not be stored (\(why)); not acknowledged, the minion will send it again")
                }
            }
            guard poller.isReadable(requests) else { return }
            // Returns go to the writer a few at a time: one taking of its lock for each group.
            var returns: [JobCacheWriter.Submission] = []
            func submitReturns() {
                for _ in context.cacheWriter.submit(returns)..<returns.count {
                    refusals.note("the job cache is busy; a return was not acknowledged, the minion will send it again")
                }
                returns.removeAll(keepingCapacity: true)
            }
            while let frames = try socket.receive(dontWait: true) {
                guard let payload = frames.last else { continue }
                let envelope = Array(frames.dropLast())
                let handled = handler.handle(payload)
                guard let record = handled.store else {
                    try socket.send(envelope + [handled.reply])
                    for event in handled.events { try eventSocket.send(event.forwardFrames) }
                    continue
                }
                returns.append((.ret(record), payload.count, { outcome in
                    inbox.post(Committed(envelope: envelope, handled: handled, outcome: outcome))
                }))
                if returns.count == Self.returnsPerSubmission { submitReturns() }
            }
            submitReturns()
        }
    }
}
