import BrineCore

/// The package's own checkout, found from this file's path: where the venv `scripts/salt-venv`
/// makes and the committed test fixtures are. Tests run from the checkout they were built in.
enum PackageRoot {
    static var path: String {
        var root = "\(#filePath)"  // <root>/Sources/BrineTesting/PackageRoot.swift
        for _ in 0..<3 { root = FileSystem.parent(of: root) }
        return root
    }
}
