#!/usr/bin/env python3
"""Checks `kring interview` with the real binary: a whole interview from a
script (the case it makes is known answer by answer), one stopped by the
end of its input and one killed (SIGKILL) halfway, each resumed and ending
in the same case, and one typed at a real terminal (a pseudo-terminal).
With KRING_TEST_DB=postgresql each store is a schema of its own
(tests/store_db.py), and the store after the kill is checked by `kring
check` instead of SQLite's integrity_check. Usage: interview_check.py KRING"""
import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

KRING = os.path.abspath(sys.argv[1])
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import check, failures, finish  # noqa: E402,F401
from store_db import on_postgresql, store  # noqa: E402

# Each answer on its own line, in the order the questions come.
SCRIPT = [
    # Who lives with you at home?
    "Mama", "1", "Daan", "4", "",
    # Who can you go to when something is on your mind?
    "Oma Ria", "5", "",
    # Who helps you with practical things?  (Mama again: noted)
    "Mama", "",
    # Who do you do fun things with?
    "Daan", "Fenna", "9", "",
    # Who listens to you?
    "",
    # Which adults do you trust?  (Oma Ria: offered as close)
    "Oma Ria", "",
    # Is there someone who frightens you?
    "Meneer Kees", "14", "",
    # Mama: ring, contact, reachable, relation
    "", "d", "y", "g",
    # Daan
    "", "d", "-", "",
    # Oma Ria
    "", "w", "y", "",
    # Fenna
    "2", "w", "n", "u",
    # Meneer Kees: only the ring is asked about someone feared
    "3",
    # Do Mama and Daan (home) know each other?
    "y",
    # Bridges
    "Oma Ria - Mama", "Fenna - Daan", "",
]

EXPECTED = {
    "mama": {"role": "parent", "ring": 1, "contact": "daily",
             "reachable": "evenings_weekends", "quality": "positive",
             "lives_with_child": True, "support": ["practical"]},
    "daan": {"role": "sibling", "ring": 1, "contact": "daily",
             "lives_with_child": True, "support": ["fun"]},
    "oma-ria": {"role": "grandparent", "ring": 1, "contact": "weekly",
                "reachable": "evenings_weekends", "support": ["emotional"]},
    "fenna": {"role": "friend", "ring": 2, "contact": "weekly",
              "reachable": "office_hours", "quality": "mixed",
              "support": ["fun"]},
    "meneer-kees": {"role": "neighbour", "ring": 3, "frightens": True},
}
TIES = {("daan", "mama"), ("mama", "oma-ria"), ("daan", "fenna")}

# The same answers in Dutch: the letters of the Dutch questions (j ja,
# w wisselend; d dagelijks and w wekelijks are the same letters), and
# upper-case letters, which count as well.
SCRIPT_NL = (SCRIPT[:SCRIPT.index("14") + 2] +
             ["", "D", "j", "g",      # Mama
              "", "d", "-", "",       # Daan
              "", "W", "j", "",       # Oma Ria
              "2", "w", "n", "w",     # Fenna: w is wisselend here
              "3",                    # Meneer Kees
              "j",                    # Mama and Daan know each other
              "Oma Ria - Mama", "Fenna - Daan", ""])


def env(db):
    e = dict(os.environ)
    e.pop("LANGUAGE", None)
    e.pop("LANG", None)
    e["LC_ALL"] = "C.UTF-8"
    e["KRING_DB"] = db
    return e


def interview(db, lines, *more):
    return subprocess.run([KRING, "interview", "2026-100", "--name", "Noor",
                           *more], input="".join(l + "\n" for l in lines),
                          capture_output=True, text=True, env=env(db))


def exported(db):
    r = subprocess.run([KRING, "export", "2026-100"], capture_output=True,
                       text=True, env=env(db))
    check(r.returncode == 0, "export: %s" % r.stderr)
    case = json.loads(r.stdout or "{}")
    for s in case.get("snapshots", []):
        s["taken"] = "-"  # the time of the interview, not its content
    return case


def check_case(case, what):
    people = {p["id"]: p for p in case.get("people", [])}
    check(sorted(people) == sorted(EXPECTED), "%s: people %s" %
          (what, sorted(people)))
    for pid, fields in EXPECTED.items():
        for k, v in fields.items():
            got = people.get(pid, {}).get(k)
            check(got == v, "%s: %s.%s is %r, not %r" % (what, pid, k, got, v))
    ties = {tuple(sorted((t["a"], t["b"]))) for t in case.get("ties", [])}
    check(ties == {tuple(sorted(t)) for t in TIES}, "%s: ties %s" %
          (what, ties))
    check([s["label"] for s in case.get("snapshots", [])] == ["intake"],
          "%s: no intake snapshot" % what)
    check("x-interview" not in case.get("case", {}),
          "%s: the interview is not marked done" % what)


def step_of(db):
    case = exported(db)
    return case.get("case", {}).get("x-interview", {}).get("step")



def at_terminal(argv, lines, environ, timeout=20):
    """Runs argv on a pseudo-terminal of 160 by 50, types each line with
    Enter as a person would (a little apart), and returns all it printed
    once it has ended (or after timeout seconds, when it is killed)."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve(argv[0], argv, environ)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    out = bytearray()
    deadline = time.time() + timeout

    def drain(wait):
        while True:
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                return True
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the terminal's other end has closed
                return False
            if not chunk:
                return False
            out.extend(chunk)
            wait = 0

    open_ = True
    for line in lines:
        if not open_:
            break
        os.write(fd, line.encode() + b"\r")
        open_ = drain(0.05)
    while open_ and time.time() < deadline:
        open_ = drain(0.2)
    if open_:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    return out.decode("utf-8", "replace").replace("\r\n", "\n")

def main():
    with tempfile.TemporaryDirectory() as tmp:
        # 1. A whole interview from a script.
        db = store(tmp, "whole.db")
        r = interview(db, SCRIPT)
        check(r.returncode == 0 and "Thank you. Recorded for Noor: 5 people and 3 ties." in
              r.stdout, "whole: %d %s %s" % (r.returncode, r.stdout[-300:],
                                             r.stderr))
        whole = exported(db)
        check_case(whole, "whole")

        # 2. Stopped by the end of its input in the middle of the questions
        # about Oma Ria, then resumed: the interrupted question is asked
        # again from its start.
        db = store(tmp, "eof.db")
        cut = SCRIPT.index("w")  # Oma Ria's contact
        r = interview(db, SCRIPT[:cut])
        check(r.returncode == 0 and "Stopped" in r.stdout,
              "eof: %d %s" % (r.returncode, r.stdout[-200:]))
        check(step_of(db) is not None, "eof: no step stored")
        r = subprocess.run([KRING, "interview", "2026-100"], input="",
                           capture_output=True, text=True, env=env(db))
        check(r.returncode == 1 and "--resume" in r.stderr,
              "eof: a second interview was not refused: %s" % r.stderr)
        r = interview(db, SCRIPT[cut:], "--resume")
        check(r.returncode == 0, "eof resume: %s" % r.stderr)
        check(exported(db) == whole, "eof: the resumed case differs")

        # 3. Killed (SIGKILL) while it waits for the answer about Fenna's
        # ring, then resumed.
        db = store(tmp, "kill.db")
        p = subprocess.Popen([KRING, "interview", "2026-100", "--name",
                              "Noor"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=env(db),
                             bufsize=0)
        upto = SCRIPT.index("2")  # Fenna's ring is the next answer
        for line in SCRIPT[:upto]:
            p.stdin.write(line + "\n")
        seen = ""
        deadline = time.time() + 20
        while "How close do you feel to Fenna" not in seen and \
                time.time() < deadline:
            seen += os.read(p.stdout.fileno(), 65536).decode()
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        check("How close do you feel to Fenna" in seen,
              "kill: never reached Fenna")
        r = subprocess.run([KRING, "interview", "2026-100", "--resume"],
                           input="".join(l + "\n" for l in SCRIPT[upto:]),
                           capture_output=True, text=True, env=env(db))
        check(r.returncode == 0, "kill resume: %s" % r.stderr)
        check(exported(db) == whole, "kill: the resumed case differs")
        if on_postgresql():
            # No file: kring's own check of the store.
            r = subprocess.run([KRING, "check"], capture_output=True,
                               text=True, env=env(db))
            check(r.returncode == 0, "kill: kring check: %s" % r.stdout)
        else:
            integrity = subprocess.run(["sqlite3", db,
                                        "PRAGMA integrity_check"],
                                       capture_output=True, text=True).stdout
            check(integrity.strip() == "ok", "kill: integrity %s" % integrity)

        # In Dutch, the same interview in the words of the young person,
        # answered with the Dutch letters: the same case.
        db = store(tmp, "nl.db")
        r = subprocess.run([KRING, "--lang", "nl", "interview", "2026-100",
                            "--name", "Noor"],
                           input="".join(l + "\n" for l in SCRIPT_NL),
                           capture_output=True, text=True, env=env(db))
        for words in ("Wie woont er bij jou thuis?",
                      "Bij wie kun je terecht als je ergens mee zit?",
                      "Is er iemand die je bang maakt?", "Wie is Mama voor jou?",
                      "Hoe dicht sta je bij Mama?",
                      "Hoe vaak zie of spreek je Mama? d elke dag",
                      "j ja, n nee", "g goed, w wisselend",
                      "Kennen deze mensen elkaar? Mama, Daan - j ja, n nee",
                      "Dank je wel. Vastgelegd voor Noor: 5 mensen en 3 "
                      "verbindingen."):
            check(words in r.stdout, "Dutch: no %r" % words)
        check(exported(db) == whole, "Dutch: the case differs from English")
        # A letter of the English questions is not one of the Dutch: kring
        # says which letters it takes, and asks again.
        db = store(tmp, "nl-y.db")
        wrong = SCRIPT_NL[:SCRIPT_NL.index("j")] + ["y"] + \
            SCRIPT_NL[SCRIPT_NL.index("j"):]
        r = subprocess.run([KRING, "--lang", "nl", "interview", "2026-100",
                            "--name", "Noor"],
                           input="".join(l + "\n" for l in wrong),
                           capture_output=True, text=True, env=env(db))
        check("Typ een van: j, n (of - om over te slaan)" in r.stdout,
              "Dutch: 'y' was not refused: %s" % r.stdout[-400:])
        check(exported(db) == whole, "Dutch: the case after 'y' differs")

        # 4. At a real terminal: a pseudo-terminal of its own (Python's
        # pty), so stdin and stdout are a tty, with its line discipline and
        # echo, as when a professional types the answers.
        db = store(tmp, "tty.db")
        screen = at_terminal([KRING, "interview", "2026-100", "--name",
                              "Noor"], SCRIPT, env(db))
        check("Thank you. Recorded for Noor: 5 people and 3 ties." in
              screen, "tty: %s" % screen[-500:])
        check(exported(db) == whole, "tty: the case differs")

    finish("interview")


main()
