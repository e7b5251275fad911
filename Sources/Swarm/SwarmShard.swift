import BrineCore
import Logging
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// One poll thread and the minions whose sockets it owns: it starts them at their pace, waits on their
/// sockets' readiness (`ShardContext.readiness`), hands each message to its minion, and runs their
/// timers. Nothing here blocks anything but this thread.
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

    /// The readiness token of the wake signal (sockets are numbered from 0).
    private static let wakeToken = UInt64.max

    func run(_ loop: DaemonLoop) {
        let context: ShardContext
        do {
            context = try ShardContext(configuration: configuration, zmq: zmq, grains: grains, progress: progress, logger: logger)
            try context.readiness.add(wake.fileDescriptor, token: Self.wakeToken)
        } catch {
            loop.run { throw DaemonLoop.Fatal("cannot wait on the swarm's sockets", error) }
            return
        }
        var minions: [SimulatedMinion] = []
        /// Identities started: each is one `SimulatedMinion` per master.
        var started = 0
        let masters = configuration.masters.count
        defer { for minion in minions { minion.close() } }
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
            // A minion that sent may have an answer its DEALER's readiness descriptor will not signal.
            for minion in context.takeTouched() {
                minion.isTouched = false
                deliver(to: minion, fromSubscriber: false, now: now)
                earliestTimer = min(earliestTimer, minion.nextDeadline)
            }
            // A start held back by `maxStarting` waits for a minion to come up, which a message brings.
            let nextStart = started < identities.count && !limitReached(context) ? startTime(of: started) : now + 1
            let deadline = min(earliestTimer, nextStart)
            let wait = context.touched.isEmpty ? max(0, min(deadline - now, 1)) : 0
            let ready = try context.readiness.wait(timeoutMilliseconds: Int((wait * 1000).rounded(.up)))
            now = Timestamp.monotonic()
            for token in ready {
                guard token != Self.wakeToken else {
                    wake.drain()
                    continue
                }
                let entry = context.watched[Int(token)]
                deliver(to: entry.minion, fromSubscriber: entry.subscriber, now: now)
                earliestTimer = min(earliestTimer, entry.minion.nextDeadline)
            }
        }
    }

    /// Reads the socket until it has nothing left, which re-arms its readiness descriptor. A receive that
    /// finds nothing first takes the commands libzmq queued for the socket (what made its descriptor
    /// ready).
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
}
