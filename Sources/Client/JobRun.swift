public import BrineCore
import MessagePack
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// One `brine` invocation: publish, print returns as they come, then account for every expected
/// minion that stayed silent: not connected, still running (asked with `saltutil.find_job` every
/// `gather_job_timeout` seconds), or no response.
public struct JobRun {
    let options: JobOptions

    public init(options: JobOptions) {
        self.options = options
    }

    /// Runs the job; returns the exit code (0 all succeeded, 1 failures or silence, 2 nothing ran).
    public func run(config: MasterConfig) -> Int32 {
        do {
            let client = try LocalClient(config: config)
            if options.previewTarget { return try preview(client: client) }
            let printer = try ReturnPrinter(options: options)
            if let batch = options.batch {
                return try BatchRun(options: options, size: batch, client: client, printer: printer).run()
            }
            return try single(client: client, printer: printer)
        } catch {
            Console.error("ERROR: \(error)\n")
            return 2
        }
    }

    private func single(client: LocalClient, printer: ReturnPrinter) throws -> Int32 {
        let reply = try client.publish(Self.publishRequest(options, target: options.target, targetType: options.targetType, watch: !options.async))
        guard let jid = reply.jid else {
            Console.out((reply.error ?? "the master refused the job") + "\n")
            Console.error("ERROR: No return received\n")
            return 2
        }
        if options.async {
            Console.out("Executed command with job ID: \(jid)\n")
            return 0
        }
        if options.verbose { printer.note("Executing job with jid \(jid)\n-------------------------------------------\n") }
        if options.showJID { printer.note("jid: \(jid)") }
        let expected = Set(reply.minions)
        let unlisted = options.listedMinions.filter { !expected.contains($0) }
        printer.expect(reply.minions.count + unlisted.count)
        var tracker = JobTracker(jid: jid, expected: reply.minions)
        try tracker.collect(from: client, until: Timestamp.monotonic() + options.timeout, printer: printer)
        try accountForSilence(&tracker, client: client, printer: printer)
        // Listed ids with no accepted key never got the job; Salt reports them as not responding, sorted.
        for id in Set(unlisted).sorted() { printer.silent(id, .noResponse, jid: jid) }
        client.unwatch()
        return printer.finish() ? Self.exitCode(printer) : 2
    }

    /// `--preview-target`: the minions the target matches, printed with the outputter; nothing is published.
    private func preview(client: LocalClient) throws -> Int32 {
        let reply = try client.resolve(options.target, type: options.targetType)
        let minions = MessagePackValue.array(reply.minions.map(MessagePackValue.text))
        Console.out(options.output.render(minions, indent: options.outputIndent, color: options.color))
        guard !reply.minions.isEmpty else {
            Console.error("ERROR: No return received\n")
            return 2
        }
        return 0
    }

    /// Salt's: 1 with `ERROR: Minions returned with non-zero exit code` on stderr when a minion failed or
    /// did not return (both count as retcode 1), else 0.
    static func exitCode(_ printer: ReturnPrinter) -> Int32 {
        if printer.isDocumentation { return 0 }
        guard printer.notConnected.isEmpty && printer.noResponse.isEmpty && printer.failed.isEmpty else {
            Console.error("ERROR: Minions returned with non-zero exit code\n")
            return 1
        }
        return 0
    }

    static func publishRequest(_ options: JobOptions, target: MessagePackValue, targetType: String, watch: Bool) -> PublishRequest {
        PublishRequest(
            target: target, targetType: targetType, function: .text(options.function), arguments: options.arguments,
            user: userName(), watch: watch)
    }

    /// The silent minions: not connected ones are reported at once; connected ones are asked whether
    /// they still run the job, and waited for while they do.
    func accountForSilence(_ tracker: inout JobTracker, client: LocalClient, printer: ReturnPrinter) throws {
        let missing = tracker.missing
        guard !missing.isEmpty else { return }
        let states = try client.presence(missing)
        var candidates = missing.filter { states[$0] == .connected }
        for id in missing where states[id] != .connected { printer.silent(id, .notConnected, jid: tracker.jid) }
        while !candidates.isEmpty {
            let reply = try client.publish(PublishRequest(
                target: .array(candidates.map(MessagePackValue.text)), targetType: "list", function: "saltutil.find_job",
                arguments: [.text(tracker.jid)], user: Self.userName(), watch: true))
            guard let findJID = reply.jid else { break }
            let running = try tracker.collect(
                from: client, until: Timestamp.monotonic() + options.gatherJobTimeout, printer: printer, findJob: findJID)
            candidates = candidates.filter { running.contains($0) && tracker.isMissing($0) }
        }
        let notConnected = Set(printer.notConnected)
        for id in tracker.missing where !notConnected.contains(id) {
            printer.silent(id, .noResponse, jid: tracker.jid)
        }
    }

    static func userName() -> String {
        guard let entry = getpwuid(geteuid()) else { return "root" }
        return String(cString: entry.pointee.pw_name)
    }
}

/// The returns one job has had so far. Every check is O(1) per return: a CLI waiting on 10,000
/// minions sees 10,000 events.
struct JobTracker {
    let jid: String
    let expected: [String]
    private let expectedSet: Set<String>
    private(set) var returned: Set<String> = []
    /// How many expected minions have not returned yet.
    private(set) var remaining: Int
    /// Part of a batch: each return is printed with the job's jid and its retcode, as Salt's batches print them.
    var inBatch = false

    init(jid: String, expected: [String]) {
        self.jid = jid
        self.expected = expected
        expectedSet = Set(expected)
        remaining = expectedSet.count
    }

    /// The expected minions that have not returned, in the order they were expected.
    var missing: [String] { expected.filter { !returned.contains($0) } }

    func isMissing(_ id: String) -> Bool {
        expectedSet.contains(id) && !returned.contains(id)
    }

    /// Prints the job's returns until every expected minion returned or `deadline` (monotonic) passed.
    /// With `findJob`, also reads that `saltutil.find_job` job's answers, waits the whole time, and
    /// returns the minions that said they still run the job.
    @discardableResult
    mutating func collect(from client: LocalClient, until deadline: Double, printer: ReturnPrinter, findJob: String? = nil) throws -> Set<String> {
        var running: Set<String> = []
        while findJob != nil || remaining > 0 {
            guard let event = try client.nextEvent(until: deadline) else { break }
            if let (id, ret) = event.jobReturn(of: jid) {
                record(id, ret, printer: printer)
                if findJob != nil && remaining == 0 { break }
            } else if let findJob, let (id, answer) = event.jobReturn(of: findJob) {
                if let procs = answer.value.mapValue, !procs.isEmpty { running.insert(id) }
            }
        }
        return running
    }

    /// Prints one return, once per minion (a minion that retried may send it twice).
    mutating func record(_ id: String, _ ret: JobReturn, printer: ReturnPrinter) {
        guard returned.insert(id).inserted else { return }
        if expectedSet.contains(id) { remaining -= 1 }
        printer.returned(id, value: ret.value, retcode: ret.failed ? max(ret.retcode, 1) : 0, batchJID: inBatch ? jid : nil)
    }
}
