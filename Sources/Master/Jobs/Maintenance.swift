import BrineCore
import JobCache

#if canImport(Glibc)
import Glibc
import Logging
#endif

/// Periodic upkeep: drops jobs older than `keep_jobs` hours from the cache, and rotates the AES key
/// once it is `publish_session` seconds old.
struct Maintenance {
    let context: MasterContext
    let stopped: StopFlag

    func run(_ loop: DaemonLoop) {
        loop.run(until: { stopped.isSet }) {
            purge()
            rotateAESKey()
            let end = Timestamp.monotonic() + max(context.config.loopInterval, 0.1)
            while !stopped.isSet && Timestamp.monotonic() < end { usleep(200_000) }
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
