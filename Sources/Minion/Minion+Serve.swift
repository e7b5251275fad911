import BrineCore
import Logging
import MessagePack
import SaltWire
import ZeroMQ

/// The minion's loop: publications in, returns out.
extension Minion {
    /// Publications in, returns out, until `stop()`. When the publish port's connection drops, the
    /// master went away: authenticate again (about once a second, spread a little so a fleet does not
    /// come back at once), then make the SUB socket anew, again each second until it connects (the
    /// publish server may come back after the master's request port), and send what waited, at once.
    func serve(feed: PublicationFeed, session: MasterSession, loop: DaemonLoop) {
        let replayState = ReplayStateStore(cachedir: config.cachedir, logger: logger)
        var dispatcher = MinionDispatcher(id: id, state: replayState.load(), requireSignature: config.signPubMessages)
        var nextRetry = 0.0
        var lost = false
        var nextAuthentication = 0.0
        /// Set after a new SUB socket was made: when to make another if it has not connected by then.
        var connectBy: Double?
        var authentications = session.authentications
        pillar.setServed(true)
        defer { pillar.setServed(false) }
        loop.run(until: { shouldStop }) {
            var poller = ZMQPoller()
            let publications = poller.add(feed.subscriber)
            let monitor = poller.add(feed.events)
            poller.add(fileDescriptor: returns.wake.fileDescriptor)
            poller.add(fileDescriptor: stopWake.fileDescriptor)
            _ = try poller.poll(timeoutMilliseconds: lost || connectBy != nil ? 250 : 1000)
            if poller.isReadable(publications) {
                while let frames = try feed.subscriber.receive(dontWait: true) {
                    receive(frames, session: session, dispatcher: &dispatcher, replayState: replayState)
                }
            }
            let now = Timestamp.monotonic()
            if poller.isReadable(monitor) {
                let seen = try feed.connectionEvents()
                if seen.connected { connectBy = nil }
                if seen.lost, !lost {
                    logger.warning("lost the connection to the master's publish port; authenticating again")
                    lost = true
                    connectBy = nil
                    nextAuthentication = now + Double.random(in: 0...0.5)
                }
            }
            if lost, now >= nextAuthentication {
                if reconnect(feed, session) {
                    lost = false
                    connectBy = now + 1
                } else {
                    nextAuthentication = now + 1
                }
            }
            if let deadline = connectBy, now >= deadline {
                try feed.reopen()
                connectBy = now + 1
            }
            if session.authentications != authentications {
                authentications = session.authentications
                nextRetry = 0
            }
            returns.wake.drain()
            if !lost, let ticket = pillar.takeRefreshRequest() { refreshPillar(session, ticket: ticket) }
            // Changed grains go first, so the master targets by them before the job's caller sees its return.
            if !lost, now >= nextRetry, !sendChangedGrains(session) || !sendReturns(session) {
                nextRetry = now + config.returnRetryTimer
            }
        }
    }

    /// One attempt to authenticate again after the master went away; on success the SUB socket is made
    /// anew (connecting now) and the master gets the grains again.
    private func reconnect(_ feed: PublicationFeed, _ session: MasterSession) -> Bool {
        do {
            guard case .accepted(let credentials) = try session.authenticate() else { return false }
            try feed.reopen(publishPort: credentials.publishPort)
            logger.info("authenticated with the master again; subscribed to its publications")
            try sendGrains(session)
            return true
        } catch {
            logger.debug("the master is not back yet: \(error)")
            return false
        }
    }

    /// Fetches the pillar a job asked for (`saltutil.refresh_pillar`, `pillar.items`).
    private func refreshPillar(_ session: MasterSession, ticket: UInt64) {
        do {
            try sendGrains(session, answering: ticket)
        } catch {
            pillar.refreshFailed(ticket)
            logger.warning("could not refresh the pillar: \(error)")
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

    /// Sends spooled returns, oldest first; false when the master did not take one (it stays spooled).
    private func sendReturns(_ session: MasterSession) -> Bool {
        while !shouldStop, let (entry, ret) = returns.first {
            do {
                _ = try session.send(ret.load(), timeout: config.returnRetryTimer)
                returns.remove(entry)
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
        let pillar = pillar
        var decision = dispatcher.dispatch(frames, credentials: session.credentials, grains: { grains.current }, pillar: { pillar.current })
        if decision == .reauthenticate {
            logger.info("a publication did not decrypt; re-authenticating for the current AES key")
            do {
                guard case .accepted = try session.authenticate() else { return }
            } catch {
                logger.warning("dropped a publication: re-authentication failed: \(error)")
                return
            }
            decision = dispatcher.dispatch(frames, credentials: session.credentials, grains: { grains.current }, pillar: { pillar.current })
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
        procFiles.record(jid, publication: record)
        let context = makeContext(jid: jid, publication: record)
        let registry = registry
        let returns = returns
        let jobs = jobs
        let procFiles = procFiles
        DaemonThread.detached {
            let outcome = registry.run(publication.functionName ?? "", arguments: publication.arguments, context: context)
            // At stop the job was reported as interrupted already.
            guard jobs.end(jid) else { return }
            // Spooled before the proc file goes: a kill in between leaves a duplicate the master
            // recognises, never nothing.
            returns.push(JobReturn(
                answering: publication, value: outcome.value, retcode: outcome.retcode, success: outcome.success,
                outputter: outcome.outputter, stamp: Timestamp.iso8601()))
            procFiles.remove(jid)
        }
    }
}
