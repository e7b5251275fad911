import BrineCore
import MessagePack
import SaltWire
import Targeting
import ZeroMQ

/// The minion's loop: publications in, returns out.
extension Minion {
    func serve(subscriber: ZMQSocket, session: MasterSession, loop: DaemonLoop) {
        var poller = ZMQPoller()
        let publications = poller.add(subscriber)
        poller.add(fileDescriptor: returns.wake.fileDescriptor)
        var lastSerial: Int64 = 0
        var aesKey = session.credentials?.aes.keyString
        var nextRetry = 0.0
        loop.run(until: { shouldStop }) {
            _ = try poller.poll(timeoutMilliseconds: 1000)
            if poller.isReadable(publications) {
                while let frames = try subscriber.receive(dontWait: true) {
                    if session.credentials?.aes.keyString != aesKey {
                        aesKey = session.credentials?.aes.keyString
                        lastSerial = 0
                    }
                    receive(frames, session: session, lastSerial: &lastSerial)
                }
            }
            returns.wake.drain()
            // Changed grains go first, so the master targets by them before the job's caller sees its return.
            if Timestamp.monotonic() >= nextRetry, !sendChangedGrains(session) || !sendReturns(session) {
                nextRetry = Timestamp.monotonic() + config.returnRetryTimer
            }
        }
    }

    /// Tells the master about grains a job changed; false when it could not (they stay flagged).
    private func sendChangedGrains(_ session: MasterSession) -> Bool {
        guard grains.takeUnannounced() else { return true }
        do {
            try sendGrains(session)
            return true
        } catch {
            grains.keepUnannounced()
            logger.warning("changed grains not delivered to the master, will retry: \(error)")
            return false
        }
    }

    /// Sends queued returns in order; false when the master did not take one (it stays queued).
    private func sendReturns(_ session: MasterSession) -> Bool {
        while let load = returns.first {
            do {
                _ = try session.send(load, timeout: config.returnRetryTimer)
                returns.removeFirst()
            } catch {
                logger.warning("return of job \(load.string("jid") ?? "?") not delivered, will retry: \(error)")
                return false
            }
        }
        return true
    }

    private func receive(_ frames: [[UInt8]], session: MasterSession, lastSerial: inout Int64) {
        do throws(any Error) {
            guard let frame = try Publication.envelopeFrame(frames, topic: Publication.topic(for: id)),
                  let credentials = session.credentials
            else { return }
            let load: MessagePackValue
            do {
                load = try Publication.open(frame, aes: credentials.aes, masterKey: credentials.masterKey)
            } catch WireError.decryptionFailed {
                logger.info("a publication did not decrypt; re-authenticating for the current AES key")
                guard case .accepted(let fresh) = try session.authenticate() else { return }
                load = try Publication.open(frame, aes: fresh.aes, masterKey: fresh.masterKey)
                lastSerial = 0
            }
            if let serial = load["serial"]?.intValue {
                guard serial > lastSerial else {
                    logger.warning("\(WireError.replayed(serial: serial))")
                    return
                }
                lastSerial = Int64(serial)
            }
            try dispatch(load)
        } catch {
            logger.warning("dropped a publication: \(error)")
        }
    }

    private func dispatch(_ load: MessagePackValue) throws {
        guard let jid = load.string("jid"), let function = load["fun"], let expression = load["tgt"] else {
            throw WireError.missingField("jid, fun or tgt")
        }
        let type = TargetType(rawValue: load.string("tgt_type") ?? "glob")
        guard let type else {
            logger.debug("job \(jid) has target type \(load.string("tgt_type") ?? ""), which this minion does not know")
            return
        }
        let target = try Target(expression, type: type, delimiter: load.string("delimiter") ?? ":")
        guard target.matches(MinionFacts(id: id, grains: grains.current)) else { return }
        guard jobs.begin(jid, load: load) else {
            logger.debug("job \(jid) already seen")
            return
        }
        logger.info("job \(jid): \(function.stringValue ?? "?")")
        let context = makeContext(jid: jid, publication: load)
        let arguments = load["arg"]?.arrayValue ?? []
        let name = function.stringValue ?? ""
        let registry = registry
        let returns = returns
        let jobs = jobs
        let id = id
        DaemonThread.detached {
            let outcome = registry.run(name, arguments: arguments, context: context)
            var ret: MessagePackValue = [
                "cmd": "_return", "id": .text(id), "success": .bool(outcome.success), "return": outcome.value,
                "retcode": .int(Int64(outcome.retcode)), "jid": .text(jid), "fun": function, "fun_args": .array(arguments),
            ]
            if let user = load["user"] { ret["user"] = user }
            if let metadata = load["metadata"] { ret["metadata"] = metadata }
            if let outputter = outcome.outputter { ret["out"] = .text(outputter) }
            ret["_stamp"] = .text(Timestamp.iso8601())
            jobs.end(jid)
            returns.push(ret)
        }
    }
}
