import BrineCore
import MessagePack
import PythonRules

#if canImport(Glibc)
import Glibc
#endif

/// Prints a job's outcome the way the options ask: each return as it comes (or all at the end with
/// `--static`), to stdout or `--out-file`, with Salt's summary block and a progress bar on a terminal.
final class ReturnPrinter {
    private let options: JobOptions
    private var collected: [MessagePackPair] = []
    private let file: OutputFile?
    private(set) var returned = 0
    private(set) var failed: [String] = []
    private(set) var notConnected: [String] = []
    private(set) var noResponse: [String] = []
    private var expected = 0
    private let showsProgress: Bool
    /// `sys.doc` is printed as Salt prints it: each function's text once, gathered from every minion.
    let isDocumentation: Bool
    private var documentation: [MessagePackPair] = []

    init(options: JobOptions) throws {
        self.options = options
        file = try options.outputFile.map { try OutputFile($0, append: options.outputFileAppend) }
        showsProgress = options.progress && isatty(STDERR_FILENO) == 1
        isDocumentation = options.function == "sys.doc"
    }

    func expect(_ count: Int) {
        expected += count
        drawProgress()
    }

    /// Plain lines (jid notices, batch headers): they go where the returns go.
    func note(_ text: String) {
        emit(text + "\n")
    }

    /// One minion's return; in a batch (`batchJID`), printed as Salt prints a batch's returns: `{retcode,
    /// jid, minion: return}` in one document.
    func returned(_ minion: String, value: MessagePackValue, retcode: Int, batchJID: String? = nil) {
        returned += 1
        if retcode != 0 { failed.append(minion) }
        if let batchJID, !options.staticOutput && !isDocumentation {
            emit(options.output.render(
                .map([MessagePackPair("retcode", .int(Int64(retcode))), MessagePackPair("jid", .text(batchJID)), MessagePackPair(.text(minion), value)]),
                indent: options.outputIndent, color: options.color, retcode: retcode))
        } else {
            show(minion, value, retcode: retcode)
        }
        drawProgress()
    }

    enum Silence {
        case notConnected, noResponse
    }

    func silent(_ minion: String, _ kind: Silence, jid: String) {
        switch kind {
        case .notConnected:
            notConnected.append(minion)
            show(minion, "Minion did not return. [Not connected]", retcode: 1)
        case .noResponse:
            noResponse.append(minion)
            show(minion, .text("Minion did not return. [No response]\nThe minions may not have all finished running and any remaining minions will return upon completion. To look up the return data for this job later, run the following command:\n\nbrine-run jobs.lookup_jid \(jid)"), retcode: 1)
        }
    }

    private func show(_ minion: String, _ value: MessagePackValue, retcode: Int) {
        if isDocumentation {
            documentation.append(MessagePackPair(.text(minion), value))
        } else if options.staticOutput {
            collected.append(MessagePackPair(.text(minion), value))
        } else {
            emit(options.output.render(value, minion: minion, indent: options.outputIndent, color: options.color, retcode: retcode))
        }
    }

    /// Prints what `--static` held back, then the summary when asked (`--summary`; with `-v`, who was silent or
    /// failed). False when there was nothing to print that had to be (no minion sent documentation).
    func finish() -> Bool {
        clearProgress()
        if isDocumentation { return printDocumentation() }
        if options.staticOutput && !collected.isEmpty {
            emit(options.output.render(.map(collected), indent: options.outputIndent, color: options.color,
                                       retcode: failed.isEmpty && notConnected.isEmpty && noResponse.isEmpty ? 0 : 1))
        }
        guard options.summary else { return true }
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
        return true
    }

    /// `fun:`, its text and a blank line for each function any minion documented, sorted; with `--out`, each
    /// `{fun: text}` through the outputter. Minions that did not return are left out.
    private func printDocumentation() -> Bool {
        var docs: [String: MessagePackValue] = [:]
        for pair in documentation {
            guard let functions = pair.value.mapValue else { continue }
            for function in functions {
                guard let name = function.key.stringValue, docs[name] == nil, function.value.pythonTruth else { continue }
                docs[name] = function.value
            }
        }
        guard !docs.isEmpty else {
            Console.error("No minions found to gather docs from\n")
            return false
        }
        for name in docs.keys.sorted() {
            if options.outputWasChosen {
                emit(options.output.render(.map([MessagePackPair(.text(name), docs[name]!)]), indent: options.outputIndent, color: options.color))
            } else {
                emit("\(name):\n\(docs[name]!.pythonString)\n\n")
            }
        }
        return true
    }

    private func emit(_ text: String) {
        guard !text.isEmpty else { return }
        clearProgress()
        if let file {
            file.add(text)
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
