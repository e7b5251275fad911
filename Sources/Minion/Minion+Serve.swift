import BrineCore
import Logging
import MessagePack
import SaltWire
import ZeroMQ

/// The minion's loop: publications in from every master it uses, returns out to the master that
/// published each job.
extension Minion {
    /// Publications in, returns out, until `stop()` (or a master fails `master_finger`, returned). A hot
    /// minion drives every master at once; a failover one only its current master (`FailoverWatch`).
    /// When a master's publish connection drops it went away: authenticate again (about once a second,
    /// spread a little so a fleet does not come back at once), then make the SUB socket anew, again each
    /// second until it connects (the publish server may come back after the master's request port), and
    /// send what waited, at once. A master that is down costs the others nothing: it is asked only once
    /// its request port accepts connections.
    func serve(_ masters: [MasterConnection], loop: DaemonLoop) -> MasterFingerMismatch? {
        let replayState = ReplayStateStore(cachedir: config.cachedir, logger: logger)
        var dispatcher = MinionDispatcher(id: id, state: replayState.load(), requireSignature: config.signPubMessages)
        var failover = config.masterType == .failover ? FailoverWatch(config: config, masters: masters, logger: logger) : nil
        var mismatch: MasterFingerMismatch?
        let addresses = Set(masters.map(\.address))
        pillar.setServed(true)
        defer { pillar.setServed(false) }
        loop.run(until: { shouldStop || mismatch != nil || masters.allSatisfy { $0.phase == .refused } }) {
            var poller = ZMQPoller()
            var feeds: [(master: MasterConnection, publications: Int, monitor: Int)] = []
            for master in masters {
                guard let feed = master.feed else { continue }
                feeds.append((master, poller.add(feed.subscriber), poller.add(feed.events)))
            }
            poller.add(fileDescriptor: returns.wake.fileDescriptor)
            poller.add(fileDescriptor: stopWake.fileDescriptor)
            _ = try poller.poll(timeoutMilliseconds: masters.contains(where: \.isBusy) ? 250 : 1000)
            for (master, publications, _) in feeds where poller.isReadable(publications) {
                while let feed = master.feed, let frames = try feed.subscriber.receive(dontWait: true) {
                    receive(frames, from: master, dispatcher: &dispatcher, replayState: replayState)
                }
            }
            var now = Timestamp.monotonic()
            for (master, _, monitor) in feeds where poller.isReadable(monitor) {
                guard let seen = try master.feed?.connectionEvents() else { continue }
                if seen.connected { master.connectBy = nil }
                if seen.lost, master.isConnected {
                    if failover != nil {
                        failover?.lost(master, now: now, why: "its publish connection dropped")
                    } else {
                        logger.warning("lost the connection to the publish port of master \(master.address); authenticating again")
                        master.phase = .authenticating(next: now + Double.random(in: 0...0.5))
                        master.connectBy = nil
                    }
                }
            }
            failover?.watch(now: now)
            if grains.takeUnannounced() {
                for master in masters { master.grainsDue = true }
            }
            returns.wake.drain()
            // A refresh asked while no master is connected waits for one.
            if let master = masters.first(where: \.isConnected), let ticket = pillar.takeRefreshRequest() {
                refreshPillar(master, ticket: ticket)
            }
            for master in masters {
                if case .authenticating(let next) = master.phase, now >= next {
                    let outcome: AttemptOutcome
                    do throws(MasterFingerMismatch) {
                        outcome = try attempt(master, now: now)
                    } catch {
                        mismatch = error
                        return
                    }
                    now = Timestamp.monotonic()
                    switch outcome {
                    case .accepted: failover?.accepted()
                    case .unreachable: failover?.lost(master, now: now, why: "it cannot be reached")
                    case .refused: failover?.lost(master, now: now, why: "it refuses this minion's algorithms")
                    case .waiting: break
                    }
                }
                if master.isConnected, let deadline = master.connectBy, now >= deadline {
                    try master.feed?.reopen()
                    master.connectBy = now + 1
                }
                if master.session.authentications != master.authenticationsSeen {
                    master.authenticationsSeen = master.session.authentications
                    master.nextRetry = 0
                }
                // Changed grains go first, so the master targets by them before the job's caller sees its return.
                if master.isConnected, now >= master.nextRetry,
                   !sendChangedGrains(master) || !sendReturns(to: master, failover: failover != nil, addresses: addresses) {
                    master.nextRetry = now + config.returnRetryTimer
                }
            }
        }
        return mismatch
    }

    /// Tells the master about grains a job changed; false when it could not (it is told at the next try).
    private func sendChangedGrains(_ master: MasterConnection) -> Bool {
        guard master.grainsDue else { return true }
        do {
            try sendGrains(master.session)
            master.grainsDue = false
            return true
        } catch {
            logger.warning("changed grains not delivered to master \(master.address), will retry: \(error)")
            return false
        }
    }

    /// Fetches the pillar a job asked for (`saltutil.refresh_pillar`, `pillar.items`) from `master`.
    private func refreshPillar(_ master: MasterConnection, ticket: UInt64) {
        do {
            try sendGrains(master.session, answering: ticket)
        } catch {
            pillar.refreshFailed(ticket)
            logger.warning("could not refresh the pillar from master \(master.address): \(error)")
        }
    }

    /// Sends the master its spooled returns, oldest first: those of the jobs it published, and those
    /// whose master is not known or no longer configured; a failover minion's current master takes them
    /// all. False when the master did not take one (it stays spooled).
    private func sendReturns(to master: MasterConnection, failover: Bool, addresses: Set<String>) -> Bool {
        let address = master.address
        while !shouldStop, let (entry, ret) = returns.first(where: { entry in
            failover || entry.master == address || entry.master.map { !addresses.contains($0) } ?? true
        }) {
            do {
                _ = try master.session.send(ret.load(), timeout: config.returnRetryTimer)
                returns.remove(entry)
            } catch {
                logger.warning("return of job \(ret.jid) not delivered to master \(address), will retry: \(error)")
                return false
            }
        }
        return true
    }

    /// Decides on one publication; one that does not decrypt is tried once more after authenticating
    /// again, since the master may have rotated its AES key. The replay state is one for every master,
    /// so a job two masters publish runs once.
    private func receive(
        _ frames: [[UInt8]], from master: MasterConnection, dispatcher: inout MinionDispatcher, replayState: ReplayStateStore
    ) {
        let grains = grains
        let session = master.session
        let pillar = pillar
        var decision = dispatcher.dispatch(frames, credentials: session.credentials, grains: { grains.current }, pillar: { pillar.current })
        if decision == .reauthenticate {
            logger.info("a publication of master \(master.address) did not decrypt; re-authenticating for its current AES key")
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
            start(publication, master: master.address)
        case .ignore(.notTargeted), .ignore(.otherTopic): break
        case .ignore(.seenJID(let jid)): logger.debug("job \(jid) already seen (published again by master \(master.address))")
        case .ignore(.unknownTargetType(let type)): logger.debug("a job has target type \(type), which this minion does not know")
        case .ignore(let why): logger.warning("dropped a publication of master \(master.address): \(why)")
        case .reauthenticate: logger.warning("dropped a publication that does not decrypt with the current AES key of master \(master.address)")
        }
    }

    /// Runs the job on a thread of its own and queues its return for the master that published it.
    private func start(_ publication: JobPublication, master: String) {
        var seen = publication
        seen.serial = nil
        let jid = publication.jid
        let record = seen.load
        logger.info("job \(jid): \(publication.functionName ?? "?") (from master \(master))")
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
                outputter: outcome.outputter, stamp: Timestamp.iso8601()), master: master)
            procFiles.remove(jid)
        }
    }
}
