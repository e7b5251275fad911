import MessagePack
import Pillar
import Testing

/// The Jinja subset: what renders, and what is refused with the file and line.
@Suite struct TemplateTests {
    static let grains: MessagePackValue = [
        "id": "web1", "os": "Debian", "roles": ["web", "db"], "mem_total": 2048, "app": ["tier": "front"],
    ]

    static func render(
        _ source: String, pillar: MessagePackValue = ["role": "web"], files: [String: String] = [:],
        limits: TemplateLimits = TemplateLimits()
    ) throws -> String {
        let renderer = TemplateRenderer(
            context: TemplateContext(grains: grains, pillar: pillar, options: ["id": "web1"]), limits: limits
        ) { name in files[name].map { TemplateSource(text: $0, file: "/srv/pillar/" + name) } }
        return try renderer.render(source, file: "/srv/pillar/t.sls")
    }

    static func refusal(_ source: String, files: [String: String] = [:], limits: TemplateLimits = TemplateLimits()) -> TemplateError? {
        do {
            _ = try render(source, files: files, limits: limits)
            return nil
        } catch let error as TemplateError {
            return error
        } catch {
            return nil
        }
    }

    @Test(arguments: [
        ("{{ grains['os'] }}", "Debian"),
        ("{{ grains.os }}", "Debian"),
        ("{{ grains.app.tier }}", "front"),
        ("{{ grains['roles'][1] }}", "db"),
        ("{{ pillar.get('role', 'none') }}", "web"),
        ("{{ pillar.get('missing', 'none') }}", "none"),
        ("{{ grains.get('missing') }}", "None"),
        ("{{ salt['grains.get']('app:tier') }}", "front"),
        ("{{ salt['grains.get']('nope', 'x') }}", "x"),
        ("{{ salt['grains.get']('nope') }}", ""),
        ("{{ salt['pillar.get']('role') }}", "web"),
        ("{{ opts['id'] }}", "web1"),
    ])
    func expressions(source: String, expected: String) throws {
        #expect(try Self.render(source) == expected)
    }

    @Test(arguments: [
        ("{{ [1, 'two', True, None] }}", "[1, 'two', True, None]"),
        ("{{ {'a': 1.5} }}", "{'a': 1.5}"),
        ("{{ -3 }}", "-3"),
        ("{{ 1 == 1.0 }}", "True"),
        ("{{ grains.mem_total > 1024 and grains.os == 'Debian' }}", "True"),
        ("{{ not grains.os == 'Debian' or 'web' in grains.roles }}", "True"),
        ("{{ 'x' not in grains.roles }}", "True"),
        ("{{ 'os' in grains }}", "True"),
        ("{{ 'eb' in 'web' }}", "True"),
        ("{{ 2 <= 1 }}", "False"),
        ("{{ grains.nothing is defined }}", "False"),
        ("{{ grains.os is not none }}", "True"),
        ("{{ grains.nothing | default('d') }}", "d"),
        ("{{ '' | default('d', true) }}", "d"),
        ("{{ grains.os | lower }}", "debian"),
        ("{{ grains.os | upper }}", "DEBIAN"),
        ("{{ grains.os.lower() }}", "debian"),
        ("{{ grains.roles | join(', ') }}", "web, db"),
        ("{{ grains.roles | length }}", "2"),
        ("{{ {'b': 1, 'a': [1, 'x']} | json }}", "{\"a\": [1, \"x\"], \"b\": 1}"),
        ("{{ {'b': 1, 'a': [1, 'x']} | yaml }}", "{a: [1, x], b: 1}"),
        ("{{ 'yes' | yaml }}", "'yes'"),
    ])
    func operatorsAndFilters(source: String, expected: String) throws {
        #expect(try Self.render(source) == expected)
    }

    @Test func branches() throws {
        let source = """
            {% if grains.os == 'Ubuntu' %}u{% elif grains.os == 'Debian' %}d{% else %}o{% endif %}
            {%- if false %}never{% endif %}
            """
        #expect(try Self.render(source) == "d")
    }

    @Test func loopsAndSet() throws {
        let source = """
            {% set prefix = 'r-' %}
            {%- for role in grains.roles %}{{ loop.index }}{{ prefix }}{{ role }}{% if not loop.last %},{% endif %}{% endfor %}
            {% for k, v in {'a': 1, 'b': 2}.items() -%}
            {{ k }}={{ v }};
            {%- endfor %}
            {% for k in grains.app %}{{ k }}{% endfor %}
            """
        #expect(try Self.render(source) == "1r-web,2r-db\na=1;b=2;\ntier")
    }

    @Test func whitespaceControl() throws {
        #expect(try Self.render("a:\n  {%- if true %}\n  b{% endif -%}\n\n") == "a:\n  b")
        #expect(try Self.render("x {# a comment #}y") == "x y")
    }

    @Test func setInsideLoopStaysInside() throws {
        #expect(try Self.render("{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{% endfor %}{{ x }}") == "1")
        // Each iteration starts from the outer scope, as in Jinja: Salt's renderer prints 5111 here.
        #expect(try Self.render("{% set x = 1 %}{% for i in [1, 2, 3] %}{% if loop.first %}{% set x = 5 %}{% endif %}{{ x }}{% endfor %}{{ x }}") == "5111")
    }

    @Test func includeAndImportYAML() throws {
        let files = [
            "common.jinja": "os: {{ grains.os }}{% set hidden = 1 %}",
            "defaults.yaml": "port: 80\nname: {{ grains.id }}\n",
        ]
        #expect(try Self.render("{% include 'common.jinja' %}", files: files) == "os: Debian")
        #expect(try Self.render("{% import_yaml 'defaults.yaml' as d %}{{ d.port }} {{ d['name'] }}", files: files) == "80 web1")
    }

    @Test(arguments: [
        ("a\n{{ grains.os | replace('a', 'b') }}", "the filter 'replace' is not supported", 2),
        ("{% macro m() %}{% endmacro %}", "the tag '{% macro %}' is not supported", 1),
        ("\n\n{% for x in [1] %}", "'for' is not closed with 'endfor'", 3),
        ("{{ 1 + 2 }}", "the operator '+' is not supported", 1),
        ("{{ x if y else z }}", "the inline 'if … else' expression is not supported", 1),
        ("{{ salt['cmd.run']('id') }}", "salt['cmd.run'] is not available in pillar templates (only grains.get and pillar.get)", 1),
        ("x\n{{ grains.nothing }}", "Jinja variable 'dict object' has no attribute 'nothing'", 2),
        ("{{ nothing }}", "Jinja variable 'nothing' is undefined", 1),
        ("{% if nothing %}{% endif %}", "Jinja variable 'nothing' is undefined", 1),
        ("{% endif %}", "'endif' without a matching opening tag", 1),
        ("{{ grains.os", "a '{{' is not closed with '}}'", 1),
        ("{% include 'missing.sls' %}", "the template 'missing.sls' was not found", 1),
        ("{{ grains.roles|join(sep=',') }}", "keyword arguments ('sep=') are not supported", 1),
        ("{{ grains.os.split() }}", "the method 'split' is not supported", 1),
        ("{% set x %}a{% endset %}", "block 'set … endset' is not supported", 1),
    ])
    func refusals(source: String, message: String, line: Int) {
        let error = Self.refusal(source)
        #expect(error == TemplateError(message, file: "/srv/pillar/t.sls", line: line))
    }

    @Test func errorsNameTheIncludedFile() {
        let error = Self.refusal("{% include 'bad.jinja' %}", files: ["bad.jinja": "\n{{ oops }}"])
        #expect(error?.description == "/srv/pillar/bad.jinja, line 2: Jinja variable 'oops' is undefined")
    }

    @Test func costIsBounded() {
        let loops = "{% for a in range %}{% endfor %}"
        #expect(Self.refusal(loops)?.message == "Jinja variable 'range' is undefined")
        let nested = "{% for a in [1,2,3,4,5,6,7,8,9,10] %}{% for b in [1,2,3,4,5,6,7,8,9,10] %}x{% endfor %}{% endfor %}"
        #expect(Self.refusal(nested, limits: TemplateLimits(maxIterations: 50))?.message == "the loops ran more than 50 times")
        #expect(Self.refusal(nested, limits: TemplateLimits(maxOutputBytes: 20))?.message == "the output exceeds 20 bytes")
        let brackets = "{{ " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " }}"
        #expect(Self.refusal(brackets)?.message == "the expression nests deeper than 64 levels")
        #expect(Self.refusal("{{ " + String(repeating: "not ", count: 10_000) + "1 }}")?.message == "the expression nests deeper than 64 levels")
        let blocks = String(repeating: "{% if true %}", count: 10_000) + String(repeating: "{% endif %}", count: 10_000)
        #expect(Self.refusal(blocks)?.message == "blocks nest deeper than 64 levels")
        let recursive = Self.refusal("{% include 'self' %}", files: ["self": "{% include 'self' %}"], limits: TemplateLimits(maxIncludeDepth: 4))
        #expect(recursive?.message == "includes nest deeper than 4 levels (at 'self')")
    }

    /// A value a template builds is bounded too, so a few lines cannot double one 40 times (a list of
    /// itself twice, or a string escaped by `json` again and again) without printing it.
    @Test func builtValuesAreBounded() {
        let limits = TemplateLimits(maxOutputBytes: 1000)
        let doubled = "{% set x = ['abcdefgh'] %}" + String(repeating: "{% set x = [x, x] %}", count: 40) + "{{ x|length }}"
        #expect(Self.refusal(doubled, limits: limits)?.message == "a value built here exceeds 1000 bytes, the bound of one rendering")
        let mapped = "{% set x = {'k': 'abcdefgh'} %}" + String(repeating: "{% set x = {'a': x, 'b': x} %}", count: 40) + "{{ x|length }}"
        #expect(Self.refusal(mapped, limits: limits)?.message == "a value built here exceeds 1000 bytes, the bound of one rendering")
        let escaped = "{% set s = 'say \"hi\"' %}" + String(repeating: "{% set s = s|json %}", count: 40) + "{{ s|length }}"
        #expect(Self.refusal(escaped, limits: limits)?.message == "a value built here exceeds 1000 bytes, the bound of one rendering")
        let joined = "{% set s = 'abcdefgh' %}" + String(repeating: "{% set s = [s, s]|join %}", count: 40) + "{{ s|length }}"
        #expect(Self.refusal(joined, limits: limits)?.message == "a value built here exceeds 1000 bytes, the bound of one rendering")
        #expect((try? Self.render("{% set x = [grains, grains] %}{{ x|length }}", limits: limits)) == "2", "what stays small renders")
    }
}
