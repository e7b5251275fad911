import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// brine-key writes its own audit lines (the master may be down while keys change): who (uid, user,
/// and the sudo user behind root), what, which id.
extension KeyTool {
    func audit(_ action: String, _ id: String) {
        guard let path = config.auditLog else { return }
        do {
            let log = try AuditLog(path: path, redact: [])
            handOver(path)
            var fields = [MessagePackPair("action", .text(action)), MessagePackPair("id", .text(id))] + AuditLog.caller(uid: getuid())
            if let sudoUser = getenv("SUDO_USER") { fields.append(MessagePackPair("sudo_user", .text(String(cString: sudoUser)))) }
            try log.record("key", fields)
        } catch {
            Console.error("brine-key: audit_log: \(error)\n")
        }
    }

    /// A file root made must stay writable by the master's `user`.
    private func handOver(_ path: String) {
        guard geteuid() == 0, let user = config.user, let entry = getpwnam(user) else { return }
        chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid)
    }
}
