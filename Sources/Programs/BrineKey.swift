import BuildInfo
public import OptionParsing

extension Programs {
    /// `brine-key`: Salt's `salt-key`.
    public static let brineKey = Program(
        name: "brine-key", version: BuildInfo.version,
        summary: "list, accept, reject and delete minion keys",
        description: "Manages the minion keys in the master's pki dir (Salt's layout, so it works on a salt-master's too), and generates key pairs.",
        groups: [
            OptionGroup(SharedOptions.standard + [
                SharedOptions.saltfile,
                SharedOptions.configDir(file: "master"),
                .refused("-u", "--user", takesValue: true, because: "brine-key runs as the user who starts it"),
                SharedOptions.hardCrash,
                .flag("-q", "--quiet", help: "Accepted for salt-key's command lines, which print their results and messages even so."),
                .flag("-y", "--yes", help: "Answer yes to every question. Default: False."),
                .value("--rotate-aes-key", metavar: "ROTATE_AES_KEY",
                       help: "False keeps the master's AES key when keys are deleted or rejected (the removed minions can then read jobs until it rotates). Default: True."),
                .refused("--preserve-minions", takesValue: true, because: "not supported by Brine yet"),
            ]),
            SharedOptions.externalAuth(short: false),
            SharedOptions.output(),
            SharedOptions.logging(short: false, logFile: "/var/log/brine/key"),
            OptionGroup("Actions", [
                .value("-l", "--list", metavar: "ARG",
                       help: "List the keys in one state: 'pre', 'un' or 'unaccepted' for pending keys, 'acc' or 'accepted', 'rej' or 'rejected', 'den' or 'denied', or 'all'.",
                       completion: .words(["acc", "pre", "un", "rej", "den", "all"])),
                .flag("-L", "--list-all", help: "List every key, by state (as '--list all')."),
                .value("-a", "--accept", help: "Accept the pending keys this glob matches (with --include-rejected and --include-denied, those too)."),
                .flag("-A", "--accept-all", help: "Accept every pending key."),
                .value("-r", "--reject", help: "Reject the pending keys this glob matches (with --include-accepted and --include-denied, those too)."),
                .flag("-R", "--reject-all", help: "Reject every pending key."),
                .flag("--include-all", help: "Accept or reject keys in any state (old spelling of --include-accepted and --include-rejected)."),
                .flag("--include-accepted", help: "Let --reject match accepted keys too."),
                .flag("--include-rejected", help: "Let --accept match rejected keys too."),
                .flag("--include-denied", help: "Let --accept and --reject match denied keys too."),
                .value("-p", "--print", help: "Print the public keys this glob matches."),
                .flag("-P", "--print-all", help: "Print every public key."),
                .value("-d", "--delete", help: "Delete the keys this glob matches."),
                .flag("-D", "--delete-all", help: "Delete every key."),
                .value("-f", "--finger", help: "Print the fingerprints of the keys this glob matches."),
                .flag("-F", "--finger-all", help: "Print every key's fingerprint, the master's own first."),
            ]),
            OptionGroup("Key Generation Options", [
                .value("--gen-keys", help: "Write a new key pair NAME.pem and NAME.pub (for a minion, before it first starts)."),
                .value("--gen-keys-dir", help: "Where --gen-keys writes. Default: '.'.", completion: .directory),
                .value("--keysize", type: .int, help: "Bits of the key --gen-keys makes, from 2048 to 32768. Default: 2048."),
                .refused("--gen-signature", takesValue: false, because: "Brine does not sign the master's public key yet"),
                .refused("--priv", takesValue: true, because: "Brine does not sign the master's public key yet"),
                .refused("--signature-path", takesValue: true, because: "Brine does not sign the master's public key yet"),
                .refused("--pub", takesValue: true, because: "Brine does not sign the master's public key yet"),
                .refused("--auto-create", takesValue: false, because: "Brine does not sign the master's public key yet"),
            ]),
        ],
        epilog: "The manual page (man brine-key) says more.",
        sections: [
            Program.Section("Exit status", """
                As salt-key's: 0 whatever the outcome, also when a glob matches nothing or the answer to a \
                question was no (the messages say what happened); 1 the key pair to generate cannot be written; \
                64 the command line is wrong.
                """),
        ])
}
