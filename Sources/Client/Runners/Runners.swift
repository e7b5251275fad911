public import BrineCore
import JobCache
public import MessagePack
import SaltWire

/// `brine-run`'s functions, by `runner.function`.
public enum Runners {
    /// Runs a runner function against the master configured by `config`.
    public static func run(_ call: RunnerCall, config: MasterConfig) throws -> MessagePackValue {
        switch call.function {
        case "jobs.active":
            try call.check(allowed: ["display_progress"])
            return try activeJobs(config: config)
        case _ where call.function.hasPrefix("jobs."):
            return try JobsRunner(cache: config.openJobCache(forWriting: false)).run(call)
        case _ where call.function.hasPrefix("manage."):
            return try ManageRunner(config: config).run(call)
        default:
            throw RunnerError.unknownFunction(call.function)
        }
    }

    /// `jobs.active`: asks every minion what it is running (`saltutil.running`) and groups the answers
    /// by job, with who still runs it (and its pid) and who has returned.
    static func activeJobs(config: MasterConfig) throws -> MessagePackValue {
        let client = try LocalClient(config: config)
        guard let gathered = try client.gather(target: "*", function: "saltutil.running", timeout: config.timeout) else {
            return [:]
        }
        let cache = try? config.openJobCache(forWriting: false)
        var jobs: [String: MessagePackValue] = [:]
        for (minion, ret) in gathered.returns.sorted(by: { $0.key < $1.key }) {
            for record in ret.value.arrayValue ?? [] {
                guard let running = try? JobPublication(load: record) else { continue }
                let jid = running.jid
                var entry = jobs[jid] ?? {
                    var formatted = JobsRunner.format(JobRecord(
                        jid: jid, function: running.function, arguments: .array(running.arguments), target: running.target,
                        targetType: running.targetType, user: running.user ?? "root", startedAt: 0, minions: []))
                    formatted["Running"] = []
                    formatted["Returned"] = .array((try? cache?.returns(jid))??.map { .text($0.minion) } ?? [])
                    return formatted
                }()
                entry["Running"] = .array((entry["Running"]?.arrayValue ?? []) + [[minion: record["pid"] ?? .nil]])
                jobs[jid] = entry
            }
        }
        return .map(jobs.sorted { $0.key < $1.key }.map { MessagePackPair(.text($0.key), $0.value) })
    }
}
