import BrineCore
public import MessagePack
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// Running functions on this host without a master: `brine-call`'s entry, and where every job's
/// context is made.
extension Minion {
    /// The context a job runs in: this minion's facts and pillar, its functions, the jobs running
    /// beside it, and the master (none for `call`: brine-call runs without one).
    func makeContext(jid: String, publication: MessagePackValue, withMaster: Bool = true) -> JobContext {
        JobContext(
            minionID: id, grains: grains, config: config, jid: jid, publication: publication, functions: registry, jobs: jobs,
            master: withMaster ? channel : nil, pillar: pillar)
    }

    /// Every function this minion offers.
    public var functions: FunctionRegistry { registry }

    /// Runs one function here and now. The call is listed as a running job while it runs, with the
    /// publication salt-call records for itself, so `saltutil.*` and `__pub_*` look as they do there.
    public func call(_ function: String, arguments: [MessagePackValue]) -> FunctionRegistry.Outcome {
        let jid = JIDGenerator().next()
        let publication = JobPublication.localCall(function: function, jid: jid, pid: Int64(getpid()))
        jobs.begin(jid, publication: publication)
        defer { jobs.end(jid) }
        return registry.run(function, arguments: arguments, context: makeContext(jid: jid, publication: publication, withMaster: false))
    }
}
