import BrineCore

/// Stock Salt daemons in a `TestCluster`: a salt-master in place of brine-master, salt-minions beside brine-minions.
extension TestCluster {
    /// A stock salt-master's options: unprivileged, two workers (each is a Python process), and `salt` asking
    /// silent minions for 1 s after -t rather than 10.
    static func saltMasterOptions(logLevel: String) -> String {
        """
        user: \(LoopbackMaster.currentUser)
        worker_threads: 2
        log_level: \(logLevel)
        gather_job_timeout: 1
        """
    }

    /// Starts a stock salt-minion that retries quickly: unprivileged, no start-up delay, jobs in threads, and one
    /// process (`--disable-keepalive`: no supervisor that would restart it unseen). Salt's minion takes ~5 s to
    /// shut down, which tests need not wait for.
    public func startSaltMinion(_ id: String, options: String = "") throws {
        try launchSaltMinion(id, configDir: try configureSaltMinion(id, options: options))
    }

    /// The config of a stock salt-minion that retries quickly (see `startSaltMinion`); returns its config dir.
    @discardableResult
    public func configureSaltMinion(_ id: String, options: String = "", logLevel: String = "debug") throws -> String {
        try configureMinion(id, options: """
            user: \(LoopbackMaster.currentUser)
            random_startup_delay: 0
            multiprocessing: False
            \(options)
            """, logLevel: logLevel)
    }

    public func launchSaltMinion(_ id: String, configDir: String) throws {
        try launchMinion(id, [SaltVenv.program("salt-minion"), "-c", configDir, "--disable-keepalive"], stopGrace: 1)
    }

    /// Whether minion `id` ran job `jid`, by its log: brine-minion logs `job <jid>: <fun>`,
    /// salt-minion `Executing command <fun> with jid <jid>`.
    public func minion(_ id: String, ran jid: String) -> Bool {
        let text = log(id)
        return text.contains("job \(jid):") || text.contains("with jid \(jid)")
    }

    /// Whether stock salt-minion `id` received job `jid`: its debug log prints every publication it decrypts.
    public func minion(_ id: String, received jid: String) -> Bool {
        log(id).contains("'jid': '\(jid)'")
    }
}
