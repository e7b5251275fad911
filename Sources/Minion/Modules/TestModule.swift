import BrineCore
import MessagePack

/// `test.*`: functions that check the path from operator to minion and back.
enum TestModule {
    static let version = "3008.5"

    static var functions: [ExecutionFunction] {
        [
            ExecutionFunction("test.ping", doc: "Return True: the minion is up and answering jobs.\n\nCLI Example:\n\n    brine '*' test.ping") { _, _ in
                true
            },
            ExecutionFunction(
                "test.echo", doc: "Return the string given.\n\nCLI Example:\n\n    brine '*' test.echo 'foo bar baz'",
                parameters: [Parameter("text", .string)]
            ) { arguments, _ in
                .text(try arguments.string("text"))
            },
            ExecutionFunction(
                "test.version", doc: "Return the Salt version this minion speaks for (Brine's protocol level).\n\nCLI Example:\n\n    brine '*' test.version"
            ) { _, _ in
                .text(version)
            },
        ]
    }
}
