import BrineCore
import Logging
import MessagePack
import SaltWire
import ZeroMQ

/// The minion's loop: publications in, returns out.
extension Minion {
    func serve(subscriber: ZMQSocket, session: MasterSession, loop: DaemonLoop) {
        var poller = ZMQPoller()
        let publications = poller.add(subscriber)
        poller.add(fileDescriptor: returns.wake.fileDescriptor)
        let replayState = ReplayStateStore(cachedir: config.cachedir, logger: logger)
        var dispatcher = MinionDispatcher(id: id, state: replayState.load(), requireSignature: config.signPubMessages)
        var nextRetry = 0.0
        loop.run(until: { shouldStop }) {
            _ = try poller.poll(timeoutMilliseconds: 1000)
            if poller.isReadable(publications) {
                while let frames = try subscriber.receive(dontWait: true) {
                    receive(frames, session: session, dispatcher: &dispatcher, replayState: replayState)
                }
            }
            returns.wake.drain()
            // Changed grains go first, so the master targets by them before the job's caller sees its return.
            if Timestamp.monotonic() >= nextRetry, !sendChangedGrains(session) || !sendReturns(session) {
                nextRetry = Timestamp.monotonic() + config.returnRetryTimer
            }
        }
    }

    /// Tells the master about grains a job changed; false when it could not (they stay flagged).
    private func sendChangedGrains(_ session: MasterSession) -> Bool {
        guard grains.takeUnannounced() else { return true }
        do {
            try sendGrains(session)
            return true
        } catch {
            grains.keepUnannounced()
            logger.warning("changed grains not delivered to the master, will retry: \(error)")
            return false
        }
    }

    /// Sends queued returns in order; false when the master did not take one (it stays queued).
    private func sendReturns(_ session: MasterSession) -> Bool {
        while let ret = returns.first {
            do {
                _ = try session.send(ret.load(), timeout: config.returnRetryTimer)
                returns.removeFirst()
            } catch {
                logger.warning("return of job \(ret.jid) not delivered, will retry: \(error)")
                return false
            }
        }
        return true
    }

    /// Decides on one publication; one that does not decrypt is tried once more after authenticating
    /// again, since the master may have rotated its AES key.
    private func receive(_ frames: [[UInt8]], session: MasterSession, dispatcher: inout MinionDispatcher, replayState: ReplayStateStore) {
        let grains = grains
        var decision = dispatcher.dispatch(frames, credentials: session.credentials) { grains.current }
        if decision == .reauthenticate {
            logger.info("a publication did not decrypt; re-authenticating for the current AES key")
            do {
                guard case .accepted = try session.authenticate() else { return }
            } catch {
                logger.warning("dropped a publication: re-authentication failed: \(error)")
                return
            }
            decision = dispatcher.dispatch(frames, credentials: session.credentials) { grains.current }
        }
        switch decision {
        case .run(let publication):
            replayState.save(dispatcher.state)
            start(publication)
        case .ignore(.notTargeted), .ignore(.otherTopic): break
        case .ignore(.seenJID(let jid)): logger.debug("job \(jid) already seen")
        case .ignore(.unknownTargetType(let type)): logger.debug("a job has target type \(type), which this minion does not know")
        case .ignore(let why): logger.warning("dropped a publication: \(why)")
        case .reauthenticate: logger.warning("dropped a publication that does not decrypt with the current AES key")
        }
    }

    /// Runs the job on a thread of its own and queues its return.
    private func start(_ publication: JobPublication) {
        var seen = publication
        seen.serial = nil
        let jid = publication.jid
        let record = seen.load
        logger.info("job \(jid): \(publication.functionName ?? "?")")
        jobs.begin(jid, publication: record)
        let context = makeContext(jid: jid, publication: record)
        let registry = registry
        let returns = returns
        let jobs = jobs
        DaemonThread.detached {
            let outcome = registry.run(publication.functionName ?? "", arguments: publication.arguments, context: context)
            jobs.end(jid)
            returns.push(JobReturn(
                answering: publication, value: outcome.value, retcode: outcome.retcode, success: outcome.success,
                outputter: outcome.outputter, stamp: Timestamp.iso8601()))
        }
    }
}
