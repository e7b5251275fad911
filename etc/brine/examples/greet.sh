#!/bin/sh
# greet: a Brine module in POSIX shell (see "Writing your own module" in Brine's README).
#
# Put it in the master's salt://_modules/ with greet.yaml beside it, run
# `brine '*' saltutil.sync_modules`, then `brine '*' greet.hello Ada loud=True`.
#
# Brine runs `greet.sh <action>` with one JSON object on stdin, on one line as Python's json.dumps
# writes it: {"function": "greet.hello", "args": ["Ada", true], "kwargs": {}, "jid": "...",
# "grains": {...}, "pillar": {...}}. greet.yaml declares hello's arguments, so they come checked,
# typed and in order (defaults filled in). The module prints one JSON object:
# {"return": <any JSON>, "retcode": <int, 0 when left out>}.
request=$(cat)
who=$(printf '%s' "$request" | sed -n 's/.*"args": \["\([^"\\]*\)".*/\1/p')
loud=$(printf '%s' "$request" | sed -n 's/.*"args": \["[^"\\]*", \(true\|false\)\].*/\1/p')

case "$1" in
hello)
    greeting="Hello, ${who:-world}!"
    if [ "$loud" = true ]; then
        greeting=$(printf '%s' "$greeting" | tr '[:lower:]' '[:upper:]')
    fi
    printf '{"return": "%s"}\n' "$greeting"
    ;;
fail)
    printf '{"return": "greet.fail fails on purpose", "retcode": 2}\n'
    ;;
*)
    printf '{"return": "greet has no action %s", "retcode": 1}\n' "$1"
    ;;
esac
