#!/usr/bin/env python3
"""Small hostile files, and large ones up to the size limit, read or refused
in under 2 s and 200 MB each (docs/limits.md, issue 17):

- GraphML with an entity of its own used thousands of times (the billion
  laughs' small cousin), in UTF-8 and in UTF-16;
- GraphML with 100,000 attributes on one element;
- a Network Canvas CSV set with 100,000 columns, and one with as many
  values as kring reads;
- an easyNWK map with 2,000 alteri, and one of many versions near 32 MiB;
- GraphML of the largest case (2,000 people, 20,000 ties), and one of
  32 MiB of text;
- kring case files of 32 MiB of empty lists, and just under the limit of
  JSON values in the shapes that cost the most;
- a file over the size limit.

Each runs `kring import` once in a new database; its CPU time and peak
memory are the child's own (os.wait4's rusage, as RUSAGE_CHILDREN gives
them). CPU time, not the clock, because the machines that run this are
shared; the clock only has to stay under 5 times the limit. Exit 0 (read)
or 1 (refused with a message) only.
With KRING_TEST_DB=postgresql each import goes into a schema of its own
(tests/store_db.py): the CPU time and memory are kring's, not the
server's; the clock counts both.
Usage: hostile_check.py KRING   ($KRING_HOSTILE_SCALE multiplies the
limits: the sanitizer build is slower and larger; with $KRING_HOSTILE_SMALL
the large files that are read, not refused, are left out: under the
sanitizers they take minutes)
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import check, clean_env, finish  # noqa: E402
from store_db import store  # noqa: E402

KRING = os.path.abspath(sys.argv[1])
SCALE = float(os.environ.get("KRING_HOSTILE_SCALE", "1"))
SECONDS = 2.0 * SCALE
MBYTES = 200 * SCALE
SMALL = bool(os.environ.get("KRING_HOSTILE_SMALL"))
LIMIT = 32 * 1024 * 1024  # KRING_FILE_MAX
GML = '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'


# Run from a small process of its own: a child's peak memory counts the
# memory of the process it was forked from (Linux keeps the larger at
# exec), and this one holds the big files it made.
# A run past 10 times the limit is stopped (a hang fails, it does not
# stall the check) and counts as exit -9.
MEASURE = r"""
import resource, subprocess, sys, time
start = time.monotonic()
p = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL,
                     stderr=subprocess.PIPE)
try:
    err = p.communicate(timeout=float(sys.argv[1]))[1]
except subprocess.TimeoutExpired:
    p.kill()
    err = p.communicate()[1]
clock = time.monotonic() - start
u = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.write("%d %f %f %d\n" % (p.returncode, u.ru_utime + u.ru_stime,
                                    clock, u.ru_maxrss))
sys.stderr.buffer.write(err)
"""


def run(tmp, path, *more):
    """kring import PATH: (exit status, stderr, CPU seconds, clock seconds,
    peak MB)."""
    db = store(tmp, "h%d.db" % random.randrange(1 << 30))
    r = subprocess.run([sys.executable, "-c", MEASURE, str(10 * SECONDS),
                        KRING, "--db", db, "import", path, *more],
                       capture_output=True, env=clean_env())
    rc, cpu, clock, kb = r.stdout.split()
    return (int(rc), r.stderr.decode("utf-8", "replace"), float(cpu),
            float(clock), int(kb) / 1024)


def expect(tmp, what, path, want=None, says=None, more=(), big=False):
    """Imports PATH (with the options MORE): exit 0 or 1 (WANT, when given),
    in time and memory; SAYS, when given, is in the message. BIG: a large
    file that is read, left out with $KRING_HOSTILE_SMALL."""
    if big and SMALL:
        return
    size = os.path.getsize(path)
    rc, err, cpu, clock, mb = run(tmp, path, *more)
    print(f"hostile: {what}: {size / 1024:.0f} KB, exit {rc}, "
          f"{cpu:.2f} s CPU, {clock:.2f} s, {mb:.0f} MB")
    check(rc in (0, 1), f"{what}: exit {rc}: {err[-400:]}")
    if want is not None:
        check(rc == want, f"{what}: exit {rc}, not {want}: {err[-400:]}")
    if rc == 1:
        check(err.startswith("kring: ") and "\n" in err,
              f"{what}: refused without a message: {err[-400:]}")
    if says is not None:
        check(says in err, f"{what}: '{says}' is not in: {err[-400:]}")
    check(cpu < SECONDS, f"{what}: {cpu:.2f} s CPU (at most {SECONDS} s)")
    check(clock < 5 * SECONDS, f"{what}: {clock:.2f} s (a hang?)")
    check(mb < MBYTES, f"{what}: {mb:.0f} MB (at most {MBYTES:.0f} MB)")


def write(path, text):
    with open(path, "wb") as f:
        f.write(text.encode() if isinstance(text, str) else text)
    return path


# ---- GraphML -------------------------------------------------------------

def entity_graphml(value, uses, attribute=False):
    """An entity of VALUE used USES times in a text, or in an attribute
    (which kring expanded outside libxml2's guard)."""
    uses = "&e;" * uses
    return ('<?xml version="1.0"?>\n<!DOCTYPE graphml [\n'
            f'<!ENTITY e "{value}">\n]>\n' + GML +
            '<key id="d0" for="node" attr.name="name" attr.type="string"/>\n'
            '<graph edgedefault="undirected">\n<node id="n0"' +
            (f' x="{uses}"><data key="d0">A</data>' if attribute else
             f'><data key="d0">{uses}</data>') + '</node>\n'
            '</graph>\n</graphml>\n')


def attrs_graphml(n):
    attrs = " ".join(f'a{i}="v"' for i in range(n))
    return ('<?xml version="1.0"?>\n' + GML +
            f'<graph edgedefault="undirected">\n<node id="n0" {attrs}/>\n'
            '</graph>\n</graphml>\n')


def largest_graphml(people, ties, text=8):
    """A foreign network of PEOPLE nodes and TIES edges, each node with
    eight values of TEXT bytes."""
    r = random.Random(17)
    out = ['<?xml version="1.0"?>\n', GML]
    out += [f'<key id="d{k}" for="node" attr.name="v{k}" '
            'attr.type="string"/>\n' for k in range(8)]
    out.append('<key id="w" for="edge" attr.name="weight" '
               'attr.type="double"/>\n<graph edgedefault="undirected">\n')
    for i in range(people):
        out.append(f'<node id="n{i}">' + "".join(
            f'<data key="d{k}">{"y" * text}</data>' for k in range(8)) +
            '</node>\n')
    pairs = set()
    while len(pairs) < ties:
        a, b = r.randrange(people), r.randrange(people)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    out += [f'<edge source="n{a}" target="n{b}"><data key="w">1.5</data>'
            '</edge>\n' for a, b in sorted(pairs)]
    out.append('</graph>\n</graphml>\n')
    return "".join(out)


def check_graphml(tmp):
    # 110 KB, the entity used 3,000 times: it took 333 s and 886 MB.
    small = entity_graphml("x" * 100_000, 3000)
    expect(tmp, "entity 110 KB", write(os.path.join(tmp, "ent.graphml"),
                                       small), 1, "DOCTYPE")
    expect(tmp, "entity in an attribute 110 KB",
           write(os.path.join(tmp, "enta.graphml"),
                 entity_graphml("x" * 100_000, 3000, attribute=True)), 1,
           "DOCTYPE")
    # The same up to the size limit.
    big = entity_graphml("x" * (LIMIT // 2), (LIMIT // 2 - 4096) // 3)
    expect(tmp, "entity 32 MiB", write(os.path.join(tmp, "ent2.graphml"),
                                       big[:LIMIT]), 1, "DOCTYPE")
    # In UTF-16, where no byte spells "<!DOCTYPE": libxml2 is stopped.
    expect(tmp, "entity UTF-16", write(os.path.join(tmp, "ent16.graphml"),
                                       small.replace(' version="1.0"',
                                                     ' version="1.0" '
                                                     'encoding="UTF-16"')
                                       .encode("utf-16")), 1, "DOCTYPE",
           ("--from", "graphml"))
    # 100,000 attributes on one element: 67 s.
    expect(tmp, "100,000 attributes", write(os.path.join(tmp, "at.graphml"),
                                            attrs_graphml(100_000)), 1,
           "attributes")
    n = (LIMIT - 4096) // 15
    expect(tmp, "attributes to 32 MiB",
           write(os.path.join(tmp, "at2.graphml"), attrs_graphml(n)), 1,
           "attributes")
    expect(tmp, "elements to 32 MiB",
           write(os.path.join(tmp, "el.graphml"),
                 '<?xml version="1.0"?>\n' + GML + '<graph>\n<node id="a">' +
                 "<x/>" * ((LIMIT - 4096) // 4) + '</node></graph>'
                 '</graphml>\n'), 1, "XML elements")
    # The largest case kring holds, in another tool's GraphML: read.
    expect(tmp, "2,000 people, 20,000 ties",
           write(os.path.join(tmp, "largest.graphml"),
                 largest_graphml(2000, 20000)), 0, big=True)
    # Text up to the size limit.
    expect(tmp, "GraphML of 32 MiB",
           write(os.path.join(tmp, "text.graphml"),
                 largest_graphml(2000, 0, text=(LIMIT - 200_000) // 16000 -
                                 30)), 0, big=True)


# ---- Network Canvas's CSV ------------------------------------------------

def nc_set(tmp, name, columns, rows, value="x"):
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    head = ["nodeID"] + [f"c{i}" for i in range(columns)]
    body = "".join(",".join([str(r)] + [value] * columns) + "\n"
                   for r in range(rows))
    write(os.path.join(d, "s_attributeList_Person.csv"),
          ",".join(head) + "\n" + body)
    write(os.path.join(d, "s_ego.csv"),
          "networkCanvasEgoUUID,networkCanvasCaseID\nu,c\n")
    write(os.path.join(d, "s_edgeList_friends.csv"), "edgeID,from,to\n")
    return os.path.join(d, "s_ego.csv")


def check_nc(tmp):
    # 100,000 columns: past 60 s.
    expect(tmp, "CSV of 100,000 columns", nc_set(tmp, "nc1", 100_000, 1), 1,
           "s_attributeList_Person.csv:1: more than 1000 columns")
    path = nc_set(tmp, "nc2", (LIMIT - 4096) // 10, 0)
    expect(tmp, "CSV header to 32 MiB", path, 1, "columns")
    # 1,000 columns, as many rows as fit in the values kring reads.
    expect(tmp, "CSV of 1,000 columns, 499 rows",
           nc_set(tmp, "nc3", 999, 499), 0, big=True)
    # Rows up to the size limit: refused at the values kring reads.
    expect(tmp, "CSV rows to 32 MiB",
           nc_set(tmp, "nc4", 20, (LIMIT - 4096) // 50), 1, "values")
    # A set of the largest case: 2,000 people, 20,000 ties.
    d = os.path.join(tmp, "nc5")
    nc_set(tmp, "nc5", 30, 2000, "3")
    r = random.Random(5)
    pairs = set()
    while len(pairs) < 20000:
        a, b = r.randrange(2000), r.randrange(2000)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    write(os.path.join(d, "s_edgeList_friends.csv"), "edgeID,from,to\n" +
          "".join(f"e{i},{a},{b}\n" for i, (a, b) in enumerate(sorted(pairs))))
    expect(tmp, "CSV of 2,000 people, 20,000 ties",
           os.path.join(d, "s_ego.csv"), 0, big=True)


# ---- easyNWK -------------------------------------------------------------

def easynwk(versions, alteri, note=300, connections=None, indent=1):
    def version(v):
        alters = [{"id": i, "name": f"Person {i}", "angle": (i * 37) % 360 - 180,
                   "distance": i % 100, "role": "Freund", "note": "x" * note,
                   "human": True, "currentGender": "m"}
                  for i in range(alteri)]
        conns = [{"id1": i, "id2": (i + 1) % alteri}
                 for i in range(connections if connections is not None
                                else alteri)]
        return {"id": v, "title": f"Version {v}", "date": "2024-01-%02d" %
                (1 + v % 28), "nwk": {"ego": {"name": "Ego"},
                                      "alteri": alters, "connections": conns}}
    return json.dumps({"versions": [version(v) for v in range(versions)]},
                      indent=indent)


def check_easynwk(tmp):
    # 873 KB with 2,000 alteri: 49 s.
    expect(tmp, "easyNWK of 2,000 alteri",
           write(os.path.join(tmp, "a.json"), easynwk(1, 2000)), 0)
    # Three versions of 2,000 alteri (as many as kring reads), up to
    # easyNWK's size limit (16 MiB).
    text = easynwk(3, 2000, note=2500)
    check(15 << 20 < len(text) < 16 << 20,
          f"easyNWK of {len(text)} bytes is not near 16 MiB")
    expect(tmp, "easyNWK of 3 versions near 16 MiB",
           write(os.path.join(tmp, "b.json"), text), 0, big=True)
    expect(tmp, "easyNWK over 16 MiB",
           write(os.path.join(tmp, "f.json"), easynwk(3, 2000, note=2800)),
           1, "easyNWK map up to that size")
    # More alteri in all versions than kring reads, in few values.
    expect(tmp, "easyNWK of 4 versions of 2,000 alteri",
           write(os.path.join(tmp, "e.json"), json.dumps(
               {"versions": [{"id": v, "nwk": {"alteri": [{}] * 2000}}
                             for v in range(4)]})), 1,
           "in all versions together")
    # More alteri than a case holds: refused before they are compared.
    expect(tmp, "easyNWK of 5,000 alteri",
           write(os.path.join(tmp, "c.json"),
                 easynwk(1, 5000, note=0, connections=0)), 1,
           "more than 2000 alteri")
    # More values than kring reads: refused before jansson holds them.
    expect(tmp, "easyNWK of 200,000 alteri",
           write(os.path.join(tmp, "d.json"), json.dumps(
               {"versions": [{"id": 1, "nwk": {"alteri": [
                   {"id": i} for i in range(200_000)]}}]})),
           1, "JSON values")


# ---- kring's own case files ----------------------------------------------

def case_with(x_big):
    """A case file whose case holds X_BIG (JSON text) under an x- key."""
    return ('{"kring": 1, "case": {"code": "h-1", "name": "H", "x-big": '
            + x_big + '}, "people": [], "ties": []}')


def check_casefile(tmp):
    # Empty lists to the size limit: millions of values in a few MiB.
    expect(tmp, "case file of empty lists",
           write(os.path.join(tmp, "c1.json"),
                 "[" + ",".join(["[]"] * ((LIMIT - 4096) // 3)) + "]"),
           1, "JSON values")
    # Just under the limit of values, in the shapes that cost the most:
    # keys of one object, strings to the size limit, small objects.
    n = 245_000
    expect(tmp, "case file of 245,000 keys",
           write(os.path.join(tmp, "c2.json"), case_with(
               "{" + ",".join('"k%d": 0' % i for i in range(n)) + "}")),
           big=True)
    expect(tmp, "case file of 245,000 strings",
           write(os.path.join(tmp, "c3.json"), case_with(
               "[" + ",".join(['"' + "x" * 62 + '"'] * n) + "]")),
           big=True)
    expect(tmp, "case file of 81,000 objects",
           write(os.path.join(tmp, "c4.json"), case_with(
               "[" + ",".join(['{"a": []}'] * (n // 3)) + "]")),
           big=True)
    expect(tmp, "case file of 250,001 values",
           write(os.path.join(tmp, "c5.json"), case_with(
               "[" + ",".join(["0"] * 250_001) + "]")),
           1, "JSON values")


def check_size(tmp):
    path = os.path.join(tmp, "huge.graphml")
    with open(path, "wb") as f:
        f.write(b'<?xml version="1.0"?>\n' + GML.encode() + b"<graph>")
        f.write(b" " * LIMIT)
    expect(tmp, "over the size limit", path, 1)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        check_graphml(tmp)
        check_nc(tmp)
        check_easynwk(tmp)
        check_casefile(tmp)
        check_size(tmp)
    finish("hostile")


main()
