public import BrineCore
import Logging
import MessagePack
import SaltWire
import Targeting
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// A running minion: one thread owns the SUB (publications) and REQ (requests) sockets; each job runs
/// on a thread of its own and hands its return back through the `ReturnSpool` on disk.
public final class Minion: Sendable {
    public let id: String
    let config: MinionConfig
    let logger = Logger(label: "brine.minion")
    let zmq: ZMQContext
    let registry: FunctionRegistry
    let returns: ReturnSpool
    let procFiles: ProcFiles
    /// Wakes whatever the socket thread waits on when the minion is asked to stop.
    let stopWake: WakeSignal
    let jobs = RunningJobs()
    private let stopping = StopFlag()
    let grains: GrainStore
    /// Set when the serving loop could not go on; `run` then returns and brine-minion exits non-zero.
    public let failure: DaemonFailure

    public init(config: MinionConfig) throws {
        self.config = config
        id = try MinionIdentity.resolve(config)
        zmq = try ZMQContext()
        returns = try ReturnSpool(
            directory: config.cachedir + "/return_spool",
            limits: ReturnSpool.Limits(count: config.returnSpoolMaxCount, bytes: config.returnSpoolMaxBytes), logger: logger)
        stopWake = try WakeSignal()
        procFiles = ProcFiles(cachedir: config.cachedir, logger: logger)
        registry = FunctionRegistry([
            TestModule.functions, CmdModule.functions, GrainsModule.functions, SysModule.functions, SaltutilModule.functions,
            StatusModule.functions, DiskModule.functions, NetworkModule.functions, PkgModule.functions, ServiceModule.functions,
            FileModule.functions, UserModule.functions, EnvironModule.functions,
        ])
        grains = GrainStore(id: id, config: config)
        failure = DaemonFailure(program: "brine-minion", logger: logger)
    }

    /// Asks the running loop to finish; safe from any thread (the signal-waiting one).
    public func stop() {
        stopping.raise()
        stopWake.signal()
    }

    var shouldStop: Bool { stopping.isSet }

    /// Runs until `stop()`, or until serving cannot go on (`failure`): authenticates, subscribes, serves
    /// jobs, reconnects by itself.
    public func run() throws {
        config.logUnknownOptions(to: logger)
        let keyFiles = MinionKeyFiles(pkiDir: config.pkiDir)
        let key = try keyFiles.loadOrCreate()
        for notice in try PKIPermissions(pkiDir: config.pkiDir, privateKeys: ["minion.pem"], permissive: config.permissivePKIAccess).secure() {
            logger.warning("\(notice)")
        }
        var addresses = config.masters
        if config.randomMaster { addresses.shuffle() }
        let masters = try addresses.enumerated().map { index, address in
            let link = MasterLink(zmq: zmq, endpoint: Endpoint.tcp(address, config.masterPort), interrupt: stopWake)
            return MasterConnection(
                index: index, address: address, link: link,
                session: try MasterSession(id: id, link: link, key: key, keyFiles: keyFiles, config: config),
                acceptanceWait: config.acceptanceWaitTime)
        }
        let mode = addresses.count == 1 ? "" : config.masterType == .failover ? " (failover, in this order)" : " (hot: all at once)"
        logger.info("brine-minion \(id) starting, master\(addresses.count == 1 ? "" : "s") \(addresses.joined(separator: ", ")):\(config.masterPort)\(mode)")
        for publication in procFiles.takeLeftovers() {
            spoolInterrupted(publication, why: "brine-minion was killed (or its host went down) while the job was running")
        }
        defer { spoolInterruptedJobs() }
        let loop = DaemonLoop("socket", failure: failure, logger: logger, isShutdown: ZMQError.isTermination)
        let mismatch = serve(masters, loop: loop)
        for master in masters { master.close() }
        zmq.shutdown()
        if let mismatch { throw mismatch }
    }

    /// At stop, each job still running is reported as interrupted (its return spooled, sent at the
    /// next start) and the processes it started are told to stop: nothing is dropped silently.
    private func spoolInterruptedJobs() {
        for load in jobs.interruptAll() {
            spoolInterrupted(load, why: "brine-minion stopped while the job was running")
        }
    }

    private func spoolInterrupted(_ load: MessagePackValue, why: String) {
        guard let publication = try? JobPublication(load: load) else { return }
        logger.warning("job \(publication.jid): \(why); its return says it was interrupted")
        returns.push(JobReturn(
            answering: publication, value: .text("ERROR: \(why); the job was interrupted"),
            retcode: 1, success: false, outputter: "nested", stamp: Timestamp.iso8601()))
        procFiles.remove(publication.jid)
    }

    /// Salt 3008's start-up requests: the grains, then the start events.
    func announce(_ session: MasterSession) {
        do {
            for request in MinionStartup.requests(id: id, grains: grains.current, startedAt: Timestamp.asctime()) {
                _ = try session.send(request, timeout: config.returnRetryTimer)
            }
        } catch {
            logger.warning("could not announce start to the master: \(error)")
        }
    }

    /// A pillar request, which is how a Salt minion hands the master its grains for targeting.
    func sendGrains(_ session: MasterSession) throws {
        _ = try session.send(PillarRequest(grains: grains.current).load, timeout: config.returnRetryTimer)
    }
}
