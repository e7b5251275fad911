// swift-tools-version:6.0
import PackageDescription

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
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        .target(name: "MessagePack"),
        .target(name: "SaltWire", dependencies: ["MessagePack", "BrineCore", "COpenSSL"]),
        .target(name: "Targeting", dependencies: ["MessagePack"]),
        .target(name: "BrineCore", dependencies: [
            "MessagePack",
            "CYAML",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "JobCache", dependencies: [
            "MessagePack", "BrineCore", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "Master", dependencies: ["ZeroMQ", "SaltWire", "Targeting", "BrineCore", "JobCache"]),
        .target(name: "Minion", dependencies: ["ZeroMQ", "SaltWire", "Targeting", "BrineCore"]),
        .target(name: "Client", dependencies: ["ZeroMQ", "SaltWire", "Targeting", "BrineCore", "JobCache"]),
        .target(name: "Swarm", dependencies: [
            "ZeroMQ", "SaltWire", "Targeting", "BrineCore", "MessagePack", .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "SwarmBenchmark", dependencies: ["Swarm", "Client", "BrineCore", "MessagePack"]),
        .executableTarget(name: "brine-swarm", dependencies: [
            "Swarm", "BrineCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "brine-master", dependencies: [
            "Master", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "brine-minion", dependencies: ["Minion", "BrineCore"]),
        .executableTarget(name: "brine", dependencies: [
            "Client", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "brine-key", dependencies: [
            "Client", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "brine-call", dependencies: [
            "Minion", "Client", "BrineCore", "MessagePack", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "brine-run", dependencies: [
            "Client", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "brine-bench", dependencies: [
            "Client", "JobCache", "SaltWire", "ZeroMQ", "BrineCore", "MessagePack", "SwarmBenchmark",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Benchmarks/brine-bench"),
        .testTarget(name: "MessagePackTests", dependencies: ["MessagePack"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SaltWireTests", dependencies: ["SaltWire"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TargetingTests", dependencies: ["Targeting", "MessagePack"]),
        .testTarget(name: "BrineCoreTests", dependencies: ["BrineCore", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "JobCacheTests", dependencies: ["JobCache", "MessagePack", "BrineCore"]),
        .testTarget(name: "ClientTests", dependencies: ["Client", "MessagePack"]),
        .testTarget(name: "MasterTests", dependencies: ["Master", "SaltWire", "MessagePack", "BrineCore"]),
        .testTarget(name: "MinionTests", dependencies: ["Minion", "MessagePack", "BrineCore"]),
        .testTarget(name: "GrainsTests", dependencies: ["Minion", "MessagePack", "BrineCore"]),
        .testTarget(name: "IntegrationTests", dependencies: ["BrineCore", "SaltWire", "MessagePack"]),
        .testTarget(name: "InteropTests", dependencies: ["BrineCore"]),
        .testTarget(name: "SwarmTests", dependencies: ["SwarmBenchmark", "BrineCore"]),
    ]
)
