public import BrineTesting

extension LoopbackMaster.Kind {
    /// The name used in tables: the master and its CLI.
    public var title: String { self == .brine ? "Brine" : "Salt" }
}
