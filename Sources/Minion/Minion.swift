public import BrineCore
import Logging
import MessagePack
import PythonRules
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
    /// The master's request port for job threads (the file client).
    let channel: MasterChannel
    /// The modules synced from the master or placed in `extension_modules`.
    let extensions: ExtensionModules
    /// The pillar the master last sent; asked for at start, after grains change, and on refresh.
    let pillar: PillarStore
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
        extensions = ExtensionModules(
            directory: config.extensionModules + "/modules", timeout: config.extensionModuleTimeout, logger: logger)
        registry = FunctionRegistry(extensions: extensions, [
            TestModule.functions, CmdModule.functions, GrainsModule.functions, SysModule.functions, SaltutilModule.functions,
            StatusModule.functions, DiskModule.functions, NetworkModule.functions, PkgModule.functions, ServiceModule.functions,
            FileModule.functions, UserModule.functions, EnvironModule.functions, CpModule.functions, PillarModule.functions,
        ])
        grains = GrainStore(id: id, config: config)
        channel = MasterChannel(zmq: zmq, id: id, config: config, interrupt: stopWake)
        pillar = PillarStore(wake: returns.wake)
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
        channel.start(key: key, keyFiles: keyFiles)
        let masters = try addresses.enumerated().map { index, address in
            let link = MasterLink(zmq: zmq, endpoint: Endpoint.tcp(address, config.masterPort), interrupt: stopWake)
            let session = try MasterSession(id: id, link: link, key: key, keyFiles: keyFiles, config: config)
            session.onAuthenticated = { [channel] in channel.update($0, master: address) }
            return MasterConnection(index: index, address: address, link: link, session: session, acceptanceWait: config.acceptanceWaitTime)
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

    /// Salt 3008's start-up requests: the grains (answered with the pillar), then the start events.
    func announce(_ session: MasterSession) {
        do {
            for request in MinionStartup.requests(id: id, grains: grains.current, startedAt: Timestamp.asctime()) {
                let reply = try session.send(request, timeout: config.returnRetryTimer)
                if request.string("cmd") == PillarRequest.command { keep(reply, answering: nil) }
            }
        } catch {
            logger.warning("could not announce start to the master: \(error)")
        }
    }

    /// A pillar request, which is how a Salt minion hands the master its grains for targeting; the
    /// answer is the pillar compiled from them. `ticket` is the refresh it answers.
    func sendGrains(_ session: MasterSession, answering ticket: UInt64? = nil) throws {
        keep(try session.send(PillarRequest(grains: grains.current).load, timeout: config.returnRetryTimer), answering: ticket)
    }

    private func keep(_ pillar: MessagePackValue, answering ticket: UInt64?) {
        if let errors = pillar["_errors"]?.arrayValue {
            logger.error("the master's pillar for this minion has errors: \(errors.map(\.pythonString).joined(separator: "; "))")
        }
        self.pillar.replace(pillar, answering: ticket)
    }
}
