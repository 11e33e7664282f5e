#!/usr/bin/env python3
"""Second implementation of kring's measures: networkx.

Builds random networks (and reads the samples), writes each as a case file,
runs `kring score -f` and `kring indicators -f` with --json, and compares
degree, betweenness, density, components, isolates and Burt's effective
size and constraint with what networkx computes, to 1e-9.

usage: networkx_check.py KRING_BIN SAMPLES_DIR [CASES]
"""
import json
import math
import random
import subprocess
import sys
import tempfile

import networkx as nx

TOL = 1e-9
ROLES = ["grandparent", "aunt_uncle", "friend", "neighbour", "coach",
         "teacher", "parent", "sibling", "professional", "family_friend"]


def kring(binary, *args):
    out = subprocess.run([binary, *args], check=True, capture_output=True)
    return json.loads(out.stdout)


def random_case(rng, i):
    n = rng.choice([0, 1, 2, 3, 5, 8, 13, 25, 40])
    people = [{"id": f"p{k}", "name": f"Person {k}", "role": rng.choice(ROLES),
               "ring": rng.randint(1, 3), "age": rng.randint(10, 80)}
              for k in range(n)]
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    p = rng.choice([0.0, 0.05, 0.15, 0.4, 0.9])
    ties = [{"a": f"p{a}", "b": f"p{b}",
             "quality": rng.choice(["positive", "mixed", "conflict"])}
            for a, b in pairs if rng.random() < p]
    return {"kring": 1, "case": {"code": f"x-{i}", "name": "Test"},
            "people": people, "ties": ties}


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOL * max(1.0, abs(b))


def check(binary, case, where):
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump(case, f)
        f.flush()
        scores = kring(binary, "score", "-f", f.name, "--json")
        ind = kring(binary, "indicators", "-f", f.name, "--json")
    g = nx.Graph()
    ids = [p["id"] for p in case["people"]]
    g.add_nodes_from(ids)
    g.add_edges_from((t["a"], t["b"]) for t in case["ties"])
    n = len(ids)
    bet = nx.betweenness_centrality(g, normalized=False)
    errors = []
    for who in scores["candidates"] + scores["excluded"]:
        m = who["metrics"]
        if m["degree"] != g.degree(who["id"]):
            errors.append(f"{who['id']} degree {m['degree']}")
        if not close(m["betweenness"], bet[who["id"]]):
            errors.append(f"{who['id']} betweenness {m['betweenness']} "
                          f"!= {bet[who['id']]}")
    density = 0.0 if n < 2 else nx.density(g)
    comps = nx.number_connected_components(g)
    isolates = nx.number_of_isolates(g)
    ego = g.copy()
    ego.add_node("__ego__")
    ego.add_edges_from(("__ego__", v) for v in ids)
    if n == 0:
        eff = con = None
    else:
        eff = nx.effective_size(ego, ["__ego__"])["__ego__"]
        con = nx.constraint(ego, ["__ego__"])["__ego__"]
    for key, want in [("density", density), ("components", comps),
                      ("isolates", isolates), ("ego_effective_size", eff),
                      ("ego_constraint", con)]:
        if not close(ind[key], want):
            errors.append(f"{key} {ind[key]} != {want}")
    for e in errors:
        print(f"{where}: {e}")
    return not errors


def main():
    binary, samples = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    rng = random.Random(20261123)
    ok = 0
    failed = 0
    import glob
    for path in sorted(glob.glob(samples + "/*.json")):
        with open(path) as f:
            case = json.load(f)
        if check(binary, case, path):
            ok += 1
        else:
            failed += 1
    for i in range(count):
        if check(binary, random_case(rng, i), f"random case {i}"):
            ok += 1
        else:
            failed += 1
    print(f"networkx crosscheck: {ok} cases agree, {failed} differ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
