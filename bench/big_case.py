#!/usr/bin/env python3
"""Writes a case file of PEOPLE people and TIES ties (bench/render.sh's
largest map: 2,000 and 20,000, the most a case may hold), which
build/bench/kring-gen cannot make: its ties grow with the square of the
people. Fixed seed, so every run draws the same case.

Usage: bench/big_case.py PEOPLE TIES > case.json"""
import json
import random
import sys

ROLES = ["parent", "sibling", "grandparent", "aunt_uncle", "cousin", "friend",
         "classmate", "teacher", "coach", "neighbour"]


def main():
    people, ties = int(sys.argv[1]), int(sys.argv[2])
    rnd = random.Random(21)
    out = {
        "kring": 1,
        "case": {"code": "big-%d" % people, "name": "Groot"},
        "people": [{"id": "p%d" % i, "name": "Persoon %d" % i,
                    "role": ROLES[i % len(ROLES)], "ring": 1 + i % 3}
                   for i in range(people)],
        "ties": [],
    }
    seen = set()
    while len(out["ties"]) < ties:
        a, b = rnd.randrange(people), rnd.randrange(people)
        if a == b or (min(a, b), max(a, b)) in seen:
            continue
        seen.add((min(a, b), max(a, b)))
        out["ties"].append({"a": "p%d" % a, "b": "p%d" % b})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
