import MessagePack

/// `grains.*`: the static facts the minion reports about its host.
enum GrainsModule {
    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction("grains.items", doc: "Return all of the minion's grains.\n\nCLI Example:\n\n    brine '*' grains.items") { _, context in
                context.grains
            },
        ]
    }
}
