/// The matcher a publish names in its `tgt_type` field. Raw values are Salt's wire spellings, so a
/// load's `tgt_type` string converts with `TargetType(rawValue:)`.
public enum TargetType: String, Sendable, CaseIterable {
    case glob
    case pcre
    case list
    case grain
    case grainPCRE = "grain_pcre"
    case pillar
    case pillarPCRE = "pillar_pcre"
    case ipcidr
    case nodegroup
    case compound
}
