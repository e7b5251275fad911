#!/usr/bin/env python3
"""Writes vectors.json: msgpack bytes exactly as Salt's Python side packs them.

Salt 3008 packs its wire with ``msgpack.packb(obj, use_bin_type=False)`` (``salt.payload.dumps``),
so text and bytes both go out as msgpack ``str``; datetimes become ext 78. Each case records:

    name          unique name
    opts          the packb keyword arguments used (use_bin_type=False unless said)
    hex           the packed bytes, hex
    expect        the value the Swift decoder must produce (form below)
    encode        "exact": MessagePack.encode(expect) must give exactly `hex`;
                  "decode-only": Python used a form our Salt-wire encoder never emits (see `note`)
    note          why a case is decode-only (optional)

The expected-value form (kept compact so that large cases stay small):

    null                                   nil
    a JSON integer (|v| < 2**53)           int
    a JSON string (printable ASCII only)   str holding those bytes
    {"t":"bool","v":true}                  bool
    {"t":"int","v":"<decimal>"}            int of any size (Int64, or UInt64 above Int64.max)
    {"t":"f64","bits":"<16 hex>"}          float64, exact bit pattern
    {"t":"f32","bits":"<8 hex>"}           float32, exact bit pattern
    {"t":"str","hex":"..."}                str with arbitrary (even non-UTF-8) bytes
    {"t":"bin","hex":"..."}                bin
    {"t":"array","v":[...]}                array
    {"t":"map","v":[[k,v],...]}            map, in wire order
    {"t":"ext","type":n,"hex":"..."}       ext type n

Long str/bin/ext data and long arrays that repeat may instead be given as a cycle:
{"t":"str","cycle":"<hex>","len":n} is the cycle's bytes repeated and cut to n bytes, and
{"t":"array","cycle":[...],"len":n} likewise for elements.

Run it with any python3 that has msgpack (`pip install msgpack`); the Swift tests only read the
JSON it writes. Output is deterministic (seeded random bytes), so re-running gives the same file.
"""

import datetime
import json
import os
import random
import struct
import sys

import msgpack

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "vectors.json")


def salt_default(obj):
    """What salt.payload.dumps passes as `default` (the parts that matter for these cases)."""
    if isinstance(obj, (datetime.datetime, datetime.date)):
        return msgpack.ExtType(78, obj.strftime("%Y%m%dT%H:%M:%S.%f").encode("utf-8"))
    if isinstance(obj, (set, frozenset)):
        return tuple(obj)
    return obj


def printable_ascii(data):
    return all(0x20 <= b < 0x7F for b in data)


def cycle_period(items):
    """The smallest period (up to 256) of a long sequence, so big cases stay small in the JSON."""
    if len(items) <= 1024:
        return None
    for period in range(1, 257):
        if all(items[i] == items[i % period] for i in range(len(items))):
            return period
    return None


def describe_bytes(kind, data):
    period = cycle_period(data)
    if period is not None:
        return {"t": kind, "cycle": data[:period].hex(), "len": len(data)}
    return {"t": kind, "hex": data.hex()}


def describe(obj, bin_type=False, single_float=False):
    """The expected decoded value of `obj` as packed with the given options."""
    if obj is None:
        return None
    if isinstance(obj, bool):
        return {"t": "bool", "v": obj}
    if isinstance(obj, int):
        if -(2**53) < obj < 2**53:
            return obj
        return {"t": "int", "v": str(obj)}
    if isinstance(obj, float):
        if single_float:
            return {"t": "f32", "bits": struct.pack(">f", obj).hex()}
        return {"t": "f64", "bits": struct.pack(">d", obj).hex()}
    if isinstance(obj, str):
        data = obj.encode("utf-8")
        return obj if printable_ascii(data) and len(data) <= 1024 else describe_bytes("str", data)
    if isinstance(obj, (bytes, bytearray, memoryview)):
        data = bytes(obj)
        if bin_type:
            return describe_bytes("bin", data)
        return data.decode("ascii") if printable_ascii(data) and len(data) <= 1024 else describe_bytes("str", data)
    # Before the tuple check: ExtType is a namedtuple. Timestamp is msgpack's own ext -1.
    if isinstance(obj, (msgpack.ExtType, msgpack.Timestamp)):
        code, data = (obj.code, bytes(obj.data)) if isinstance(obj, msgpack.ExtType) else (-1, obj.to_bytes())
        period = cycle_period(data)
        if period is not None:
            return {"t": "ext", "type": code, "cycle": data[:period].hex(), "len": len(data)}
        return {"t": "ext", "type": code, "hex": data.hex()}
    if isinstance(obj, (list, tuple)):
        items = [describe(x, bin_type, single_float) for x in obj]
        period = cycle_period(items)
        if period is not None:
            return {"t": "array", "cycle": items[:period], "len": len(items)}
        return {"t": "array", "v": items}
    if isinstance(obj, dict):
        return {
            "t": "map",
            "v": [[describe(k, bin_type, single_float), describe(v, bin_type, single_float)] for k, v in obj.items()],
        }
    converted = salt_default(obj)
    if converted is obj:
        raise TypeError(f"cannot describe {type(obj)}")
    return describe(converted, bin_type, single_float)


cases = []
names = set()


def case(name, obj, use_bin_type=False, use_single_float=False, encode="exact", note=None):
    assert name not in names, name
    names.add(name)
    kwargs = {"use_bin_type": use_bin_type}
    if use_single_float:
        kwargs["use_single_float"] = True
    packed = msgpack.packb(obj, default=salt_default, **kwargs)
    entry = {
        "name": name,
        "opts": ", ".join(f"{k}={v}" for k, v in kwargs.items()),
        "hex": packed.hex(),
        "expect": describe(obj, use_bin_type, use_single_float),
        "encode": encode,
    }
    if note:
        entry["note"] = note
    cases.append(entry)


# --- nil and bools
case("nil", None)
case("true", True)
case("false", False)

# --- integers at every width boundary
for value in [0, 1, 31, 32, 127, 128, 255, 256, 65535, 65536, 2**32 - 1, 2**32,
              2**53, 2**63 - 1, 2**63, 2**64 - 1]:
    case(f"int {value}", value)
for value in [-1, -31, -32, -33, -127, -128, -129, -255, -32768, -32769,
              -(2**31), -(2**31) - 1, -(2**53), -(2**63)]:
    case(f"int {value}", value)

# --- floats (Python packs float64 unless use_single_float)
for label, value in [("0.0", 0.0), ("-0.0", -0.0), ("1.5", 1.5), ("0.1", 0.1), ("-2.5e-10", -2.5e-10),
                     ("1e308", 1e308), ("min subnormal", 5e-324), ("inf", float("inf")),
                     ("-inf", float("-inf")), ("nan", float("nan")), ("pi", 3.141592653589793)]:
    case(f"float64 {label}", value)
case("float32 1.5 (use_single_float)", 1.5, use_single_float=True)
case("float32 -0.25 (use_single_float)", -0.25, use_single_float=True)

# --- text strings at every length boundary
for length in [0, 1, 31, 32, 255, 256, 65535, 65536]:
    case(f"str len {length}", "".join(chr(0x61 + i % 26) for i in range(length)))
case("str utf8 héllo", "héllo")
case("str utf8 日本", "日本")
case("str utf8 emoji", "salt 🧂 ok 👍🏽")
case("str utf8 40 bytes non-ascii", "é" * 20)
case("str with NUL and controls", "a\x00b\n\t\x7f")

# --- byte strings packed as str (use_bin_type=False), not valid UTF-8
rng = random.Random(3008)
case("bytes as str ff fe 00 80", b"\xff\xfe\x00\x80")
case("bytes as str lone continuation", b"\x80")
case("bytes as str truncated utf8", "日".encode("utf-8")[:2])
case("bytes as str surrogate utf8", b"\xed\xa0\x80")
case("bytes as str overlong nul", b"\xc0\x80")
case("bytes as str 40 random", bytes(rng.randrange(256) for _ in range(40)))
case("bytes as str 300 random", bytes(rng.randrange(256) for _ in range(300)))
case("bytes as str empty", b"")
case("bytearray as str", bytearray(b"\x00\x01\xfe\xff"))

# --- bin (use_bin_type=True, as Salt's IPC and ext 79 payloads do)
for length in [0, 1, 255, 256]:
    case(f"bin len {length}", bytes(rng.randrange(256) for _ in range(length)), use_bin_type=True)
case("bin len 65535", bytes(i % 251 for i in range(65535)), use_bin_type=True)
case("bin len 65536", bytes(i % 256 for i in range(65536)), use_bin_type=True)
case("bin in map (use_bin_type=True)", {"key": b"\x00\xff", "t": "short text"}, use_bin_type=True)
case("str8 text (use_bin_type=True)", "x" * 32, use_bin_type=True, encode="decode-only",
     note="use_bin_type=True packs 32..255-byte text as str8 (0xd9); Salt's wire (use_bin_type=False) "
          "never does, so our encoder emits str16 (0xda) for it")
case("str8 text 255 (use_bin_type=True)", "y" * 255, use_bin_type=True, encode="decode-only",
     note="str8 (0xd9), see above")

# --- arrays
case("array 0", [])
case("array 15", list(range(15)))
case("array 16", list(range(16)))
case("array 65536", [i % 128 for i in range(65536)])
case("tuple as array", (1, "a", None))
case("array mixed", [None, True, False, 0, -1, 1.5, "s", b"\xff", [], {}])

# --- maps (insertion order is wire order)
case("map 0", {})
case("map 15", {f"k{i:02d}": i for i in range(15)})
case("map 16", {f"k{i:02d}": i for i in range(16)})
case("map order not sorted", {"zeta": 1, "alpha": 2, "mid": 3})
case("map int keys", {1: "one", -1: "minus one", 300: "big"})
case("map tuple key", {(1, 2): "pair"})
case("map non-utf8 key", {b"\xff\x00": "v"})

# --- nesting
case("nested", {"a": [1, {"b": [None, True, False, {"c": {}}]}], "d": [[[]]],
                "e": {"f": {"g": {"h": "deep"}}}, "n": -129})
deep = "bottom"
for _ in range(64):
    deep = [deep]
case("nested 64 arrays", deep)

# --- ext
case("datetime ext 78", datetime.datetime(2026, 11, 21, 19, 5, 15, 961226))
case("datetime ext 78 no micros", datetime.datetime(2000, 1, 1, 0, 0, 0))
case("date ext 78", datetime.date(2026, 11, 21))
case("datetime in map", {"_stamp": datetime.datetime(2026, 11, 21, 19, 5, 15, 1), "tag": "salt/job"})
for size in [1, 2, 4, 8, 16]:
    case(f"fixext {size}", msgpack.ExtType(78, bytes(range(size))))
case("ext8 0", msgpack.ExtType(1, b""))
case("ext8 3", msgpack.ExtType(79, b"abc"))
case("ext8 17", msgpack.ExtType(5, bytes(range(17))))
case("ext8 255", msgpack.ExtType(5, bytes(i % 256 for i in range(255))))
case("ext16 256", msgpack.ExtType(5, bytes(i % 256 for i in range(256))))
case("ext32 65536", msgpack.ExtType(5, bytes(i % 256 for i in range(65536))))
case("ext type 0", msgpack.ExtType(0, b"z"))
case("ext type 127", msgpack.ExtType(127, b"zz"))
# ExtType only allows 0..127; msgpack's own Timestamp is how Python emits a negative type (-1).
case("timestamp32 ext -1", msgpack.Timestamp(1_700_000_000, 0))
case("timestamp64 ext -1", msgpack.Timestamp(1_700_000_000, 123_456_789))
case("timestamp96 ext -1", msgpack.Timestamp(-1, 5))

# --- realistic Salt loads
publication = {
    "fun": "test.ping", "arg": [], "tgt": "m1", "jid": "20261121190515961226",
    "ret": "", "tgt_type": "glob", "user": "root", "serial": 1,
}
case("salt publication load", publication)
case("salt return load", {
    "cmd": "_return", "id": "m1", "success": True, "return": True, "retcode": 0,
    "jid": "20261121190515961226", "fun": "test.arg",
    "fun_args": ["pos", {"__kwarg__": True, "a": 1, "b": [1.5, None], "c": "日本"}],
    "_stamp": datetime.datetime(2026, 11, 21, 19, 5, 16, 123456),
})
case("salt clear envelope", {"enc": "clear", "load": {"cmd": "_auth", "id": "m1", "pub": "-----BEGIN PUBLIC KEY-----\n" + "A" * 300 + "\n-----END PUBLIC KEY-----\n"}})
case("salt aes envelope", {"enc": "aes", "load": bytes(rng.randrange(256) for _ in range(96)), "sig": bytes(rng.randrange(256) for _ in range(256))})

# Cross-check against Salt itself when its code is importable: our salt_default must match dumps().
try:
    import salt.payload  # noqa: E402
except Exception:  # pragma: no cover - salt is optional
    salt = None
if salt is not None:
    for obj in [publication, datetime.datetime(2026, 11, 21, 19, 5, 15, 961226), datetime.date(2026, 11, 21)]:
        assert salt.payload.dumps(obj) == msgpack.packb(obj, default=salt_default, use_bin_type=False)
    print("cross-checked against salt.payload.dumps", file=sys.stderr)

with open(OUT, "w", encoding="utf-8") as handle:
    handle.write("[\n")
    for index, entry in enumerate(cases):
        handle.write(json.dumps(entry, ensure_ascii=True, separators=(",", ":")))
        handle.write(",\n" if index + 1 < len(cases) else "\n")
    handle.write("]\n")
print(f"wrote {len(cases)} cases to {OUT} (msgpack {'.'.join(map(str, msgpack.version))})", file=sys.stderr)
