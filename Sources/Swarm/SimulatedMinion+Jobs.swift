import BrineCore
import Logging
import MessagePack
import SaltWire

#if canImport(Glibc)
import Glibc
#endif

/// Publications in, returns out.
extension SimulatedMinion {
    /// A message from the SUB socket: one frame, or `[topic, envelope]` from a master filtering by topic.
    func receivePublication(_ frames: [[UInt8]], now: Double) {
        guard let credentials else { return }
        let frame: [UInt8]
        do {
            guard let envelope = try Publication.envelopeFrame(frames, topic: shared.dispatcher.topic) else { return }
            frame = envelope
        } catch {
            context.logger.warning("\(id): dropped a publication: \(error)")
            return
        }
        let opened = context.decoder.open(frame, aes: credentials.aes)
        let grains = context.grains
        let id = id
        switch shared.dispatcher.decide(opened, aesKey: credentials.aes.keyString, grains: { grains.grains(for: id) }) {
        case .reauthenticate:
            guard heldPublication == nil else { return }
            context.logger.info("\(id): a publication did not decrypt; authenticating again for the current AES key")
            heldPublication = frame
            reauthenticate(now: now)
        case .ignore(.notTargeted):
            if case .job(let job, _) = opened {
                context.progress.received(jid: job.jid, function: job.functionName ?? "", matched: false)
            }
        case .ignore(let why):
            context.logger.debug("\(id): ignored a publication: \(why)")
        case .run(let job):
            context.progress.received(jid: job.jid, function: job.functionName ?? "", matched: true)
            run(job, now: now)
        }
    }

    private func run(_ job: JobPublication, now: Double) {
        let grains = context.grains
        let id = id
        let running = sleeping.mapValues { $0.record }
        switch SwarmFunctions.run(job.functionName ?? "", arguments: job.arguments, grains: grains.grains(for: id), running: running) {
        case .finished(let value, let retcode, let outputter):
            finish(job, value: value, retcode: retcode, outputter: outputter, now: now)
        case .later(let seconds):
            var record = job
            record.serial = nil
            record.extra.append(MessagePackPair("pid", .int(Int64(getpid()))))
            sleeping[job.jid] = (job, record.load, now + seconds)
        }
    }

    /// Queues the `_return` of a job, shaped as a stock minion's (the channel adds the id when sealing).
    func finish(_ job: JobPublication, value: MessagePackValue, retcode: Int, outputter: String?, now: Double) {
        let ret = JobReturn(
            answering: job, value: value, retcode: retcode, success: retcode == 0, outputter: outputter,
            stamp: Timestamp.iso8601())
        enqueue(ret.load(), purpose: .ret(jid: job.jid), now: now)
    }
}
