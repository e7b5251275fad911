import BrineCore
import MessagePack

#if canImport(Glibc)
import Glibc
#endif

/// Prints a job's outcome the way the options ask: each return as it comes (or all at the end with
/// `--static`), to stdout or `--out-file`, with Salt's summary block and a progress bar on a terminal.
final class ReturnPrinter {
    private let options: JobOptions
    private var collected: [MessagePackPair] = []
    private var file: Int32?
    private(set) var returned = 0
    private(set) var failed: [String] = []
    private(set) var notConnected: [String] = []
    private(set) var noResponse: [String] = []
    private var expected = 0
    private let showsProgress: Bool

    init(options: JobOptions) throws {
        self.options = options
        if let path = options.outputFile {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw ProcessRunner.Failure(description: "cannot write --out-file \(path): \(String(cString: strerror(errno)))")
            }
            file = descriptor
        }
        showsProgress = options.progress && isatty(STDERR_FILENO) == 1
    }

    deinit {
        if let file { close(file) }
    }

    func expect(_ count: Int) {
        expected += count
        drawProgress()
    }

    /// Plain lines (jid notices, batch headers): they go where the returns go.
    func note(_ text: String) {
        emit(text + "\n")
    }

    func returned(_ minion: String, value: MessagePackValue, retcode: Int) {
        returned += 1
        if retcode != 0 { failed.append(minion) }
        show(minion, value, retcode: retcode)
        drawProgress()
    }

    enum Silence {
        case notConnected, noResponse
    }

    func silent(_ minion: String, _ kind: Silence, jid: String) {
        switch kind {
        case .notConnected:
            notConnected.append(minion)
            if !options.hideTimeout { show(minion, "Minion did not return. [Not connected]", retcode: 1) }
        case .noResponse:
            noResponse.append(minion)
            if !options.hideTimeout {
                show(minion, .text("Minion did not return. [No response]\nIt may still be running the job; its return will be kept in the job cache. Look it up later with:\n\nbrine-run jobs.lookup_jid \(jid)"), retcode: 1)
            }
        }
    }

    private func show(_ minion: String, _ value: MessagePackValue, retcode: Int) {
        if options.staticOutput {
            collected.append(MessagePackPair(.text(minion), value))
        } else {
            emit(options.output.render(value, minion: minion, indent: options.outputIndent, color: options.color, retcode: retcode))
        }
    }

    /// Prints what `--static` held back, then the summary when asked (`--summary`, or `-v` with details).
    func finish() {
        clearProgress()
        if options.staticOutput && !collected.isEmpty {
            emit(options.output.render(.map(collected), indent: options.outputIndent, color: options.color,
                                       retcode: failed.isEmpty && notConnected.isEmpty && noResponse.isEmpty ? 0 : 1))
        }
        guard options.summary || options.verbose else { return }
        let line = "-------------------------------------------\n"
        var text = "\n\n" + line + "Summary\n" + line
        text += "# of minions targeted: \(returned + notConnected.count + noResponse.count)\n"
        text += "# of minions returned: \(returned)\n"
        text += "# of minions that did not return: \(notConnected.count + noResponse.count)\n"
        text += "# of minions with errors: \(failed.count)\n"
        if options.verbose {
            if !notConnected.isEmpty { text += "Minions not connected: \(notConnected.joined(separator: " "))\n" }
            if !noResponse.isEmpty { text += "Minions not responding: \(noResponse.joined(separator: " "))\n" }
            if !failed.isEmpty { text += "Minions with failures: \(failed.joined(separator: " "))\n" }
        }
        emit(text + line)
    }

    private func emit(_ text: String) {
        guard !text.isEmpty else { return }
        clearProgress()
        if let file {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        } else {
            Console.out(text)
        }
        drawProgress()
    }

    /// `[#####     ] 5/10` on stderr, only on a terminal: pipes and logs never see it.
    private func drawProgress() {
        guard showsProgress, expected > 0 else { return }
        let done = min(returned + notConnected.count + noResponse.count, expected)
        let width = 30
        let filled = done * width / expected
        Console.error("\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] \(done)/\(expected)")
    }

    private func clearProgress() {
        guard showsProgress, expected > 0 else { return }
        Console.error("\r" + String(repeating: " ", count: 50) + "\r")
    }
}
