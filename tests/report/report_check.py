#!/usr/bin/env python3
"""kring report against a second implementation: 1,000 generated cases
with known outcomes, counted here from the generated data by the rules of
docs/report.md and docs/scoring.md (nothing taken from kring's output),
and every figure of `kring report --json` compared: a shown count equal,
a count shown as "< T" below the threshold, one shown as "x" at least the
threshold. Then an attacker's try to work out every hidden count from the
other figures of the same report, which must fail. Periods with cohorts
of 4, 5 and 6 young people (just under, at and over the threshold), a
period with one young person and one with none; on PostgreSQL
(KRING_TEST_DB=postgresql, the cases copied there with kring db copy) also
teams: a large one, a one-case team and an empty team.

Usage: report_check.py KRING"""

import datetime
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import report_gen  # noqa: E402
import store_db  # noqa: E402

ADULT_ROLES = {"parent", "stepparent", "foster_parent", "grandparent",
               "aunt_uncle", "teacher", "school_staff", "coach", "neighbour",
               "family_friend", "faith_leader", "youth_worker",
               "professional"}
STAGES = ["none", "asked", "parents_agreed", "accepted", "active",
          "evaluated", "ended"]
RANK = {"asked": 1, "declined": 1, "parents_agreed": 2, "accepted": 3,
        "active": 4, "evaluated": 5, "ended": 6}

failures = 0
checks = 0
quiet = False


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        if not quiet:
            print("FAIL:", what)


# --- the second implementation ---------------------------------------------

def adult(p):
    if "age" in p:
        return p["age"] >= 18
    return p["role"] in ADULT_ROLES


def household(p):
    return p["lives_with_child"] or p["sector"] == "household"


def good(p):
    return (p["status"] == "active" and not p["frightens"] and
            p["quality"] in ("positive", "mixed"))


def net(people, ties):
    """people, supportive informal adults, inner adults, sectors, ZRM."""
    by_id = {p["id"]: p for p in people}
    informal = [p for p in people if not p["formal"]]
    supportive = sum(1 for p in informal if adult(p) and
                     p["status"] == "active" and p["support"] and
                     p["quality"] in ("positive", "mixed"))
    inner = sum(1 for p in informal if adult(p) and p["ring"] == 1 and
                good(p))
    good_informal = [p for p in informal if good(p)]
    formal = sum(1 for p in people if p["formal"])
    unsafe_home = any(p["frightens"] and household(p) for p in people)
    unsafe = any(p["frightens"] for p in people)
    conflict_home = any(t["quality"] == "conflict" and
                        (household(by_id[t["a"]]) or household(by_id[t["b"]]))
                        for t in ties)
    professionalised = formal > 0 and formal >= supportive
    if not good_informal or (unsafe_home and supportive == 0):
        zrm = 1
    elif supportive == 0:
        zrm = 2
    elif supportive <= 2 or inner == 0:
        zrm = 3
    elif (professionalised or conflict_home or unsafe or
          len({p["sector"] for p in good_informal}) < 3):
        zrm = 4
    else:
        zrm = 5
    return (len(people), supportive, inner,
            len({p["sector"] for p in people}), zrm)


def facts(c):
    snaps = c["snapshots"]
    intake = next((s for s in snaps if s["label"].lower() == "intake"), None)
    if intake is None and snaps:
        intake = min(snaps, key=lambda s: s["taken"])
    stage = max([RANK[h["status"]] for h in c["choices"]] + [0])
    if c["outcomes"]:
        stage = max(stage, 5)
    if any(o["ended_as_planned"] is not None for o in c["outcomes"]):
        stage = 6
    f = {"intake": intake["taken"][:10] if intake else None,
         "stage": stage, "now": net(c["people"], c["ties"]),
         "before": net(intake["people"], intake["ties"]) if intake else None,
         "days": None, "last": None}
    if intake and c["choices"]:
        first = min(h["date"] for h in c["choices"])
        if first >= f["intake"]:
            f["days"] = (datetime.date.fromisoformat(first) -
                         datetime.date.fromisoformat(f["intake"])).days
    for o in c["outcomes"]:
        if f["last"] is None or o["date"] >= f["last"]["date"]:
            f["last"] = o
    return f


def expected(fs):
    """The counts of every table, and the means, of the facts FS."""
    e = {"funnel": [0] * 7, "adult_by_zrm": [[0] * 3 for _ in range(5)],
         "intake": [0, 0], "zrm_change": [0, 0, 0], "evaluations": [0, 0],
         "placement": [0] * 5, "secure_care": [0] * 5, "school": [0] * 5,
         "goals": [0] * 4, "ended_as_planned": [0] * 3,
         "satisfaction": [0] * 4, "days": [], "before": [[], [], [], []],
         "after": [[], [], [], []], "marks": []}
    words = {"placement": report_gen.PLACEMENT,
             "secure_care": report_gen.PLACEMENT,
             "school": report_gen.SCHOOL, "goals": report_gen.GOALS}
    for f in fs:
        e["funnel"][f["stage"]] += 1
        n = f["now"]
        col = 0 if n[2] > 0 else 1 if n[1] > 0 else 2
        e["adult_by_zrm"][n[4] - 1][col] += 1
        e["intake"][0 if f["before"] else 1] += 1
        if f["before"]:
            b = f["before"]
            e["zrm_change"][0 if n[4] > b[4] else 1 if n[4] == b[4] else 2] \
                += 1
            for i, k in enumerate((0, 1, 3, 4)):
                e["before"][i].append(b[k])
                e["after"][i].append(n[k])
        o = f["last"]
        e["evaluations"][0 if o else 1] += 1
        if o:
            for k, w in words.items():
                e[k][w.index(o[k])] += 1
            e["ended_as_planned"][{True: 0, False: 1, None: 2}[
                o["ended_as_planned"]]] += 1
            s = o["satisfaction"]
            e["satisfaction"][3 if s is None else 0 if s <= 5 else
                              1 if s <= 7 else 2] += 1
            if s is not None:
                e["marks"].append(s)
        if f["days"] is not None:
            e["days"].append(f["days"])
    return e


# --- comparing ---------------------------------------------------------------

def agrees(shown, n, t, what):
    if shown is None:  # its table is withheld
        return
    if isinstance(shown, int):
        check(shown == n, "%s: kring %s, expected %d" % (what, shown, n))
    elif shown == "< %d" % t:
        check(n < t, "%s: kring '< %d', expected %d" % (what, t, n))
    else:
        check(shown == "x" and n >= t,
              "%s: kring %r, expected %d (hidden with 'x' is >= %d)" %
              (what, shown, n, t))


def near(a, b):
    return a is not None and abs(a - b) < 1e-9


def compare(rep, e, t, what):
    check(rep["threshold"] == t, what + ": threshold")
    agrees(rep["young_people"], sum(e["funnel"]), t, what + " young_people")
    f = rep["reach"]["funnel"]
    if not f.get("withheld"):
        for i, s in enumerate(STAGES):
            agrees(f["counts"][s], e["funnel"][i], t, what + " funnel " + s)
    agrees(rep["reach"]["named_a_mentor"], sum(e["funnel"][1:]), t,
           what + " named")
    agrees(rep["reach"]["active_jim"], e["funnel"][4] + e["funnel"][5], t,
           what + " active")
    d = rep["reach"]["days_to_mentor"]
    if len(e["days"]) >= t:
        q = statistics.quantiles(e["days"], n=4, method="inclusive")
        check(d["n"] == len(e["days"]), what + " days n")
        check(near(d["q1"], q[0]) and near(d["median"], q[1]) and
              near(d["q3"], q[2]),
              "%s days: kring %s, expected %s" % (what, d, q))
    else:
        check(d["median"] is None, what + " days hidden")
    z = rep["networks"]["adult_by_zrm"]
    if not z.get("withheld"):
        cols = ["always_there", "supportive", "no_support"]
        for i in range(5):
            row = z["rows"][str(i + 1)]
            agrees(row["total"], sum(e["adult_by_zrm"][i]), t,
                   what + " zrm total %d" % (i + 1))
            for j, k in enumerate(cols):
                agrees(row["counts"][k], e["adult_by_zrm"][i][j], t,
                       "%s zrm %d %s" % (what, i + 1, k))
        for j, k in enumerate(cols):
            agrees(z["column_totals"][k],
                   sum(r[j] for r in e["adult_by_zrm"]), t,
                   what + " zrm column " + k)
    tables = [("networks", "intake", ["known", "unknown"]),
              ("networks", "zrm_change", ["up", "same", "down"]),
              ("outcomes", "evaluations", ["evaluated", "not_yet"]),
              ("outcomes", "placement", ["averted", "shortened", "happened",
                                         "not_at_issue", "not_recorded"]),
              ("outcomes", "secure_care", ["averted", "shortened",
                                           "happened", "not_at_issue",
                                           "not_recorded"]),
              ("outcomes", "school", ["stayed", "returned", "dropped_out",
                                      "not_at_issue", "not_recorded"]),
              ("outcomes", "goals", ["met", "partly", "not_met",
                                     "not_recorded"]),
              ("outcomes", "ended_as_planned", ["as_planned",
                                                "not_as_planned",
                                                "running"]),
              ("outcomes", "satisfaction", ["1-5", "6-7", "8-10",
                                            "not_given"])]
    for sec, key, cols in tables:
        tb = rep[sec][key]
        if tb.get("withheld"):
            continue
        agrees(tb["total"], sum(e[key]), t, "%s %s total" % (what, key))
        for j, k in enumerate(cols):
            agrees(tb["counts"][k], e[key][j], t,
                   "%s %s %s" % (what, key, k))
            share = tb["shares"][k]
            if isinstance(tb["counts"][k], int) and \
                    isinstance(tb["total"], int) and tb["total"]:
                check(near(share, e[key][j] / sum(e[key])),
                      "%s %s %s share" % (what, key, k))
            else:
                check(share is None, "%s %s %s share hidden" %
                      (what, key, k))
    means = rep["networks"]["intake_and_now"]
    for i, k in enumerate(["people", "supportive_adults", "sectors",
                           "zrm_level"]):
        if means[k]["intake"] is not None:
            check(len(e["before"][i]) >= t, what + " means n")
            check(near(means[k]["intake"], statistics.fmean(e["before"][i]))
                  and near(means[k]["now"], statistics.fmean(e["after"][i])),
                  what + " means " + k)
    m = rep["outcomes"]["satisfaction_mean"]
    if m is not None:
        check(len(e["marks"]) >= t and
              near(m, statistics.fmean(e["marks"])), what + " mark mean")


# --- the attacker --------------------------------------------------------------

INF = 10 ** 9


def bounds_of(v, t):
    if v is None:
        return (0, INF)
    if isinstance(v, int):
        return (v, v)
    if v == "< %d" % t:
        return (0, t - 1)
    return (t, INF)


def lines_of(rep):
    """Every sum the report states: (the counts' names, the total's name)."""
    out, val = [], {}

    def name(*parts):
        return "/".join(parts)

    def table(sec, key, tb):
        if tb.get("withheld"):
            return
        val[name(key, "total")] = tb["total"]
        if "counts" in tb:
            cells = []
            for k, v in tb["counts"].items():
                val[name(key, k)] = v
                cells.append(name(key, k))
            out.append((cells, name(key, "total")))
            return
        cols = {}
        rows = []
        for r, row in tb["rows"].items():
            val[name(key, r, "total")] = row["total"]
            rows.append(name(key, r, "total"))
            cells = []
            for k, v in row["counts"].items():
                val[name(key, r, k)] = v
                cells.append(name(key, r, k))
                cols.setdefault(k, []).append(name(key, r, k))
            out.append((cells, name(key, r, "total")))
        for k, v in tb["column_totals"].items():
            val[name(key, "col", k)] = v
            out.append((cols[k], name(key, "col", k)))
        out.append((rows, name(key, "total")))
        out.append(([name(key, "col", k) for k in cols], name(key, "total")))

    table("reach", "funnel", rep["reach"]["funnel"])
    for k in ("adult_by_zrm", "intake", "zrm_change"):
        table("networks", k, rep["networks"][k])
    for k in ("evaluations", "placement", "secure_care", "school", "goals",
              "ended_as_planned", "satisfaction"):
        table("outcomes", k, rep["outcomes"][k])
    val["young_people"] = rep["young_people"]
    val["named"] = rep["reach"]["named_a_mentor"]
    val["active"] = rep["reach"]["active_jim"]
    if not rep["reach"]["funnel"].get("withheld") and val["named"] is not None:
        out.append((["funnel/" + s for s in STAGES[1:]], "named"))
        out.append((["funnel/active", "funnel/evaluated"], "active"))
        out.append((["funnel/none", "named"], "funnel/total"))
    # The totals the tables share.
    for a, b in (("young_people", "funnel/total"),
                 ("young_people", "adult_by_zrm/total"),
                 ("young_people", "intake/total"),
                 ("young_people", "evaluations/total"),
                 ("intake/known", "zrm_change/total"),
                 ("evaluations/evaluated", "placement/total"),
                 ("evaluations/evaluated", "secure_care/total"),
                 ("evaluations/evaluated", "school/total"),
                 ("evaluations/evaluated", "goals/total"),
                 ("evaluations/evaluated", "ended_as_planned/total"),
                 ("evaluations/evaluated", "satisfaction/total")):
        if a in val and b in val:
            out.append(([a], b))
    return out, val


def propagate(lines, bnd):
    changed = True
    while changed:
        changed = False
        for cells, total in lines:
            lo = sum(bnd[c][0] for c in cells)
            hi = sum(bnd[c][1] for c in cells)
            nb = (max(bnd[total][0], lo), min(bnd[total][1], hi))
            if nb != bnd[total]:
                bnd[total], changed = nb, True
            for c in cells:
                olo = sum(bnd[x][0] for x in cells if x != c)
                ohi = sum(bnd[x][1] for x in cells if x != c)
                nb = (max(bnd[c][0], bnd[total][0] - ohi),
                      min(bnd[c][1], bnd[total][1] - olo))
                if nb != bnd[c]:
                    bnd[c], changed = nb, True
                if nb[0] > nb[1]:
                    return False
    return True


def attack(rep, t, what):
    """Tries to work out each hidden count; returns how many were tried."""
    lines, val = lines_of(rep)
    bnd = {k: bounds_of(v, t) for k, v in val.items()}
    check(propagate(lines, bnd), what + ": the report contradicts itself")
    hidden = [k for k, v in val.items() if isinstance(v, str)]
    for k in hidden:
        lo, hi = bnd[k]
        check(lo < hi, "%s: the hidden %s is worked out as %d" %
              (what, k, lo))
    # Where the hidden counts are few and narrow, every combination: a
    # value of one that only one combination allows is found out too.
    span = 1
    for k in hidden:
        span *= bnd[k][1] - bnd[k][0] + 1
    if hidden and span <= 200000:
        seen = {k: set() for k in hidden}
        ranges = [range(bnd[k][0], bnd[k][1] + 1) for k in hidden]
        for combo in itertools.product(*ranges):
            v = dict(bnd)
            for k, x in zip(hidden, combo):
                v[k] = (x, x)
            if all(sum(v[c][0] for c in cells) == v[tot][0]
                   for cells, tot in lines):
                for k, x in zip(hidden, combo):
                    seen[k].add(x)
        for k in hidden:
            check(len(seen[k]) >= 2, "%s: the hidden %s has one value %s" %
                  (what, k, sorted(seen[k])))
    return len(hidden)


def attacker_works():
    """The attacker finds what a report without complementary suppression
    gives away: a funnel whose one hidden count is the total less the
    others, and two hidden counts that must both be 0."""
    global failures, checks, quiet
    withheld = {"withheld": True}
    base = {"young_people": 20,
            "reach": {"named_a_mentor": 18, "active_jim": 5},
            "networks": {"adult_by_zrm": withheld, "intake": withheld,
                         "zrm_change": withheld},
            "outcomes": {k: withheld for k in (
                "evaluations", "placement", "secure_care", "school", "goals",
                "ended_as_planned", "satisfaction")}}
    leaks = [{"none": "< 5", "asked": 5, "parents_agreed": 5,
              "accepted": 5, "active": 5, "evaluated": 0, "ended": 0},
             {"none": 2, "asked": 5, "parents_agreed": 8, "accepted": "< 5",
              "active": 5, "evaluated": "< 5", "ended": 0}]
    for counts in leaks:
        rep = json.loads(json.dumps(base))
        rep["reach"]["funnel"] = {"total": 20, "counts": counts}
        before_f, before_c = failures, checks
        quiet = True
        attack(rep, 5, "self-test")
        quiet = False
        found = failures > before_f
        failures, checks = before_f, before_c
        check(found, "the attacker finds the hidden count of %s" % counts)


# --- running -------------------------------------------------------------------

def report(kring, db, *args):
    r = subprocess.run([kring, "--db", db, "--json", "report"] + list(args),
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("kring report %s failed: %s" % (args, r.stderr))
    return json.loads(r.stdout)


def main():
    kring = sys.argv[1]
    pg = store_db.on_postgresql()
    # Cohorts of 4, 5 and 6 on their own days in 2026, one of 1.
    months = [(800, 4), (830, 5), (860, 6), (890, 1)]
    cases = report_gen.caseload(1000, 25, months)
    fs = {c["code"]: facts(c) for c in cases}
    tmp = tempfile.mkdtemp()
    db = os.path.join(tmp, "report.db")
    report_gen.write_db(kring, db, cases)
    teams = {}
    if pg:
        address = store_db.store(tmp, "report")
        subprocess.run([kring, "db", "copy", db, address], check=True,
                       capture_output=True)
        db, schema = address, store_db.schema_of(address)
        codes = sorted(fs)
        teams = {"Noord": codes[:500], "Zuid": codes[500:-1],
                 "Een": codes[-1:], "Leeg": []}
        for name, members in teams.items():
            subprocess.run([kring, "--db", db, "team", "add", name],
                           check=True, capture_output=True)
            if members:
                store_db.sql(
                    f"UPDATE {schema}.cases SET team_id = (SELECT id FROM "
                    f"{schema}.teams WHERE name = '{name}') WHERE code IN "
                    f"({', '.join(repr(c) for c in members)})")
    attacker_works()
    hidden = 0
    runs = [("all", [], list(fs.values()), 5),
            ("all, threshold 3", ["--threshold", "3"], list(fs.values()), 3),
            ("all, threshold 10", ["--threshold", "10"], list(fs.values()),
             10)]
    for d, count in months + [(920, 0)]:
        day = report_gen.day(d)
        chosen = [f for f in fs.values() if f["intake"] == day]
        check(len(chosen) == count, "cohort of %s" % day)
        runs.append(("intake %s (%d)" % (day, count),
                     ["--from", day, "--to", day], chosen, 5))
    runs.append(("2024", ["--from", "2024-01-01", "--to", "2024-12-31"],
                 [f for f in fs.values() if f["intake"] and
                  "2024-01-01" <= f["intake"] <= "2024-12-31"], 5))
    for name, members in teams.items():
        runs.append(("team " + name, ["--team", name],
                     [fs[c] for c in members], 5))
    for what, args, chosen, t in runs:
        rep = report(kring, db, *args)
        compare(rep, expected(chosen), t, what)
        hidden += attack(rep, t, what)
    # The kept facts are forgotten by a change: an outcome recorded, a
    # person added, a step of the choice; the next report counts them.
    code = sorted(fs)[3]
    c = next(x for x in cases if x["code"] == code)
    for args in (["outcome", code, "--date", "2027-06-01", "--placement",
                  "averted", "--ended-as-planned", "yes",
                  "--satisfaction", "9"],
                 ["person", "add", code, "Nieuwe Buur", "--role", "neighbour",
                  "--ring", "1", "--age", "40", "--support", "practical",
                  "--id", "nieuwe-buur"]):
        r = subprocess.run([kring, "--db", db] + args, capture_output=True,
                           text=True)
        check(r.returncode == 0, "kring %s: %s" % (args[0], r.stderr))
    c["outcomes"].append({"date": "2027-06-01", "placement": "averted",
                          "secure_care": None, "school": None, "goals": None,
                          "ended_as_planned": True, "satisfaction": 9})
    c["people"].append({"id": "nieuwe-buur", "name": "Nieuwe Buur",
                        "role": "neighbour", "sector": "neighbourhood",
                        "ring": 1, "formal": False, "quality": "positive",
                        "status": "active", "support": ["practical"],
                        "frightens": False, "lives_with_child": False,
                        "age": 40})
    fs[code] = facts(c)
    rep = report(kring, db, "--threshold", "3")
    compare(rep, expected(list(fs.values())), 3, "after a change")
    hidden += attack(rep, 3, "after a change")
    print("report check: %d checks, %d failed; %d runs, %d hidden counts "
          "attacked" % (checks, failures, len(runs), hidden))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
