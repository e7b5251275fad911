import BrineCore

/// One pillar environment: its name and its directories, searched in order.
public struct PillarEnvironment: Sendable, Equatable {
    public var name: String
    public var directories: [String]

    public init(name: String, directories: [String]) {
        self.name = name
        self.directories = directories
    }
}

/// The master's `pillar_roots` on disk: finds an environment's SLS files and the templates they
/// include. A name that climbs out of the roots (`..`, an absolute path) is never read.
public struct PillarRoots: Sendable {
    public let environments: [PillarEnvironment]
    /// At most this many SLS files are listed per environment, so a runaway tree costs bounded time.
    static let maxListed = 10_000
    static let maxDepth = 16

    public init(_ environments: [PillarEnvironment]) {
        self.environments = environments
    }

    public func directories(of environment: String) -> [String]? {
        environments.first { $0.name == environment }?.directories
    }

    /// A file by its path relative to the environment's roots: the first root that has it wins.
    public func file(_ relative: String, in environment: String) -> TemplateSource? {
        let components = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard !relative.hasPrefix("/"), !components.isEmpty, !components.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        for directory in directories(of: environment) ?? [] {
            let path = directory + "/" + components.joined(separator: "/")
            guard FileSystem.exists(path), !FileSystem.isDirectory(path) else { continue }
            guard let text = try? FileSystem.readString(path) else { continue }
            return TemplateSource(text: text, file: path)
        }
        return nil
    }

    /// The SLS named `a.b`: `a/b.sls`, else `a/b/init.sls`.
    public func sls(_ name: String, in environment: String) -> TemplateSource? {
        let base = name.split(separator: ".", omittingEmptySubsequences: false).joined(separator: "/")
        return file(base + ".sls", in: environment) ?? file(base + "/init.sls", in: environment)
    }

    /// Every SLS name of an environment (`a/b.sls` is `a.b`, `a/init.sls` is `a`), for the globs
    /// of top files and includes; nil for an environment `pillar_roots` does not define.
    public func slsNames(in environment: String) -> [String]? {
        guard let directories = directories(of: environment) else { return nil }
        var names: [String] = []
        var seen = Set<String>()
        for directory in directories {
            collect(directory, prefix: [], depth: 0, into: &names, seen: &seen)
        }
        return names
    }

    private func collect(_ directory: String, prefix: [String], depth: Int, into names: inout [String], seen: inout Set<String>) {
        guard depth < Self.maxDepth else { return }
        for entry in FileSystem.list(directory) where names.count < Self.maxListed {
            let path = directory + "/" + entry
            if FileSystem.isDirectory(path) {
                collect(path, prefix: prefix + [entry], depth: depth + 1, into: &names, seen: &seen)
            } else if entry.hasSuffix(".sls") {
                let stem = String(entry.dropLast(4))
                let parts = stem == "init" && !prefix.isEmpty ? prefix : prefix + [stem]
                let name = parts.joined(separator: ".")
                if seen.insert(name).inserted { names.append(name) }
            }
        }
    }
}
