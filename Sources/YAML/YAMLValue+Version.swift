import CYAML

extension YAMLValue {
    /// The libyaml this process runs on (`0.2.5`), for `--versions-report`.
    public static var libraryVersion: String {
        String(cString: yaml_get_version_string())
    }
}
