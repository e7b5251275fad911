import Logging

extension MasterContext {
    /// Keys were deleted, rejected or replaced (by `brine-key` here, or on another master sharing the
    /// key states): forget what we knew of those minions and drop their sessions, and rotate the AES key
    /// so they can read no further publication.
    func keysRemoved(_ ids: [String], rotate: Bool) {
        for id in ids {
            sessions.drop(id)
            minions.forget(id)
        }
        if rotate {
            aes.rotate()
            logger.info("rotated the AES key after a key change")
        }
    }
}
