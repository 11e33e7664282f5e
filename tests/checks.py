"""Shared by the checks run from the outside (tests/render, tests/interview,
tests/exchange): counting what was checked and what failed, running kring
in a clean environment, and the closing summary."""
import os
import random
import subprocess
import sys

failures = []
_count = [0]


def check(ok, what):
    _count[0] += 1
    if not ok:
        failures.append(what)


def clean_env(more=None):
    """The environment without the user's database or language: English,
    whatever the machine's language."""
    e = dict(os.environ)
    for v in ("KRING_DB", "LANGUAGE", "LANG", "LC_MESSAGES"):
        e.pop(v, None)
    e["LC_ALL"] = "C.UTF-8"
    if more:
        e.update(more)
    return e


def run(kring, *args, env=None):
    return subprocess.run([kring, *args], capture_output=True,
                          env=clean_env(env))


def finish(name, limit=None):
    """Prints the failures and the summary line, and exits."""
    for f in failures[:limit]:
        print(f"{name} check failed: {f}")
    print(f"{name} checks: {_count[0] - len(failures)} passed, "
          f"{len(failures)} failed")
    sys.exit(1 if failures else 0)


def big_case(version, n_people=1500, n_ties=6000):
    """A large case; VERSION changes every person's notes and ring."""
    r = random.Random(version)
    people = [{"id": f"p{i}", "name": f"Persoon {i}", "role": "friend",
               "ring": 1 + (i + version) % 3, "age": 20 + i % 50,
               "notes": f"versie {version} " + "x" * r.randrange(40)}
              for i in range(n_people)]
    pairs = set()
    while len(pairs) < n_ties:
        a, b = r.randrange(n_people), r.randrange(n_people)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    ties = [{"a": f"p{a}", "b": f"p{b}"} for a, b in sorted(pairs)]
    return {"kring": 1, "case": {"code": "big", "name": f"Big {version}"},
            "people": people, "ties": ties}
