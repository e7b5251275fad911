import MessagePack
import XCTest
import YAML

/// The YAML layer against Salt 3008.5 and PyYAML 6.0.3. The tables were made once with them, on the same
/// inputs: `salt.utils.yaml.safe_load(text)` for reading (what Salt makes of a config file or an argument)
/// and `yaml.safe_dump(value, default_flow_style=False, allow_unicode=True, sort_keys=False)` for writing.
final class YAMLTests: XCTestCase {
    func testReadsWhatSaltsLoaderReads() {
        for (text, expected) in Self.saltReads {
            XCTAssertEqual((try? YAMLValue.parse(text))?.exactly, expected.exactly, text)
        }
    }

    func testRefusesWhatSaltsLoaderRefuses() {
        for text in Self.saltRefuses {
            XCTAssertThrowsError(try YAMLValue.parse(text), text)
        }
    }

    func testWritesWhatPyYAMLWritesAndReadsItBack() throws {
        for (value, expected) in Self.pyyamlWrites {
            let text = try YAMLValue.emit(value)
            XCTAssertEqual(text, expected)
            XCTAssertEqual(try YAMLValue.parse(text).exactly, value.exactly, text)
        }
    }

    /// libyaml (0.2.5) escapes characters beyond the Basic Multilingual Plane and NEL, which PyYAML's
    /// Python emitter writes as they are, and ends no document with `...`, which PyYAML adds after a
    /// plain scalar at the top. Each reads back the same (PyYAML's NEL does not: it folds to a space).
    func testWhereLibyamlWritesOtherwiseThanPyYAML() throws {
        let cases: [(MessagePackValue, String, pyyaml: String)] = [
            (["e": "😀 ok"], "e: \"\\U0001F600 ok\"\n", pyyaml: "e: 😀 ok\n"),
            ("just text", "just text\n", pyyaml: "just text\n...\n"),
            (12, "12\n", pyyaml: "12\n...\n"),
            (.nil, "null\n", pyyaml: "null\n...\n"),
        ]
        for (value, expected, pyyaml) in cases {
            let text = try YAMLValue.emit(value)
            XCTAssertEqual(text, expected)
            XCTAssertEqual(try YAMLValue.parse(text), value, text)
            XCTAssertEqual(try YAMLValue.parse(pyyaml), value, pyyaml)
        }
        XCTAssertEqual(try YAMLValue.emit("a\u{85}b"), "\"a\\Nb\"\n")
        XCTAssertEqual(try YAMLValue.parse("\"a\\Nb\"\n"), "a\u{85}b")
        XCTAssertEqual(try YAMLValue.parse("'a\u{85}  b'\n"), "a b")
    }

    /// Python keeps integers of any size, msgpack stops at 64 bits: the digits stay text.
    func testIntegersBeyond64BitsStayText() throws {
        XCTAssertEqual(try YAMLValue.parse("big: 99999999999999999999\n"), ["big": "99999999999999999999"])
        XCTAssertEqual(try YAMLValue.parse("-9223372036854775809"), "-9223372036854775809")
        XCTAssertEqual(try YAMLValue.emit("99999999999999999999"), "'99999999999999999999'\n")
    }

    func testNestingStopsBeforeTheStackDoes() throws {
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        XCTAssertNoThrow(try YAMLValue.parse(deep))
        let tooDeep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertThrowsError(try YAMLValue.parse(tooDeep)) { error in
            XCTAssertEqual("\(error)", "collections nested too deeply (line 1, column 1001)")
        }
    }

    /// Salt builds these as a list of tuples and a set; Brine does not read them.
    func testOrderedMapsPairsAndSetsAreRefused() {
        for text in ["!!omap [a: 1]", "!!pairs [a: 1]", "!!set {a, b}"] {
            XCTAssertThrowsError(try YAMLValue.parse(text), text)
        }
    }

    func testErrorsSayWhatAndWhere() {
        let cases = [
            ("a: 1\nb: [x\n", "while parsing a flow sequence (line 2, column 4): did not find expected ',' or ']' (line 3, column 1)"),
            ("a: 1\na: 2\n", "found conflicting ID 'a' (line 2, column 1)"),
            ("a: *x\n", "found undefined alias 'x' (line 1, column 4)"),
            ("a: !!int 0o7\n", "invalid integer '0o7' (line 1, column 4)"),
            ("- 1\n---\n- 2\n", "expected a single document in the stream, but found another document (line 2, column 1)"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try YAMLValue.parse(text)) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
    }

    static let saltReads: [(String, MessagePackValue)] = [
        ("", .nil),
        ("~", .nil),
        ("null", .nil),
        ("Null", .nil),
        ("NULL", .nil),
        ("nUll", "nUll"),
        ("none", "none"),
        ("None", "None"),
        ("yes", true),
        ("Yes", true),
        ("YES", true),
        ("yEs", "yEs"),
        ("no", false),
        ("No", false),
        ("NO", false),
        ("true", true),
        ("True", true),
        ("TRUE", true),
        ("tRue", "tRue"),
        ("false", false),
        ("False", false),
        ("FALSE", false),
        ("on", true),
        ("On", true),
        ("ON", true),
        ("oN", "oN"),
        ("off", false),
        ("Off", false),
        ("OFF", false),
        ("y", "y"),
        ("Y", "Y"),
        ("n", "n"),
        ("N", "N"),
        ("0", 0),
        ("-0", 0),
        ("+0", 0),
        ("00", 0),
        ("7", 7),
        ("-7", -7),
        ("+7", 7),
        ("010", 10),
        ("-010", -8),
        ("+010", 8),
        ("0777", 777),
        ("0778", "0778"),
        ("08", "08"),
        ("09", "09"),
        ("0_10", 10),
        ("1_000", 1000),
        ("1__0", 10),
        ("_1", "_1"),
        ("0x10", 16),
        ("0x1F", 31),
        ("0xff", 255),
        ("-0x10", -16),
        ("0x_1F", 31),
        ("0X10", "0X10"),
        ("0x", "0x"),
        ("0xg", "0xg"),
        ("0b11", 3),
        ("-0b11", -3),
        ("0b1_0", 2),
        ("0b", "0b"),
        ("0b2", "0b2"),
        ("0o10", "0o10"),
        ("1:30", 90),
        ("-1:30", -90),
        ("190:20:30", 685230),
        ("1_2:30", 750),
        ("1:60", "1:60"),
        ("1:5", 65),
        ("1:05", 65),
        ("0:30", "0:30"),
        ("1:3:", .map([MessagePackPair(63, .nil)])),
        ("12:30:59", 45059),
        ("9223372036854775807", 9223372036854775807),
        ("-9223372036854775808", -9223372036854775808),
        ("9223372036854775808", .uint(9223372036854775808)),
        ("18446744073709551615", .uint(18446744073709551615)),
        ("1.5", .double(1.5)),
        ("-1.5", .double(-1.5)),
        ("+1.5", .double(1.5)),
        ("1.", .double(1.0)),
        ("-1.", .double(-1.0)),
        (".5", .double(0.5)),
        ("-.5", "-.5"),
        ("+.5", "+.5"),
        (".", "."),
        ("1.5e+3", .double(1500.0)),
        ("1.5E-3", .double(0.0015)),
        ("1.0e3", "1.0e3"),
        ("1e3", "1e3"),
        ("1e+3", "1e+3"),
        ("1.5e3", "1.5e3"),
        ("1_000.5", .double(1000.5)),
        ("1_0.5e+1", .double(105.0)),
        (".5e+1", .double(5.0)),
        ("0.1", .double(0.1)),
        ("6.0221e+23", .double(6.0221e+23)),
        ("1:30.5", .double(90.5)),
        ("-1:30.5", .double(-90.5)),
        ("1:30.", .double(90.0)),
        (".inf", .double(.infinity)),
        (".Inf", .double(.infinity)),
        (".INF", .double(.infinity)),
        ("-.inf", .double(-.infinity)),
        ("+.inf", .double(.infinity)),
        (".iNf", ".iNf"),
        ("inf", "inf"),
        (".nan", .double(.nan)),
        (".NaN", .double(.nan)),
        (".NAN", .double(.nan)),
        ("-.nan", "-.nan"),
        ("nan", "nan"),
        ("0.5.5", "0.5.5"),
        ("1.5e", "1.5e"),
        ("1.5e+", "1.5e+"),
        ("-0.0", .double(-0.0)),
        ("1e-05", "1e-05"),
        ("2026-11-21", "2026-11-21"),
        ("2026-1-2", "2026-1-2"),
        ("2026-11-21 10:00:00", "2026-11-21 10:00:00"),
        ("2026-11-21T10:00:00Z", "2026-11-21T10:00:00Z"),
        ("2026-11-21t10:00:00.123+01:00", "2026-11-21t10:00:00.123+01:00"),
        ("2026-11-21 10:00:00 -5", "2026-11-21 10:00:00 -5"),
        ("2026-11-21  1:00:00", "2026-11-21  1:00:00"),
        ("2026-11-21x", "2026-11-21x"),
        ("20261121", 20261121),
        ("a=b", "a=b"),
        ("<< x", "<< x"),
        ("-", [.nil]),
        ("- a", ["a"]),
        ("a: 1", ["a": 1]),
        ("a:1", "a:1"),
        ("a #b", "a"),
        ("#", .nil),
        ("http://x", "http://x"),
        ("x?", "x?"),
        ("!", ""),
        ("&a", .nil),
        ("&a x", "x"),
        ("|", ""),
        (">", ""),
        ("! 12", 12),
        ("! \"12\"", 12),
        ("! 'yes'", true),
        ("héllo", "héllo"),
        ("Grüße ✓", "Grüße ✓"),
        ("日本", "日本"),
        ("a\tb", "a\tb"),
        (" a ", "a"),
        ("a  b", "a  b"),
        ("\"12\"", "12"),
        ("'12'", "12"),
        ("\"yes\"", "yes"),
        ("'null'", "null"),
        ("\"\"", ""),
        ("''", ""),
        ("\"a\\tb\"", "a\tb"),
        ("\"\\u00e9\"", "é"),
        ("\"\\x41\"", "A"),
        ("'it''s'", "it's"),
        ("\"a\\\"b\"", "a\"b"),
        ("\"line\\nbreak\"", "line\nbreak"),
        ("!!str 12", "12"),
        ("!!str", ""),
        ("!!int \"12\"", 12),
        ("!!int 1:70", 130),
        ("!!float 1", .double(1.0)),
        ("!!float \"1e3\"", .double(1000.0)),
        ("!!float .NaN", .double(.nan)),
        ("!!bool yes", true),
        ("!!bool YeS", true),
        ("!!null x", .nil),
        ("!!null", .nil),
        ("!!binary aGk", .binary([104, 105])),
        ("!!binary aGk=", .binary([104, 105])),
        ("!!binary", .binary([])),
        ("!!timestamp 2026-01-01", "2026-01-01"),
        ("!!python/unicode x", "x"),
        ("!!seq [1]", [1]),
        ("!!map {a: 1}", ["a": 1]),
        ("!<tag:yaml.org,2002:int> 3", 3),
        ("a: 1\nb: two\n", ["a": 1, "b": "two"]),
        ("publish_port: 14505\nauto_accept: True\nnodegroups:\n  web: 'L@a,b'\n", ["publish_port": 14505, "auto_accept": true, "nodegroups": ["web": "L@a,b"]]),
        ("master: 10.0.0.1\nid: web1\ngrains:\n  roles:\n    - web\n    - db\n  rack: 12\n  env: prod\n", ["master": "10.0.0.1", "id": "web1", "grains": ["roles": ["web", "db"], "rack": 12, "env": "prod"]]),
        ("- a\n- b\n- - c\n  - d\n", ["a", "b", ["c", "d"]]),
        ("[1, two, 3.0, null, yes]\n", [1, "two", .double(3.0), .nil, true]),
        ("{a: 1, b: [x, y], c: {d: e}}\n", ["a": 1, "b": ["x", "y"], "c": ["d": "e"]]),
        ("a:\nb: ~\nc: null\n", ["a": .nil, "b": .nil, "c": .nil]),
        ("key with spaces: value with spaces\n\"quoted key\": 1\n'single': 2\n", ["key with spaces": "value with spaces", "quoted key": 1, "single": 2]),
        ("a: |\n  line one\n  line two\nb: >\n  folded\n  text\n\n  para\nc: |-\n  stripped\nd: |+\n  kept\n\n", ["a": "line one\nline two\n", "b": "folded text\npara\n", "c": "stripped", "d": "kept\n\n"]),
        ("a: \"multi\n  line\"\nb: plain\n  continued\n", ["a": "multi line", "b": "plain continued"]),
        ("a: 1 # comment\n# full comment\nb: 2\n", ["a": 1, "b": 2]),
        ("# only a comment\n", .nil),
        ("---\n", .nil),
        ("---\na: 1\n...\n", ["a": 1]),
        ("%YAML 1.1\n---\na: 1\n", ["a": 1]),
        ("a: &x 1\nb: *x\n", ["a": 1, "b": 1]),
        ("base: &b\n  x: 1\n  y: 2\nc:\n  <<: *b\n  y: 3\n  z: 4\n", ["base": ["x": 1, "y": 2], "c": ["x": 1, "y": 3, "z": 4]]),
        ("a: &a {x: 1}\nb: &b {w: 0}\nc:\n  <<: [*a, *b]\n  v: 9\n", ["a": ["x": 1], "b": ["w": 0], "c": ["w": 0, "x": 1, "v": 9]]),
        ("a: 1\n<<: {b: 2}\n", ["b": 2, "a": 1]),
        ("a: 1\n<<: {a: 2, b: 2}\n", ["b": 2, "a": 1]),
        ("<<: [{a: 1}, {b: 2}]\nc: 3\n", ["b": 2, "a": 1, "c": 3]),
        ("<<: {\"1\": a}\n1: b\n", .map([MessagePackPair(1, "b")])),
        ("=: 1\n", ["=": 1]),
        ("\"<<\": {a: 1}\n", ["<<": ["a": 1]]),
        ("- &a {x: 1}\n- <<: *a\n  y: 2\n", [["x": 1], ["x": 1, "y": 2]]),
        ("x: &n {a: 1, <<: {b: 2}}\ny: *n\n", ["x": ["b": 2, "a": 1], "y": ["b": 2, "a": 1]]),
        ("l: &l [1, 2]\nm: *l\n", ["l": [1, 2], "m": [1, 2]]),
        ("{\"1\": a, 1: b}\n", .map([MessagePackPair("1", "a"), MessagePackPair(1, "b")])),
        ("? a\n: 1\n", ["a": 1]),
        ("a: !!binary |\n  aGVs\n  bG8=\n", ["a": .binary([104, 101, 108, 108, 111])]),
        ("a: !!timestamp 2026-01-01\nb: 2026-01-01 10:00:00\n", ["a": "2026-01-01", "b": "2026-01-01 10:00:00"]),
        ("text: \"Grüße ✓\"\nplain: héllo wörld\n", ["text": "Grüße ✓", "plain": "héllo wörld"]),
        ("a: \"\\u263A \\U0001F600\"\n", ["a": "☺ 😀"]),
        ("a: \"\\t\\x07\\0\"\n", ["a": "\t\u{7}\u{0}"]),
        ("list:\n- 1\n- 2\nmap:\n  k: v\n", ["list": [1, 2], "map": ["k": "v"]]),
        ("a: [1, [2, [3, []]], {}]\n", ["a": [1, [2, [3, []]], [:]]]),
        ("a:\n  b:\n    c:\n      d: deep\n", ["a": ["b": ["c": ["d": "deep"]]]]),
        ("ports: [4505, 4506]\nmaster_port: \"4506\"\nrecon_randomize: False\nacceptance_wait_time: 1.5\n", ["ports": [4505, 4506], "master_port": "4506", "recon_randomize": false, "acceptance_wait_time": .double(1.5)]),
        ("12:30: x\n", .map([MessagePackPair(750, "x")])),
        ("a: 0o10\nb: 010\nc: 0x10\nd: 1_000\ne: 0b11\n", ["a": "0o10", "b": 10, "c": 16, "d": 1000, "e": 3]),
    ]

    static let saltRefuses: [String] = [
        "=",  // ConstructorError: could not determine a constructor for the tag 'tag:yaml.org,2002:value'
        "<<",  // ConstructorError: could not determine a constructor for the tag 'tag:yaml.org,2002:merge'
        "@x",  // ScannerError: while scanning for the next token; found character that cannot start any token
        "`x`",  // ScannerError: while scanning for the next token; found character that cannot start any token
        "%x",  // ScannerError: while scanning a directive; found unknown directive name
        "*a",  // ComposerError: found undefined alias
        "!!int",  // IndexError: string index out of range
        "!!int 0o7",  // ValueError: invalid literal for int() with base 10: 'o7'
        "!!int -09",  // ValueError: invalid literal for int() with base 8: '09'
        "!!int abc",  // ValueError: invalid literal for int() with base 10: 'abc'
        "!!float",  // IndexError: string index out of range
        "!!bool 1",  // KeyError: '1'
        "!!bool",  // KeyError: ''
        "!!binary a",  // ConstructorError: failed to decode base64 data: Invalid base64-encoded string: number of data characters (1) cannot be 1 more than a multiple of 4
        "!!merge <<",  // ConstructorError: could not determine a constructor for the tag 'tag:yaml.org,2002:merge'
        "!foo x",  // ConstructorError: could not determine a constructor for the tag '!foo'
        "!!map [1]",  // ConstructorError: expected a mapping node, but found sequence
        "!!str [1]",  // ConstructorError: expected a scalar node, but found sequence
        "!!seq {a: 1}",  // ConstructorError: expected a sequence node, but found mapping
        "!!int [1]",  // AttributeError: 'list' object has no attribute 'startswith'
        "0_",  // IndexError: string index out of range
        "0b_",  // ValueError: invalid literal for int() with base 2: ''
        "0x_",  // ValueError: invalid literal for int() with base 16: ''
        "1: one\n2.5: two\ntrue: three\nnull: four\n",  // ConstructorError: while constructing a mapping; found conflicting ID 'True'
        "a: 1\n---\nb: 2\n",  // ComposerError: expected a single document in the stream; but found another document
        "--- a\n--- b\n",  // ComposerError: expected a single document in the stream; but found another document
        "a: &a {x: 1}\nb: &b {x: 2, w: 0}\nc:\n  <<: [*a, *b]\n",  // ConstructorError: while constructing a mapping; found conflicting ID 'x'
        "<<: 1\n",  // ConstructorError: while constructing a mapping; expected a mapping or list of mappings for merging, but found scalar
        "<<: [1]\n",  // ConstructorError: while constructing a mapping; expected a mapping for merging, but found scalar
        "a: =\n",  // ConstructorError: could not determine a constructor for the tag 'tag:yaml.org,2002:value'
        "a: <<\n",  // ConstructorError: could not determine a constructor for the tag 'tag:yaml.org,2002:merge'
        "a: &x 1\nb: &x 2\n",  // ComposerError: found duplicate anchor; first occurrence; second occurrence
        "a: *b\n",  // ComposerError: found undefined alias
        "&a [*a]\n",  // RecursionError: maximum recursion depth exceeded
        "{a: 1, a: 2}\n",  // ConstructorError: while constructing a mapping; found conflicting ID 'a'
        "a: 1\na: 2\n",  // ConstructorError: while constructing a mapping; found conflicting ID 'a'
        "{1: a, true: b}\n",  // ConstructorError: while constructing a mapping; found conflicting ID 'True'
        "{1: a, 1.0: b}\n",  // ConstructorError: while constructing a mapping; found conflicting ID '1.0'
        "{null: 1, ~: 2}\n",  // ConstructorError: while constructing a mapping; found conflicting ID 'None'
        "{.nan: 1, .nan: 2}\n",  // ConstructorError: while constructing a mapping; found conflicting ID 'nan'
        "{0x1: a, 1: b}\n",  // ConstructorError: while constructing a mapping; found conflicting ID '1'
        "{yes: 1, on: 2}\n",  // ConstructorError: while constructing a mapping; found conflicting ID 'True'
        "? [a]\n: 1\n",  // ConstructorError: while constructing a mapping; found unacceptable key [ScalarNode(tag='tag:yaml.org,2002:str', value='a')]
        "? {a: 1}\n: 1\n",  // ConstructorError: while constructing a mapping; found unacceptable key [(ScalarNode(tag='tag:yaml.org,2002:str', value='a'), ScalarNode(tag='tag:yaml.org,2002:int', value='1'))]
        "? <<\n: 1\n",  // ConstructorError: while constructing a mapping; expected a mapping or list of mappings for merging, but found scalar
        "a: [unclosed\n",  // ParserError: while parsing a flow sequence; did not find expected ',' or ']'
        "a: {b: 1\n",  // ParserError: while parsing a flow mapping; did not find expected ',' or '}'
        "a: b: c\n",  // ScannerError: mapping values are not allowed in this context
        "  a: 1\n b: 2\n",  // ParserError: did not find expected <document start>
        "a:\n  - 1\n  -2\n",  // ScannerError: while scanning a simple key; could not find expected ':'
        "- a\nb: 1\n",  // ParserError: while parsing a block collection; did not find expected '-' indicator
        "a: \"unterminated\n",  // ScannerError: while scanning a quoted scalar; found unexpected end of stream
        "a: 'x' y\n",  // ParserError: while parsing a block mapping; did not find expected key
        "\tx: 1\n",  // ScannerError: while scanning for the next token; found character that cannot start any token
        "a: @x\n",  // ScannerError: while scanning for the next token; found character that cannot start any token
        "a: `x`\n",  // ScannerError: while scanning for the next token; found character that cannot start any token
    ]

    static let pyyamlWrites: [(MessagePackValue, String)] = [
        (["a": 1, "b": "two"], "a: 1\nb: two\n"),
        (["b": 1, "a": ["x"]], "b: 1\na:\n- x\n"),
        (["text": "plain", "looks like bool": "yes", "looks like int": "12", "looks like float": "1.5", "not a float": "1e3", "looks like null": "null", "tilde": "~", "empty": "", "date": "2026-11-21", "time": "2026-11-21 10:00:00", "sexagesimal": "1:30", "octal": "010", "hex": "0x10", "merge": "<<", "value": "=", "On": "Off"], "text: plain\nlooks like bool: 'yes'\nlooks like int: '12'\nlooks like float: '1.5'\nnot a float: 1e3\nlooks like null: 'null'\ntilde: '~'\nempty: ''\ndate: '2026-11-21'\ntime: '2026-11-21 10:00:00'\nsexagesimal: '1:30'\noctal: '010'\nhex: '0x10'\nmerge: '<<'\nvalue: '='\n'On': 'Off'\n"),
        (["colon": "a: b", "hash": "a #b", "leading hash": "#x", "dash": "- a", "lone dash": "-", "question": "? x", "star": "*x", "amp": "&x", "bang": "!x", "pipe": "|", "gt": ">", "quote": "it's", "dquote": "say \"hi\"", "brackets": "[a]", "braces": "{a}", "comma": "a, b", "percent": "%x", "at": "@x", "backtick": "`x`", "url": "http://x/y?z=1", "spaces": " padded ", "tab": "a\tb"], "colon: 'a: b'\nhash: 'a #b'\nleading hash: '#x'\ndash: '- a'\nlone dash: '-'\nquestion: '? x'\nstar: '*x'\namp: '&x'\nbang: '!x'\npipe: '|'\ngt: '>'\nquote: it's\ndquote: say \"hi\"\nbrackets: '[a]'\nbraces: '{a}'\ncomma: a, b\npercent: '%x'\nat: '@x'\nbacktick: '`x`'\nurl: http://x/y?z=1\nspaces: ' padded '\ntab: \"a\\tb\"\n"),
        (["unicode": "Grüße ✓", "cjk": "日本語", "multi": "line one\nline two", "trailing newline": "x\n", "control": "bell\u{7}", "nul": "a\u{0}b", "bom": "\u{feff}x", "long": "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "], "unicode: Grüße ✓\ncjk: 日本語\nmulti: 'line one\n\n  line two'\ntrailing newline: 'x\n\n  '\ncontrol: \"bell\\a\"\nnul: \"a\\0b\"\nbom: \"\\uFEFFx\"\nlong: 'word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word word '\n"),
        (["int": -3, "zero": 0, "big": 9223372036854775807, "float": .double(1.5), "neg": .double(-0.25), "whole": .double(3.0), "small": .double(1e-05), "tiny": .double(.leastNonzeroMagnitude), "large": .double(1e+16), "huge": .double(1.7976931348623157e+308), "between": .double(9007199254740994.0), "exp": .double(6.0221e+23), "negzero": .double(-0.0), "inf": .double(.infinity), "ninf": .double(-.infinity), "nan": .double(.nan), "bool": true, "off": false, "none": .nil], "int: -3\nzero: 0\nbig: 9223372036854775807\nfloat: 1.5\nneg: -0.25\nwhole: 3.0\nsmall: 1.0e-05\ntiny: 5.0e-324\nlarge: 1.0e+16\nhuge: 1.7976931348623157e+308\nbetween: 9007199254740994.0\nexp: 6.0221e+23\nnegzero: -0.0\ninf: .inf\nninf: -.inf\nnan: .nan\nbool: true\n'off': false\nnone: null\n"),
        (["list": [1, "two", [3, [4]], ["k": "v"], [], [:]], "nested": ["inner": ["deep": false]], "empty list": [], "empty map": [:], "list of maps": [["a": 1, "b": 2], ["c": [1, 2]]]], "list:\n- 1\n- two\n- - 3\n  - - 4\n- k: v\n- []\n- {}\nnested:\n  inner:\n    deep: false\nempty list: []\nempty map: {}\nlist of maps:\n- a: 1\n  b: 2\n- c:\n  - 1\n  - 2\n"),
        (.map([MessagePackPair(1, "int key"), MessagePackPair(.double(2.5), "float key"), MessagePackPair(false, "bool key"), MessagePackPair(.nil, "null key"), MessagePackPair("12", "text key")]), "1: int key\n2.5: float key\nfalse: bool key\nnull: null key\n'12': text key\n"),
        (["kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "long key", "multi\nline": "key"], "? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n: long key\n? 'multi\n\n  line'\n: key\n"),
        (["bytes": .binary([104, 101, 108, 108, 111]), "empty bytes": .binary([]), "long bytes": .binary([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99])], "bytes: !!binary |\n  aGVsbG8=\nempty bytes: !!binary \"\"\nlong bytes: !!binary |\n  AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4\n  OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiYw==\n"),
        (["a", "b"], "- a\n- b\n"),
        ([], "[]\n"),
        ([:], "{}\n"),
        ("yes", "'yes'\n"),
        ([[1, 2], [3]], "- - 1\n  - 2\n- - 3\n"),
        (["minion1": ["os": "Debian", "ipv4": ["10.0.0.1", "127.0.0.1"], "num_cpus": 2, "mem_total": 1988, "kernel": "Linux", "saltversion": "3008.5", "path": "/usr/bin:/bin", "shell": "/bin/sh", "osrelease": "12", "osmajorrelease": 12]], "minion1:\n  os: Debian\n  ipv4:\n  - 10.0.0.1\n  - 127.0.0.1\n  num_cpus: 2\n  mem_total: 1988\n  kernel: Linux\n  saltversion: '3008.5'\n  path: /usr/bin:/bin\n  shell: /bin/sh\n  osrelease: '12'\n  osmajorrelease: 12\n"),
    ]
}

private extension MessagePackValue {
    /// For comparing with the tables: NaN is NaN, -0.0 is not 0.0, 1 is not 1.0.
    var exactly: String { String(reflecting: self) }
}
