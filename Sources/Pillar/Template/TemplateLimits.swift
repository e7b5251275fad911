/// The bounds on one rendering, so that a template's cost is bounded by the template rather than by
/// whatever loops and includes it contains.
public struct TemplateLimits: Sendable {
    /// Bytes of output, and the weight (elements and bytes of text) of any value a list or dict
    /// literal or a growing filter builds.
    public var maxOutputBytes: Int
    public var maxIterations: Int
    public var maxIncludeDepth: Int

    public init(maxOutputBytes: Int = 8 << 20, maxIterations: Int = 100_000, maxIncludeDepth: Int = 16) {
        self.maxOutputBytes = maxOutputBytes
        self.maxIterations = maxIterations
        self.maxIncludeDepth = maxIncludeDepth
    }
}
