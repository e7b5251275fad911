import BrineCore
import JobCache

#if canImport(Glibc)
import Glibc
import Logging
#endif

/// Periodic upkeep: drops jobs older than `keep_jobs` hours from the cache, rotates the AES key
/// once it is `publish_session` seconds old, and, with key states shared in PostgreSQL, brings the pki
/// dir up to date every second.
struct Maintenance {
    let context: MasterContext
    let stopped: StopFlag
    /// Seconds between two looks at the shared key states' generation.
    static let keySyncInterval = 1.0

    func run(_ loop: DaemonLoop) {
        var keySyncFailing = false
        loop.run(until: { stopped.isSet }) {
            purge()
            rotateAESKey()
            let end = Timestamp.monotonic() + max(context.config.loopInterval, 0.1)
            var nextKeySync = 0.0
            while !stopped.isSet && Timestamp.monotonic() < end {
                if Timestamp.monotonic() >= nextKeySync {
                    syncKeys(failing: &keySyncFailing)
                    nextKeySync = Timestamp.monotonic() + Self.keySyncInterval
                }
                usleep(200_000)
            }
        }
    }

    /// Another master changed the shared key states: the pki dir follows, and the minions that lost
    /// their accepted key here lose their sessions, and the AES key turns so they read nothing more.
    /// A failure is logged once, and the recovery once (`failing` remembers which was last).
    func syncKeys(failing: inout Bool) {
        guard let shared = context.sharedKeys else { return }
        do {
            let lost = try shared.pullIfChanged()
            if failing { context.logger.notice("shared key states: readable again") }
            failing = false
            guard let lost, !lost.isEmpty else { return }
            context.logger.info("shared key states: \(lost.joined(separator: ", ")) no longer accepted")
            context.keysRemoved(lost, rotate: context.config.rotateAESKey)
        } catch {
            if !failing { context.logger.error("shared key states: cannot read them (tried again every second): \(error)") }
            failing = true
        }
    }

    func rotateAESKey() {
        let session = Double(context.config.publishSession)
        guard session > 0, context.aes.rotate(ifOlderThan: session) else { return }
        context.logger.info("rotated the AES key: it was \(context.config.publishSession) s old (publish_session)")
    }

    func purge() {
        let hours = context.config.keepJobsHours
        guard hours > 0 else { return }
        do {
            let removed = try context.jobCache.purge(startedBefore: Timestamp.now() - hours * 3600)
            if removed > 0 { context.logger.info("removed \(removed) jobs older than keep_jobs (\(hours) h)") }
        } catch {
            context.logger.error("job cache retention failed: \(error)")
        }
    }
}
