import BrineCore
import Logging
import MessagePack

/// One file per running job in `<cachedir>/proc` (as Salt's minion keeps), holding its publication.
/// A minion killed with jobs running leaves them behind; the next start reports each such job as
/// interrupted instead of letting it vanish. Written without a sync: they guard against the process
/// dying, and cost a job a file create and an unlink.
struct ProcFiles: Sendable {
    let directory: String
    let logger: Logger

    init(cachedir: String, logger: Logger) {
        directory = cachedir + "/proc"
        self.logger = logger
        FileSystem.makeDirectories(directory, mode: 0o700)
    }

    func record(_ jid: String, publication: MessagePackValue) {
        do {
            try FileSystem.write(path(jid), MessagePack.encode(publication), mode: 0o600)
        } catch {
            logger.warning("cannot record running job \(jid) in \(directory): \(error)")
        }
    }

    func remove(_ jid: String) {
        FileSystem.remove(path(jid))
    }

    /// The publications of jobs a previous run left running, removed from the directory.
    func takeLeftovers() -> [MessagePackValue] {
        FileSystem.list(directory).sorted().compactMap { name in
            let file = directory + "/" + name
            defer { FileSystem.remove(file) }
            guard JID.isValid(name), let bytes = try? FileSystem.read(file) else { return nil }
            return try? MessagePack.decode(bytes)
        }
    }

    private func path(_ jid: String) -> String {
        directory + "/" + jid
    }
}
