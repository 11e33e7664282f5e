#!/usr/bin/env python3
"""Checks `kring export` and `kring import` from the outside.

Out: every sample's GraphML valid against the GraphML schema (xmllint and
tests/exchange/graphml.xsd), read by networkx with every attribute typed
and equal to the case file's, and by igraph's own reader
(tests/exchange/igraph_read.c, when KRING_IGRAPH_READ names it); kring -> GraphML -> kring and kring -> CSV
without loss (the CSV read with Python's csv module, also with ';' and a
byte-order mark); the DOT the same as `kring render --format dot`.

In: every file of tests/data/external (real exports of Network Canvas and
easyNWK) read, and the people, ties, names, rings and sectors compared
with what a second reading of the files here (ElementTree, csv, json)
says they hold under the rules of docs/exchange.md; a note for each
self-loop and each pair given twice, with its line; the format found by
content; a mapping file obeyed.

With KRING_TEST_DB=postgresql every store is a schema of its own
(tests/store_db.py); a refused damaged file must leave its rows as they
were ($KRING_MUTANTS damaged files, 300 unless given).

Usage: exchange_check.py KRING
"""
import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import check, failures, finish, run as run_kring  # noqa: E402
from store_db import dump, store  # noqa: E402

KRING = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
XSD = os.path.join(HERE, "graphml.xsd")
EXT = "tests/data/external"
NC = os.path.join(EXT, "networkcanvas")
NWK = os.path.join(EXT, "easynwk", "Rosa_Braunsteigl-Mueller.json")
GML = "{http://graphml.graphdrawing.org/xmlns}"
NCNS = "{http://schema.networkcanvas.com/xmlns}"
SAMPLES = sorted(os.path.join("samples", f) for f in os.listdir("samples")
                 if f.endswith(".json"))


def run(*args, env=None):
    # A fixed day for the maps' titles.
    return run_kring(KRING, *args,
                     env={"SOURCE_DATE_EPOCH": "1795392000", **(env or {})})


def case_json(db, code):
    r = run("--db", db, "export", code)
    return json.loads(r.stdout)


# ---- out -----------------------------------------------------------------

PERSON_INT = {"ring", "age", "travel_minutes"}
PERSON_BOOL = {"formal", "concern", "frightens", "nominated",
               "lives_with_child", "adult"}


def expected_attr(key, value):
    """A case file's value as networkx reads kring's GraphML typed."""
    if key == "support":
        return ",".join(value)
    if key in ("hours_per_week", "known_years"):  # tenths: a GraphML double
        return float(value)
    return value


def check_graphml(tmp, sample):
    db = store(tmp, "out.db")
    run("--db", db, "import", sample)
    want = json.load(open(sample, encoding="utf-8"))
    code = want["case"]["code"]
    want = case_json(db, code)  # every default written out
    out = os.path.join(tmp, code + ".graphml")
    r = run("--db", db, "export", code, "-o", out)
    check(r.returncode == 0, f"{sample}: export graphml: {r.stderr}")
    check(oct(os.stat(out).st_mode & 0o777) == "0o600",
          f"{sample}: the GraphML is not private")
    v = subprocess.run(["xmllint", "--noout", "--schema", XSD, out],
                       capture_output=True)
    check(v.returncode == 0,
          f"{sample}: GraphML not valid: {v.stderr.decode()[:300]}")
    g = nx.read_graphml(out)
    check(g.graph.get("code") == code and
          g.graph.get("name") == want["case"]["name"],
          f"{sample}: graph attributes {g.graph}")
    check(set(g.nodes) == {p["id"] for p in want["people"]},
          f"{sample}: networkx nodes")
    for p in want["people"]:
        got = g.nodes[p["id"]]
        for k, v in p.items():
            if k == "id" or k.startswith("x-") or v is None:
                continue
            check(got.get(k) == expected_attr(k, v) and
                  type(got.get(k)) is type(expected_attr(k, v)),
                  f"{sample}: {p['id']}.{k}: networkx read {got.get(k)!r}, "
                  f"the case has {v!r}")
    pairs = {frozenset((t["a"], t["b"])): t for t in want["ties"]}
    check(len(g.edges) == len(pairs), f"{sample}: networkx edges")
    for a, b, d in g.edges(data=True):
        t = pairs.get(frozenset((a, b)))
        check(t is not None and d.get("strength") == t["strength"] and
              d.get("quality") == t["quality"],
              f"{sample}: edge {a}-{b}: {d}")
    # igraph's reader, when built (make check builds it).
    reader = os.environ.get("KRING_IGRAPH_READ")
    if reader:
        r = subprocess.run([reader, out], capture_output=True, text=True)
        check(r.returncode == 0, f"{sample}: igraph: {r.stderr}")
        lines = [l.split("\t") for l in r.stdout.splitlines()]
        check(lines[0] == ["graph", str(len(want["people"])),
                           str(len(want["ties"])), code],
              f"{sample}: igraph read {lines[:1]}")
        got = {l[1]: l[2:] for l in lines if l[0] == "vertex"}
        for p in want["people"]:
            check(got.get(p["id"]) == [p["name"], str(p["ring"]),
                                       "true" if p["formal"] else "false"],
                  f"{sample}: igraph vertex {p['id']}: {got.get(p['id'])}")
        # An undirected edge, either way round.
        edges = {frozenset(l[1:3]): l[3] for l in lines if l[0] == "edge"}
        check(edges == {frozenset((t["a"], t["b"])): t["strength"]
                        for t in want["ties"]}, f"{sample}: igraph edges")
    # Back without loss.
    db2 = store(tmp, "back.db")
    r = run("--db", db2, "import", out)
    check(r.returncode == 0, f"{sample}: import graphml: {r.stderr}")
    check(case_json(db2, code) == want, f"{sample}: GraphML round trip lost "
          "something")
    return db, code, want


FORMULA = re.compile(r"'*[=+\-@\t\r]")


def csv_value(p, k):
    v = p.get(k)
    if v is None:
        return ""
    if k == "support":
        return ",".join(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if k == "extra":
        return v
    if isinstance(v, str) and FORMULA.match(v):
        return "'" + v  # kept from being a formula (docs/exchange.md)
    return str(v)


def csv_text(cell):
    """A text cell of kring's CSV as it was: one apostrophe off a cell that
    begins with apostrophes and then =, +, -, @, tab or CR."""
    return cell[1:] if FORMULA.match(cell) and cell.startswith("'") else cell


def read_csv_bytes(data, sep):
    text = data.decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def check_csv(tmp, sample, db, code, want):
    base = os.path.join(tmp, code + ".csv")
    r = run("--db", db, "export", code, "-o", base)
    check(r.returncode == 0, f"{sample}: export csv: {r.stderr}")
    people_file = os.path.join(tmp, code + "-people.csv")
    ties_file = os.path.join(tmp, code + "-ties.csv")
    for sep, extra in ((",", []), (";", ["--csv-sep", ";", "--bom"])):
        r = run("--db", db, "export", code, "--format", "csv", "--table",
                "people", *extra)
        data = r.stdout
        if extra:
            check(data.startswith(b"\xef\xbb\xbf"), f"{sample}: no BOM")
            data = data[3:]
        else:
            check(data == open(people_file, "rb").read(),
                  f"{sample}: --table people differs from the people file")
        lines = data.split(b"\r\n")
        check(lines[-1] == b"" and all(b"\n" not in l or b'"' in l
                                       for l in lines),
              f"{sample}: CSV lines do not end in CRLF")
        rows = read_csv_bytes(data, sep)
        head, body = rows[0], rows[1:]
        check(head[:4] == ["id", "name", "role", "sector"],
              f"{sample}: CSV header {head}")
        check(len(body) == len(want["people"]), f"{sample}: CSV rows")
        for p, row in zip(want["people"], body):
            got = dict(zip(head, row))
            for k in head:
                if k == "extra":
                    x = {kk: vv for kk, vv in p.items() if kk.startswith("x-")}
                    check((json.loads(got[k]) if got[k] else {}) == x,
                          f"{sample}: {p['id']}.extra in CSV")
                    continue
                check(got[k] == csv_value(p, k),
                      f"{sample}: {p['id']}.{k}: CSV {got[k]!r}, case "
                      f"{csv_value(p, k)!r}")
    rows = read_csv_bytes(open(ties_file, "rb").read(), ",")
    check(rows[0] == ["a", "b", "strength", "quality", "extra"],
          f"{sample}: ties header {rows[0]}")
    check([r_[:4] for r_ in rows[1:]] ==
          [[t["a"], t["b"], t["strength"], t["quality"]]
           for t in want["ties"]], f"{sample}: CSV ties")


def check_dot(sample, db, code):
    a = run("--db", db, "export", code, "--format", "dot", "--theme", "team")
    b = run("--db", db, "render", code, "--format", "dot", "--theme", "team",
            "-o", "-")
    check(a.returncode == 0 and a.stdout == b.stdout and
          a.stdout.startswith(b"graph") or a.stdout.startswith(b"digraph"),
          f"{sample}: export --format dot is not render's DOT")


def check_tricky_csv(tmp):
    """Separators, quotes and line breaks in a field come back whole."""
    name = 'Jan "de Buurman", van 3'
    notes = "eerste regel\r\ntweede; met \"quotes\", en komma"
    case = {"kring": 1, "case": {"code": "t-1", "name": "T"},
            "people": [{"id": "jan", "name": name, "role": "neighbour",
                        "ring": 2, "notes": notes}], "ties": []}
    f = os.path.join(tmp, "tricky.json")
    json.dump(case, open(f, "w"))
    for sep in (",", ";", "\t"):
        r = run("export", "-f", f, "--format", "csv", "--table", "people",
                "--csv-sep", sep)
        rows = read_csv_bytes(r.stdout, sep)
        got = dict(zip(rows[0], rows[1]))
        check(got["name"] == name and got["notes"] == notes,
              f"CSV quoting with {sep!r}: {got}")
    # Cells a spreadsheet would take for formulas are marked, and come back
    # whole with the mark taken off.
    for name, notes in (("=1+1", "-2+3+cmd|' /C calc'!A0"),
                        ("'=x", "@SUM(1)\t\"q\""), ("'t Hart", "\r\n+1")):
        case["people"][0].update(name=name, notes=notes)
        json.dump(case, open(f, "w"))
        for sep in (",", ";"):
            r = run("export", "-f", f, "--format", "csv", "--table", "people",
                    "--csv-sep", sep)
            got = dict(zip(*read_csv_bytes(r.stdout, sep)))
            check(got["name"] == csv_value(case["people"][0], "name") and
                  csv_text(got["name"]) == name and
                  csv_text(got["notes"]) == notes and
                  got["age"] == "", f"CSV formula mark with {sep!r}: {got}")
    r = run("export", "-f", f, "--format", "graphml")
    db = store(tmp, "tricky.db")
    g = os.path.join(tmp, "tricky.graphml")
    open(g, "wb").write(r.stdout)
    run("--db", db, "import", g)
    back = case_json(db, "t-1")
    check(back["people"][0]["notes"] == notes and
          back["people"][0]["name"] == name, "GraphML keeps CR, quotes")


def check_youth_note_and_tenths(tmp):
    """youth_note and known_years in tenths go out to GraphML and CSV typed,
    and GraphML comes back key for key."""
    note = 'Oma "Ria" komt op zondag; & bakt <taart>'
    case = {"kring": 1, "case": {"code": "t-2", "name": "T"},
            "people": [{"id": "oma", "name": "Oma", "role": "grandparent",
                        "ring": 1, "known_years": 4.9, "youth_note": note},
                       {"id": "bas", "name": "Bas", "role": "coach",
                        "ring": 2, "known_years": 0.5}], "ties": []}
    f = os.path.join(tmp, "youth.json")
    json.dump(case, open(f, "w"))
    r = run("export", "-f", f, "--format", "csv", "--table", "people")
    rows = read_csv_bytes(r.stdout, ",")
    got = [dict(zip(rows[0], row)) for row in rows[1:]]
    check(got[0]["youth_note"] == note and got[0]["known_years"] == "4.9" and
          got[1]["youth_note"] == "" and got[1]["known_years"] == "0.5",
          f"CSV youth_note and known_years: {got}")
    r = run("export", "-f", f, "--format", "graphml")
    g = os.path.join(tmp, "youth.graphml")
    open(g, "wb").write(r.stdout)
    nodes = nx.read_graphml(g).nodes
    check(nodes["oma"].get("youth_note") == note and
          nodes["oma"].get("known_years") == 4.9 and
          nodes["bas"].get("known_years") == 0.5 and
          "youth_note" not in nodes["bas"],
          f"networkx reads youth_note, known_years: {dict(nodes)}")
    db = store(tmp, "youth.db")
    run("--db", db, "import", g)
    back = case_json(db, "t-2")
    want = json.loads(run("export", "-f", f).stdout)
    check(back == want, f"GraphML back: {back} != {want}")
    check(b"4.9000" not in run("--db", db, "export", "t-2").stdout,
          "known_years written with drift")


# ---- in: Network Canvas --------------------------------------------------

CONTACT = {"1": "daily", "2": "weekly", "3": "monthly", "4": "yearly",
           "5": "rarely"}


def ring_of(x, y):
    r = math.hypot(x - 0.5, y - 0.5) / 0.5
    return 1 if r < 1 / 3 else 2 if r < 2 / 3 else 3


def expect_person(name, x, y, family, freq):
    p = {"name": name, "ring": ring_of(float(x), float(y))}
    if family == "true":
        p["sector"] = "family"
    elif family == "false":
        p["sector"] = "friends"
    else:
        p["sector"] = "community"  # role other, its sector
    if freq in CONTACT:
        p["contact"] = CONTACT[freq]
    return p


def nc_graphml_expected(path):
    """People, ties and the lines of oddities, read here with
    ElementTree: the second reading."""
    root = ET.parse(path).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(GML + "key")}
    graph = root.find(GML + "graph")
    people, names = [], {}
    for node in graph.findall(GML + "node"):
        d = {keys[e.get("key")]: e.text or "" for e in node.findall(GML + "data")}
        names[node.get("id")] = d["name"]
        people.append(expect_person(d["name"], d["layout_X"], d["layout_Y"],
                                    d.get("family_member"),
                                    d.get("communication_freq")))
    ties, loops, dups = set(), [], []
    lines = edge_lines(path)
    for i, e in enumerate(graph.findall(GML + "edge")):
        s, t = e.get("source"), e.get("target")
        pair = frozenset((names[s], names[t]))
        if s == t:
            loops.append(lines[i])
        elif pair in ties:
            dups.append(lines[i])
        else:
            ties.add(pair)
    ego = {keys[e.get("key")]: e.text for e in graph.findall(GML + "data")}
    return {"code": graph.get(NCNS + "caseId"), "name": ego["full_name"],
            "people": people, "ties": ties, "loops": loops, "dups": dups}


def edge_lines(path):
    return [i + 1 for i, l in enumerate(open(path, encoding="utf-8"))
            if l.lstrip().startswith("<edge ")]


def nc_csv_expected(prefix):
    rows = list(csv.DictReader(open(prefix + "_attributeList_Person.csv",
                                    encoding="utf-8")))
    names = {r["nodeID"]: r["name"] for r in rows}
    people = [expect_person(r["name"], r["layout_x"], r["layout_y"],
                            r.get("family_member"), r["communication_freq"])
              for r in rows]
    ties, loops, dups = set(), [], []
    edges = list(csv.DictReader(open(prefix + "_edgeList_friends.csv",
                                     encoding="utf-8")))
    for i, e in enumerate(edges):
        pair = frozenset((names[e["from"]], names[e["to"]]))
        if e["from"] == e["to"]:
            loops.append(i + 2)
        elif pair in ties:
            dups.append(i + 2)
        else:
            ties.add(pair)
    ego = next(csv.DictReader(open(prefix + "_ego.csv", encoding="utf-8")))
    return {"code": ego["networkCanvasCaseID"], "name": ego["full_name"],
            "people": people, "ties": ties, "loops": loops, "dups": dups}


def compare(what, got, want, notes, note_file):
    check(got["case"]["code"] == want["code"],
          f"{what}: code {got['case']['code']} != {want['code']}")
    check(got["case"]["name"] == want["name"], f"{what}: name")
    check(len(got["people"]) == len(want["people"]),
          f"{what}: {len(got['people'])} people, the file has "
          f"{len(want['people'])}")
    by_name = {p["name"]: p for p in got["people"]}
    check(len(by_name) == len(got["people"]), f"{what}: names not unique")
    for w in want["people"]:
        p = by_name.get(w["name"], {})
        for k, v in w.items():
            check(p.get(k) == v, f"{what}: {w['name']}.{k} is {p.get(k)!r}, "
                  f"the file says {v!r}")
        if "contact" not in w:
            check("contact" not in p, f"{what}: {w['name']} has a contact")
    ids = {p["id"]: p["name"] for p in got["people"]}
    ties = {frozenset((ids[t["a"]], ids[t["b"]])) for t in got["ties"]}
    check(ties == want["ties"], f"{what}: ties differ from the file's")
    for line in want["loops"]:
        check(any(f"{note_file}:{line}: " in n and "itself" in n
                  for n in notes), f"{what}: no note for the self-loop at "
              f"line {line}")
    for line in want["dups"]:
        check(any(f"{note_file}:{line}: " in n and "given again" in n
                  for n in notes), f"{what}: no note for the pair again at "
              f"line {line}")


def import_json(db, path, *more):
    r = run("--db", db, "--json", "import", path, *more)
    check(r.returncode == 0, f"{path}: import: {r.stderr.decode()[:400]}")
    if r.returncode != 0:
        return None
    out = json.loads(r.stdout)
    notes = [l[len("kring: note: "):] for l in
             r.stderr.decode().splitlines() if l.startswith("kring: note: ")]
    check(notes == out["notes"], f"{path}: the notes on stderr and in JSON "
          "differ")
    return out


def import_as(tmp, path, code, fmt):
    """Imports PATH under CODE into a new database, checks that the format
    was found as FMT; the import's JSON and the case."""
    db = store(tmp, code + ".db")
    out = import_json(db, path, "--code", code)
    if out is None:
        return None, None
    check(out["format"] == fmt, f"{path}: found as {out['format']}")
    return out, case_json(db, code)


def check_networkcanvas(tmp):
    graphmls = sorted(f for f in os.listdir(NC) if f.endswith(".graphml"))
    check(len(graphmls) == 5, "five Network Canvas sessions")
    for f in graphmls:
        path = os.path.join(NC, f)
        prefix = path[:-len(".graphml")]
        db = store(tmp, "nc-" + f + ".db")
        want = nc_graphml_expected(path)
        out = import_json(db, path)
        if out is None:
            continue
        check(out["format"] == "networkcanvas", f"{f}: format by content")
        got = case_json(db, want["code"])
        compare(f, got, want, out["notes"], path)
        # The CSV set of the same session: the same network.
        db2 = store(tmp, "ncc-" + f + ".db")
        out2 = import_json(db2, prefix + "_ego.csv")
        if out2 is None:
            continue
        check(out2["format"] == "networkcanvas", f"{f}: CSV by content")
        got2 = case_json(db2, want["code"])
        compare(f + " (CSV)", got2, nc_csv_expected(prefix), out2["notes"],
                prefix + "_edgeList_friends.csv")
        strip = lambda c: ([{k: v for k, v in p.items()
                             if not k.startswith("x-")} for p in c["people"]],
                           [(t["a"], t["b"]) for t in c["ties"]])
        check(strip(got) == strip(got2), f"{f}: GraphML and CSV differ")
        # Any file of the set names the set.
        db3 = store(tmp, "ncc3-" + f + ".db")
        out3 = import_json(db3, prefix + "_edgeList_friends.csv")
        check(out3 is not None and strip(case_json(db3, want["code"])) ==
              strip(got2), f"{f}: the edge list does not name its set")
    # Unknown variables: one note for them all; --verbose lists each once
    # (not once per person). Was: one note each (issue 17, item 21).
    out = import_json(store(tmp, "nc-notes.db"),
                      os.path.join(NC, graphmls[0]))
    kept = [n for n in out["notes"] if "variables as x-nc-" in n]
    check(len(kept) == 1 and not any("'dob'" in n for n in out["notes"]),
          f"the unknown variables in {len(kept)} summary notes: "
          f"{out['notes']}")
    out = import_json(store(tmp, "nc-notes-v.db"),
                      os.path.join(NC, graphmls[0]), "--verbose")
    dob = [n for n in out["notes"] if "'dob'" in n]
    check(len(dob) == 1, f"the variable dob noted {len(dob)} times")


def check_mapping(tmp):
    path = os.path.join(NC, sorted(f for f in os.listdir(NC)
                                   if f.endswith(".graphml"))[1])
    m = os.path.join(tmp, "map.json")
    json.dump({"case": {"code": "nc:caseId", "name": "full_name"},
               "person": {
                   "ring": {"variable": "communication_freq",
                            "values": {"1": 1, "2": 2, "3": 3, "-1": None}},
                   "sector": {"variable": "family_member",
                              "values": {"true": "household",
                                         "false": "leisure"}},
                   "contact": None}}, open(m, "w"))
    db = store(tmp, "map.db")
    out = import_json(db, path, "--map", m, "--code", "nc-2")
    if out is None:
        return
    got = case_json(db, "nc-2")
    want = nc_graphml_expected(path)
    root = ET.parse(path).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(GML + "key")}
    for node, p in zip(root.find(GML + "graph").findall(GML + "node"),
                       got["people"]):
        d = {keys[e.get("key")]: e.text for e in node.findall(GML + "data")}
        freq = d["communication_freq"]
        ring = int(freq) if freq in ("1", "2", "3") else \
            ring_of(float(d["layout_X"]), float(d["layout_Y"]))
        check(p["ring"] == ring, f"mapping: {p['name']} ring {p['ring']}")
        check(p["sector"] == {"true": "household", "false": "leisure"}
              .get(d.get("family_member"), "community"),
              f"mapping: {p['name']} sector {p['sector']}")
        check("contact" not in p, f"mapping: {p['name']} contact not read")
    check(len(got["people"]) == len(want["people"]), "mapping: people")


# ---- in: easyNWK ---------------------------------------------------------

def check_easynwk(tmp):
    data = json.load(open(NWK, encoding="utf-8-sig"))
    check(open(NWK, "rb").read(3) == b"\xef\xbb\xbf",
          "the easyNWK file begins with a byte-order mark")
    versions = data["versions"]
    newest = max(versions, key=lambda v: (v["date"], v["id"]))
    out, got = import_as(tmp, NWK, "rosa", "easynwk")
    if out is None:
        return
    nwk = newest["nwk"]
    check(got["case"]["name"] == nwk["ego"]["name"], "easyNWK: ego name")
    check(len(got["snapshots"]) == len(versions), "easyNWK: a snapshot per "
          "version")
    by_name = {p["name"]: p for p in got["people"]}
    check(len(got["people"]) == len(nwk["alteri"]), "easyNWK: people")
    quad = lambda a: ("school" if a < -90 else "care" if a < 0 else
                      "family" if a < 90 else "friends")
    for a in nwk["alteri"]:
        p = by_name.get(a["name"], {})
        d = a["distance"]
        ring = 3 if d >= 100 else 1 if d < 100 / 3 else 2 if d < 200 / 3 \
            else 3
        check(p.get("ring") == ring, f"easyNWK: {a['name']} ring "
              f"{p.get('ring')}, distance {d}")
        check(p.get("sector") == quad(a["angle"]),
              f"easyNWK: {a['name']} sector {p.get('sector')}")
        if a.get("deceased"):
            check(p.get("status") == "deceased", f"easyNWK: {a['name']} "
                  "deceased")
        if a.get("age"):
            check(p.get("age") == int(a["age"]), f"easyNWK: {a['name']} age")
    ids = {p["id"]: p["name"] for p in got["people"]}
    names = {a["id"]: a["name"] for a in nwk["alteri"]}
    want = {frozenset((names[c["id1"]], names[c["id2"]]))
            for c in nwk["connections"] if c["id1"] != c["id2"]}
    check({frozenset((ids[t["a"]], ids[t["b"]])) for t in got["ties"]} ==
          want, "easyNWK: ties")
    check(any("beyond the outer horizon" in n for n in out["notes"]),
          "easyNWK: no note for the alter beyond the horizon")
    check(any("human: false" in n for n in out["notes"]),
          "easyNWK: no note for the alter who is not a person")


def check_sniffing(tmp):
    """Formats found by content, whatever the file is called."""
    cases = [(SAMPLES[0], "kring"),
             (os.path.join(NC, sorted(os.listdir(NC))[0]), None),
             (NWK, "easynwk")]
    for i, (src, fmt) in enumerate(cases):
        if fmt is None:
            src = os.path.join(NC, sorted(f for f in os.listdir(NC)
                                          if f.endswith(".graphml"))[0])
            fmt = "networkcanvas"
        dst = os.path.join(tmp, f"noname{i}")
        shutil.copy(src, dst)
        db = store(tmp, f"sniff{i}.db")
        out = import_json(db, dst)
        check(out is not None and out["format"] == fmt,
              f"{src}: found as {out and out['format']}, not {fmt}")
    # kring's own GraphML is found as GraphML and read as kring's.
    g = os.path.join(tmp, "noname.xml")
    open(g, "wb").write(run("export", "-f", SAMPLES[0], "--format",
                            "graphml").stdout)
    out = import_json(store(tmp, "sniffg.db"), g)
    check(out is not None and out["format"] == "graphml" and not
          out["notes"], "kring's GraphML by content")


def check_other_graphml(tmp):
    """GraphML that networkx writes, with no kring key: read as a foreign
    network by the default mapping."""
    g = nx.Graph()
    g.add_node("a", name="Ann", ring=1, role="aunt_uncle", age=40)
    g.add_node("b", name="Bob", ring=2, role="friend", hobby="chess")
    g.add_node("c", label="Cas")
    g.add_edge("a", "b", strength="strong")
    g.add_edge("b", "a")
    g.add_edge("b", "b")
    f = os.path.join(tmp, "nx.graphml")
    nx.write_graphml(g, f)
    out, got = import_as(tmp, f, "nx-1", "graphml")
    if out is None:
        return
    by = {p["name"]: p for p in got["people"]}
    check(set(by) == {"Ann", "Bob", "Cas"}, f"networkx: people {set(by)}")
    ann, bob, cas = by.get("Ann", {}), by.get("Bob", {}), by.get("Cas", {})
    check(ann.get("ring") == 1 and ann.get("role") == "aunt_uncle" and
          ann.get("sector") == "family" and ann.get("age") == 40,
          f"networkx: Ann {ann}")
    check(bob.get("x-graphml-hobby") == "chess", f"networkx: Bob {bob}")
    check(cas.get("ring") == 3 and cas.get("role") == "other",
          f"networkx: Cas {cas}")
    check(len(got["ties"]) == 1 and got["ties"][0]["strength"] == "strong",
          f"networkx: ties {got['ties']}")
    notes = " | ".join(out["notes"])
    for what in ("kept 1 variable as x-graphml-…: hobby;", "itself",
                 "no ring and no place"):
        check(what in notes, f"networkx: no note with {what}: {notes}")


def check_two_graphs(tmp):
    """Several <graph> in one file: several cases, each as when alone."""
    files = sorted(os.path.join(NC, f) for f in os.listdir(NC)
                   if f.endswith(".graphml"))[:2]
    ET.register_namespace("", GML[1:-1])
    ET.register_namespace("nc", NCNS[1:-1])
    first = ET.parse(files[0])
    second = ET.parse(files[1]).getroot().find(GML + "graph")
    first.getroot().append(second)
    both = os.path.join(tmp, "two.graphml")
    first.write(both, encoding="UTF-8", xml_declaration=True)
    db = store(tmp, "two.db")
    out = import_json(db, both, "--from", "networkcanvas")
    if out is None:
        return
    check(len(out["cases"]) == 2, f"two graphs: {out['cases']}")
    for f in files:
        want = nc_graphml_expected(f)
        got = case_json(db, want["code"])
        check(len(got["people"]) == len(want["people"]) and
              len(got["ties"]) == len(want["ties"]),
              f"two graphs: {want['code']} differs from its own file")


def check_mutants(tmp, n):
    """Damaged copies of real files (cut short, bytes changed): each is
    read or refused with exit 1 and a message, never a crash, and a
    refused file leaves the database as it was."""
    import random
    rnd = random.Random(6)
    sources = [os.path.join(NC, f) for f in sorted(os.listdir(NC))] + [NWK]
    sources += [SAMPLES[0]]
    g = os.path.join(tmp, "m.graphml")
    open(g, "wb").write(run("export", "-f", SAMPLES[0], "--format",
                            "graphml").stdout)
    sources.append(g)
    db = store(tmp, "mut.db")
    run("--db", db, "import", SAMPLES[1])
    before = dump(db)
    counts = {0: 0, 1: 0}
    for i in range(n):
        src = rnd.choice(sources)
        data = bytearray(open(src, "rb").read())
        how = rnd.randrange(3)
        if how == 0:
            data = data[:rnd.randrange(len(data))]
        else:
            for _ in range(rnd.randrange(1, 8)):
                at = rnd.randrange(len(data))
                data[at] = rnd.choice(b'<>"&,;{}[]:0-9\n\x00\xff' +
                                      bytes([rnd.randrange(256)]))
        # Keep the name: a CSV file names the rest of its set.
        d = os.path.join(tmp, f"mut{i % 7}")
        os.makedirs(d, exist_ok=True)
        f = os.path.join(d, os.path.basename(src))
        if src.endswith(".csv"):
            for sib in os.listdir(NC):
                if sib.startswith(os.path.basename(src)[:7]):
                    shutil.copy(os.path.join(NC, sib), d)
        open(f, "wb").write(bytes(data))
        r = run("--db", db, "import", f, "--replace")
        ok = r.returncode in (0, 1) and (r.returncode == 0 or
                                         r.stderr.startswith(b"kring: "))
        check(ok, f"mutant {i} of {src}: exit {r.returncode}: "
              f"{r.stderr[:200]!r}")
        counts[r.returncode] = counts.get(r.returncode, 0) + 1
        if r.returncode == 1:
            after = dump(db)
            check(after == before, f"mutant {i}: refused, yet the database "
                  "changed")
        elif r.returncode == 0:
            before = dump(db)
    print(f"exchange: {n} damaged files: {counts.get(0, 0)} read, "
          f"{counts.get(1, 0)} refused")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for sample in SAMPLES:
            db, code, want = check_graphml(tmp, sample)
            check_csv(tmp, sample, db, code, want)
            check_dot(sample, db, code)
        check_tricky_csv(tmp)
        check_youth_note_and_tenths(tmp)
        check_networkcanvas(tmp)
        check_mapping(tmp)
        check_easynwk(tmp)
        check_sniffing(tmp)
        check_other_graphml(tmp)
        check_two_graphs(tmp)
        check_mutants(tmp, int(os.environ.get("KRING_MUTANTS", "300")))
    finish("exchange", 40)


if __name__ == "__main__":
    main()
