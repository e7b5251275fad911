public import MessagePack

/// What a pillar template sees: the minion's grains, the pillar known so far, the master's options
/// and, for an SLS included with `defaults:`, those variables.
public struct TemplateContext: Sendable {
    public var grains: MessagePackValue
    public var pillar: MessagePackValue
    public var options: MessagePackValue
    public var variables: [String: MessagePackValue]

    public init(grains: MessagePackValue = [:], pillar: MessagePackValue = [:], options: MessagePackValue = [:], variables: [String: MessagePackValue] = [:]) {
        self.grains = grains
        self.pillar = pillar
        self.options = options
        self.variables = variables
    }
}
