import CZeroMQ

/// A libzmq failure, carrying `zmq_errno()` read right after the failing call.
public struct ZMQError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let operation: String

    init(_ operation: String, code: Int32 = zmq_errno()) {
        self.code = code
        self.operation = operation
    }

    /// A receive or send timed out, or would block (`EAGAIN`).
    public var isTimeout: Bool { code == EAGAIN }
    /// The context is shutting down (`ETERM`): the owning thread should close its socket and leave.
    public var isTerminated: Bool { code == ETERM }

    /// Whether `error` is libzmq's `ETERM`: what tells a daemon loop that its daemon is stopping.
    public static func isTermination(_ error: any Error) -> Bool {
        (error as? ZMQError)?.isTerminated == true
    }

    public var description: String {
        "\(operation): \(String(cString: zmq_strerror(code)))"
    }
}
