public import BrineCore
import Logging
public import MessagePack
import Synchronization
import YAML

/// The minion's grains: core grains read from the host, overlaid by the static grains in the
/// `grains` file next to the config, overlaid in turn by the config's `grains:` option. That is
/// Salt's precedence, so what an operator writes in the config always has the last word, even
/// over `grains.setval`.
///
/// One store is shared by the minion's socket thread (targeting, telling the master) and its job
/// threads (`grains.*`, `saltutil.refresh_grains`), so every read and change takes a lock. A change
/// is only flagged: the socket thread sends it to the master, as only it may use the REQ socket.
public final class GrainStore: Sendable {
    private struct State {
        var grains: MessagePackValue
        /// Changed since the master was last told.
        var unannounced = false
    }

    /// `<config dir>/grains`, which the `grains.*` functions write and Salt's minion reads too.
    public let filePath: String
    private let configDir: String
    private let collectCore: @Sendable () -> MessagePackValue
    private static let logger = Logger(label: "brine.minion.grains")
    private let state: Mutex<State>
    /// The config's `grains:`, under the lock held from reading the grains file to reloading after
    /// writing it, so concurrent jobs' edits all land.
    private let edits: Mutex<MessagePackValue>

    /// Reads every grain now. `collectCore` reads the host's; tests give fixed ones.
    public init(config: MinionConfig, collectCore: @escaping @Sendable () -> MessagePackValue) {
        configDir = config.configDir
        filePath = config.configDir + "/grains"
        self.collectCore = collectCore
        edits = Mutex(config.grains)
        state = Mutex(State(grains: Self.overlay(Self.overlay(collectCore(), Self.fileGrains(filePath)), config.grains)))
    }

    public convenience init(id: String, config: MinionConfig) {
        self.init(config: config) { CoreGrains.collect(id: id, config: config) }
    }

    /// The grains as they are now.
    public var current: MessagePackValue { state.withLock { $0.grains } }

    /// Reads the host, the grains file and the config's `grains:` again, as Salt's
    /// `saltutil.refresh_grains` does, and flags the result for the master.
    public func refresh() {
        edits.withLock { reload(&$0) }
    }

    /// Changes the mapping in the grains file, writes it back and reloads every grain. Returns Salt's
    /// message, changing nothing, when the file exists but is not YAML. A file that cannot be written
    /// is logged and the reload shows what is really there, as with Salt.
    func editFile(_ change: (inout [MessagePackPair]) -> Void) -> String? {
        edits.withLock { configGrains in
            var pairs: [MessagePackPair] = []
            if let text = HostFile.readIfPresent(filePath) {
                do {
                    pairs = try YAMLValue.parse(text).mapValue ?? []
                } catch {
                    return "Unable to read existing grains file: \(error)"
                }
            }
            change(&pairs)
            do {
                try FileSystem.write(filePath, YAMLValue.emit(.map(pairs)))
            } catch {
                Self.logger.error("Unable to write to grains file at \(filePath): \(error)")
            }
            reload(&configGrains)
            return nil
        }
    }

    /// True once for each change the master has not been sent; the minion loop asks before it sends
    /// returns, so the master's minion data cache is current when a job's caller sees the return.
    func takeUnannounced() -> Bool {
        state.withLock { state in
            defer { state.unannounced = false }
            return state.unannounced
        }
    }

    /// Called with `edits` held, which `configGrains` comes from.
    private func reload(_ configGrains: inout MessagePackValue) {
        do {
            let options = try ConfigFile.load(directory: configDir, name: "minion")
            configGrains = options["grains"].flatMap { $0.mapValue == nil ? nil : $0 } ?? [:]
        } catch {
            Self.logger.warning("keeping the config's grains as they were: \(error)")
        }
        let fresh = Self.overlay(Self.overlay(collectCore(), Self.fileGrains(filePath)), configGrains)
        state.withLock { $0 = State(grains: fresh, unannounced: true) }
    }

    /// The grains file's mapping; a file that is not a YAML mapping counts as empty, as in Salt.
    private static func fileGrains(_ filePath: String) -> MessagePackValue {
        guard let text = HostFile.readIfPresent(filePath) else { return [:] }
        do {
            let value = try YAMLValue.parse(text)
            return value.mapValue == nil ? [:] : value
        } catch {
            logger.warning("Bad syntax in grains file \(filePath), skipping it: \(error)")
            return [:]
        }
    }

    /// `base` with each top-level key of `top` replacing or joining it (Python's `dict.update`).
    static func overlay(_ base: MessagePackValue, _ top: MessagePackValue) -> MessagePackValue {
        var pairs = base.mapValue ?? []
        for pair in top.mapValue ?? [] {
            if let index = pairs.firstIndex(where: { $0.key == pair.key }) {
                pairs[index].value = pair.value
            } else {
                pairs.append(pair)
            }
        }
        return .map(pairs)
    }
}
