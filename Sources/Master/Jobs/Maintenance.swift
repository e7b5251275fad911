import BrineCore
import JobCache

#if canImport(Glibc)
import Glibc
import Logging
#endif

/// Periodic upkeep: drops jobs older than `keep_jobs` hours from the cache.
struct Maintenance {
    let context: MasterContext
    let stopped: StopFlag

    func run(_ loop: DaemonLoop) {
        loop.run(until: { stopped.isSet }) {
            purge()
            let end = Timestamp.monotonic() + max(context.config.loopInterval, 0.1)
            while !stopped.isSet && Timestamp.monotonic() < end { usleep(200_000) }
        }
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
