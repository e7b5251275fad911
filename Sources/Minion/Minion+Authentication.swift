import BrineCore
import Logging
import SaltWire

/// How one authentication attempt with a master went.
enum AttemptOutcome {
    /// Accepted and subscribed.
    case accepted
    /// The key waits for the operator (pending, rejected, the master full): asked again later.
    case waiting
    /// The master did not answer, or does not listen.
    case unreachable
    /// The master refuses the minion's algorithms: not asked again.
    case refused
}

extension Minion {
    /// One `_auth` attempt with `master`, made only once its request port accepts connections (a REQ to
    /// a master that is gone would wait out `auth_timeout` while the other masters wait). Accepted: the
    /// SUB socket is made (anew), and the master gets the start-up announcement the first time, the
    /// grains after. A pending or rejected key is asked about again after `acceptance_wait_time`
    /// (doubling up to `acceptance_wait_time_max`); a master away, after a second. A master that fails
    /// `master_finger` ends the minion (it throws).
    func attempt(_ master: MasterConnection, now: Double) throws(MasterFingerMismatch) -> AttemptOutcome {
        let address = master.address
        guard TCPProbe.accepts(host: address, port: config.masterPort, timeout: 0.5) else {
            let line: Logger.Message = "master \(address) does not accept connections on port \(config.masterPort)"
            if master.announced { logger.debug(line) } else { logger.warning(line) }
            master.phase = .authenticating(next: now + 1)
            return .unreachable
        }
        do {
            switch try master.session.authenticate() {
            case .accepted(let credentials):
                try master.subscribe(zmq: zmq, config: config, id: id, publishPort: credentials.publishPort)
                master.phase = .connected
                master.connectBy = now + 1
                master.acceptanceWait = config.acceptanceWaitTime
                if master.announced {
                    logger.info("authenticated with master \(address) again; subscribed to its publications")
                    master.grainsDue = true
                } else {
                    logger.info("authenticated with master \(address)")
                    announce(master.session)
                    master.announced = true
                }
                return .accepted
            case .pending:
                logger.warning("master \(address) has cached this minion's key; waiting for it to be accepted (brine-key -a \(id))")
            case .rejected:
                logger.error("master \(address) rejected this minion's key; retrying in case the operator accepts it later")
            case .full:
                logger.error("master \(address) has reached max_minions")
            case .algorithmRefused(let why):
                logger.critical("master \(address) refuses our algorithms: \(why)")
                master.phase = .refused
                return .refused
            }
        } catch let mismatch as MasterFingerMismatch {
            logger.critical("\(mismatch)")
            throw mismatch
        } catch {
            let line: Logger.Message = "authentication with master \(address) failed: \(error)"
            if master.announced { logger.debug(line) } else { logger.warning(line) }
            master.phase = .authenticating(next: now + 1)
            return .unreachable
        }
        master.phase = .authenticating(next: now + master.acceptanceWait)
        if config.acceptanceWaitTimeMax > master.acceptanceWait {
            master.acceptanceWait = min(master.acceptanceWait * 2, config.acceptanceWaitTimeMax)
        }
        return .waiting
    }
}
