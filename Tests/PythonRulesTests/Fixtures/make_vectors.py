#!/usr/bin/env python3
"""Writes the vectors PythonRules is checked against: what Python answers, for the rules Salt inherits.

    glob.json       fnmatch.fnmatch(name, pattern) for every pattern against every name (on POSIX,
                    fnmatch.fnmatch and fnmatch.fnmatchcase agree; both are checked here)
    repr.json       msgpack bytes as they come off Salt's wire, loaded by salt.payload.loads, then
                    repr() and str() of the result, and its splitlines() when it is a str:
                    {"name", "hex", "repr", "str", "lines"}
    base64.json     "encode": bytes -> b64encode and encodebytes;
                    "decode": text -> decodebytes (lenient: skips junk, stops at padding) and the
                    strict reading crypto wants (ASCII whitespace dropped, then
                    a2b_base64(strict_mode=True)); null where Python raises
    ipaddress.json  "address": text -> ip_address: canonical str, version, is_private, is_loopback;
                    "network": text -> ip_network(strict=True) and ip_network(strict=False);
                    "contains": ip_address(a) in ip_network(n, strict=False); null where Python raises

Run it with the Python of the venv `scripts/salt-venv` makes (it has salt 3008.5 and msgpack):

    "$(scripts/salt-venv)/bin/python" Tests/PythonRulesTests/Fixtures/make_vectors.py

Output is deterministic (seeded random values), so re-running gives the same files. The repr of a
non-printable character depends on Python's Unicode database, so the code points below are ones whose
category has not changed between Unicode 14 (Python 3.11) and the newer tables Swift ships.
"""

import base64
import binascii
import datetime
import fnmatch
import ipaddress
import json
import os
import random
import struct
import sys
import unicodedata

import msgpack
import salt.defaults
import salt.payload

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, entries):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("[\n")
        for index, entry in enumerate(entries):
            handle.write(json.dumps(entry, ensure_ascii=True, separators=(",", ":")))
            handle.write(",\n" if index + 1 < len(entries) else "\n")
        handle.write("]\n")
    print(f"wrote {len(entries)} vectors to {path}", file=sys.stderr)


# --- glob -----------------------------------------------------------------------------------------

PATTERNS = [
    "*", "?", "??", "a*", "*a", "a?c", "[a-c]", "[!a]", "[^a]", "\\*", "\\?", "[]]", "[!]]", "[]a]", "[!]a]",
    "[", "a[", "[a", "[!", "[]", "[!]", "a[]", "[[]", "[\\]", "[a-]", "[-a]", "[--0]", "[a-c-e]", "[z-a]",
    "[!z-a]", "[b-a-c]", "[[:alpha:]]", "[&&a]", "[~|]", "[é-ü]", "é?", "*.*", "sys.list_*", "sys.*",
    "cmd.run*", "*.run", "test.p?ng", "[!a-c]x", "?*?", "**", "a**b", "*a*a*a*b", "[a-c]*[!x]", "[*]", "[?]",
    "a\\b", "web[0-9]", "web[!0-9]*", "\n", "*\n*",
]

NAMES = [
    "", "a", "b", "c", "d", "e", "x", "z", "A", "0", "^", "!", "]", "[", "\\", "*", "?", "-", "&", "~", "|", ":",
    "ab", "abc", "ac", "ba", "ax", "dx", "a]", "[a", "]a", "\\*", "a\\b", "a-b", "aab", "aaab", "é", "ü", "éa",
    "\n", "a\nb", "sys.list_functions", "sys.list_modules", "sys.doc", "sysctl.get", "cmd.run", "cmd.run_all",
    "test.ping", "test.pong", "web1", "web12", "webx", "web-a",
]


def glob_vectors():
    entries = []
    for pattern in PATTERNS:
        for name in NAMES:
            result = fnmatch.fnmatch(name, pattern)
            assert result == fnmatch.fnmatchcase(name, pattern), (pattern, name)
            entries.append({"pattern": pattern, "name": name, "matches": result})
    return entries


# --- repr -----------------------------------------------------------------------------------------

def salt_dumps(obj):
    return salt.payload.dumps(obj)


def packed_bin(data):
    """A msgpack bin (what use_bin_type=True packs bytes as), which Salt's wire also carries."""
    return msgpack.packb(data, use_bin_type=True)


def packed_f32(value):
    return b"\xca" + struct.pack(">f", value)


def packed_str(data):
    """A msgpack str holding arbitrary (maybe not UTF-8) bytes, as use_bin_type=False packs bytes."""
    return msgpack.packb(data, use_bin_type=False)


def packed_ext(code, data):
    return msgpack.packb(msgpack.ExtType(code, data))


CODE_POINTS = [
    0x00, 0x01, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x85, 0x9F, 0xA0,
    0xA1, 0xAD, 0xE9, 0xFF, 0x100, 0x301, 0x378, 0x5D0, 0x600, 0x61C, 0x1680, 0x180E, 0x2000, 0x200B, 0x200D,
    0x2028, 0x2029, 0x202F, 0x205F, 0x2060, 0x3000, 0x3042, 0xD7FF, 0xE000, 0xF8FF, 0xFDD0, 0xFEFF, 0xFFFD,
    0xFFFE, 0xFFFF, 0x1F600, 0x1F9C2, 0x1D173, 0xE0001, 0xE007F, 0xF0000, 0x10FFFD, 0x10FFFF,
]


def repr_cases():
    cases = []

    def case(name, packed):
        value = salt.payload.loads(packed)
        lines = value.splitlines() if isinstance(value, str) else None
        cases.append({"name": name, "hex": packed.hex(), "repr": repr(value), "str": str(value), "lines": lines})

    for text in ["", "a", "salt", "it's", 'say "hi"', "both ' and \"", "back\\slash", "tab\there", "line\nbreak",
                 "cr\rlf", "héllo", "日本", "🧂", "mixed 'é' \x00 \u2028 \U0001F600", "'", '"', "\\", "\\'"]:
        case(f"str {text!r}", salt_dumps(text))
    for point in CODE_POINTS:
        character = chr(point)
        case(f"code point U+{point:04X} ({unicodedata.category(character)})", salt_dumps(f"<{character}>"))
    for data in [b"\xff", b"abc\xff", b"it's\xff", b"\"\xff", b"'\"\xff", b"\x00\n\r\t\\\x7f\xff", b"\xc3",
                 b"\xed\xa0\x80", b"\xc0\x80", b"\xf4\x90\x80\x80", b"\x80" * 3, bytes(range(0x80, 0x100))]:
        case(f"undecodable str {data.hex()}", packed_str(data))
    for data in [b"", b"abc", "日本".encode(), b"\xff\x00", b"it's \xff"]:
        case(f"bin {data.hex()}", packed_bin(data))
    for number in [0, 1, -1, 127, -32, 255, 65536, 2**31, -(2**31) - 1, 2**63 - 1, -(2**63), 2**64 - 1]:
        case(f"int {number}", salt_dumps(number))
    case("true", salt_dumps(True))
    case("false", salt_dumps(False))
    case("none", salt_dumps(None))
    floats = [0.0, -0.0, 1.0, -1.5, 0.1, 1 / 3, 2 / 3, 100.0, 1e15, 1e16, 9999999999999998.0, 123456789012345678.0,
              1e22, 1e-4, 1e-5, 0.00012345, 2.5e-7, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
              float("inf"), float("-inf"), float("nan"), 1234.5678, 3.14159, 1e100, 12345678901234567890.0]
    rng = random.Random(11)
    floats += [struct.unpack(">d", struct.pack(">Q", rng.getrandbits(64)))[0] for _ in range(40)]
    floats += [rng.uniform(-1e6, 1e6) for _ in range(20)]
    for index, number in enumerate(floats):
        case(f"float64 #{index} {number!r}", salt_dumps(number))
    for index, number in enumerate([0.1, 1.5, -2.75, 3.4028234663852886e38, 1e-45, 16777217.0, float("inf")]):
        case(f"float32 #{index} {number!r}", packed_f32(number))
    case("list", salt_dumps([1, "a", None, True, 1.5, [], {}]))
    case("nested", salt_dumps({"a": [1, {"b": "it's"}], "c": {"d": None}}))
    case("dict keys", salt_dumps({1: "one", "two": 2, 3.5: [], True: False}))
    case("empty list", salt_dumps([]))
    case("empty dict", salt_dumps({}))
    case("list of odd text", salt_dumps(["\n", "\x00", "é", "'", '"', "\u2028"]))
    case("dict with undecodable key", b"\x81" + packed_str(b"\xff") + packed_str(b"\xfe"))
    case("list with undecodable member", b"\x92" + packed_str(b"ok") + packed_str(b"\xff'"))
    case("datetime", salt_dumps(datetime.datetime(2026, 11, 21, 19, 5, 16, 123456)))
    case("datetime whole second", salt_dumps(datetime.datetime(2026, 11, 21, 19, 5, 16)))
    case("datetime whole minute", salt_dumps(datetime.datetime(2026, 1, 2, 3, 4)))
    case("datetime midnight", salt_dumps(datetime.datetime(2024, 2, 29)))
    case("date", salt_dumps(datetime.date(2026, 11, 21)))
    case("datetime in a list", salt_dumps([datetime.datetime(2026, 11, 21, 0, 0, 1, 5)]))
    case("datetime short fraction", packed_ext(78, b"20261121T19:05:16.5"))
    case("constant", salt_dumps(salt.defaults.NOT_SET))
    case("constant with value", salt_dumps(salt.defaults._Constant("LIMIT", 5)))
    case("constant with text", salt_dumps([salt.defaults._Constant("NAME", "it's")]))
    case("ext other text", packed_ext(5, b"abc"))
    case("ext other bytes", packed_ext(100, b"\xff\x01"))
    return cases


# --- base64 ---------------------------------------------------------------------------------------

def optional_hex(function, argument):
    try:
        return function(argument).hex()
    except (binascii.Error, ValueError):
        return None


def strict_reading(text):
    data = text.encode("ascii")
    for space in b" \t\n\r":
        data = data.replace(bytes([space]), b"")
    return binascii.a2b_base64(data, strict_mode=True)


def base64_vectors():
    rng = random.Random(64)
    encode = []
    for length in list(range(0, 12)) + [56, 57, 58, 59, 60, 113, 114, 115, 200]:
        data = bytes(rng.randrange(256) for _ in range(length))
        encode.append({
            "hex": data.hex(),
            "b64encode": base64.b64encode(data).decode("ascii"),
            "encodebytes": base64.encodebytes(data).decode("ascii"),
        })
    texts = ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYmFy", "Zm9v\nYmFy\n", "Zm9v\r\nYmFy", " Zm8= ", "Zm9", "Zm8", "Z",
             "Zm9vY", "Zg", "Zg=", "Zg===", "Zm8==", "=Zm8", "Zm=8", "Zm8=Zm8=", "Zm9v!!", "Zm9v YmFy", "Zh==",
             "Zm9=", "Zm9v=", "Zm9v==", "Z===", "Zm\t9v", "-_-_", "Zm9v\x00", "////", "++++", "YW Jj ZA==",
             base64.encodebytes(bytes(range(100))).decode("ascii")]
    decode = [{"text": text, "decodebytes": optional_hex(lambda t: base64.decodebytes(t.encode("ascii")), text),
               "strict": optional_hex(strict_reading, text)} for text in texts]
    return {"encode": encode, "decode": decode}


# --- ipaddress ------------------------------------------------------------------------------------

def attempt(function):
    try:
        return function()
    except ValueError:
        return None


def ip_vectors():
    addresses = [
        "10.1.2.3", "0.0.0.0", "255.255.255.255", "127.0.0.1", "127.255.0.1", "8.8.8.8", "172.16.0.1", "172.32.0.1",
        "192.168.1.1", "169.254.1.1", "100.64.0.1", "192.0.0.8", "192.0.0.170", "198.18.0.1", "240.0.0.1",
        "010.1.2.3", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", " 1.2.3.4", "1.2.3.4 ", "1.2.3.04", "1.2.3.0",
        "1..3.4", "", "banana", "0x1.2.3.4", "١.٢.٣.٤", "::", "::1", "::2", "1::", "2001:db8::1", "2001:DB8::1",
        "2001:db8:0:0:0:0:0:1", "2001:db8:0:0:1:0:0:1", "2001:0db8:0000:0000:0000:0000:0000:0001", "1:0:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1::2::3", ":::", "1:::2",
        ":1::2", "1::2:", "12345::", "g::", "::ffff:10.1.2.3", "::ffff:1.2.3.4", "::1.2.3.4", "64:ff9b::1.2.3.4",
        "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "::ffff:1.2.3", "::ffff:01.2.3.4", "fe80::1%eth0",
        "fe80::1%", "fe80::1%a%b", "10.0.0.1%eth0", "fc00::1", "fe80::1", "fec0::1", "ff02::1", "2001::1",
        "2001:2::1", "2001:10::1", "100::1", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1", "1:0:0:2:0:0:0:3",
        "1:0:0:2:0:0:3:4", "0:0:1:0:0:0:0:0",
    ]
    address_entries = []
    for text in addresses:
        parsed = attempt(lambda: ipaddress.ip_address(text))
        address_entries.append({
            "text": text,
            "str": None if parsed is None else str(parsed),
            "version": None if parsed is None else parsed.version,
            "private": None if parsed is None else parsed.is_private,
            "loopback": None if parsed is None else parsed.is_loopback,
        })
    networks = [
        "10.0.0.0/8", "10.1.2.3/8", "10.1.2.3/32", "10.1.2.3", "10.1.2.0/24", "10.1.2.0/0.0.0.255",
        "10.0.0.0/255.0.0.0", "10.0.0.0/255.0.255.0", "10.0.0.0/0.0.0.0", "0.0.0.0/0", "10.1.2.0/33", "10.1.2.0/",
        "10.1.2.0/08", "10.1.2.0/+8", "10.1.2.0/ 8", "10.1.2.0/8/8", "10.0.0.0/255.255.255.255", "1.2.3.4/31",
        "2001:db8::/32", "2001:db8::1/32", "2001:db8::1/128", "2001:db8::/ab", "2001:db8::/255.0.0.0", "::/0",
        "::1/128", "2001:db8::16/127", "2001:db8::17/127", "fe80::/10", "fe80::1%eth0/64", "fe80::%eth0/64",
        "::ffff:10.1.2.3/120", "banana/8", "/8", "2001:zz8::/32", "2001:db8::/129",
    ]
    network_entries = []
    for text in networks:
        strict = attempt(lambda: ipaddress.ip_network(text, strict=True))
        loose = attempt(lambda: ipaddress.ip_network(text, strict=False))
        network_entries.append({
            "text": text,
            "strict": None if strict is None else str(strict),
            "loose": None if loose is None else str(loose),
        })
    pairs = [
        ("10.1.2.3", "10.0.0.0/8"), ("10.1.2.3", "10.1.2.3/8"), ("11.0.0.1", "10.1.2.3/8"), ("10.1.2.3", "10.1.2.0/24"),
        ("10.1.3.3", "10.1.2.0/24"), ("10.1.2.3", "0.0.0.0/0"), ("10.1.2.3", "::/0"), ("::ffff:10.1.2.3", "10.0.0.0/8"),
        ("::ffff:10.1.2.3", "::ffff:10.0.0.0/104"), ("2001:db8::17", "2001:db8::/32"), ("2001:db9::1", "2001:db8::/32"),
        ("2001:db8::17", "2001:db8::16/127"), ("fe80::1%eth0", "fe80::/10"), ("fe80::1", "fe80::1%eth0/128"),
        ("192.168.1.7", "192.168.1.0/255.255.255.0"), ("192.168.2.7", "192.168.1.0/0.0.0.255"), ("1.2.3.4", "1.2.3.4"),
    ]
    contains = []
    for address, network in pairs:
        contains.append({"address": address, "network": network,
                         "contains": ipaddress.ip_address(address) in ipaddress.ip_network(network, strict=False)})
    return {"address": address_entries, "network": network_entries, "contains": contains}


def write_object(name, value):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=True, indent=1)
        handle.write("\n")
    print(f"wrote {path}", file=sys.stderr)


write("glob.json", glob_vectors())
write("repr.json", repr_cases())
write_object("base64.json", base64_vectors())
write_object("ipaddress.json", ip_vectors())
print(f"python {sys.version.split()[0]}, unicode {unicodedata.unidata_version}, msgpack "
      f"{'.'.join(map(str, msgpack.version))}", file=sys.stderr)
