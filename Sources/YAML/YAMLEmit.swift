import CYAML
public import MessagePack
import PythonRules

extension YAMLValue {
    /// YAML text for a value, as PyYAML's `safe_dump(value, default_flow_style=False, allow_unicode=True,
    /// sort_keys=False)` writes it (Salt writes the minion's `grains` file and `--out yaml` this way):
    /// block style, keys in the given order, text written as is (not escaped) and left unquoted unless
    /// it would read back as another type (`'yes'`, `'12'`, `'null'`, `'2026-11-21'`) or must be quoted.
    /// libyaml differs in escaping characters beyond the Basic Multilingual Plane (`"\U0001F600"`).
    public static func emit(_ value: MessagePackValue) throws -> String {
        let emitter = try YAMLEmitter()
        try emitter.emit(value)
        return emitter.finish()
    }
}

/// libyaml's emitter, fed one event per value; what it writes collects in `output`.
private struct YAMLEmitter: ~Copyable {
    private final class Output {
        var bytes: [UInt8] = []
    }

    private let emitter: UnsafeMutablePointer<yaml_emitter_t>
    private let output = Output()

    init() throws {
        let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
        guard yaml_emitter_initialize(emitter) == 1 else {
            emitter.deallocate()
            throw YAMLError("cannot initialize the YAML emitter")
        }
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_output(emitter, { data, buffer, size in
            guard let data, let buffer else { return 0 }
            Unmanaged<Output>.fromOpaque(data).takeUnretainedValue().bytes
                .append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
            return 1
        }, Unmanaged.passUnretained(output).toOpaque())
        self.emitter = emitter
    }

    deinit {
        yaml_emitter_delete(emitter)
        emitter.deallocate()
    }

    func emit(_ value: MessagePackValue) throws {
        var event = yaml_event_t()
        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
        try send(&event)
        yaml_document_start_event_initialize(&event, nil, nil, nil, 1)
        try send(&event)
        try node(value)
        yaml_document_end_event_initialize(&event, 1)
        try send(&event)
        yaml_stream_end_event_initialize(&event)
        try send(&event)
    }

    func finish() -> String {
        String(decoding: output.bytes, as: UTF8.self)
    }

    private func node(_ value: MessagePackValue) throws {
        switch value {
        case .nil, .ext:
            // Salt's extension types (datetimes, constants) have no YAML form PyYAML would read back.
            try scalar("null", tag: YAMLTag.null)
        case .bool(let flag):
            try scalar(flag ? "true" : "false", tag: YAMLTag.bool)
        case .int(let number):
            try scalar(String(number), tag: YAMLTag.int)
        case .uint(let number):
            try scalar(String(number), tag: YAMLTag.int)
        case .double(let number):
            try scalar(Self.pythonFloat(number), tag: YAMLTag.float)
        case .float(let number):
            try scalar(Self.pythonFloat(Double(number)), tag: YAMLTag.float)
        case .string(let bytes):
            // A string that is not UTF-8 is bytes to Salt, which PyYAML writes as `!!binary`.
            guard let text = String(validating: bytes, as: UTF8.self) else { return try binary(bytes) }
            try scalar(text, tag: YAMLTag.str, plain: YAMLResolver.tag(ofPlain: text) == YAMLTag.str, quoted: true)
        case .binary(let bytes):
            try binary(bytes)
        case .array(let items):
            var event = yaml_event_t()
            yaml_sequence_start_event_initialize(&event, nil, Self.cString(YAMLTag.seq), 1, YAML_BLOCK_SEQUENCE_STYLE)
            try send(&event)
            for item in items { try node(item) }
            yaml_sequence_end_event_initialize(&event)
            try send(&event)
        case .map(let pairs):
            var event = yaml_event_t()
            yaml_mapping_start_event_initialize(&event, nil, Self.cString(YAMLTag.map), 1, YAML_BLOCK_MAPPING_STYLE)
            try send(&event)
            for pair in pairs {
                try node(pair.key)
                try node(pair.value)
            }
            yaml_mapping_end_event_initialize(&event)
            try send(&event)
        }
    }

    private func binary(_ bytes: [UInt8]) throws {
        try scalar(Base64.encodeLines(bytes), tag: YAMLTag.binary, plain: false, quoted: false, style: YAML_LITERAL_SCALAR_STYLE)
    }

    /// A scalar that reads back with `tag` when written plain (`plain`) or quoted (`quoted`); libyaml
    /// picks plain, single-quoted or double-quoted from that and from the characters, as PyYAML does.
    private func scalar(
        _ text: String, tag: String, plain: Bool = true, quoted: Bool = false, style: yaml_scalar_style_t = YAML_ANY_SCALAR_STYLE
    ) throws {
        var event = yaml_event_t()
        let length = Int32(text.utf8.count)
        let made = text.withCString { value in
            value.withMemoryRebound(to: yaml_char_t.self, capacity: Int(length) + 1) { value in
                yaml_scalar_event_initialize(&event, nil, Self.cString(tag), value, length, plain ? 1 : 0, quoted ? 1 : 0, style)
            }
        }
        guard made == 1 else { throw YAMLError("cannot write this text as YAML: \(text)") }
        try send(&event)
    }

    /// Hands the event to libyaml, which owns (and frees) it from then on, whether or not it succeeds.
    private func send(_ event: inout yaml_event_t) throws {
        guard yaml_emitter_emit(emitter, &event) == 1 else {
            throw YAMLError(emitter.pointee.problem.map { String(cString: $0) } ?? "cannot write YAML")
        }
    }

    private static func cString(_ text: String) -> [UInt8] {
        Array(text.utf8) + [0]
    }

    /// PyYAML's `represent_float`: Python's `repr`, with `.0` added to a bare exponent form (`1.0e+16`) so it
    /// reads back as a float.
    static func pythonFloat(_ number: Double) -> String {
        if number.isNaN { return ".nan" }
        if number.isInfinite { return number < 0 ? "-.inf" : ".inf" }
        let text = PythonRepr.float(number)
        guard !text.contains("."), let exponent = text.firstIndex(of: "e") else { return text }
        return String(text[..<exponent]) + ".0" + text[exponent...]
    }
}
