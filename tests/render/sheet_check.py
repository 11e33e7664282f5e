#!/usr/bin/env python3
"""The team's meeting sheet (kring sheet, docs/sheet.md), read from the
outside: for the samples in English and Dutch, and for generated cases of
1 to 120 people,
- the PDF is A4 upright (pdfinfo), one or two pages for the samples;
- every name on it is at least 8 pt: each word of a person's name, where
  pdftotext -bbox finds it, is as tall as DejaVu Sans at 8 pt or more
  (a word's box is the font's ascent plus descent, 1.164 times its size);
- its text (pdftotext) holds every candidate's name and rank, each
  reason and warning that `kring score --json` gives, and everyone who is
  not a candidate;
- who prepared it and the meeting's date are in the header, and "page N
  of M" at the foot of every page;
- the same case and date give the same bytes, in every time zone;
- the command's mistakes are refused with exit 2 and write nothing.
Anonymized sheets are checked by tests/trust/anon_check.py.

Usage: sheet_check.py KRING [SIZES...]
Needs build/bench/kring-gen (make build/bench/kring-gen) for the
generated cases.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import check, clean_env, finish  # noqa: E402

KRING = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "./kring")
SIZES = [int(a) for a in sys.argv[2:] if not a.startswith("--")] or [1, 2, 5, 10, 20, 40, 60, 80, 100, 120]
GEN = os.path.abspath(os.environ.get("KRING_GEN", "build/bench/kring-gen"))
DATE = "2026-12-05"
LEAST = 8.0 - 0.05  # points, with the rounding of the boxes' numbers
BOX = 1.164  # DejaVu Sans: ascent + descent, times the size


def kring(*args, lang="en", env=None):
    e = clean_env(env)
    e["LANGUAGE"] = lang
    return subprocess.run([KRING, *args], capture_output=True, env=e)


def pdfinfo(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    info = {}
    for line in out.splitlines():
        k, _, v = line.partition(":")
        info[k.strip()] = v.strip()
    return info


def text(path):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"],
                         capture_output=True).stdout.decode("utf-8")
    return out


def flat(s):
    return " ".join(s.split())


def words(path):
    """(page, word, size in points) of every word pdftotext finds."""
    out = subprocess.run(["pdftotext", "-bbox", path, "-"],
                         capture_output=True).stdout.decode("utf-8")
    out = re.sub(r"<!DOCTYPE[^>]*>", "", out)
    root = ET.fromstring(out)
    found = []
    for n, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), 1):
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            h = float(w.get("yMax")) - float(w.get("yMin"))
            found.append((n, w.text or "", h / BOX))
    return found


# Who is not a candidate, grouped by why in the shortest lists: the words
# of a group whose reason differs from one person to the next (the age).
GROUPED = {"minor": {"en": "Under 18, or not known to be 18 or older",
                     "nl": "Jonger dan 18, of niet bekend als 18 of ouder"},
           "unsafe": {"en": "says these people frighten them",
                      "nl": "zegt bang te zijn voor deze mensen"}}


def check_sheet(what, pdf, case, score, lang, pages_at_most=None):
    info = pdfinfo(pdf)
    check(info.get("Page size", "").startswith("595.28 x 841.89"),
          f"{what}: page size {info.get('Page size')}, not A4 upright")
    pages = int(info.get("Pages", "0"))
    check(pages >= 1, f"{what}: no pages")
    if pages_at_most:
        check(pages <= pages_at_most, f"{what}: {pages} pages")
    body = text(pdf)
    all_text = flat(body)
    # Every page has its number at the foot.
    for n in range(1, pages + 1):
        want = (f"page {n} of {pages}" if lang == "en"
                else f"pagina {n} van {pages}")
        check(want in all_text, f"{what}: no '{want}'")
    check(DATE in all_text, f"{what}: the meeting's date is not on it")
    # Candidates, ranks, reasons, warnings; who is not one. A network too
    # large for two pages gives the reasons of the first five and of whom
    # the young person named only (docs/sheet.md), and says so.
    short = ("Further candidates" in all_text or
             "Verdere kandidaten" in all_text)
    if pages > 2:
        check(short, f"{what}: {pages} pages, and not the short lists")
    for k in score["candidates"]:
        star = " \u2605" if k["nominated"] else ""
        check(f"{k['rank']}. {k['name']}" in all_text,
              f"{what}: candidate {k['rank']}. {k['name']} missing")
        # In the shortest lists, someone the young person named past the
        # first five is in the paragraph of further candidates, starred.
        if short and k["rank"] > 5 and (
                not k["nominated"] or
                f"{k['rank']}. {k['name']}{star} (" in all_text):
            continue
        for r in k["reasons"] + k["warnings"]:
            check(flat(r["text"]) in all_text,
                  f"{what}: {k['name']}'s reason '{r['text']}' missing")
    for x in score["excluded"]:
        check(x["name"] in all_text, f"{what}: excluded {x['name']} missing")
        # Each reason, or (grouped by why) the reason's kind once.
        for r in x["explanations"]:
            kind = GROUPED.get(r["code"])
            check(flat(r["text"]) in all_text or
                  (kind is not None and kind[lang] in all_text),
                  f"{what}: why {x['name']} is not a candidate: "
                  f"'{r['text']}' missing")
    # Every person's name is on it, and every word of a name at 8 pt or
    # more wherever it stands.
    names = {p["name"] for p in case["people"]}
    # (The capitalised words: "de" of "Sanne de Vries" is also a word of a
    # role, which is smaller.)
    parts = {w for n in names for w in n.split() if len(w) > 1 and w[0].isupper()}
    small = [(w, round(s, 2)) for _, w, s in words(pdf) if w in parts and s < LEAST]
    check(not small, f"{what}: names under 8 pt: {small[:5]}")
    for n in names:
        check(all(w in all_text for w in n.split()),
              f"{what}: {n} is not on the sheet")
    return body


def sample_checks(tmp):
    for f in sorted(os.listdir("samples")):
        if not f.endswith(".json"):
            continue
        path = os.path.join("samples", f)
        case = json.load(open(path, encoding="utf-8"))
        for lang in ("en", "nl"):
            r = kring("score", "-f", path, "--json", lang=lang)
            score = json.loads(r.stdout)
            pdf = os.path.join(tmp, f"{f}-{lang}.pdf")
            r = kring("sheet", "-f", path, "-o", pdf, "--date", DATE,
                      "--by", "Jan de Vries", lang=lang)
            check(r.returncode == 0, f"{f} {lang}: exit {r.returncode}: "
                  f"{r.stderr.decode()[:200]}")
            if r.returncode:
                continue
            body = check_sheet(f"{f} {lang}", pdf, case, score, lang, 2)
            check("Jan de Vries" in body, f"{f} {lang}: who prepared it is missing")
            check(case["case"]["code"] in body, f"{f} {lang}: the case's code is missing")
            head = ("Meeting sheet" if lang == "en" else "Blad voor het overleg")
            check(head in body, f"{f} {lang}: no '{head}' in the header")
            # The same bytes in other time zones, and again.
            with open(pdf, "rb") as fh:
                want = fh.read()
            for tz in ("Europe/Amsterdam", "America/Los_Angeles"):
                again = os.path.join(tmp, "again.pdf")
                kring("sheet", "-f", path, "-o", again, "--date", DATE,
                      "--by", "Jan de Vries", lang=lang, env={"TZ": tz})
                with open(again, "rb") as fh:
                    check(fh.read() == want, f"{f} {lang}: other bytes in {tz}")


def generated_checks(tmp):
    if not os.path.exists(GEN):
        check(False, f"{GEN} is not built (make build/bench/kring-gen)")
        return
    for n in SIZES:
        db = os.path.join(tmp, f"g{n}.db")
        subprocess.run([GEN, db, "1", str(n)], check=True, capture_output=True)
        code = "g-000001"
        case = json.loads(kring("--db", db, "export", code).stdout)
        score = json.loads(kring("--db", db, "score", code, "--json").stdout)
        pdf = os.path.join(tmp, f"g{n}.pdf")
        r = kring("--db", db, "sheet", code, "-o", pdf, "--date", DATE)
        check(r.returncode == 0, f"{n} people: exit {r.returncode}: "
              f"{r.stderr.decode()[:200]}")
        if r.returncode == 0:
            check_sheet(f"{n} people", pdf, case, score, "en",
                        pages_at_most=2)


def mistakes(tmp):
    noah = os.path.join("samples", "2026-014-noah.json")
    for args, what in (
            ((), "no -o"),
            (("-o", os.path.join(tmp, "x.svg")), "not .pdf"),
            (("-o", os.path.join(tmp, "x.pdf"), "--date", "2026-13-01"), "bad date"),
            (("-o", os.path.join(tmp, "x.pdf"), "--by", ""), "empty --by"),
            (("-o", os.path.join(tmp, "x.pdf"), "--by", "x" * 200), "long --by"),
            (("-o", os.path.join(tmp, "x.pdf"), "--by", "Jan\nde Vries"), "--by of two lines"),
            (("-o", os.path.join(tmp, ".pdf")), "no name before .pdf"),
            (("-o", os.path.join(tmp, "x.pdf"), "--lines"), "unknown option")):
        r = kring("sheet", "-f", noah, *args)
        check(r.returncode == 2, f"sheet {what}: exit {r.returncode}")
        check(r.stderr.startswith(b"kring: "), f"sheet {what}: {r.stderr[:100]}")
        check(not os.path.exists(os.path.join(tmp, "x.pdf")) and
              not os.path.exists(os.path.join(tmp, ".pdf")) and
              not os.path.exists(os.path.join(tmp, "x.svg")),
              f"sheet {what}: a file was written")
    r = kring("sheet", "-f", os.path.join(tmp, "none.json"), "-o",
              os.path.join(tmp, "y.pdf"))
    check(r.returncode == 1, f"sheet of a missing file: exit {r.returncode}")
    r = kring("sheet", "-f", noah, "-o", "-")
    check(r.returncode == 0 and r.stdout.startswith(b"%PDF-"),
          "sheet -o - does not write the PDF to standard output")


SHEETS = (("en", "sheet-2026-014-noah.pdf"), ("nl", "sheet-2026-014-noah-nl.pdf"))


def graphs(tmp, update):
    """Noah's sheets in graphs/: made again (--graphs), or checked to be
    what the code makes now."""
    for lang, name in SHEETS:
        out = os.path.join(tmp, name)
        r = kring("sheet", "-f", os.path.join("samples", "2026-014-noah.json"),
                  "-o", out, "--date", "2026-11-23", "--by", "Jan de Vries",
                  lang=lang)
        check(r.returncode == 0, f"graphs/{name}: exit {r.returncode}")
        with open(out, "rb") as fh:
            made = fh.read()
        path = os.path.join("graphs", name)
        if update:
            with open(path, "wb") as fh:
                fh.write(made)
        else:
            old = open(path, "rb").read() if os.path.exists(path) else b""
            check(old == made, f"{path} is out of date (make graphs)")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        if "--graphs" in sys.argv:
            graphs(tmp, True)
            return
        graphs(tmp, False)
        sample_checks(tmp)
        generated_checks(tmp)
        mistakes(tmp)
    finish("sheet")


if __name__ == "__main__":
    main()
