import BrineCore
import MessagePack
import SaltWire

/// `brine -b N` / `-b N%`: the job runs on at most N minions at a time. A slot that frees (its minion
/// returned, or its job timed out) goes to the next minion after `--batch-wait` seconds.
struct BatchRun {
    let options: JobOptions
    let size: BatchSize
    let client: LocalClient
    let printer: ReturnPrinter

    func run() throws -> Int32 {
        let resolved = try client.resolve(options.target, type: options.targetType)
        if let error = resolved.error {
            Console.error("ERROR: \(error)\n")
            return 2
        }
        var queue = resolved.minions
        guard !queue.isEmpty else {
            Console.out("No minions matched the target. No command was sent, no jid was assigned.\n")
            Console.error("ERROR: No return received\n")
            return 2
        }
        let slots = size.size(of: queue.count)
        printer.expect(queue.count)
        var running: [(tracker: JobTracker, deadline: Double)] = []
        var freeAt: [Double] = []
        while !queue.isEmpty || !running.isEmpty {
            let now = Timestamp.monotonic()
            freeAt.removeAll { $0 <= now }
            let open = slots - running.reduce(0) { $0 + $1.tracker.remaining } - freeAt.count
            if open > 0 && !queue.isEmpty {
                let next = Array(queue.prefix(open))
                queue.removeFirst(next.count)
                try start(next, into: &running)
            }
            let wake = ([running.map(\.deadline).min() ?? now + 1] + freeAt).min() ?? now + 1
            let deadline = min(wake, now + 0.5)
            if let event = try client.nextEvent(until: deadline) {
                for index in running.indices {
                    guard let (id, ret) = event.jobReturn(of: running[index].tracker.jid),
                          running[index].tracker.isMissing(id)
                    else { continue }
                    var tracker = running[index].tracker
                    tracker.record(id, ret, printer: printer)
                    running[index].tracker = tracker
                    if options.batchWait > 0 { freeAt.append(Timestamp.monotonic() + options.batchWait) }
                }
            }
            for index in running.indices.reversed() where running[index].tracker.remaining == 0 || Timestamp.monotonic() >= running[index].deadline {
                var tracker = running.remove(at: index).tracker
                try JobRun(options: options).accountForSilence(&tracker, client: client, printer: printer)
            }
        }
        client.unwatch()
        return printer.finish() ? JobRun.exitCode(printer) : 2
    }

    private func start(_ minions: [String], into running: inout [(tracker: JobTracker, deadline: Double)]) throws {
        if !options.output.isQuiet {
            printer.note("\nExecuting run on [" + minions.map { "'\($0)'" }.joined(separator: ", ") + "]\n")
        }
        let reply = try client.publish(JobRun.publishRequest(
            options, target: .array(minions.map(MessagePackValue.text)), targetType: "list", watch: true))
        guard let jid = reply.jid else {
            for id in minions { printer.silent(id, .notConnected, jid: "") }
            return
        }
        var tracker = JobTracker(jid: jid, expected: minions)
        tracker.inBatch = true
        running.append((tracker, Timestamp.monotonic() + options.timeout))
    }
}

