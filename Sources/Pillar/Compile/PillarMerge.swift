public import MessagePack

/// Salt's `pillar_source_merging_strategy`: how the data of one SLS is merged into what the earlier
/// ones gave (`salt.utils.dictupdate.merge`).
public enum PillarMergingStrategy: String, Sendable, CaseIterable {
    /// `recurse`, since Brine renders every SLS with `jinja|yaml` (Salt picks `aggregate` only for
    /// its `yamlex` renderer).
    case smart
    /// Maps merge key by key at every depth; any other value replaces the earlier one, lists too
    /// unless `pillar_merge_lists` is on.
    case recurse
    /// Salt aggregates values its `yamlex` renderer tagged `!aggregate`; Brine has no such tags, so
    /// this merges as `recurse` does.
    case aggregate
    /// A key at the top level replaces the earlier value whole; below it, nothing merges.
    case overwrite
    /// Only one environment's top file is read (`pillarenv`, else `base`); the SLS files it names
    /// still merge as `recurse`.
    case none
}

/// The merge rules, on msgpack maps kept in their order (a new key goes after the existing ones).
public enum PillarMerge {
    public static func merge(
        _ base: MessagePackValue, _ update: MessagePackValue, strategy: PillarMergingStrategy, mergeLists: Bool
    ) -> MessagePackValue {
        switch strategy {
        case .overwrite:
            guard case .map(var pairs) = base, case .map(let updates) = update else { return update }
            for pair in updates {
                if let index = pairs.lastIndex(where: { $0.key == pair.key }) {
                    pairs[index].value = pair.value
                } else {
                    pairs.append(pair)
                }
            }
            return .map(pairs)
        case .smart, .recurse, .aggregate, .none:
            return recurse(base, update, mergeLists: mergeLists)
        }
    }

    /// Salt's `dictupdate.update` with `recursive_update=True`.
    static func recurse(_ base: MessagePackValue, _ update: MessagePackValue, mergeLists: Bool) -> MessagePackValue {
        guard case .map(var pairs) = base, case .map(let updates) = update else { return update }
        for pair in updates {
            guard let index = pairs.lastIndex(where: { $0.key == pair.key }) else {
                pairs.append(pair)
                continue
            }
            switch (pairs[index].value, pair.value) {
            case (.map, .map):
                pairs[index].value = recurse(pairs[index].value, pair.value, mergeLists: mergeLists)
            case (.array(var existing), .array(let added)) where mergeLists:
                for item in added where !existing.contains(item) { existing.append(item) }
                pairs[index].value = .array(existing)
            default:
                pairs[index].value = pair.value
            }
        }
        return .map(pairs)
    }
}
