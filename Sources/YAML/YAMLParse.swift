import CYAML
public import MessagePack

/// A YAML document that cannot be read, or a value that cannot be written, with libyaml's or
/// PyYAML's wording and the 1-based line and column where it went wrong.
public struct YAMLError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ problem: String, at mark: yaml_mark_t? = nil) {
        description = mark.map { "\(problem) (\(Self.position($0)))" } ?? problem
    }

    static func position(_ mark: yaml_mark_t) -> String {
        "line \(mark.line + 1), column \(mark.column + 1)"
    }
}

/// YAML to msgpack values, so grains, nodegroups and arguments share one value type with the wire.
/// Values are read as Salt 3008's loader (`salt.utils.yaml.safe_load`) reads them: libyaml parses,
/// PyYAML's YAML 1.1 resolver types the plain scalars, Salt's constructor builds the values.
public enum YAMLValue {
    /// The value of the single document in `text`; nil for an empty one.
    /// An integer beyond 64 bits (which Python would keep) stays text, digits untouched.
    public static func parse(_ text: String) throws -> MessagePackValue {
        var bytes = Array(text.utf8)
        let node = try bytes.withUnsafeMutableBufferPointer { buffer in
            var composer = try YAMLComposer(input: buffer)
            return try composer.document()
        }
        guard let node else { return .nil }
        return try YAMLConstructor.value(of: node)
    }
}

/// A node of the document, its tag resolved, aliases replaced by the nodes they name.
indirect enum YAMLNode {
    case scalar(String, tag: String, mark: yaml_mark_t)
    case sequence([YAMLNode], tag: String, mark: yaml_mark_t)
    case mapping([(key: YAMLNode, value: YAMLNode)], tag: String, mark: yaml_mark_t)

    var mark: yaml_mark_t {
        switch self {
        case .scalar(_, _, let mark), .sequence(_, _, let mark), .mapping(_, _, let mark): return mark
        }
    }

    var kind: String {
        switch self {
        case .scalar: return "scalar"
        case .sequence: return "sequence"
        case .mapping: return "mapping"
        }
    }
}

/// Builds the node tree from libyaml's events, as PyYAML's composer does: one document at most,
/// anchors defined once, tags of untagged (or `!`-tagged) plain scalars resolved from their text.
private struct YAMLComposer: ~Copyable {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private var anchors: [String: YAMLNode] = [:]
    private var depth = 0

    init(input: UnsafeMutableBufferPointer<UInt8>) throws {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            throw YAMLError("cannot initialize the YAML parser")
        }
        yaml_parser_set_input_string(parser, input.baseAddress, input.count)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        self.parser = parser
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    mutating func document() throws -> YAMLNode? {
        try expect(YAML_STREAM_START_EVENT)
        var event = try next()
        defer { yaml_event_delete(&event) }
        guard event.type == YAML_DOCUMENT_START_EVENT else { return nil }
        var root = try next()
        defer { yaml_event_delete(&root) }
        let node = try compose(root)
        try expect(YAML_DOCUMENT_END_EVENT)
        var end = try next()
        defer { yaml_event_delete(&end) }
        guard end.type == YAML_STREAM_END_EVENT else {
            throw YAMLError("expected a single document in the stream, but found another document", at: end.start_mark)
        }
        return node
    }

    private func next() throws -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw parserError() }
        return event
    }

    private func expect(_ type: yaml_event_type_t) throws {
        var event = try next()
        defer { yaml_event_delete(&event) }
        precondition(event.type == type, "libyaml sent event \(event.type) where \(type) belongs")
    }

    private func parserError() -> YAMLError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "invalid YAML"
        guard let context = parser.pointee.context.map({ String(cString: $0) }) else {
            return YAMLError(problem, at: parser.pointee.problem_mark)
        }
        let place = YAMLError.position(parser.pointee.context_mark)
        return YAMLError("\(context) (\(place)): \(problem)", at: parser.pointee.problem_mark)
    }

    private mutating func compose(_ event: yaml_event_t) throws -> YAMLNode {
        let mark = event.start_mark
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = Self.text(event.data.alias.anchor)
            guard let node = anchors[name] else { throw YAMLError("found undefined alias '\(name)'", at: mark) }
            return node
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let tag: String
            if let explicit = scalar.tag.map(Self.text), explicit != "!" {
                tag = explicit
            } else {
                // libyaml marks a scalar tagged `!` plain-implicit whatever its style: Salt reads `! "12"` as 12.
                tag = scalar.plain_implicit == 1 ? YAMLResolver.tag(ofPlain: value) : YAMLTag.str
            }
            return try anchor(scalar.anchor, .scalar(value, tag: tag, mark: mark))
        case YAML_SEQUENCE_START_EVENT:
            try nest(mark)
            defer { depth -= 1 }
            var items: [YAMLNode] = []
            while true {
                var item = try next()
                defer { yaml_event_delete(&item) }
                if item.type == YAML_SEQUENCE_END_EVENT { break }
                items.append(try compose(item))
            }
            let tag = Self.collectionTag(event.data.sequence_start.tag, default: YAMLTag.seq)
            return try anchor(event.data.sequence_start.anchor, .sequence(items, tag: tag, mark: mark))
        case YAML_MAPPING_START_EVENT:
            try nest(mark)
            defer { depth -= 1 }
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            while true {
                var keyEvent = try next()
                defer { yaml_event_delete(&keyEvent) }
                if keyEvent.type == YAML_MAPPING_END_EVENT { break }
                let key = try compose(keyEvent)
                var valueEvent = try next()
                defer { yaml_event_delete(&valueEvent) }
                pairs.append((key, try compose(valueEvent)))
            }
            let tag = Self.collectionTag(event.data.mapping_start.tag, default: YAMLTag.map)
            return try anchor(event.data.mapping_start.anchor, .mapping(pairs, tag: tag, mark: mark))
        default:
            preconditionFailure("libyaml sent event \(event.type) where a node belongs")
        }
    }

    /// Salt reads deeper documents, until Python itself crashes (past 10,000 levels); 1,000 levels are
    /// more than any configuration or argument needs, and keep composing safe on any thread's stack.
    private mutating func nest(_ mark: yaml_mark_t) throws {
        depth += 1
        guard depth <= 1000 else { throw YAMLError("collections nested too deeply", at: mark) }
    }

    /// Names a finished node. An alias inside its own anchor is therefore undefined: such a recursive
    /// structure has no msgpack form.
    private mutating func anchor(_ name: UnsafeMutablePointer<yaml_char_t>?, _ node: YAMLNode) throws -> YAMLNode {
        guard let name = name.map(Self.text) else { return node }
        if let first = anchors[name] {
            throw YAMLError(
                "found duplicate anchor '\(name)'; first occurrence \(YAMLError.position(first.mark)), second occurrence",
                at: node.mark)
        }
        anchors[name] = node
        return node
    }

    private static func collectionTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, default standard: String) -> String {
        guard let tag = tag.map(text), tag != "!" else { return standard }
        return tag
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>) -> String {
        String(cString: pointer)
    }
}
