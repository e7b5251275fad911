import MessagePack

/// An expression of the Jinja subset, as parsed from `{{ … }}` or a tag.
indirect enum Expression: Sendable {
    case literal(MessagePackValue)
    case list([Expression])
    case dictionary([(key: Expression, value: Expression)])
    case name(String)
    case attribute(Expression, String)
    case index(Expression, Expression)
    case call(Expression, [Expression])
    case filter(Expression, name: String, arguments: [Expression])
    case not(Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    case compare(Expression, ComparisonOperator, Expression)
    /// `x is defined`, `x is not none`, …
    case test(Expression, name: String, negated: Bool)
}

enum ComparisonOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case contained = "in"
    case notContained = "not in"
}
