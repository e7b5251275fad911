import BrineCore
import Logging
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// The dispatcher's replay state on disk, `<cachedir>/replay_state`: the last serial under the
/// current AES key (by its digest) and the last 100 jids run. Without it a restarted minion would take
/// any publication captured under the same AES key as new, and run it again.
///
/// It is written before each job starts (not for publications that run nothing: replaying those runs
/// nothing either), about 120 bytes through a temporary file flushed to the disk with its directory:
/// 0.4 ms on this machine kind (8 ms while other builds kept its disk busy), on the socket thread,
/// small beside starting a job. Whatever cannot be read is reported and replaced by an empty state,
/// the most a minion without it can do.
struct ReplayStateStore {
    let path: String
    let logger: Logger

    init(cachedir: String, logger: Logger) {
        path = cachedir + "/replay_state"
        self.logger = logger
    }

    func load() -> MinionDispatcher.State {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path)
        } catch {
            if error.code != ENOENT { logger.error("cannot read the replay state: \(error); starting without it") }
            return MinionDispatcher.State()
        }
        do {
            return try MinionDispatcher.State(decoding: bytes)
        } catch {
            logger.error("the replay state in \(path) is damaged (\(error)); starting without it")
            return MinionDispatcher.State()
        }
    }

    /// Stores the state; false (with a log line) when it could not.
    @discardableResult
    func save(_ state: MinionDispatcher.State) -> Bool {
        do {
            FileSystem.makeDirectories(FileSystem.parent(of: path), mode: 0o700)
            try FileSystem.write(path, state.encoded, mode: 0o600, durable: true)
            return true
        } catch {
            logger.error("cannot store the replay state: \(error); a restart would take this job's publication as new")
            return false
        }
    }
}
