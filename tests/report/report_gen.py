"""Generated caseloads for kring report: cases with people, ties, an intake
snapshot, the steps of the choice and outcomes, written straight into a
kring SQLite database (made by kring itself, so that its schema is kring's),
and kept in Python so that a second implementation can count them
(report_check.py).

Every case is what kring's case file allows; the generator sets the
fields the report depends on explicitly (sector, formal, age), and leaves
some to kring's defaults (adult from the role when no age is given)."""

import json
import random
import sqlite3
import subprocess

ROLES = ["parent", "stepparent", "foster_parent", "sibling", "grandparent",
         "aunt_uncle", "cousin", "relative", "friend", "partner", "classmate",
         "teacher", "school_staff", "coach", "neighbour", "family_friend",
         "faith_leader", "youth_worker", "professional", "other"]
SECTOR_OF = {"parent": "household", "stepparent": "household",
             "foster_parent": "household", "sibling": "household",
             "grandparent": "family", "aunt_uncle": "family",
             "cousin": "family", "relative": "family", "friend": "friends",
             "partner": "friends", "family_friend": "friends",
             "classmate": "school", "teacher": "school",
             "school_staff": "school", "coach": "leisure",
             "neighbour": "neighbourhood", "faith_leader": "community",
             "youth_worker": "community", "other": "community",
             "professional": "care"}
SECTORS = ["household", "family", "friends", "school", "neighbourhood",
           "leisure", "community", "online", "care"]
SUPPORT = ["emotional", "practical", "advice", "fun", "shelter", "advocacy"]
QUALITY = ["positive", "positive", "positive", "mixed", "strained", "broken"]
STATUS = ["active"] * 8 + ["absent", "deceased"]
STEPS = ["asked", "parents_agreed", "accepted", "active", "evaluated",
         "ended"]
PLACEMENT = ["averted", "shortened", "happened", "not_at_issue", None]
SCHOOL = ["stayed", "returned", "dropped_out", "not_at_issue", None]
GOALS = ["met", "partly", "not_met", None]


def day(n):
    """The date N days after 2024-01-01, as YYYY-MM-DD."""
    import datetime
    return (datetime.date(2024, 1, 1) +
            datetime.timedelta(days=n)).isoformat()


def person(rng, i):
    role = rng.choice(ROLES)
    p = {"id": "p%d" % i, "name": "P%d" % i, "role": role,
         "sector": SECTOR_OF[role] if rng.random() < 0.85
         else rng.choice(SECTORS),
         "ring": rng.randint(1, 3),
         "formal": role == "professional",
         "quality": rng.choice(QUALITY),
         "status": rng.choice(STATUS),
         "support": sorted(rng.sample(SUPPORT, rng.randint(0, 3)),
                           key=SUPPORT.index),
         "frightens": rng.random() < 0.04,
         "lives_with_child": rng.random() < 0.1}
    if rng.random() < 0.7:
        p["age"] = rng.randint(8, 80)
    return p


def network(rng, n, first=0):
    people = [person(rng, first + i) for i in range(n)]
    ties, seen = [], set()
    for _ in range(rng.randint(0, n)):
        if n < 2:
            break
        a, b = rng.sample(range(n), 2)
        key = (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        ties.append({"a": people[a]["id"], "b": people[b]["id"],
                     "quality": rng.choice(["positive", "mixed",
                                            "conflict"])})
    return people, ties


def case(rng, k, intake_day):
    """Case number K, its intake on INTAKE_DAY (None: no snapshot)."""
    people, ties = network(rng, rng.randint(0, 12))
    c = {"code": "g-%05d" % k, "name": "Young %d" % k, "people": people,
         "ties": ties, "snapshots": [], "choices": [], "outcomes": []}
    if intake_day is not None:
        then, then_ties = network(rng, rng.randint(0, 8), first=100)
        label = "intake" if rng.random() < 0.9 else "first"
        c["snapshots"].append({"label": label,
                               "taken": day(intake_day) + "T09:00:00Z",
                               "people": then, "ties": then_ties})
        if rng.random() < 0.2:
            c["snapshots"].append({"label": "later",
                                   "taken": day(intake_day + 40) +
                                   "T09:00:00Z", "people": [], "ties": []})
    start = intake_day if intake_day is not None else 100
    if people and rng.random() < 0.8:
        who = rng.choice(people)["id"]
        d = start + rng.randint(-3, 60)
        for s in STEPS[:rng.randint(1, len(STEPS))]:
            c["choices"].append({"person": who, "date": day(max(d, 0)),
                                 "status": s})
            d += rng.randint(0, 30)
        if rng.random() < 0.1:
            c["choices"].append({"person": who, "date": day(d),
                                 "status": "declined"})
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        ended = rng.choice([None, None, True, False])
        c["outcomes"].append({
            "date": day(start + rng.randint(30, 400)),
            "placement": rng.choice(PLACEMENT),
            "secure_care": rng.choice(PLACEMENT),
            "school": rng.choice(SCHOOL), "goals": rng.choice(GOALS),
            "ended_as_planned": ended,
            "satisfaction": rng.choice([None, rng.randint(1, 10)])})
    return c


def caseload(n, seed, months=None):
    """N cases; MONTHS, a list of (intake day, how many), places that many
    cases' intakes on that day first (cells just under and over the
    threshold), the rest anywhere in 2024-2025, some without a snapshot."""
    rng = random.Random(seed)
    out, k = [], 0
    for d, count in months or []:
        for _ in range(count):
            out.append(case(rng, k, d))
            k += 1
    while k < n:
        d = None if rng.random() < 0.15 else rng.randint(0, 700)
        out.append(case(rng, k, d))
        k += 1
    return out


BITS = {s: 1 << i for i, s in enumerate(SUPPORT)}


def write_db(kring, path, cases):
    """Makes the SQLite database PATH with kring, then puts CASES in it."""
    subprocess.run([kring, "--db", path, "case", "new", "zz-setup", "--name",
                    "x"], check=True, capture_output=True)
    subprocess.run([kring, "--db", path, "case", "rm", "zz-setup", "--yes"],
                   check=True, capture_output=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    # Generated data: a crash may lose it (the bench makes 100,000 cases).
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -500000")
    for c in cases:
        db.execute("INSERT INTO cases (code, name) VALUES (?, ?)",
                   (c["code"], c["name"]))
        db.executemany(
            "INSERT INTO people (case_code, seq, id, name, role, sector, "
            "ring, age, support, quality, status, formal, frightens, "
            "lives_with_child) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(c["code"], i + 1, p["id"], p["name"], p["role"], p["sector"],
              p["ring"], p.get("age"),
              sum(BITS[s] for s in p["support"]), p["quality"], p["status"],
              int(p["formal"]), int(p["frightens"]),
              int(p["lives_with_child"]))
             for i, p in enumerate(c["people"])])
        db.executemany(
            "INSERT INTO ties (case_code, seq, a, b, quality) VALUES "
            "(?,?,?,?,?)",
            [(c["code"], i + 1, t["a"], t["b"], t["quality"])
             for i, t in enumerate(c["ties"])])
        for s in c["snapshots"]:
            db.execute(
                "INSERT INTO snapshots (case_code, label, taken, network) "
                "VALUES (?,?,?,?)",
                (c["code"], s["label"], s["taken"],
                 json.dumps({"people": s["people"], "ties": s["ties"]})))
        db.executemany(
            "INSERT INTO choices (case_code, person, date, status) VALUES "
            "(?,?,?,?)",
            [(c["code"], h["person"], h["date"], h["status"])
             for h in c["choices"]])
        db.executemany(
            "INSERT INTO outcomes (case_code, seq, date, placement, "
            "secure_care, school, goals, ended_as_planned, satisfaction) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            [(c["code"], i + 1, o["date"], o["placement"], o["secure_care"],
              o["school"], o["goals"],
              None if o["ended_as_planned"] is None
              else int(o["ended_as_planned"]), o["satisfaction"])
             for i, o in enumerate(c["outcomes"])])
    db.commit()
    db.close()


if __name__ == "__main__":
    import sys
    if len(sys.argv) < 4:
        sys.exit("usage: report_gen.py KRING DB N [SEED]")
    write_db(sys.argv[1], sys.argv[2],
             caseload(int(sys.argv[3]),
                      int(sys.argv[4]) if len(sys.argv) > 4 else 25))
