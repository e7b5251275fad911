#!/usr/bin/env python3
"""sysinfo: a Brine module in Python (see "Writing your own module" in Brine's README).

Put it in the master's salt://_modules/ with sysinfo.yaml beside it, run
`brine '*' saltutil.sync_modules`, then `brine '*' sysinfo.add 2 40` or `brine '*' sysinfo.describe`.

Brine runs `sysinfo.py <action>` with one JSON object on stdin:
{"function", "args", "kwargs", "jid", "grains", "pillar"}, and reads one JSON object from stdout:
{"return": <any JSON>, "retcode": <int, 0 when left out>}.
"""
import json
import os
import sys


def add(a, b):
    return a + b


def describe(request):
    grains = request["grains"]
    return {
        "id": grains.get("id"),
        "os": grains.get("os"),
        "loadavg": list(os.getloadavg()),
        "pillar_keys": sorted(request["pillar"]),
        "jid": request["jid"],
    }


def main():
    request = json.load(sys.stdin)
    action = sys.argv[1]
    args, kwargs = request["args"], request["kwargs"]
    if action == "add":
        answer = {"return": add(*args, **kwargs)}
    elif action == "describe":
        answer = {"return": describe(request)}
    else:
        answer = {"return": "sysinfo has no action %s" % action, "retcode": 1}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
