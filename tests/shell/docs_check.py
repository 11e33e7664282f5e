#!/usr/bin/env python3
"""The Dutch quick start (docs/nl/README.md) shows what kring prints: its
tour is run as written, in Dutch, on a new database, and each block of
output it shows must be exactly what the command before it printed.
Usage: docs_check.py KRING"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

KRING = os.path.abspath(sys.argv[1])
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests"))
from checks import check, finish  # noqa: E402


def blocks(text):
    """The fenced blocks in order, as (language, body)."""
    return re.findall(r"```(\w*)\n(.*?)```", text, re.S)


def commands(body):
    """The kring commands of a sh block, continuation lines joined, comments
    dropped."""
    out = []
    for line in body.replace("\\\n", " ").splitlines():
        line = line.split("  #")[0].strip()
        if line.startswith("kring "):
            out.append(shlex.split(line)[1:])
    return out


def main():
    text = open(os.path.join(TOP, "docs", "nl", "README.md"), encoding="utf-8").read()
    tour = text[text.index("## Een korte rondleiding"):text.index("### De netwerkkaart")]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, KRING_DB=os.path.join(tmp, "k.db"),
                   LANG="nl_NL.UTF-8", LC_ALL="", LANGUAGE="", NO_COLOR="1")
        last = None
        shown = 0
        for lang, body in blocks(tour):
            if lang == "sh":
                for args in commands(body):
                    r = subprocess.run([KRING, *args], capture_output=True,
                                       text=True, env=env, cwd=TOP)
                    check(r.returncode == 0, "%s: %s" % (args, r.stderr))
                    last = (args, r.stdout)
            elif last is not None:
                shown += 1
                check(last[1] == body, "docs/nl/README.md shows for %s:\n%s\n"
                      "but kring prints:\n%s" % (last[0], body, last[1]))
        check(shown >= 3, "the tour shows %d outputs" % shown)
    finish("docs")


main()
