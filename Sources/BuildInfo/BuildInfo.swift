/// Brine's release number, and the commit and compiler this binary was built from (written by the
/// BuildInfo plugin at build time, so no source file changes with each commit).
public enum BuildInfo {
    /// Calendar versioning, `year.release.fix`.
    public static let version = "2026.1.0"
    /// The commit's short hash, or `unknown` when the build had no git (and no `BRINE_COMMIT`).
    public static let commit = buildCommit
    public static let swiftVersion = buildSwiftVersion
}
