"""The geometry of a map as Graphviz drew it, read back from the SVG: each
node's shape (the young person's circle, the people's boxes) and the
extent of each of its texts, measured with DejaVu Sans's own advance
widths and ascent, read out of the font files here (not from kring).
overlaps() lists every node over another and every text outside its
node, in SVG coordinates."""
import math
import re
import struct
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
FONTS = {False: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         True: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}
_fonts = {}


def _tables(data):
    n = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(n):
        tag, _, off, length = struct.unpack(
            ">4sIII", data[12 + 16 * i:28 + 16 * i])
        out[tag.decode()] = data[off:off + length]
    return out


def _cmap4(cmap):
    for i in range(struct.unpack(">H", cmap[2:4])[0]):
        pid, eid, off = struct.unpack(">HHI", cmap[4 + 8 * i:12 + 8 * i])
        if (pid, eid) == (3, 1) and \
                struct.unpack(">H", cmap[off:off + 2])[0] == 4:
            break
    else:
        raise SystemExit("no Unicode cmap in DejaVu Sans")
    seg = struct.unpack(">H", cmap[off + 6:off + 8])[0] // 2
    ends = struct.unpack(">%dH" % seg, cmap[off + 14:off + 14 + 2 * seg])
    p = off + 16 + 2 * seg
    starts = struct.unpack(">%dH" % seg, cmap[p:p + 2 * seg])
    deltas = struct.unpack(">%dh" % seg, cmap[p + 2 * seg:p + 4 * seg])
    ro = p + 4 * seg
    offsets = struct.unpack(">%dH" % seg, cmap[ro:ro + 2 * seg])
    glyph = {}
    for i in range(seg):
        for c in range(starts[i], min(ends[i], 0xFFFE) + 1):
            if offsets[i] == 0:
                g = (c + deltas[i]) & 0xFFFF
            else:
                a = ro + 2 * i + offsets[i] + 2 * (c - starts[i])
                g = struct.unpack(">H", cmap[a:a + 2])[0]
                g = (g + deltas[i]) & 0xFFFF if g else 0
            glyph[c] = g
    return glyph


def _font(bold):
    """(units per em, ascent, descent, advance of each code point)."""
    if bold not in _fonts:
        t = _tables(open(FONTS[bold], "rb").read())
        units = struct.unpack(">H", t["head"][18:20])[0]
        ascent, descent = struct.unpack(">hh", t["hhea"][4:8])
        nmetrics = struct.unpack(">H", t["hhea"][34:36])[0]
        hmtx = t["hmtx"]
        adv = {}
        for c, g in _cmap4(t["cmap"]).items():
            g = min(g, nmetrics - 1)
            adv[c] = struct.unpack(">H", hmtx[4 * g:4 * g + 2])[0]
        _fonts[bold] = (units, ascent, -descent, adv)
    return _fonts[bold]


def text_width(text, size, bold=False):
    """The width DejaVu Sans gives TEXT, without kerning (which narrows);
    a character the font lacks counts as an M."""
    units, _, _, adv = _font(bold)
    return sum(adv.get(ord(c), adv[ord("M")]) for c in text) * size / units


def _numbers(s):
    v = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", s)]
    return v[0::2], v[1::2]


class Node:
    """One node: its id, its shape ('circle' (cx, cy, r) or 'box' (x0, y0,
    x1, y1), the stroke included) and its texts' boxes (x0, y0, x1, y1)
    with their words."""

    def __init__(self, g):
        self.id = g.get("id", "")
        self.shape = None
        self.texts = []
        for e in g:
            half = float(e.get("stroke-width", "1")) / 2 \
                if e.get("stroke", "none") != "none" else 0
            if e.tag == SVG + "ellipse":
                self.shape = ("circle", float(e.get("cx")),
                              float(e.get("cy")),
                              max(float(e.get("rx")), float(e.get("ry")))
                              + half)
            elif e.tag in (SVG + "path", SVG + "polygon") and \
                    self.shape is None:
                xs, ys = _numbers(e.get("d") or e.get("points"))
                self.shape = ("box", min(xs) - half, min(ys) - half,
                              max(xs) + half, max(ys) + half)
            elif e.tag == SVG + "text":
                self.texts.append(_text_box(e, self.shape))


def _text_box(e, shape):
    """The box of text element E of a node of SHAPE. Graphviz centres a
    label's lines in the node and writes where each starts, which gives
    the width pango measured (letters the font lacks included); DejaVu
    Sans's own widths, without kerning, are taken when wider."""
    size = float(e.get("font-size"))
    bold = e.get("font-weight") == "bold"
    units, ascent, descent, _ = _font(bold)
    w = text_width(e.text or "", size, bold)
    x, y = float(e.get("x")), float(e.get("y"))
    anchor = e.get("text-anchor", "start")
    if anchor == "start" and shape is not None:
        cx = shape[1] if shape[0] == "circle" else (shape[1] + shape[3]) / 2
        w = max(w, 2 * (cx - x))
        x0 = cx - w / 2
    else:
        x0 = x - (w / 2 if anchor == "middle" else w if anchor == "end"
                  else 0)
    return ((x0, y - ascent * size / units, x0 + w,
             y + descent * size / units), e.text or "")


def nodes(svg_path):
    root = ET.parse(svg_path).getroot()
    return [Node(g) for g in root.iter(SVG + "g")
            if g.get("class") == "node"]


def bbox(shape):
    """The node's box as Graphviz sizes it: for a circle, the square
    around it."""
    if shape[0] == "circle":
        _, cx, cy, r = shape
        return (cx - r, cy - r, cx + r, cy + r)
    return shape[1:]


def _inside(box, shape):
    x0, y0, x1, y1 = box
    if shape[0] == "circle":
        _, cx, cy, r = shape
        return all(math.hypot(x - cx, y - cy) <= r
                   for x in (x0, x1) for y in (y0, y1))
    return shape[1] <= x0 and x1 <= shape[3] and shape[2] <= y0 and \
        y1 <= shape[4]


def overlaps(svg_path):
    """What overlaps in the SVG at SVG_PATH, as sentences: a node over
    another (their boxes, the circle's square around it: what Graphviz
    counts as a node's size), a text over the outline of its own node
    (the circle itself, for the young person's)."""
    found = []
    ns = nodes(svg_path)
    for n in ns:
        if n.shape is None:
            found.append("%s has no shape" % n.id)
            continue
        for box, words in n.texts:
            if not _inside(box, n.shape):
                found.append("%s: the text %r (%.1f,%.1f..%.1f,%.1f) is "
                             "outside its node %s" % (n.id, words, *box,
                                                      n.shape))
    for i, a in enumerate(ns):
        for b in ns[i + 1:]:
            if a.shape is None or b.shape is None:
                continue
            p, q = bbox(a.shape), bbox(b.shape)
            w = min(p[2], q[2]) - max(p[0], q[0])
            h = min(p[3], q[3]) - max(p[1], q[1])
            if w > 0 and h > 0:
                found.append("%s over %s by %.1f x %.1f pt"
                             % (a.id, b.id, w, h))
    return found
