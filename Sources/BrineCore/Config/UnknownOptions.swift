public import Logging

/// One warning line per option a daemon does not read, at start: a misspelt security option
/// (`master_fingr`, `publisher_acll`) must never be ignored in silence. Salt options Brine does not
/// implement are named the same way, which tells an operator moving a Salt config what does not apply.
enum UnknownOptions {
    static func log(_ names: [String], file: String, program: String, to logger: Logger) {
        for name in names {
            logger.warning("\(file): unknown option '\(MinionID.printable(name))' ignored: \(program) does not read it (check its spelling)")
        }
    }
}

extension MasterConfig {
    public func logUnknownOptions(to logger: Logger) {
        UnknownOptions.log(unknownOptions, file: configDir + "/master", program: "brine-master", to: logger)
    }
}

extension MinionConfig {
    public func logUnknownOptions(to logger: Logger) {
        UnknownOptions.log(unknownOptions, file: configDir + "/minion", program: "brine-minion", to: logger)
    }
}
