import MessagePack

/// The replay state as brine-minion stores it: a small msgpack map (about 2.5 KB with 100 jids).
/// A state written before minions had several masters (one `aes_key_sha256` and `serial`) reads as
/// one key's serial.
extension MinionDispatcher.State {
    public var encoded: [UInt8] {
        MessagePack.encode([
            "keys": .array(serials.map { ["aes_key_sha256": .text($0.aesKeyDigest), "serial": .int($0.serial)] as MessagePackValue }),
            "jids": .array(recentJIDs.map(MessagePackValue.text)),
        ])
    }

    public init(decoding bytes: [UInt8]) throws(WireError) {
        let value: MessagePackValue
        do {
            value = try MessagePack.decode(bytes)
        } catch {
            throw .malformed("replay state: \(error)")
        }
        guard let jids = value["jids"]?.arrayValue else { throw .malformed("replay state: missing jids") }
        self.init()
        let keys = value["keys"]?.arrayValue ?? [value]
        serials = keys.compactMap { key in
            guard let digest = key.string("aes_key_sha256"), let serial = key["serial"]?.intValue else { return nil }
            return MinionDispatcher.KeySerial(aesKeyDigest: digest, serial: Int64(serial))
        }.suffix(MinionDispatcher.rememberedKeys)
        recentJIDs = Array(jids.compactMap(\.stringValue).suffix(MinionDispatcher.rememberedJobs))
    }
}
