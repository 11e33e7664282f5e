#!/usr/bin/env python3
"""How crowded the maps are (issue 20): for generated cases of 1 to 120
people, the samples and young persons with very long names, in the print
and team themes, from the DOT kring writes (every position fixed): the
lines that run through a label box (a tie or a spoke through someone
else's box, or a tie through the young person's), the pairs of label
boxes that overlap, the labels the young person's circle overlaps, and the
names' smallest size on A4. The same for the map of the meeting sheet
(`kring sheet --format dot`), whose names must be 8 pt or more at the
size the sheet draws it. Prints a table; with --strict, exits 1 when a
line runs through a label, a label overlaps another or the circle, or a
name on the sheet is under 8 pt.

Usage: tests/render/crowd_check.py KRING [--strict] [--all|--quiet] [SIZES...]
The table shows SIZES (1 5 10 20 40 60 80 100 120 by default) and the
other maps, every size with --all, or with --quiet only the crowded maps;
every size is checked either way. Needs
build/bench/kring-gen (make build/bench/kring-gen), or $KRING_GEN.
"""
import json
import math
import os
import re
import subprocess
import sys
import tempfile

NODE = re.compile(r'^\s+(p\d+|yp) \[(?:shape=circle, )?pos="([\d.]+),([\d.]+)", '
                  r'width=([\d.]+)(?:, height=([\d.]+))?')
EDGE = re.compile(r'^\s+(p\d+|yp) -- (p\d+) \[id="([st][\d-]+)".*?'
                  r'style=(\w+).*?pos="([^"]+)"')
# The paper, the drawing's first operation: its width and height.
PAPER = re.compile(r'_background="[^"]*?P 4 0 0 ([\d.]+) 0 [\d.]+ ([\d.]+)')
THEMES = ("print", "team")
DATE = "2026-12-05"
# Young persons' names that make the centre large: long words, many words,
# sixty W's.
LONG_NAMES = (
    "Zoë-Ĳsbrand Wilhelmina Alexandra Maximiliana van den Heuvel-Oudshoorn "
    "tot Nederhorst",
    "Mohammed-Abdelrahman Oussama El Haddouchi-Bouzambou",
    "W" * 60,
)


def boxes_and_lines(dot):
    boxes, lines, bb = {}, [], None
    for line in dot.splitlines():
        m = NODE.match(line)
        if m:
            x, y = float(m.group(2)), float(m.group(3))
            w = float(m.group(4)) * 72
            h = float(m.group(5) or m.group(4)) * 72
            boxes[m.group(1)] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
            continue
        m = EDGE.match(line)
        if m and m.group(4) != "invis":
            pts = [tuple(map(float, p.split(","))) for p in m.group(5).split()]
            lines.append((m.group(1), m.group(2), pts))
        m = PAPER.search(line)
        if m and bb is None:
            bb = (0.0, 0.0, float(m.group(1)), float(m.group(2)))
    return boxes, lines, bb


def seg_hits_box(a, b, box, shrink=1.0):
    """Whether segment A-B passes through BOX (made SHRINK points smaller
    on each side, so that a line ending on its edge does not count)."""
    x0, y0, x1, y1 = box[0] + shrink, box[1] + shrink, box[2] - shrink, box[3] - shrink
    if x0 >= x1 or y0 >= y1:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return False
    return True


def circle_hits_box(box, circle):
    """Whether the young person's circle (inscribed in CIRCLE, its node's
    square) overlaps BOX."""
    cx, cy = (circle[0] + circle[2]) / 2, (circle[1] + circle[3]) / 2
    r = (circle[2] - circle[0]) / 2
    nx = min(max(cx, box[0]), box[2])
    ny = min(max(cy, box[1]), box[3])
    return math.hypot(nx - cx, ny - cy) < r


def measure(dot, sheet=False):
    boxes, lines, bb = boxes_and_lines(dot)
    through = 0
    for a, b, pts in lines:
        segs = [(pts[i], pts[i + 1]) for i in range(len(pts) - 1)]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        lo_x, hi_x, lo_y, hi_y = min(xs), max(xs), min(ys), max(ys)
        for name, box in boxes.items():
            # The cheap test first: the line's bounding box and the box's.
            if name in (a, b) or box[2] <= lo_x or box[0] >= hi_x or \
                    box[3] <= lo_y or box[1] >= hi_y:
                continue
            if any(max(p[0], q[0]) > box[0] and min(p[0], q[0]) < box[2] and
                   max(p[1], q[1]) > box[1] and min(p[1], q[1]) < box[3] and
                   seg_hits_box(p, q, box) for p, q in segs):
                through += 1
    names = [n for n in boxes if n != "yp"]
    overlap = 0
    for i, p in enumerate(names):
        for q in names[i + 1:]:
            A, B = boxes[p], boxes[q]
            if A[0] < B[2] and B[0] < A[2] and A[1] < B[3] and B[1] < A[3]:
                overlap += 1
    centre = sum(circle_hits_box(boxes[n], boxes["yp"]) for n in names)
    # The map fitted to A4 (842 x 595 or 595 x 842): the names' 11 pt
    # become this many points.
    scale = None
    if bb and sheet:
        # The sheet's map: as large as its room on the page (539 x 660 pt),
        # never larger than itself (docs/sheet.md).
        w, h = bb[2] - bb[0], bb[3] - bb[1]
        scale = min(1.0, 539 / w, 660 / h)
    elif bb:
        w, h = bb[2] - bb[0], bb[3] - bb[1]
        long_, short = max(w, h), min(w, h)
        scale = min(842 / long_, 595 / short)
    return len(names), len(lines), through, overlap, centre, scale


def run(args, env):
    return subprocess.run(args, check=True, capture_output=True, text=True, env=env).stdout


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    strict = "--strict" in sys.argv
    kring = os.path.abspath(args[0] if args else "./kring")
    shown = [int(a) for a in args[1:]] or [1, 5, 10, 20, 40, 60, 80, 100, 120]
    if "--all" in sys.argv:
        shown = list(range(1, 121))
    quiet = "--quiet" in sys.argv
    gen = os.path.abspath(os.environ.get("KRING_GEN", "build/bench/kring-gen"))
    rows, bad = [], []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, KRING_DB=os.path.join(tmp, "c.db"))
        db = os.path.join(tmp, "g.db")
        # One case of each size from 1 to 120, each the case
        # `kring-gen DB 1 N` makes.
        subprocess.run([gen, db, "120", "1-120"], check=True, capture_output=True)
        files = []
        for f in sorted(os.listdir("samples")):
            if f.endswith(".json"):
                files.append((f, os.path.join("samples", f)))
        # Young persons with very long names, on cases of 40 and 120.
        for k, name in enumerate(LONG_NAMES):
            n = (40, 120, 40)[k]
            path = os.path.join(tmp, "long%d.json" % k)
            run([kring, "--db", db, "export", "g-%06d" % n, "-o", path], env)
            with open(path, encoding="utf-8") as f:
                case = json.load(f)
            case["case"]["name"] = name
            with open(path, "w", encoding="utf-8") as f:
                json.dump(case, f, ensure_ascii=False)
            files.append(("long name %d, %d people" % (k + 1, n), path))
        for theme in THEMES:
            out = os.path.join(tmp, theme)
            run([kring, "--db", db, "render", "--all", "-o", out, "--format", "dot",
                 "--theme", theme, "--date", DATE], env)
            for n in range(1, 121):
                with open(os.path.join(out, "g-%06d.dot" % n), encoding="utf-8") as f:
                    row = ("generated, %d people" % n, theme) + measure(f.read())
                rows.append((n in shown and not quiet, row))
            for name, path in files:
                dot = run([kring, "render", "-f", path, "--theme", theme, "--format", "dot",
                           "-o", "-", "--date", DATE], env)
                rows.append((not quiet, (name, theme) + measure(dot)))
        # The meeting sheet's map (kring sheet --format dot): the circles
        # that fit with every name at 8 pt; none when not even the inner
        # one does (exit 1, everyone listed).
        sources = [("generated, %d people" % n, ["--db", db, "sheet", "g-%06d" % n])
                   for n in range(1, 121)]
        sources += [(name, ["sheet", "-f", path]) for name, path in files]
        for name, how in sources:
            r = subprocess.run([kring] + how + ["--format", "dot", "-o", "-", "--date", DATE],
                               capture_output=True, text=True, env=env)
            if r.returncode == 1 and "draws no map" in r.stderr:
                continue
            if r.returncode != 0:
                bad.append("%s (sheet): exit %d: %s" % (name, r.returncode, r.stderr[:200]))
                continue
            row = (name, "sheet") + measure(r.stdout, sheet=True)
            if 11 * row[-1] < 7.995:
                bad.append("%s (sheet): names at %.2f pt" % (name, 11 * row[-1]))
            rows.append((not quiet and (not name.startswith("generated") or
                                        int(name.split()[1]) in shown), row))
    if not quiet or any(r[4] or r[5] or r[6] for _, r in rows):
        print("%-28s %-6s %6s %6s %8s %8s %7s %8s" % (
            "map", "theme", "people", "lines", "through", "overlap", "centre",
            "name pt"))
    for show, (name, theme, people, lines, through, overlap, centre, scale) in rows:
        if show or through or overlap or centre:
            print("%-28s %-6s %6d %6d %8d %8d %7d %8s" % (
                name, theme, people, lines, through, overlap, centre,
                "%.1f" % (11 * scale) if scale else "-"))
        if through or overlap or centre:
            bad.append("%s (%s)" % (name, theme))
    checked = len(rows)
    if bad:
        print("crowd: %d of %d maps crowded: %s%s" % (
            len(bad), checked, "; ".join(bad[:10]), "; ..." if len(bad) > 10 else ""))
    else:
        print("crowd: %d maps, no line through a label, no label over another "
              "or over the young person's circle" % checked)
    if strict and bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
