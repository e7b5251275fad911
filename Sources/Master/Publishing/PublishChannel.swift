import BrineCore

/// The two ipc sockets in `sock_dir` between the master and its publish server: sealed publications
/// go out on `jobs`; XPUB subscriptions come back on `subscriptions`, after one control message that
/// says whether the publish port is bound. The master binds both (mode 0600), so they outlive a
/// publish server that is restarted.
struct PublishChannel {
    /// The socket files.
    let jobsPath: String
    let subscriptionsPath: String

    init(config: MasterConfig) {
        jobsPath = config.sockDir + "/publish_jobs.ipc"
        subscriptionsPath = config.sockDir + "/publish_subscriptions.ipc"
    }

    var jobs: String { "ipc://" + jobsPath }
    var subscriptions: String { "ipc://" + subscriptionsPath }

    private static let readyWord = Array("ready".utf8)
    private static let failedWord = Array("failed".utf8)
    private static let sentWord = Array("sent".utf8)

    /// The server bound the publish port.
    static let ready: [[UInt8]] = [readyWord, []]

    /// The server could not bind the publish port, and why.
    static func failed(_ why: String) -> [[UInt8]] {
        [failedWord, Array(why.utf8)]
    }

    /// The server sent this many more publications on the publish port, in the order it took them.
    static func sent(_ count: Int) -> [[UInt8]] {
        [sentWord, Array(String(count).utf8)]
    }

    /// What a message on `subscriptions` is: one frame is an XPUB subscription; two are control.
    enum Message {
        case subscription([UInt8])
        case ready
        case failed(String)
        case sent(Int)

        init?(_ frames: [[UInt8]]) {
            switch frames.count {
            case 1: self = .subscription(frames[0])
            case 2 where frames[0] == PublishChannel.readyWord: self = .ready
            case 2 where frames[0] == PublishChannel.failedWord: self = .failed(String(decoding: frames[1], as: UTF8.self))
            case 2 where frames[0] == PublishChannel.sentWord:
                guard let count = Int(String(decoding: frames[1], as: UTF8.self)), count > 0 else { return nil }
                self = .sent(count)
            default: return nil
            }
        }
    }
}
