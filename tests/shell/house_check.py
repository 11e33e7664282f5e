#!/usr/bin/env python3
"""The rules of the house (docs/design.md), checked on the built objects.

From the symbols each object of src/ defines and uses (nm), it draws who
calls whom and checks that:
  - no files call each other in a circle, and no parts do;
  - a part of the library uses only the parts listed before it in the
    Makefile's LIB_DIRS (src/web/ only the library, src/cli/ also src/web/);
  - SQLite is called (sqlite3_*) and its header included only in its
    backend's folder, src/store/sqlite/; no file outside src/store/
    includes a header of the store's (backend.h, a backend's own), and
    the store's front (the files of src/store/ itself) none of a
    backend's;
  - no file of src/ or include/ is longer than 800 lines.

Usage: house_check.py BUILD_DIR
"""
import collections
import glob
import os
import re
import subprocess
import sys

MAX_LINES = 800


def lib_dirs():
    with open("Makefile", encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^LIB_DIRS = (.*)$", text, re.M)
    return m.group(1).split()


def part_of(path):
    """src/store/sqlite/x.c -> store (a backend is part of the store)."""
    return path.split("/")[1]


def symbols(build):
    defs, uses = {}, {}
    for obj in sorted(glob.glob(os.path.join(build, "src", "**", "*.o"),
                           recursive=True)):
        # A module's object (kring-graphviz.so's graphviz.pic.o) too.
        src = re.sub(r"(\.pic)?\.o$", ".c", os.path.relpath(obj, build))
        if not os.path.exists(src):
            sys.exit(f"house: {obj} has no source {src}")
        out = subprocess.run(["nm", "-g", obj], check=True,
                             capture_output=True, text=True).stdout
        d, u = set(), set()
        for line in out.splitlines():
            f = line.split()
            if len(f) == 2 and f[0] == "U":
                u.add(f[1])
            elif len(f) == 3 and f[1] in "TDBRCVWG":
                d.add(f[2])
        defs[src], uses[src] = d, u
    return defs, uses


def circles(graph, nodes):
    """The strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]

    def visit(n):
        index[n] = low[n] = counter[0]
        counter[0] += 1
        stack.append(n)
        on.add(n)
        for m in sorted(graph.get(n, ())):
            if m not in index:
                visit(m)
                low[n] = min(low[n], low[m])
            elif m in on:
                low[n] = min(low[n], index[m])
        if low[n] == index[n]:
            comp = []
            while True:
                m = stack.pop()
                on.discard(m)
                comp.append(m)
                if m == n:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for n in sorted(nodes):
        if n not in index:
            visit(n)
    return found


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    problems, checked = [], 0
    defs, uses = symbols(build)
    if not defs:
        sys.exit(f"house: no objects under {build}/src: build first")
    owner = {s: f for f, d in defs.items() for s in d}
    files = collections.defaultdict(set)
    why = {}
    for f, u in uses.items():
        for s in u:
            g = owner.get(s)
            if g is not None and g != f:
                files[f].add(g)
                why.setdefault((f, g), s)
    for comp in circles(files, defs):
        problems.append("files call each other in a circle: " +
                        ", ".join(comp))
    checked += 1

    order = lib_dirs()
    rank = {}
    for i, d in enumerate(order):
        rank.setdefault(d.split("/")[0], i)
    rank["web"] = len(order)
    rank["cli"] = len(order) + 1
    parts = collections.defaultdict(set)
    for f, gs in files.items():
        for g in gs:
            a, b = part_of(f), part_of(g)
            if a == b:
                continue
            parts[a].add(b)
            checked += 1
            if a not in rank or b not in rank:
                problems.append(f"{f}: part '{a}' or '{b}' is not in LIB_DIRS")
            elif rank[b] >= rank[a]:
                problems.append(
                    f"{f} ({a}) uses {g} ({b}, {why[(f, g)]}): a part uses "
                    f"only the parts listed before it in LIB_DIRS")
    for comp in circles(parts, list(parts)):
        problems.append("parts use each other in a circle: " + ", ".join(comp))

    for f, u in sorted(uses.items()):
        checked += 1
        called = sorted(s for s in u if s.startswith("sqlite3_"))
        if called and not f.startswith("src/store/sqlite/"):
            problems.append(f"{f} calls SQLite ({called[0]}) outside "
                            "src/store/sqlite/")

    store_headers = {os.path.basename(h): h for h in
                     glob.glob("src/store/**/*.h", recursive=True)}

    sources = sorted(glob.glob("src/**/*.[ch]", recursive=True) +
                     glob.glob("include/kring/*.h"))
    for path in sources:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        checked += 1
        n = text.count("\n")
        if n > MAX_LINES:
            problems.append(f"{path}: {n} lines (at most {MAX_LINES})")
        in_store = path.startswith("src/store/")
        backend = in_store and path.count("/") > 2  # src/store/NAME/...
        for inc in re.findall(r'#\s*include\s*[<"]([^>"]+)[>"]', text):
            name = os.path.basename(inc)
            if name == "sqlite3.h" and not path.startswith("src/store/sqlite/"):
                problems.append(f"{path}: includes sqlite3.h outside "
                                "src/store/sqlite/")
            elif (name == "libpq-fe.h" and
                  not path.startswith("src/store/postgresql/")):
                problems.append(f"{path}: includes libpq-fe.h outside "
                                "src/store/postgresql/")
            elif name in store_headers and not in_store:
                problems.append(f"{path}: includes the store's private "
                                f"header {name}")
            elif (name in store_headers and in_store and not backend and
                  store_headers[name].count("/") > 2):
                problems.append(f"{path}: the store's front includes a "
                                f"backend's header {name}")

    for p in problems:
        print("house:", p)
    print(f"house checks: {checked} passed" if not problems else
          f"house checks: {len(problems)} failed of {checked}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
