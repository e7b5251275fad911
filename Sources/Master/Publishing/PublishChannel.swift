import BrineCore

/// The two ipc sockets in `sock_dir` between the master and its publish server: sealed publications
/// go out on `jobs`; XPUB subscriptions come back on `subscriptions`, after one control message that
/// says whether the publish port is bound. The master binds both (mode 0600), so they outlive a
/// publish server that is restarted.
struct PublishChannel {
    let jobs: String
    let subscriptions: String

    init(config: MasterConfig) {
        jobs = "ipc://" + config.sockDir + "/publish_jobs.ipc"
        subscriptions = "ipc://" + config.sockDir + "/publish_subscriptions.ipc"
    }

    /// The server bound the publish port.
    static let ready: [[UInt8]] = [Array("ready".utf8), []]

    /// The server could not bind the publish port, and why.
    static func failed(_ why: String) -> [[UInt8]] {
        [Array("failed".utf8), Array(why.utf8)]
    }

    /// What a message on `subscriptions` is: one frame is an XPUB subscription; two are control.
    enum Message {
        case subscription([UInt8])
        case ready
        case failed(String)

        init?(_ frames: [[UInt8]]) {
            switch frames.count {
            case 1: self = .subscription(frames[0])
            case 2 where frames[0] == Array("ready".utf8): self = .ready
            case 2 where frames[0] == Array("failed".utf8): self = .failed(String(decoding: frames[1], as: UTF8.self))
            default: return nil
            }
        }
    }
}
