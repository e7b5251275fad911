import MessagePack
import SaltWire
import Targeting

/// Opens publications for the minions of one poll thread. Every minion holds the same master AES key and
/// receives the same frame, so the first one's decryption, decoding and target parsing serve the others:
/// work a real fleet spreads over its hosts would otherwise pile up on this one machine and slow the
/// master under test. Each minion still checks the serial and matches the target itself.
final class PublicationDecoder {
    struct Job {
        let load: MessagePackValue
        let jid: String
        let function: String
        let arguments: [MessagePackValue]
        let serial: Int?
        let target: Target
    }

    enum Outcome {
        case job(Job)
        /// Not for minions: a target type this minion does not know, or fields missing (a stock minion
        /// drops these too).
        case ignored(String)
        /// The AES key has changed since this minion authenticated.
        case undecryptable
    }

    private struct Entry {
        let keyString: String
        let frame: [UInt8]
        let outcome: Outcome
    }

    /// A few recent frames: publications arrive at every minion within a fraction of a second.
    private var recent: [Entry] = []
    private static let remembered = 4

    func open(_ frame: [UInt8], aes: Crypticle) -> Outcome {
        if let hit = recent.first(where: { $0.frame == frame && $0.keyString == aes.keyString }) { return hit.outcome }
        let outcome = Self.decode(frame, aes: aes)
        recent.append(Entry(keyString: aes.keyString, frame: frame, outcome: outcome))
        if recent.count > Self.remembered { recent.removeFirst() }
        return outcome
    }

    /// Like a stock minion (`sign_pub_messages: False`), the signature is not checked.
    private static func decode(_ frame: [UInt8], aes: Crypticle) -> Outcome {
        let load: MessagePackValue
        do {
            load = try Publication.open(frame, aes: aes, masterKey: nil)
        } catch .decryptionFailed {
            return .undecryptable
        } catch {
            return .ignored("\(error)")
        }
        guard let jid = load.string("jid"), let expression = load["tgt"], let function = load["fun"] else {
            return .ignored("a publication lacks jid, tgt or fun")
        }
        guard let type = TargetType(rawValue: load.string("tgt_type") ?? "glob") else {
            return .ignored("target type \(load.string("tgt_type") ?? "") is unknown")
        }
        do {
            let target = try Target(expression, type: type, delimiter: load.string("delimiter") ?? ":")
            return .job(Job(
                load: load, jid: jid, function: function.stringValue ?? "", arguments: load["arg"]?.arrayValue ?? [],
                serial: load["serial"]?.intValue, target: target))
        } catch {
            return .ignored("job \(jid): \(error)")
        }
    }
}
