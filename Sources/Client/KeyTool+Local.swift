import BrineCore
import SaltWire
import Targeting

/// `brine-key -f master`: the master's own key, as `salt-key -f master` prints it under
/// "Local Keys:". Its fingerprint is what a minion's `master_finger` must hold.
extension KeyTool {
    /// Prints the master's public key fingerprint when `pattern` names it; true when it did.
    func localFingerprints(_ pattern: String) -> Bool {
        let target = try? Target(pattern, type: .glob)
        guard pattern == "master" || target?.matches(MinionFacts(id: "master.pub")) == true else { return false }
        guard let pem = try? FileSystem.readString(keys.pkiDir + "/master.pub"), let key = try? RSAPublicKey(pem: pem) else {
            return false
        }
        Console.out("Local Keys:\nmaster.pub:  \(key.fingerprint())\n")
        return true
    }
}
