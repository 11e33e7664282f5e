#!/usr/bin/env python3
"""Checks `kring render` from the outside, on the samples: the SVG parsed
as XML (every person shown once, with their name or, anonymized, with no
name anywhere in the file), the legend and title there, PNG and PDF
valid and of the right size, the same bytes twice, bad input refused with
nothing left behind, the golden DOT files and graphs/ up to date.

Usage: render_check.py KRING [--update] [--graphs]   (--update rewrites
the golden DOT files and graphs/ instead of comparing them; --graphs does
only graphs/, for `make graphs`)
"""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, failures, finish, run as run_kring  # noqa: E402
import svg_geometry  # noqa: E402

KRING = os.path.abspath(sys.argv[1])
UPDATE = "--update" in sys.argv
SAMPLES = sorted(f for f in os.listdir("samples") if f.endswith(".json"))
DATE = "2026-11-23"
SVG = "{http://www.w3.org/2000/svg}"
# Words the map may put before a name (src/map/map_text.c): not names.
TITLES = {"Oma", "Opa", "Tante", "Oom", "Juf", "Meester", "Meneer",
          "Mevrouw", "Buurman", "Buurvrouw", "Anneanne", "Babaanne", "Dede",
          "Teyze", "Dayı", "Amca"}


def run(*args, env=None):
    return run_kring(KRING, *args, env=env)


def render(sample, theme, out, *more, env=None):
    return run("render", "-f", "samples/" + sample, "-o", out, "--theme",
               theme, "--date", DATE, *more, env=env)


def node_texts(svg_path):
    """The texts of each person's node (id p1, p2, ...), and all texts."""
    root = ET.parse(svg_path).getroot()
    nodes = {}
    for g in root.iter(SVG + "g"):
        gid = g.get("id", "")
        if re.fullmatch(r"p\d+", gid):
            nodes[gid] = [t.text or "" for t in g.iter(SVG + "text")]
    texts = [t.text or "" for t in root.iter(SVG + "text")]
    return nodes, texts


def name_words(name):
    return [w for w in name.split() if len(w) >= 3 and w[0].isupper()
            and w not in TITLES]


def check_svgs(tmp):
    for sample in SAMPLES:
        case = json.load(open("samples/" + sample))
        people = case["people"]
        for theme in ("youth", "team", "print"):
            out = os.path.join(tmp, "%s-%s.svg" % (sample, theme))
            r = render(sample, theme, out)
            check(r.returncode == 0, "%s %s: exit %d %s" %
                  (sample, theme, r.returncode, r.stderr.decode()))
            if r.returncode:
                continue
            nodes, texts = node_texts(out)
            for o in svg_geometry.overlaps(out):
                check(False, "%s %s: %s" % (sample, theme, o))
            shown = [p for p in people if theme != "youth"
                     or not p.get("frightens", False)]
            check(len(nodes) == len(shown), "%s %s: %d nodes for %d people"
                  % (sample, theme, len(nodes), len(shown)))
            if theme != "youth":
                # Every name once, in its own node.
                firsts = sorted(t[0] for t in nodes.values())
                check(firsts == sorted(p["name"] for p in shown),
                      "%s %s: names %s" % (sample, theme, firsts))
            else:
                # First names: each node's name is the start of one name.
                for t in nodes.values():
                    check(any(p["name"].startswith(t[0]) for p in shown),
                          "%s youth: %r is no one's first name"
                          % (sample, t[0]))
                for p in people:
                    if p.get("frightens"):
                        check(p["name"] not in "".join(texts),
                              "%s youth: %s, feared, is shown"
                              % (sample, p["name"]))
            joined = "\n".join(texts)
            check(case["case"]["code"] in joined and DATE in joined,
                  "%s %s: no code and date in the title" % (sample, theme))
            check("know each other" in joined or "very close" in joined
                  or "good relation" in joined,
                  "%s %s: no legend" % (sample, theme))


def check_anonymized(tmp):
    for sample in SAMPLES:
        case = json.load(open("samples/" + sample))
        words = set(name_words(case["case"]["name"]))
        for p in case["people"]:
            words.update(name_words(p["name"]))
        for theme, fmt in (("team", "svg"), ("youth", "svg"), ("print", "pdf"),
                           ("team", "dot")):
            out = os.path.join(tmp, "anon-%s-%s.%s" % (sample, theme, fmt))
            r = render(sample, theme, out, "--anonymize")
            check(r.returncode == 0, "anonymized %s: exit %d" %
                  (sample, r.returncode))
            data = open(out, "rb").read()
            if fmt == "pdf":
                data = subprocess.run(["pdftotext", out, "-"],
                                      capture_output=True).stdout + \
                    subprocess.run(["pdfinfo", out],
                                   capture_output=True).stdout
            text = data.decode("utf-8", "replace")
            for w in sorted(words):
                check(re.search(r"(?<!\w)%s(?!\w)" % re.escape(w), text) is
                      None, "anonymized %s %s %s: the name %r survives"
                      % (sample, theme, fmt, w))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    check(head[:8] == b"\x89PNG\r\n\x1a\n", "%s: not a PNG" % path)
    return struct.unpack(">II", head[16:24])


def svg_size(path):
    root = ET.parse(path).getroot()
    return (float(root.get("width").rstrip("pt")),
            float(root.get("height").rstrip("pt")))


def check_formats(tmp):
    sample = SAMPLES[0]
    svg = os.path.join(tmp, "f.svg")
    png = os.path.join(tmp, "f.png")
    pdf = os.path.join(tmp, "f.pdf")
    for out in (svg, png, pdf):
        check(render(sample, "team", out).returncode == 0, "render " + out)
    w, h = svg_size(svg)
    pw, ph = png_size(png)
    # PNG at 144 dpi: twice the SVG's points.
    check(abs(pw - 2 * w) <= 2 and abs(ph - 2 * h) <= 2,
          "PNG %dx%d for SVG %gx%g pt" % (pw, ph, w, h))
    info = subprocess.run(["pdfinfo", pdf], capture_output=True,
                          text=True).stdout
    check("Pages:           1" in info, "PDF pages: " + info)
    for sample in SAMPLES:
        out = os.path.join(tmp, "p.pdf")
        check(render(sample, "print", out).returncode == 0, "print " + sample)
        info = subprocess.run(["pdfinfo", out], capture_output=True,
                              text=True).stdout
        check("(A4)" in info, "%s print: not A4: %s" % (sample, info))
    # The same bytes twice, in every format.
    for fmt in ("svg", "png", "pdf", "dot"):
        a = os.path.join(tmp, "a." + fmt)
        b = os.path.join(tmp, "b." + fmt)
        render(sample, "team", a)
        render(sample, "team", b)
        check(open(a, "rb").read() == open(b, "rb").read(),
              "%s differs between two runs" % fmt)
    # The same PDF in every time zone (cairo writes its dates in the
    # machine's: kring puts the map's date in UTC, and moves the table of
    # offsets with it).
    pdfs = []
    for tz in ("UTC", "Europe/Amsterdam", "America/Los_Angeles"):
        out = os.path.join(tmp, "tz.pdf")
        render(sample, "print", out, env={"TZ": tz})
        pdfs.append(open(out, "rb").read())
    check(pdfs[0] == pdfs[1] == pdfs[2], "the PDF differs between time zones")
    check(b"/CreationDate (D:" + DATE.replace("-", "").encode() + b"000000Z)"
          in pdfs[1], "the PDF's date is the map's, in UTC")
    check(pdf_xref_sound(pdfs[1]), "the PDF's table of offsets points at its objects")


def pdf_xref_sound(d):
    """Whether every entry of a PDF's classic xref table points at its
    object, and startxref at the table."""
    x = d.rindex(b"\nxref\n") + 1
    if int(d[d.rindex(b"startxref\n") + 10:].split()[0]) != x:
        return False
    head = d[x:].split(b"\n")
    n = int(head[1].split()[1])
    at = x + len(head[0]) + len(head[1]) + 2
    for i in range(n):
        e = d[at + 20 * i:at + 20 * i + 20]
        if e[17:18] == b"n" and not d[int(e[:10]):].startswith(b"%d 0 obj" % i):
            return False
    return True


def check_bad_input(tmp):
    sample = "samples/" + SAMPLES[0]
    bad = [
        (["render", "-f", sample, "-o", "x.gif"], 2),
        (["render", "-f", sample, "-o", "x.svg", "--format", "gif"], 2),
        (["render", "-f", sample, "-o", "x.svg", "--theme", "disco"], 2),
        (["render", "-f", sample], 2),
        (["render", "-f", sample, "-o", "x.svg", "--date", "2026-02-30"], 2),
        (["render", "-o", "x.svg"], 2),
        (["render", "-f", sample, "-o",
          os.path.join(tmp, "no/such/folder/x.svg")], 1),
        (["render", "-f", "samples/none.json", "-o",
          os.path.join(tmp, "x.svg")], 1),
    ]
    for args, code in bad:
        r = run(*args)
        check(r.returncode == code and r.stderr.startswith(b"kring: "),
              "%s: exit %d (want %d), %r" % (" ".join(args), r.returncode,
                                             code, r.stderr[:200]))
        check(r.stdout == b"", "%s printed on stdout" % " ".join(args))
    # Without the Graphviz module: render says so; DOT needs no Graphviz.
    out = os.path.join(tmp, "nomodule.svg")
    r = run("render", "-f", sample, "-o", out,
            env={"KRING_GRAPHVIZ": os.path.join(tmp, "none.so")})
    check(r.returncode == 1 and b"is not installed" in r.stderr
          and not os.path.exists(out),
          "without the module: exit %d, %r" % (r.returncode, r.stderr))
    r = run("render", "-f", sample, "-o", os.path.join(tmp, "nomodule.dot"),
            env={"KRING_GRAPHVIZ": os.path.join(tmp, "none.so")})
    check(r.returncode == 0, "DOT without the module: exit %d" % r.returncode)
    ro = os.path.join(tmp, "ro")
    os.mkdir(ro, 0o500)
    r = run("render", "-f", sample, "-o", os.path.join(ro, "x.svg"))
    if os.geteuid() != 0:  # root writes anyway
        check(r.returncode == 1, "read-only folder: exit %d" % r.returncode)
    check(not [f for f in os.listdir(tmp) if ".svg." in f or ".XXXX" in f]
          and not (os.geteuid() != 0 and os.listdir(ro)),
          "a partial file was left: %s" % os.listdir(tmp))


def compare_or_update(path, data, what):
    if UPDATE:
        with open(path, "wb") as f:
            f.write(data)
        return
    check(os.path.exists(path) and open(path, "rb").read() == data,
          "%s is out of date: run 'make graphs'" % path
          if what == "graphs" else
          "%s differs from the golden file (if the change is meant, "
          "look at the new map, then run tests/render/render_check.py "
          "./kring --update)" % path)


def check_dutch(tmp):
    """Sector, ring and legend words in Dutch with --lang nl, and with a
    Dutch locale (installed or not) and no --lang."""
    sample = "2026-014-noah.json"
    out = os.path.join(tmp, "nl.svg")
    for how, more, env in (("--lang nl", ("--lang", "nl"), None),
                           ("LANG=nl_NL.UTF-8", (), {"LC_ALL": "",
                                                     "LANG": "nl_NL.UTF-8"})):
        r = run(*more, "render", "-f", "samples/" + sample, "-o", out,
                "--theme", "team", "--date", DATE, env=env)
        check(r.returncode == 0, "Dutch map (%s): exit %d" %
              (how, r.returncode))
        texts = "\n".join(node_texts(out)[1])
        for word in ("Het netwerk van Noah", "Familie", "Vrienden",
                     "Hulpverleners", "dichtbij", "midden", "verder weg",
                     "kennen elkaar", "Om te bespreken:", "opa of oma"):
            check(word in texts, "Dutch map (%s): no %r" % (how, word))
        check("Family" not in texts and "close" not in texts,
              "Dutch map (%s): English words left" % how)


def check_over_time(tmp):
    """--snapshot draws the frozen network; --diff marks who came, who
    left and who moved, on the map of now."""
    db = os.path.join(tmp, "time.db")
    env = {"KRING_DB": db}
    steps = [
        ("import", "samples/2026-014-noah.json"),
        ("snapshot", "2026-014", "intake", "--taken", "2026-11-02T10:00:00Z"),
        ("person", "add", "2026-014", "Buurman Henk", "--role", "neighbour",
         "--ring", "2"),
        ("person", "rm", "2026-014", "kees"),
        ("person", "set", "2026-014", "oma-ria", "--ring", "2"),
    ]
    for step in steps:
        r = run(*step, env=env)
        check(r.returncode == 0, "%s: %r" % (step, r.stderr))
    out = os.path.join(tmp, "snap.svg")
    r = run("render", "2026-014", "--snapshot", "intake", "-o", out,
            "--theme", "team", env=env)
    check(r.returncode == 0, "--snapshot: %r" % r.stderr)
    nodes, texts = node_texts(out)
    joined = "\n".join(texts)
    check(len(nodes) == 11 and "Kees van Dijk" in joined
          and "Buurman Henk" not in joined,
          "--snapshot: %d nodes" % len(nodes))
    check("2026-11-02" in joined and "intake" in joined,
          "--snapshot: no date and label in the title")
    out = os.path.join(tmp, "diff.svg")
    r = run("render", "2026-014", "--diff", "intake", "-o", out, "--theme",
            "team", "--date", DATE, env=env)
    check(r.returncode == 0, "--diff: %r" % r.stderr)
    nodes, texts = node_texts(out)
    joined = "\n".join(texts)
    # Eleven now (one came, one left) and Kees, faint, where he was.
    check(len(nodes) == 12, "--diff: %d nodes" % len(nodes))
    by_name = {t[0]: t for t in nodes.values()}
    check("new" in by_name.get("Buurman Henk", []),
          "--diff: Buurman Henk not marked new: %r" % by_name.get("Buurman Henk"))
    check("gone" in by_name.get("Kees van Dijk", []),
          "--diff: Kees van Dijk not marked gone")
    for word in ("new since then", "gone since then", "moved further away",
                 "changes since intake (2026-11-02)"):
        check(word in joined, "--diff: no %r" % word)
    for args, code in ((("--diff", "nope"), 1),
                       (("--diff", "intake", "--snapshot", "intake"), 2)):
        r = run("render", "2026-014", *args, "-o",
                os.path.join(tmp, "x.svg"), env=env)
        check(r.returncode == code, "render %s: exit %d" % (args, r.returncode))
    r = run("render", "--all", "--diff", "intake", "-o",
            os.path.join(tmp, "all"), env=env)
    check(r.returncode == 2, "render --all --diff: exit %d" % r.returncode)


def check_golden(tmp):
    """DOT of the small sample cases, byte for byte: a map that changes
    without being meant to is caught here (its correctness is checked
    above and by the layout's geometric tests, not by these files)."""
    for sample in ("2026-027-jesse.json", "2026-041-kevin.json"):
        for theme in ("youth", "team", "print"):
            out = os.path.join(tmp, "g.dot")
            render(sample, theme, out)
            name = "tests/golden/map-%s-%s.dot" % (sample[:8], theme)
            compare_or_update(name, open(out, "rb").read(), "golden")


def check_graphs(tmp):
    for sample in SAMPLES:
        stem = sample[:-5]
        for theme in ("youth", "team"):
            for fmt in ("svg", "png"):
                out = os.path.join(tmp, "m." + fmt)
                render(sample, theme, out)
                compare_or_update("graphs/%s-%s.%s" % (stem, theme, fmt),
                                  open(out, "rb").read(), "graphs")


# Names that Graphviz would read as more than text: its escapes (\N the
# node's name, \G the graph's, \E, \H, \T, \L; \l, \n, \r line ends),
# HTML and XML (a tag, an entity), and the quotes and backslashes of a DOT
# string (a backslash before a quote, or at the end).
ODD_NAMES = ["\\N \\G", "\\E", "a\\lb", '"q"', "<b>x</b>", "&amp;",
             'a\\"b', "x\\", "\\\\", "\\H\\T\\L\\n\\r", "a > b & c < d"]


def odd_case(tmp, young):
    """Jesse's case with people, and a young person, named ODD_NAMES."""
    case = json.load(open("samples/2026-027-jesse.json"))
    base = case["people"][0]
    case["case"]["name"] = young
    case["people"] = [dict(base, id="odd%d" % i, name=n, ring=1 + i % 3,
                           quality="positive", status="active")
                      for i, n in enumerate(ODD_NAMES)]
    case["ties"] = []
    path = os.path.join(tmp, "odd.json")
    json.dump(case, open(path, "w"))
    return path


def check_names_drawn_literally(tmp):
    """Every name is drawn as it is written, in SVG and in DOT (drawn by
    Graphviz's own dot): the young person's, the people's, the title's."""
    for young in ODD_NAMES:
        path = odd_case(tmp, young)
        for theme in ("youth", "team", "print"):
            # The youth map shows first names: the first word.
            shown = (lambda n: n.split(" ")[0]) if theme == "youth" \
                else (lambda n: n)
            title = ("The people around %s" if theme == "youth"
                     else "The network of %s") % shown(young)
            svg = os.path.join(tmp, "odd.svg")
            dot = os.path.join(tmp, "odd.dot")
            drawn = os.path.join(tmp, "odd-dot.svg")
            r = run("render", "-f", path, "-o", svg, "--theme", theme,
                    "--date", DATE)
            check(r.returncode == 0 and r.stderr == b"",
                  "odd names (%r, %s): exit %d, %r"
                  % (young, theme, r.returncode, r.stderr))
            r = run("render", "-f", path, "-o", dot, "--theme", theme,
                    "--date", DATE)
            g = subprocess.run(["dot", "-Kneato", "-n2", "-Tsvg", "-o", drawn,
                                dot], capture_output=True)
            check(r.returncode == 0 and g.returncode == 0
                  and g.stderr == b"", "odd names (%r, %s): DOT: %r"
                  % (young, theme, g.stderr))
            for what, out in (("SVG", svg), ("DOT", drawn)):
                try:
                    nodes, texts = node_texts(out)
                    root = ET.parse(out).getroot()
                except (ET.ParseError, OSError) as e:
                    check(False, "odd names (%r, %s, %s): %s"
                          % (young, theme, what, e))
                    continue
                yp = [t.text for g in root.iter(SVG + "g")
                      if g.get("id") == "yp" for t in g.iter(SVG + "text")]
                where = "odd names (%r, %s, %s)" % (young, theme, what)
                check(yp[:1] == [shown(young)],
                      "%s: the young person is drawn as %r" % (where, yp))
                check(title in texts, "%s: no title %r in %r"
                      % (where, title, texts[:12]))
                for i, name in enumerate(ODD_NAMES):
                    got = nodes.get("p%d" % (i + 1), [None])[0]
                    check(got == shown(name), "%s: %r is drawn as %r"
                          % (where, shown(name), got))
    # A newline cannot be in a name: the case is refused, nothing drawn.
    for who in ("young person", "person"):
        path = odd_case(tmp, "a\nb" if who == "young person" else "Noah")
        if who == "person":
            case = json.load(open(path))
            case["people"][0]["name"] = "a\nb"
            json.dump(case, open(path, "w"))
        out = os.path.join(tmp, "newline.svg")
        r = run("render", "-f", path, "-o", out, "--date", DATE)
        check(r.returncode == 1 and r.stderr.startswith(b"kring: ")
              and not os.path.exists(out),
              "a %s's name with a newline: exit %d, %r"
              % (who, r.returncode, r.stderr))


# Young persons' names that once made the centre overlap the inner ring,
# long ones (sixty letters, in words and in one) and wide ones (W, the
# widest letter DZ, letters DejaVu Sans lacks).
LONG_NAMES = ["Zo\u00eb-\u0132sbrand",
              "Anna Maria Josephina Wilhelmina van Oranje-Nassau tot Lippe",
              "W" * 60, "\u01f1" * 12 + " \u674e\u5c0f\u9f8d \u16a0\u16a2\u16a6"]


def contrast(a, b):
    """WCAG 2 contrast ratio of two colours (#RRGGBB)."""
    def lum(c):
        v = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        v = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4
             for x in v]
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]
    la, lb = lum(a), lum(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def blend(top, alpha, under):
    """TOP at ALPHA over UNDER, as #RRGGBB."""
    return "#" + "".join("%02X" % round(int(top[i:i + 2], 16) * alpha +
                                        int(under[i:i + 2], 16) * (1 - alpha))
                         for i in (1, 3, 5))


def check_contrast(tmp):
    """Every text of the youth and team maps has 4.5:1 or more (WCAG
    1.4.3) against what is under it, from the SVG's own colours: a
    person's texts against their mark's fill; the others (sector names,
    rings, legend, title) against the paper and against the paper under
    every wedge's tint."""
    for sample in SAMPLES:
        for theme in ("youth", "team"):
            out = os.path.join(tmp, "contrast.svg")
            r = render(sample, theme, out)
            check(r.returncode == 0, "%s %s: exit %d" % (sample, theme,
                                                        r.returncode))
            root = ET.parse(out).getroot()
            shapes = list(root.iter(SVG + "polygon"))
            paper = shapes[0].get("fill").upper()
            # A wedge's tints lie one over another, outer ring first: the
            # inner ring is under all of them.
            tints, under = set(), {}
            for s in shapes:
                if s.get("fill-opacity"):
                    key = s.get("fill").upper()
                    under[key] = blend(key, float(s.get("fill-opacity")),
                                       under.get(key, paper))
                    tints.add(under[key])
                else:
                    under = {}
            in_node = set()
            for g in root.iter(SVG + "g"):
                if g.get("class") != "node":
                    continue
                marks = [e for e in g if e.tag in (SVG + "path", SVG + "ellipse",
                                                    SVG + "polygon")]
                fill = marks[0].get("fill").upper() if marks else paper
                if fill in ("NONE", "TRANSPARENT"):
                    fill = paper
                for t in g.iter(SVG + "text"):
                    in_node.add(t)
                    ratio = contrast(t.get("fill").upper(), fill)
                    check(ratio >= 4.5, "%s %s: %r at %.2f:1 on its mark"
                          % (sample, theme, t.text, ratio))
            for t in root.iter(SVG + "text"):
                if t in in_node:
                    continue
                for under in [paper] + sorted(tints):
                    ratio = contrast(t.get("fill").upper(), under)
                    check(ratio >= 4.5, "%s %s: %r (%s) at %.2f:1 on %s"
                          % (sample, theme, t.text, t.get("fill"), ratio,
                             under))


def check_no_overlap(tmp):
    """No node over another and no text outside its node, in the SVG as
    Graphviz drew it (svg_geometry.py), for the centre's long and wide
    names and for people with names of sixty letters, in every theme."""
    variants = [(s, n, False) for s in ("2026-027-jesse.json",
                                        "2026-014-noah.json")
                for n in LONG_NAMES]
    variants += [(s, LONG_NAMES[1], True) for s in ("2026-027-jesse.json",
                                                    "2026-014-noah.json")]
    for sample, young, long_people in variants:
        case = json.load(open("samples/" + sample))
        case["case"]["name"] = young
        if long_people:
            for i, p in enumerate(case["people"]):
                p["name"] = ("W" * 60 if i % 2 else
                             "Maria Magdalena Johanna Wilhelmina %d de Wit" % i)
        path = os.path.join(tmp, "long.json")
        json.dump(case, open(path, "w"))
        for theme, lang in (("youth", "en"), ("team", "en"), ("print", "en"),
                            ("team", "nl")):
            out = os.path.join(tmp, "long.svg")
            r = run("--lang", lang, "render", "-f", path, "-o", out,
                    "--theme", theme, "--date", DATE)
            where = "%s, %r%s, %s, %s" % (sample, young, ", long names"
                                          if long_people else "", theme, lang)
            check(r.returncode == 0 and r.stderr == b"", "%s: exit %d, %r"
                  % (where, r.returncode, r.stderr[:300]))
            for o in svg_geometry.overlaps(out):
                check(False, "%s: %s" % (where, o))


def main():
    only_graphs = "--graphs" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        if only_graphs:
            check_graphs(tmp)
        else:
            check_svgs(tmp)
            check_anonymized(tmp)
            check_formats(tmp)
            check_bad_input(tmp)
            check_dutch(tmp)
            check_over_time(tmp)
            check_names_drawn_literally(tmp)
            check_no_overlap(tmp)
            check_contrast(tmp)
            check_golden(tmp)
            check_graphs(tmp)
    finish("render")


main()
