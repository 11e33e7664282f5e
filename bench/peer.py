#!/usr/bin/env python3
"""The peer: what a professional's data person would script without kring.

Reads a kring case file, measures the network with networkx (degree,
betweenness, density, components, isolates, Burt's effective size and
constraint of the young person), scores and ranks the mentor candidates by
kring's default profile (docs/scoring.md), prints the ranking, and draws
the map by handing a DOT file to Graphviz's `neato`.

It is the reference of bench/one_case.sh (issue 21: `kring score -f` at
least 50x faster as a whole process). It does the same work the way a user
would: Python 3, Debian's networkx, neato. Its ranking is checked against
kring's by the benchmark, so that it is a peer and not a strawman.

usage: peer.py CASE.json MAP.svg
"""
import json
import subprocess
import sys

import networkx as nx

ADULT_ROLES = {"parent", "stepparent", "foster_parent", "grandparent",
               "aunt_uncle", "teacher", "school_staff", "coach", "neighbour",
               "family_friend", "faith_leader", "youth_worker",
               "professional"}
ROLE_SECTOR = {"parent": "household", "stepparent": "household",
               "foster_parent": "household", "sibling": "household",
               "grandparent": "family", "aunt_uncle": "family",
               "cousin": "family", "relative": "family",
               "friend": "friends", "partner": "friends",
               "family_friend": "friends", "classmate": "school",
               "teacher": "school", "school_staff": "school",
               "coach": "leisure", "neighbour": "neighbourhood",
               "professional": "care"}
RING = {1: 1.0, 2: 0.55, 3: 0.2}
CONTACT = {"daily": 1.0, "weekly": 0.8, "monthly": 0.5, "yearly": 0.2,
           "rarely": 0.05}
QUALITY = {"positive": 1.0, "mixed": 0.5, "strained": 0.15, "broken": 0.0}
REACHABLE = {"anytime": 1.0, "evenings_weekends": 1.0, "office_hours": 0.3,
             "rarely": 0.05}
W = {"parts": (0.5, 0.3, 0.2),
     "closeness": (0.25, 0.15, 0.1, 0.15, 0.1, 0.25),
     "availability": (0.35, 0.25, 0.4),
     "embeddedness": (0.35, 0.25, 0.15, 0.25)}


def capped(x, full):
    return 0.0 if x <= 0 else 1.0 if x >= full else x / full


def weighed(weights, values):
    total = sum(weights)
    s = sum(w / total * v for w, v in zip(weights, values))
    return min(max(s, 0.0), 1.0)


def travel(minutes):
    if minutes is None or minutes < 0 or minutes >= 90:
        return 0.0
    return 1.0 if minutes <= 15 else (90.0 - minutes) / 75.0


def is_adult(p):
    if p.get("age") is not None:
        return p["age"] >= 18
    if p.get("adult") is not None:
        return p["adult"]
    return p["role"] in ADULT_ROLES


def exclusions(p):
    x = []
    if p["role"] in ("parent", "stepparent", "foster_parent"):
        x.append("parent")
    if p.get("formal", p["role"] == "professional"):
        x.append("formal")
    if not (p["age"] >= 18 if p.get("age") is not None else is_adult(p)):
        x.append("minor")
    if p.get("status") == "deceased":
        x.append("deceased")
    if p.get("willing") == "no":
        x.append("unwilling")
    if p.get("frightens"):
        x.append("unsafe")
    return x


def score(p, g, people):
    sector = p.get("sector") or ROLE_SECTOR.get(p["role"], "community")
    home = lambda q: q.get("lives_with_child") or (
        q.get("sector") or ROLE_SECTOR.get(q["role"], "community")) == \
        "household"
    known = conflict = 0
    bridged = set()
    for other, data in g[p["id"]].items():
        q = people[other]
        if data["quality"] == "conflict":
            conflict += home(q)
            continue
        known += bool(home(q))
        s = q.get("sector") or ROLE_SECTOR.get(q["role"], "community")
        if s != sector:
            bridged.add(s)
    support = p.get("support", [])
    closeness = weighed(W["closeness"], (
        RING[p["ring"]], CONTACT.get(p.get("contact"), 0.0),
        capped(p.get("known_years") or 0, 10.0),
        1.0 if "emotional" in support else 0.0,
        capped(len(support), 4.0), QUALITY.get(p.get("quality"), 0.0)))
    availability = weighed(W["availability"], (
        capped(p.get("hours_per_week") or 0, 4.0),
        travel(p.get("travel_minutes")),
        REACHABLE.get(p.get("reachable"), 0.0)))
    embeddedness = weighed(W["embeddedness"], (
        1.0 if home(p) else capped(known, 2.0), capped(len(bridged), 2.0),
        capped(g.degree(p["id"]), 4.0), 0.0 if conflict else 1.0))
    return weighed(W["parts"], (closeness, availability, embeddedness))


def dot(case, g):
    lines = ["graph kring {", "  node [shape=box, fontname=\"DejaVu Sans\"];"]
    for p in case["people"]:
        lines.append(f"  \"{p['id']}\" [label=\"{p['name']}\"];")
    for a, b in g.edges():
        lines.append(f"  \"{a}\" -- \"{b}\";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        case = json.load(f)
    people = {p["id"]: p for p in case["people"]}
    g = nx.Graph()
    g.add_nodes_from(people)
    for t in case.get("ties", []):
        g.add_edge(t["a"], t["b"], quality=t.get("quality", "positive"))
    bet = nx.betweenness_centrality(g, normalized=False)
    ego = nx.Graph(g)
    ego.add_edges_from(("__ego__", v) for v in people)
    n = len(people)
    measures = {
        "density": nx.density(g) if n >= 2 else 0.0,
        "components": nx.number_connected_components(g),
        "isolates": nx.number_of_isolates(g),
        "ego_effective_size": nx.effective_size(ego, ["__ego__"])["__ego__"]
        if n else None,
        "ego_constraint": nx.constraint(ego, ["__ego__"])["__ego__"]
        if n else None}
    ranked = sorted(((score(p, g, people), p["id"]) for p in people.values()
                     if not exclusions(p)), key=lambda s: (-s[0], s[1]))
    out = {"case": case["case"]["code"], "measures": measures,
           "candidates": [{"id": i, "rank": r + 1, "score": s,
                           "degree": g.degree(i), "betweenness": bet[i]}
                          for r, (s, i) in enumerate(ranked)]}
    print(json.dumps(out, indent=2))
    subprocess.run(["neato", "-Tsvg", "-o", sys.argv[2]],
                   input=dot(case, g).encode(), check=True)


if __name__ == "__main__":
    main()
