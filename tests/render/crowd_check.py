#!/usr/bin/env python3
"""How crowded the maps are (issue 20): for generated cases of 1 to 120
people and the samples, in the print theme, from the DOT kring writes
(every position fixed): the lines that run through a person's label box
(a tie or a spoke through someone else's box), the pairs of label boxes
that overlap, and the names' smallest size on A4. Prints a table; with
--strict, exits 1 when a line runs through a label or two labels overlap.

Usage: tests/render/crowd_check.py KRING [--strict] [SIZES...]
Needs build/bench/kring-gen (make build/bench/kring-gen).
"""
import os
import re
import subprocess
import sys
import tempfile

NODE = re.compile(r'^\s+(p\d+|yp) \[pos="([\d.]+),([\d.]+)", width=([\d.]+)'
                  r'(?:, height=([\d.]+))?')
EDGE = re.compile(r'^\s+(p\d+|yp) -- (p\d+) \[id="([st][\d-]+)".*?'
                  r'style=(\w+).*?pos="([^"]+)"')
# The paper, the drawing's first operation: its width and height.
PAPER = re.compile(r'_background="[^"]*?P 4 0 0 ([\d.]+) 0 [\d.]+ ([\d.]+)')


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


def measure(dot):
    boxes, lines, bb = boxes_and_lines(dot)
    through = 0
    for a, b, pts in lines:
        for name, box in boxes.items():
            if name in (a, b):
                continue
            if any(seg_hits_box(pts[i], pts[i + 1], box) for i in range(len(pts) - 1)):
                through += 1
    names = [n for n in boxes if n != "yp"]
    overlap = 0
    for i, p in enumerate(names):
        for q in names[i + 1:]:
            A, B = boxes[p], boxes[q]
            if A[0] < B[2] and B[0] < A[2] and A[1] < B[3] and B[1] < A[3]:
                overlap += 1
    # The map fitted to A4 (842 x 595 or 595 x 842): the names' 11 pt
    # become this many points.
    scale = None
    if bb:
        w, h = bb[2] - bb[0], bb[3] - bb[1]
        long_, short = max(w, h), min(w, h)
        scale = min(842 / long_, 595 / short)
    return len(names), len(lines), through, overlap, scale


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    strict = "--strict" in sys.argv
    kring = os.path.abspath(args[0] if args else "./kring")
    sizes = [int(a) for a in args[1:]] or [1, 5, 10, 20, 40, 60, 80, 100, 120]
    gen = os.path.abspath("build/bench/kring-gen")
    rows, bad = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, KRING_DB=os.path.join(tmp, "c.db"))
        for n in sizes:
            db = os.path.join(tmp, "g%d.db" % n)
            subprocess.run([gen, db, "1", str(n)], check=True, capture_output=True)
            dot = subprocess.run([kring, "--db", db, "render", "g-000001", "--theme", "print",
                                  "--format", "dot", "-o", "-", "--date", "2026-12-05"],
                                 check=True, capture_output=True, text=True, env=env).stdout
            rows.append(("generated, %d people" % n,) + measure(dot))
        for f in sorted(os.listdir("samples")):
            if not f.endswith(".json"):
                continue
            dot = subprocess.run([kring, "render", "-f", os.path.join("samples", f), "--theme",
                                  "print", "--format", "dot", "-o", "-", "--date", "2026-12-05"],
                                 check=True, capture_output=True, text=True, env=env).stdout
            rows.append((f,) + measure(dot))
    print("%-24s %6s %6s %9s %8s %9s" % ("map", "people", "lines", "through", "overlap",
                                         "name pt"))
    for name, people, lines, through, overlap, scale in rows:
        print("%-24s %6d %6d %9d %8d %9s" % (name, people, lines, through, overlap,
                                             "%.1f" % (11 * scale) if scale else "-"))
        bad += through + overlap
    if strict and bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
