import CZeroMQ

extension ZMQContext {
    /// The libzmq this process runs on (`4.3.4`), for `--versions-report`.
    public static var libraryVersion: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
