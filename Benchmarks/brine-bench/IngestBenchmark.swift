import BrineCore
import BrineTesting
import JobCache
import SwarmBenchmark

/// Return ingest through a running brine-master: simulated minions authenticate for real, then send
/// session-encrypted `_return` requests as fast as the master takes them. The master answers a return
/// only once it is committed, so the rate of acknowledgements is the rate of returns on disk.
struct IngestBenchmark {
    let minions: Int
    let returnsPerMinion: Int
    let binDirectory: String
    let directory: String
    /// YAML lines choosing the backend (none: SQLite).
    let backendOptions: String

    func run() throws -> [(String, Double)] {
        let master = try BenchMaster(.brine, directory: directory, programs: BenchMaster.Programs(brineBin: binDirectory, saltVenv: nil),
            extraOptions: backendOptions)
        defer { master.stop() }
        let config = try MasterConfig.load(configDir: master.configDir)
        let sender = try ReturnSender(retPort: master.retPort, count: minions, returns: returnsPerMinion, prefix: "bench")
        defer { sender.close() }
        let total = minions * returnsPerMinion
        let cache = try config.openJobCache(forWriting: false)
        let before = try cache.counts().returns
        let acknowledged = try sender.run()
        guard sender.acknowledged.count == total else {
            throw ProcessRunner.Failure(description: "the master acknowledged \(sender.acknowledged.count) of \(total) returns")
        }
        // Every return is committed before its acknowledgement, so the cache has them all already.
        let stored = try cache.counts().returns - before
        guard stored == total else { throw ProcessRunner.Failure(description: "\(stored) of \(total) acknowledged returns are in the cache") }
        return [("ingest: \(total) returns from \(minions) minions, acknowledged after their commit (returns/s)", Double(total) / acknowledged)]
    }
}
