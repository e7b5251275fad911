import BrineCore
import Logging
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// One poll thread and the minions whose sockets it owns: it starts them at their pace, polls their
/// SUB sockets (and the DEALERs of those awaiting an answer), hands each message to its minion, and
/// runs their timers. Nothing here blocks anything but this thread.
struct SwarmShard: Sendable {
    let identities: [SwarmIdentity]
    let configuration: SwarmConfiguration
    let zmq: ZMQContext
    let grains: SwarmGrains
    let progress: SwarmProgress
    /// Signalled to make the thread notice `progress.stopping` at once.
    let wake: WakeSignal
    let logger: Logger
    /// Monotonic time of the first start, and seconds between two starts in this shard.
    let firstStart: Double
    let startInterval: Double
    /// This thread's share of `SwarmConfiguration.maxStarting`; 0 for no limit.
    let maxStarting: Int

    /// `zmq_poll` checks every socket it is given with a system call, so a poll over thousands of
    /// sockets costs milliseconds. When messages trickle in, polling again at once for each would burn
    /// a core; a minimum cycle proportional to the socket count keeps that cost near a tenth of one.
    private static func minimumCycle(sockets: Int) -> Double {
        min(max(Double(sockets) * 5e-6, 0.002), 0.05)
    }

    func run(_ loop: DaemonLoop) {
        let context = ShardContext(configuration: configuration, zmq: zmq, grains: grains, progress: progress, logger: logger)
        var minions: [SimulatedMinion] = []
        /// Identities started: each is one `SimulatedMinion` per master.
        var started = 0
        let masters = configuration.masters.count
        defer { for minion in minions { minion.close() } }
        var cycleStart = Timestamp.monotonic()
        // The earliest timer of any minion: all of them are visited only when one is due, not every cycle.
        var earliestTimer = Double.infinity
        loop.run(until: { progress.stopping }) {
            var now = Timestamp.monotonic()
            while mayStart(started, context: context, now: now) {
                let identity = identities[started]
                let shared = SharedMinion(id: identity.id, masters: masters)
                for master in 0..<masters {
                    do {
                        let minion = try SimulatedMinion(identity: identity, context: context, master: master, shared: shared)
                        minions.append(minion)
                        minion.start(now: now)
                        earliestTimer = min(earliestTimer, minion.nextDeadline)
                    } catch {
                        throw DaemonLoop.Fatal("cannot make the sockets of \(identity.id)", error)
                    }
                }
                started += 1
            }
            if now >= earliestTimer {
                earliestTimer = .infinity
                for minion in minions {
                    minion.tick(now: now)
                    earliestTimer = min(earliestTimer, minion.nextDeadline)
                }
            }
            // A start held back by `maxStarting` waits for a minion to come up, which a message brings.
            let nextStart = started < identities.count && !limitReached(context) ? startTime(of: started) : now + 1
            let deadline = min(earliestTimer, nextStart)
            var poller = ZMQPoller()
            let wakeIndex = poller.add(fileDescriptor: wake.fileDescriptor)
            var polled: [(minion: SimulatedMinion, subscriber: Bool)] = []
            polled.reserveCapacity(2 * minions.count)
            for minion in minions {
                if let subscriber = minion.subscriber {
                    poller.add(subscriber)
                    polled.append((minion, true))
                }
                if minion.awaitingReply {
                    poller.add(minion.dealer)
                    polled.append((minion, false))
                }
            }
            let pause = cycleStart + Self.minimumCycle(sockets: polled.count) - now
            if pause > 0 && pause < deadline - now { sleep(seconds: pause) }
            cycleStart = Timestamp.monotonic()
            let wait = max(0, min(deadline - cycleStart, 1))
            _ = try poller.poll(timeoutMilliseconds: Int((wait * 1000).rounded(.up)))
            if poller.isReadable(wakeIndex) { wake.drain() }
            now = Timestamp.monotonic()
            for (offset, entry) in polled.enumerated() where poller.isReadable(wakeIndex + 1 + offset) {
                deliver(to: entry.minion, fromSubscriber: entry.subscriber, now: now)
                earliestTimer = min(earliestTimer, entry.minion.nextDeadline)
            }
        }
    }

    private func deliver(to minion: SimulatedMinion, fromSubscriber: Bool, now: Double) {
        do {
            if fromSubscriber {
                while let frames = try minion.subscriber?.receive(dontWait: true) { minion.receivePublication(frames, now: now) }
            } else {
                while let frames = try minion.dealer.receive(dontWait: true) { minion.receiveReply(frames, now: now) }
            }
        } catch {
            logger.warning("\(minion.id): receive: \(error)")
        }
    }

    private func mayStart(_ index: Int, context: ShardContext, now: Double) -> Bool {
        index < identities.count && startTime(of: index) <= now && !limitReached(context)
    }

    private func limitReached(_ context: ShardContext) -> Bool {
        maxStarting > 0 && context.starting >= maxStarting
    }

    private func startTime(of index: Int) -> Double {
        firstStart + Double(index) * startInterval
    }

    private func sleep(seconds: Double) {
        var remaining = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        while true {
            var request = remaining
            guard nanosleep(&request, &remaining) != 0, errno == EINTR else { return }
        }
    }
}
