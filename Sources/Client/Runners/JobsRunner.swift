import BrineCore
import JobCache
import MessagePack

/// `jobs.*`: Salt's jobs runner over Brine's job cache (SQLite or PostgreSQL), read directly (the master need not be
/// up, and a query never slows the master down). Output shapes follow salt/runners/jobs.py.
struct JobsRunner {
    let cache: any JobCacheStore

    func run(_ call: RunnerCall) throws -> MessagePackValue {
        switch call.function {
        case "jobs.list_jobs":
            try call.check(allowed: ["search_function", "search_target", "search_metadata", "start_time", "end_time",
                                     "display_progress", "status", "limit", "outputter", "ext_source"])
            return .map(try cache.jobs(try filter(call, prefix: "search_")).map { summary in
                MessagePackPair(.text(summary.job.jid), Self.format(summary.job))
            })
        case "jobs.lookup_jid":
            try call.check(allowed: ["jid", "missing", "returned", "display_progress", "ext_source"])
            return try lookup(try jid(call), missing: call.bool("missing", default: false), returned: call.bool("returned", default: true))
        case "jobs.list_job":
            try call.check(allowed: ["jid", "display_progress", "ext_source"])
            return try listJob(try jid(call))
        case "jobs.print_job":
            try call.check(allowed: ["jid", "ext_source"])
            return try printJob(try jid(call))
        case "jobs.exit_success":
            try call.check(allowed: ["jid", "ext_source"])
            return try exitSuccess(try jid(call))
        case "jobs.last_run":
            try call.check(allowed: ["function", "target", "metadata", "status", "display_progress", "outputter", "ext_source"])
            var filter = try filter(call, prefix: "")
            filter.limit = 1
            guard let last = try cache.jobs(filter).last else { return false }
            return try printJob(last.job.jid)
        default:
            throw RunnerError.unknownFunction(call.function)
        }
    }

    private func jid(_ call: RunnerCall) throws -> String {
        guard let jid = call.string("jid", position: 0) else {
            // Python's words for the call that lacks it, as salt-run prints them.
            let name = call.function.split(separator: ".").last.map(String.init) ?? call.function
            throw RunnerError.callMismatch("\(name)() missing 1 required positional argument: 'jid'")
        }
        guard JID.isValid(jid) else { throw RunnerError.invalidArguments("'\(jid)' is not a job id") }
        return jid
    }

    /// `search_function`/`function`, `search_target`/`target`, `search_metadata`/`metadata`, times, status, limit.
    private func filter(_ call: RunnerCall, prefix: String) throws -> JobFilter {
        var filter = JobFilter()
        filter.functions = call.list(prefix + "function")
        filter.targets = call.list(prefix + "target")
        if let metadata = call.value(prefix + "metadata") {
            guard let pairs = metadata.mapValue else {
                throw RunnerError.invalidArguments("\(prefix)metadata must be a dictionary, e.g. \(prefix)metadata='{\"ticket\": 42}'")
            }
            filter.metadata = pairs
        }
        for (name, keyPath) in [("start_time", \JobFilter.startTime), ("end_time", \JobFilter.endTime)] {
            guard let text = call.string(name) else { continue }
            guard let time = JobTime.parse(text) else {
                throw RunnerError.invalidArguments("cannot read \(name) '\(text)': use e.g. '2026, Nov 21 19:00' or '2026-11-21 19:00'")
            }
            filter[keyPath: keyPath] = time
        }
        if let status = call.string("status") {
            guard let parsed = JobFilter.Status(rawValue: status) else {
                throw RunnerError.invalidArguments("status must be one of: \(JobFilter.Status.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.status = parsed
        }
        if let limit = call.value("limit") {
            guard let number = limit.intValue ?? limit.stringValue.flatMap({ Int($0) }), number >= 0 else {
                throw RunnerError.invalidArguments("limit must be a whole number")
            }
            filter.limit = number
        }
        return filter
    }

    /// Salt's `_format_jid_instance`.
    static func format(_ job: JobRecord) -> MessagePackValue {
        // Pairs in place, keys made once: `jobs.list_jobs` formats every job of the cache.
        var pairs: [MessagePackPair] = []
        pairs.reserveCapacity(7)
        pairs.append(MessagePackPair(Keys.function, job.function))
        pairs.append(MessagePackPair(Keys.arguments, job.arguments))
        pairs.append(MessagePackPair(Keys.target, job.target))
        pairs.append(MessagePackPair(Keys.targetType, .text(job.targetType)))
        pairs.append(MessagePackPair(Keys.user, .text(job.user)))
        if let metadata = job.metadata { pairs.append(MessagePackPair(Keys.metadata, metadata)) }
        pairs.append(MessagePackPair(Keys.startTime, .string(JobTime.startTimeUTF8(jid: job.jid))))
        return .map(pairs)
    }

    /// The keys of a formatted job, each allocated once rather than once a job.
    private enum Keys {
        static let function: MessagePackValue = "Function"
        static let arguments: MessagePackValue = "Arguments"
        static let target: MessagePackValue = "Target"
        static let targetType: MessagePackValue = "Target-type"
        static let user: MessagePackValue = "User"
        static let metadata: MessagePackValue = "Metadata"
        static let startTime: MessagePackValue = "StartTime"
    }

    private func result(_ jid: String) throws -> MessagePackValue {
        .map(try cache.returns(jid).map { record in
            var entry: MessagePackValue = ["return": record.value, "retcode": .int(Int64(record.retcode)), "success": .bool(record.success)]
            if let outputter = record.outputter { entry["out"] = .text(outputter) }
            return MessagePackPair(.text(record.minion), entry)
        })
    }

    private func lookup(_ jid: String, missing: Bool, returned: Bool) throws -> MessagePackValue {
        let records = try cache.returns(jid)
        var output: [MessagePackPair] = returned ? records.map { MessagePackPair(.text($0.minion), $0.value) } : []
        if missing, let job = try cache.job(jid) {
            let answered = Set(records.map(\.minion))
            for id in job.job.minions where !answered.contains(id) {
                output.append(MessagePackPair(.text(id), "Minion did not return"))
            }
        }
        if let outputter = records.first?.outputter {
            return ["outputter": .text(outputter), "data": .map(output)]
        }
        return .map(output)
    }

    private func listJob(_ jid: String) throws -> MessagePackValue {
        var job: MessagePackValue = ["jid": .text(jid)]
        if let summary = try cache.job(jid) {
            for pair in Self.format(summary.job).mapValue ?? [] { job[pair.key.stringValue ?? ""] = pair.value }
            job["Minions"] = .array(summary.job.minions.map(MessagePackValue.text))
            if let reason = summary.notSent { job["Error"] = .text("The job was not published: \(reason)") }
        } else {
            job["Error"] = "Cannot contact returner or no job with this jid"
            job["StartTime"] = .text(JobTime.startTime(jid: jid))
        }
        job["Result"] = try result(jid)
        return job
    }

    private func printJob(_ jid: String) throws -> MessagePackValue {
        var job = try listJob(jid)
        job["jid"] = nil
        return .map([MessagePackPair(.text(jid), job)])
    }

    /// Salt's rule: an expected minion succeeded when its return is truthy.
    private func exitSuccess(_ jid: String) throws -> MessagePackValue {
        let records = Dictionary(try cache.returns(jid).map { ($0.minion, $0.value) }, uniquingKeysWith: { first, _ in first })
        var output: [MessagePackPair] = []
        for id in try cache.job(jid)?.job.minions ?? [] {
            output.append(MessagePackPair(.text(id), .bool(records[id].map(Self.truthy) ?? false)))
        }
        for (id, value) in records.sorted(by: { $0.key < $1.key }) where !output.contains(where: { $0.key.stringValue == id }) {
            output.append(MessagePackPair(.text(id), .bool(Self.truthy(value))))
        }
        return .map(output)
    }

    /// Python truthiness.
    static func truthy(_ value: MessagePackValue) -> Bool {
        switch value {
        case .nil: return false
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .uint(let number): return number != 0
        case .double(let number): return number != 0
        case .float(let number): return number != 0
        case .string(let bytes), .binary(let bytes): return !bytes.isEmpty
        case .array(let items): return !items.isEmpty
        case .map(let pairs): return !pairs.isEmpty
        case .ext: return true
        }
    }
}
