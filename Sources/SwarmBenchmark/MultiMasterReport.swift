/// The multi-master rounds as a Markdown table, for `brine-bench multimaster` and its smoke test.
public enum MultiMasterReport {
    public static func table(_ hot: MultiMasterRound, _ failover: FailoverRound) -> String {
        var lines = [
            "## Hot multi-master: \(hot.minions) swarm minions, each connected to both masters",
            "",
            "authentication with both masters: \(seconds(hot.authenticationSeconds))",
            "",
            "| master | `brine '*' test.ping` (CLI start to all answered), median | each run, in order | answered | master CPU per ping | master PSS |",
            "|---|---|---|---|---|---|",
        ]
        for master in hot.masters {
            lines.append("| \(master.address) | \(seconds(master.pingSeconds)) | \(master.runSeconds.map(seconds).joined(separator: ", ")) | "
                + "\(master.answered)/\(hot.minions) | \(seconds(master.cpuSeconds)) | \(master.proportionalBytes >> 20) MiB |")
        }
        if let note = hot.note { lines += ["", "note: \(note)"] }
        lines += [
            "",
            "## Failover: master a killed (SIGKILL) during a stream of jobs from master b",
            "",
            "| swarm minions (both masters) | failover brine-minions | master_alive_interval | jobs from b | jobs lost | returns lost | every failover minion answers b after |",
            "|---|---|---|---|---|---|---|",
            "| \(failover.hotMinions) | \(failover.failoverMinions) | \(failover.aliveInterval) s | \(failover.jobs) | \(failover.lostJobs) | "
                + "\(failover.lostReturns) | \(seconds(failover.failoverSeconds)) |",
        ]
        if let note = failover.note { lines += ["", "note: \(note)"] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Seconds with two decimals, without Foundation.
    static func seconds(_ value: Double?) -> String {
        guard let value else { return "-" }
        let scaled = Int((value * 100).rounded())
        let fraction = abs(scaled % 100)
        return "\(scaled / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
    }
}
