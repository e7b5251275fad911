import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Installs the process-wide log handler once, at start, from the daemon's config and flags.
public enum LoggingSetup {
    /// Daemons log to `logFile` (its directory is made if missing) and, in the foreground, also to stderr.
    /// A log file that cannot be opened is reported on stderr and logging continues there. SIGHUP opens
    /// the file again (logrotate moves it, then signals).
    public static func bootstrap(level: String, logFile: String?, console: Bool) {
        let logLevel = Logger.Level(saltName: level) ?? .warning
        var sinks: [LogSink] = []
        if console { sinks.append(LogSink(fileDescriptor: STDERR_FILENO)) }
        if let logFile {
            FileSystem.makeDirectories(FileSystem.parent(of: logFile), mode: 0o755)
            let descriptor = LogSink.open(logFile)
            if descriptor >= 0 {
                let sink = LogSink(fileDescriptor: descriptor, path: logFile)
                sinks.append(sink)
                Daemon.onHangup { sink.reopen() }
            } else if !console {
                sinks.append(LogSink(fileDescriptor: STDERR_FILENO))
                Console.error("cannot open log file \(logFile): \(String(cString: strerror(errno))); logging to stderr\n")
            }
        }
        let destinations = sinks
        LoggingSystem.bootstrap { label in
            let handlers = destinations.map { BrineLogHandler(label: label, level: logLevel, sink: $0) as any LogHandler }
            return handlers.count == 1 ? handlers[0] : MultiplexLogHandler(handlers)
        }
    }

    /// The command-line tools: short lines (`[ERROR   ] text`) on stderr at `consoleLevel`, and with
    /// `--log-file` full lines in that file at `fileLevel`.
    public static func bootstrapTool(consoleLevel: String, logFile: String?, fileLevel: String?) {
        let console = Logger.Level(saltName: consoleLevel) ?? .warning
        let file = fileLevel.flatMap { Logger.Level(saltName: $0) } ?? console
        let quiet = consoleLevel == "quiet"
        let stderrSink = LogSink(fileDescriptor: STDERR_FILENO)
        var fileSink: LogSink?
        if let logFile {
            let descriptor = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
            if descriptor >= 0 { fileSink = LogSink(fileDescriptor: descriptor) }
        }
        let logSink = fileSink
        LoggingSystem.bootstrap { label in
            var handlers: [any LogHandler] = []
            if !quiet { handlers.append(BrineLogHandler(label: label, level: console, sink: stderrSink, short: true)) }
            if let logSink { handlers.append(BrineLogHandler(label: label, level: file, sink: logSink)) }
            if handlers.isEmpty { return SwiftLogNoOpLogHandler() }
            return handlers.count == 1 ? handlers[0] : MultiplexLogHandler(handlers)
        }
    }
}
