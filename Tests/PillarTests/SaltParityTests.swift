import MessagePack
import Pillar
import Testing

/// One pillar tree that uses most of what Brine supports, compiled by Brine and, once, by Salt 3008.5
/// (`salt-call --local pillar.items unmask=True` with these files as `pillar_roots` and the grains
/// below set in the minion config): the two pillars are the same, key order included.
@Suite struct SaltParityTests {
    static let files = [
        "top.sls": """
            base:
              '*':
                - common
              'roles:web':
                - match: grain
                - apps.*
              'web* and G@tier:front':
                - front
              'db*':
                - never

            """,
        "common.sls": """
            {% set admins = ['alice', 'bob'] %}
            users:
            {%- for name in admins %}
              {{ name }}:
                index: {{ loop.index }}
                upper: {{ name | upper }}
            {%- endfor %}
            list: [a, b]
            tier: {{ grains.get('tier', 'none') }}
            roles: {{ grains['roles'] | join(',') }}
            count: {{ grains.roles | length }}
            json: '{{ {'b': 1, 'a': [1, 'x']} | json }}'
            yaml: {{ {'b': 1, 'a': [1, 'x']} | yaml }}
            {% if 'db' in grains.roles and not grains.tier == 'back' %}
            dbrole: yes
            {% elif true %}
            dbrole: no
            {% else %}
            dbrole: never
            {% endif %}
            nested: {{ salt['grains.get']('tier', 'x') }}
            dflt: {{ grains.missing | default('fallback') }}

            """,
        "apps/a.sls": "include:\n  - .b\n  - shared: {key: 'deep:er', defaults: {port: 8080}}\nusers:\n  alice: {shell: zsh}\nlist: [c]\n",
        "apps/b.sls": "fromb: {{ opts['id'] }}\n",
        "shared.sls": "port: {{ port | default(80) }}\n",
        "front.sls": "{% import_yaml 'defaults.yaml' as d %}\nfront: {{ d.size }}\n{% include 'snippet.jinja' %}\n",
        "defaults.yaml": "size: {{ 2 }}\n",
        "snippet.jinja": "snippet: {{ grains.tier }}\n",
    ]

    /// What Salt 3008.5 printed (`--out json`), as a value.
    static let salt: MessagePackValue = [
        "users": ["alice": ["index": 1, "upper": "ALICE", "shell": "zsh"], "bob": ["index": 2, "upper": "BOB"]],
        "list": ["c"], "tier": "front", "roles": "web,db", "count": 2, "json": "{\"a\": [1, \"x\"], \"b\": 1}",
        "yaml": ["a": [1, "x"], "b": 1], "dbrole": true, "nested": "front", "dflt": "fallback", "fromb": "web1",
        "deep": ["er": ["port": 8080]], "front": 2, "snippet": "front",
    ]

    @Test func brineCompilesWhatSaltCompiles() throws {
        let grains: MessagePackValue = ["id": "web1", "roles": ["web", "db"], "tier": "front"]
        let compilation = try PillarCompilerTests.compile(Self.files, grains: grains)
        #expect(compilation.problems == [])
        #expect(compilation.pillar == Self.salt)
    }
}
