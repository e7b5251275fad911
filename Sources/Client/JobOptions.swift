public import MessagePack

/// Everything one `brine` invocation asks for, parsed once by the executable.
public struct JobOptions: Sendable {
    public var target: MessagePackValue
    public var targetType: String
    public var function: String
    public var arguments: [MessagePackValue]
    /// Seconds to wait for returns before asking the silent minions whether they still run the job.
    public var timeout: Double
    /// Seconds between those questions (`saltutil.find_job`).
    public var gatherJobTimeout: Double
    public var async = false
    public var verbose = false
    public var showJID = false
    /// Print all returns together at the end instead of as they come.
    public var staticOutput = false
    public var summary = false
    public var progress = false
    public var output = OutputChoice(.nested)
    /// Whether `--out` was given (Salt prints `sys.doc` and the summary differently then).
    public var outputWasChosen = false
    public var outputIndent: Int?
    public var outputFile: String?
    /// `--out-file-append`: add to the file instead of emptying it first.
    public var outputFileAppend = false
    /// `--preview-target`: print the minions the target matches and publish nothing.
    public var previewTarget = false
    /// The ids a `-L` target lists: those without an accepted key are reported as not returning, as Salt does.
    public var listedMinions: [String] = []
    public var color = false
    /// Rolling batches: at most this many minions run the job at once.
    public var batch: BatchSize?
    /// Seconds to wait after a minion returns before its slot takes the next minion.
    public var batchWait: Double = 0

    public init(
        target: MessagePackValue, targetType: String, function: String, arguments: [MessagePackValue],
        timeout: Double, gatherJobTimeout: Double
    ) {
        self.target = target
        self.targetType = targetType
        self.function = function
        self.arguments = arguments
        self.timeout = timeout
        self.gatherJobTimeout = gatherJobTimeout
    }
}

/// `-b 10` or `-b 25%`.
public enum BatchSize: Sendable, Equatable {
    case count(Int)
    case percent(Double)

    public init?(_ text: String) {
        if text.hasSuffix("%"), let percent = Double(text.dropLast()), percent > 0, percent <= 100 {
            self = .percent(percent)
        } else if let count = Int(text), count > 0 {
            self = .count(count)
        } else {
            return nil
        }
    }

    /// Minions per batch out of `total` (at least one).
    public func size(of total: Int) -> Int {
        switch self {
        case .count(let count): return max(1, count)
        case .percent(let percent): return max(1, Int((Double(total) * percent / 100).rounded(.down)))
        }
    }
}
