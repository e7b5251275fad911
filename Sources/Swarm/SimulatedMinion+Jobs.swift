import BrineCore
import MessagePack
import SaltWire
import Targeting

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
            guard let envelope = try Publication.envelopeFrame(frames, topic: topic) else { return }
            frame = envelope
        } catch {
            context.logger.warning("\(id): dropped a publication: \(error)")
            return
        }
        switch context.decoder.open(frame, aes: credentials.aes) {
        case .undecryptable:
            guard heldPublication == nil else { return }
            context.logger.info("\(id): a publication did not decrypt; authenticating again for the current AES key")
            heldPublication = frame
            reauthenticate(now: now)
        case .ignored(let why):
            context.logger.debug("\(id): ignored a publication: \(why)")
        case .job(let job):
            run(job, now: now)
        }
    }

    private func run(_ job: PublicationDecoder.Job, now: Double) {
        if let serial = job.serial {
            guard serial > lastSerialSeen else {
                context.logger.warning("\(id): \(WireError.replayed(serial: serial))")
                return
            }
            lastSerialSeen = serial
        }
        let grains = context.grains
        let id = id
        let targeted = job.target.matches(MinionFacts(id: id, grains: job.target.dependsOnlyOnID ? [:] : grains.grains(for: id)))
        context.progress.received(jid: job.jid, function: job.function, matched: targeted)
        guard targeted else { return }
        let running = sleeping.mapValues(\.publication)
        switch SwarmFunctions.run(job.function, arguments: job.arguments, grains: grains.grains(for: id), running: running) {
        case .finished(let value, let retcode, let outputter):
            finish(job.load, value: value, retcode: retcode, outputter: outputter, now: now)
        case .later(let seconds):
            var publication = job.load
            publication["pid"] = .int(Int64(getpid()))
            sleeping[job.jid] = (publication, now + seconds)
        }
    }

    /// Queues the `_return` of a job, shaped as a stock minion's (`pump` adds the id, as to every command).
    func finish(_ publication: MessagePackValue, value: MessagePackValue, retcode: Int, outputter: String?, now: Double) {
        guard let jid = publication.string("jid") else { return }
        var load: MessagePackValue = [
            "cmd": "_return", "success": .bool(retcode == 0), "return": value, "retcode": .int(Int64(retcode)),
            "jid": .text(jid), "fun": publication["fun"] ?? "", "fun_args": publication["arg"] ?? [],
        ]
        for key in ["user", "master_id", "metadata"] { if let copied = publication[key] { load[key] = copied } }
        if let outputter { load["out"] = .text(outputter) }
        load["_stamp"] = .text(Timestamp.iso8601())
        enqueue(load, purpose: .ret(jid: jid), now: now)
    }
}
