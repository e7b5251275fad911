import MessagePack

/// The replay state as brine-minion stores it: a small msgpack map (about 2.5 KB with 100 jids).
extension MinionDispatcher.State {
    public var encoded: [UInt8] {
        MessagePack.encode([
            "aes_key_sha256": aesKeyDigest.map(MessagePackValue.text) ?? .nil,
            "serial": .int(lastSerial),
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
        guard let serial = value["serial"]?.intValue, let jids = value["jids"]?.arrayValue else {
            throw .malformed("replay state: missing serial or jids")
        }
        self.init()
        aesKeyDigest = value.string("aes_key_sha256")
        lastSerial = Int64(serial)
        recentJIDs = Array(jids.compactMap(\.stringValue).suffix(MinionDispatcher.rememberedJobs))
    }
}
