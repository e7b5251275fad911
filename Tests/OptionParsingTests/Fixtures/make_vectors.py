#!/usr/bin/env python3
"""Writes optparse.json: what Python's optparse (as Salt's tools configure it: interspersed arguments)
makes of command lines, for the parser declared in OptionParsingTests.swift, and its --help text.

    python3 make_vectors.py > optparse.json
"""
import contextlib
import io
import json
import optparse
import os

os.environ["COLUMNS"] = "80"


class Refused(Exception):
    pass


class Parser(optparse.OptionParser):
    def error(self, msg):
        raise Refused(msg)

    def exit(self, status=0, msg=None):
        raise SystemExit(status)


def parser():
    p = Parser(prog="tool", usage="%prog [options] '<target>' <function> [arguments]", version="%prog 1.0",
               description="Runs a function on the minions a target names, and prints each return as it comes in.",
               epilog="Options may stand anywhere; '--' ends them.")
    p.add_option("-V", "--versions-report", action="store_true", help="Print the versions of everything, then exit.")
    p.add_option("-c", "--config-dir", help="The directory holding the config file.")
    p.add_option("-t", "--timeout", type=int, help="Seconds to wait for returns before asking the silent minions again.")
    p.add_option("-s", "--static", action="store_true", help="Print all the returns together.")
    p.add_option("-v", "--verbose", action="store_true", help="Print the jid first.")
    p.add_option("--hide-timeout", dest="show_timeout", action="store_false", help="Accepted, and changes nothing.")
    p.add_option("--batch-wait", type=float, help="Seconds between batches.")
    p.add_option("-m", "--module-dirs", action="append", help="More module directories; give it more than once.")
    target = optparse.OptionGroup(p, "Target Options", "How the target is read; a glob on minion ids when none is given.")
    target.add_option("-E", "--pcre", action="store_true", help="The target is a regular expression.")
    target.add_option("-L", "--list", action="store_true", help="The target is a list of minion ids.")
    p.add_option_group(target)
    output = optparse.OptionGroup(p, "Output Options", "How the results are printed.")
    output.add_option("--out", "--output", dest="output", help="Print the results with this outputter.")
    output.add_option("--out-indent", "--output-indent", dest="output_indent", type=int, help="Indent by this many spaces.")
    output.add_option("--out-file", "--output-file", dest="output_file", help="Write the results to this file.")
    output.add_option("--out-file-append", "--output-file-append", dest="output_file_append", action="store_true",
                      help="Add to the end of the file.")
    p.add_option_group(output)
    logging = optparse.OptionGroup(p, "Logging Options")
    logging.add_option("-l", "--log-level", choices=["all", "debug", "quiet", "warning"], help="The level of messages.")
    p.add_option_group(logging)
    return p


ARGV = [
    ["*", "test.ping"],
    ["*", "test.ping", "--out", "json"],
    ["*", "test.ping", "--out=json"],
    ["--out", "json", "*", "test.ping"],
    ["*", "--out", "json", "test.ping"],
    ["m1", "cmd.run", "echo a", "-t", "3"],
    ["m1", "cmd.run", "-t3", "echo a"],
    ["m1", "test.ping", "-st3"],
    ["m1", "test.ping", "-vs"],
    ["m1", "test.ping", "--"],
    ["m1", "test.echo", "--", "-1", "--out", "json"],
    ["--", "-L", "m1"],
    ["m1", "test.echo", "-"],
    ["m1", "test.echo", "-1"],
    ["m1", "cmd.run", "ls", "-l"],
    ["m1", "cmd.run", "ls", "-l", "debug"],
    ["m1", "cmd.run", "ls", "-l", "foo"],
    ["--nosuch"],
    ["--nosuch=1", "x"],
    ["--ou", "json", "x"],
    ["--out-ind", "2", "x"],
    ["--out-f", "x"],
    ["--out-file-a", "x"],
    ["--verb", "x"],
    ["--verbose=yes", "x"],
    ["-t"],
    ["--timeout"],
    ["-t", "abc"],
    ["-t", "1.5"],
    ["-t", "010"],
    ["-t", "08"],
    ["-t", "0x1f"],
    ["-t", "0b101"],
    ["-t", "-5"],
    ["-t", " 7 "],
    ["-t", "1_000"],
    ["--timeout=", "x"],
    ["--batch-wait", "1.5"],
    ["--batch-wait", "1e3"],
    ["--batch-wait", "-2.5e-1"],
    ["--batch-wait", "x"],
    ["-m", "a", "--module-dirs=b", "-mc"],
    ["-E", "-L", "x", "y"],
    ["--hide-timeout", "x"],
    ["-c", "/etc/x", "-c/etc/y"],
    ["--config-dir", "--out", "x"],
    ["-x"],
    ["-vx"],
    ["--out", "json", "--out", "yaml", "x"],
    ["-V", "--nosuch"],
    ["x", "-l", "quiet", "y"],
]


def run(argv):
    p = parser()
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            options, args = p.parse_args(argv)
    except Refused as refused:
        return {"argv": argv, "error": str(refused)}
    except SystemExit:
        return {"argv": argv, "stopped": out.getvalue()}
    given = {key: value for key, value in vars(options).items() if value is not None}
    return {"argv": argv, "options": given, "args": args}


print(json.dumps({
    "cases": [run(argv) for argv in ARGV + [["--version"], ["-h"], ["x", "--help", "--nosuch"]]],
    "help": parser().format_help(),
}, indent=1, ensure_ascii=False))
