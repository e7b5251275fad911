// swift-tools-version:6.0
import PackageDescription

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")

// brine-minion's release link (the minion runs on every host, so its footprint is a feature): lld puts the
// functions a minion runs from start to idle first (scripts/minion-order records them), so they share a
// few pages instead of spreading over all the text, and packs the relative relocations of the
// position-independent executable (RELR, glibc 2.36), which the loader otherwise leaves resident. Every
// target is compiled with a section per function in release, so the order can move single functions.
let minionReleaseLayout: [LinkerSetting] = [.unsafeFlags([
    "-use-ld=lld",
    "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/brine-minion/hot-functions.order",
    "-Xlinker", "--no-warn-symbol-ordering",
    "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
], .when(configuration: .release))]

let package = Package(
    name: "Brine",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "brine-master", targets: ["brine-master"]),
        .executable(name: "brine-minion", targets: ["brine-minion"]),
        .executable(name: "brine", targets: ["brine"]),
        .executable(name: "brine-key", targets: ["brine-key"]),
        .executable(name: "brine-call", targets: ["brine-call"]),
        .executable(name: "brine-run", targets: ["brine-run"]),
        .executable(name: "brine-swarm", targets: ["brine-swarm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL"),
        .systemLibrary(name: "CYAML", path: "Sources/CYAML"),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
        .target(name: "CSystem", path: "Sources/CSystem"),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        .target(name: "MessagePack"),
        .target(name: "PythonRules", dependencies: ["MessagePack"]),
        .target(name: "YAML", dependencies: ["CYAML", "MessagePack", "PythonRules"]),
        .target(name: "BrineCore", dependencies: ["MessagePack", "PythonRules", "YAML", logging]),
        .target(name: "SaltWire", dependencies: ["MessagePack", "PythonRules", "BrineCore", "Targeting", "COpenSSL"]),
        .target(name: "Targeting", dependencies: ["MessagePack", "PythonRules"]),
        // Pillar: the Jinja subset, top files, SLS includes and Salt's merge rules; pure and Foundation-free.
        .target(name: "Pillar", dependencies: ["MessagePack", "PythonRules", "YAML", "Targeting", "BrineCore"]),
        // A synchronous Swift face over libpq, for the PostgreSQL job cache and key store.
        .target(name: "PostgreSQL", dependencies: ["CLibPQ"]),
        .target(name: "JobCache", dependencies: [
            "MessagePack", "PythonRules", "BrineCore", "SaltWire", "PostgreSQL", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "Master", dependencies: [
            "ZeroMQ", "SaltWire", "Targeting", "BrineCore", "JobCache", "MessagePack", "PythonRules", "CSystem", "Pillar", logging,
        ]),
        .target(name: "Minion", dependencies: [
            "ZeroMQ", "SaltWire", "Targeting", "BrineCore", "MessagePack", "PythonRules", "YAML", "Pillar", logging,
        ]),
        .target(name: "Client", dependencies: [
            "ZeroMQ", "SaltWire", "BrineCore", "JobCache", "MessagePack", "PythonRules", "YAML", "OptionParsing",
            "BuildInfo", logging,
        ]),
        // Command lines with Salt's (Python optparse's) rules, and their help, completions and manual pages.
        .target(name: "OptionParsing"),
        // The release number, and the commit and compiler the BuildInfoPlugin records at build time.
        .target(name: "BuildInfo", plugins: ["BuildInfoPlugin"]),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),
        // Every program's options, declared once; Foundation-free, as brine-minion links it.
        .target(name: "Programs", dependencies: ["OptionParsing", "BuildInfo", "BrineCore"]),
        .target(name: "Swarm", dependencies: ["ZeroMQ", "SaltWire", "BrineCore", "MessagePack", logging]),
        // Test support: masters and minions on loopback, scratch directories, the Python vectors. Only
        // tests and benchmarks depend on it, never a program that ships.
        .target(name: "BrineTesting", dependencies: ["BrineCore", "MessagePack", "SaltWire", "ZeroMQ", "PostgreSQL"]),
        .target(name: "SwarmBenchmark", dependencies: ["Swarm", "Client", "BrineCore", "BrineTesting", "PythonRules"]),
        .executableTarget(name: "brine-swarm", dependencies: [
            "Swarm", "BrineCore", "MessagePack", "YAML", "Programs", "OptionParsing", "SaltWire", "ZeroMQ",
        ]),
        .executableTarget(name: "brine-master", dependencies: [
            "Master", "BrineCore", "Programs", "OptionParsing", "JobCache", "SaltWire", "YAML", "ZeroMQ", logging,
        ]),
        .executableTarget(
            name: "brine-minion", dependencies: ["Minion", "BrineCore", "Programs", "OptionParsing", "SaltWire", "YAML", "ZeroMQ"],
            exclude: ["hot-functions.order"], linkerSettings: minionReleaseLayout),
        .executableTarget(name: "brine", dependencies: ["Client", "BrineCore", "Programs", "OptionParsing"]),
        .executableTarget(name: "brine-key", dependencies: ["Client", "BrineCore", "SaltWire", "JobCache", "Programs", "OptionParsing"]),
        .executableTarget(name: "brine-call", dependencies: ["Minion", "Client", "BrineCore", "MessagePack", "Programs", "OptionParsing"]),
        .executableTarget(name: "brine-run", dependencies: ["Client", "BrineCore", "MessagePack", "Programs", "OptionParsing"]),
        // Writes the shell completions and manual pages of every program (scripts/install runs it); not installed.
        .executableTarget(name: "brine-docs", dependencies: ["Programs", "OptionParsing", "BrineCore"]),
        .executableTarget(name: "brine-bench", dependencies: [
            "Client", "JobCache", "BrineCore", "BrineTesting", "MessagePack", "SwarmBenchmark", "Pillar", argumentParser,
        ], path: "Benchmarks/brine-bench"),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(name: "MessagePackTests", dependencies: ["MessagePack"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PythonRulesTests", dependencies: ["PythonRules", "MessagePack", "BrineTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML", "MessagePack"]),
        .testTarget(name: "SaltWireTests", dependencies: ["SaltWire", "PythonRules", "MessagePack", "BrineCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PillarTests", dependencies: ["Pillar", "MessagePack", "YAML", "BrineCore", "BrineTesting"]),
        .testTarget(name: "TargetingTests", dependencies: ["Targeting", "MessagePack", "BrineTesting"]),
        .testTarget(name: "BrineCoreTests", dependencies: ["BrineCore", "MessagePack", "BrineTesting", logging]),
        .testTarget(name: "JobCacheTests", dependencies: [
            "JobCache", "MessagePack", "BrineCore", "BrineTesting", "PostgreSQL", "SaltWire", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "ClientTests", dependencies: [
            "Client", "MessagePack", "BrineTesting", "SaltWire", "PythonRules", "OptionParsing", "Programs", "BrineCore", "JobCache",
        ]),
        .testTarget(name: "OptionParsingTests", dependencies: ["OptionParsing", "Programs", "BuildInfo"], exclude: ["Fixtures"]),
        .testTarget(name: "MasterTests", dependencies: ["Master", "SaltWire", "MessagePack", "BrineCore", "BrineTesting", "JobCache", "Targeting", logging]),
        .testTarget(name: "MinionTests", dependencies: ["Minion", "MessagePack", "PythonRules", "BrineCore", "BrineTesting", "SaltWire", logging]),
        .testTarget(name: "GrainsTests", dependencies: ["Minion", "MessagePack", "BrineCore", "BrineTesting", "YAML"]),
        .testTarget(name: "IntegrationTests", dependencies: ["BrineCore", "BrineTesting", "MessagePack", "SaltWire", "YAML", "ZeroMQ"]),
        .testTarget(name: "FaultTests", dependencies: ["BrineCore", "BrineTesting", "JobCache"]),
        .testTarget(name: "InteropTests", dependencies: ["BrineCore", "BrineTesting"]),
        .testTarget(name: "ConformanceTests", dependencies: ["BrineCore", "BrineTesting"]),
        // Two masters on one PostgreSQL, and the database going away (scripts/test starts it).
        .testTarget(name: "ClusterTests", dependencies: ["BrineCore", "BrineTesting", "JobCache"]),
        .testTarget(name: "SwarmTests", dependencies: ["SwarmBenchmark", "BrineCore", "BrineTesting"]),
    ]
)

// The libFuzzer targets (`scripts/fuzz`): built only when asked, with `-sanitize=fuzzer`, which
// supplies their `main`; a plain build would have none to link.
if Context.environment["BRINE_FUZZ"] != nil {
    package.targets.append(.executableTarget(
        name: "brine-fuzz", dependencies: ["MessagePack", "PythonRules", "SaltWire", "Targeting", "YAML"], path: "Fuzz/brine-fuzz",
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    package.products.append(.executable(name: "brine-fuzz", targets: ["brine-fuzz"]))
}

// Every imported module declared, and the compiler holding the package to it: imports are internal
// unless a public signature needs them, members come only from modules a file imports, and
// existential types are spelled `any`.
for target in package.targets where target.type != .system && target.type != .plugin && target.name != "CSystem" {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .unsafeFlags(["-Xfrontend", "-function-sections"], .when(configuration: .release)),
    ]
}
