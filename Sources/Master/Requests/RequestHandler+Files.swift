import MessagePack

/// The file server's requests on 4506 (`_serve_file`, `_file_list`, ..., and `_file_recv` for
/// `cp.push`), answered for the id of the session that asked.
extension RequestHandler {
    /// The answer to a file server request, or nil when `command` is not one.
    func answerFiles(_ command: String, _ load: MessagePackValue, from id: String) -> MessagePackValue? {
        if command == FileReceiver.command {
            return FileReceiver(config: context.config, logger: context.logger).receive(load, from: id)
        }
        guard FileServer.commands.contains(command) else { return nil }
        return FileServer(config: context.config, logger: context.logger).answer(command, load, from: id)
    }
}
