import BrineCore
import Logging
import MessagePack
import SaltWire
import ZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// The master's door for the local tools: an ipc ROUTER in `sock_dir` (mode 0600, so only the master's
/// user gets in; 0660 for `sock_dir_group` too). It takes jobs and key notices from callers the kernel
/// names (`PeerCredentials`, decided by `publisher_acl`), and streams each job's events to the tool
/// that submitted it, registered before the job is published so no early return is missed.
struct LocalServer {
    let context: MasterContext
    let zmq: ZMQContext

    func run(_ gate: StartupGate, _ loop: DaemonLoop) {
        let router: ZMQSocket
        let eventInbox: ZMQSocket
        let publisher: ZMQSocket
        let outcomes: ZMQSocket
        let socketPath = context.config.sockDir + "/master.ipc"
        do {
            guard FileSystem.makeDirectories(context.config.sockDir, mode: 0o700) else {
                throw FileSystem.Failure(path: context.config.sockDir, operation: "mkdir", code: errno)
            }
            router = try ZMQSocket(context: zmq, type: .router)
            try router.set(.routerMandatory, 1)
            try router.set(.sendHighWaterMark, 100_000)
            FileSystem.remove(socketPath)
            try router.bind(context.config.localEndpoint)
            chmod(socketPath, 0o600)
            try openToGroup(socketPath)
            eventInbox = try ZMQSocket(context: zmq, type: .pull)
            try eventInbox.bind(InProc.events)
            publisher = try ZMQSocket(context: zmq, type: .push)
            try publisher.connect(InProc.publish)
            outcomes = try ZMQSocket(context: zmq, type: .pull)
            try outcomes.bind(InProc.publications)
        } catch {
            gate.fail(error)
            return
        }
        gate.succeed()
        let channel = ToolChannel(context: context, router: router, publisher: publisher)
        var poller = ZMQPoller()
        let routerIndex = poller.add(router)
        let eventIndex = poller.add(eventInbox)
        let outcomeIndex = poller.add(outcomes)
        var lastExpiry = Timestamp.monotonic()
        loop.run {
            _ = try poller.poll(timeoutMilliseconds: channel.isWaiting ? 1000 : 60_000)
            if poller.isReadable(eventIndex) {
                while let frames = try eventInbox.receive(dontWait: true) {
                    guard frames.count == 2 else { continue }
                    channel.forward(jid: String(decoding: frames[0], as: UTF8.self), message: frames[1])
                }
            }
            if poller.isReadable(outcomeIndex) {
                while let frames = try outcomes.receive(dontWait: true) {
                    guard let outcome = PublicationOutcome(decoding: frames[0]) else { continue }
                    channel.settle(outcome)
                }
            }
            if poller.isReadable(routerIndex) {
                var peerAddress: String?
                while let frames = try router.receive(dontWait: true, peerAddress: &peerAddress) {
                    serve(frames, peer: PeerCredentials(peerAddress: peerAddress), channel)
                }
            }
            let now = Timestamp.monotonic()
            if now - lastExpiry >= 1 {
                channel.expire(now: now)
                lastExpiry = now
            }
        }
        FileSystem.remove(socketPath)
    }

    /// `sock_dir_group`: its members may open the socket (sock_dir 0750, master.ipc 0660, that group).
    private func openToGroup(_ socketPath: String) throws {
        guard let name = context.config.sockDirGroup else { return }
        guard let group = getgrnam(name) else { throw ConfigError("sock_dir_group: no group '\(name)' on this host") }
        let gid = group.pointee.gr_gid
        for (path, mode) in [(context.config.sockDir, mode_t(0o750)), (socketPath, mode_t(0o660))] {
            guard chown(path, uid_t.max, gid) == 0, chmod(path, mode) == 0 else {
                throw ConfigError("sock_dir_group: cannot give \(path) to group '\(name)': \(String(cString: strerror(errno)))")
            }
        }
    }
}
