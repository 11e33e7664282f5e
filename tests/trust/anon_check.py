#!/usr/bin/env python3
"""Anonymized outputs hold no name, not even through the case's code
(docs/security.md, "Anonymized outputs"; issue 17.16).

The easyNWK map of Rosa Braunsteigl-Müller is imported twice: once as it
comes (the import must give it a neutral code, YEAR-NNN, not one made of
the file's name), and once under the code `Rosa_Braunsteigl-Mueller`, a
code that is a name. Every anonymized output of the second is made:
export --anonymize (json, graphml, csv: both tables and the pair of files,
dot in every theme), render --anonymize (svg, png, pdf, dot in every
theme; a snapshot; changes since one), sheet --anonymize (in English and
Dutch, --by a name that is the young person's) and render --all --anonymize (the
file names too). None may hold the code, a word of the young person's or
anyone's name, an id made of a name or a snapshot's label: a PDF is also
read through pdftotext and pdfinfo, a PNG by its text chunks and the SVG
of the same render.

With KRING_TEST_DB=postgresql the cases are stored in schemas of their
own (tests/store_db.py).

Usage: anon_check.py KRING
"""
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import check, finish, run as run_kring  # noqa: E402
from store_db import store  # noqa: E402

KRING = os.path.abspath(sys.argv[1])
ROSA = os.path.join("tests", "data", "external", "easynwk",
                    "Rosa_Braunsteigl-Mueller.json")
CODE = "Rosa_Braunsteigl-Mueller"
# Titles and particles are not names (docs/map.md): "Dr. Maier" is "M.
# (dr.)" anonymized.
TITLES = {"dr", "dr."}
THEMES = ("youth", "team", "print")


def run(*args):
    return run_kring(KRING, *args)


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s)
                   if not unicodedata.combining(c))


def forbidden(case):
    """The code and every part of it, each word of every name (as written,
    lowercase, without accents), every person's id and snapshot label."""
    forms = {CODE, "Rosa", "Braunsteigl", "Mueller", "Müller"}
    names = [case["case"]["name"]] + [p["name"] for p in case["people"]]
    for n in names:
        for w in re.split(r"[\s\-_]+", n):
            w = w.strip(".,()")
            if len(w) >= 3 and w.lower() not in TITLES:
                forms |= {w, fold(w)}
    forms |= {p["id"] for p in case["people"]}
    forms |= {s["label"] for s in case.get("snapshots", [])}
    return forms


def holds(text, form):
    """FORM in TEXT, any case, not inside a longer word or number: '_' and
    '-' part words, so "Rosa" is found in "Rosa_Braunsteigl"."""
    return re.search(r"(?<![A-Za-z0-9])" + re.escape(form) +
                     r"(?![A-Za-z0-9])", text, re.IGNORECASE) is not None


def png_texts(data):
    """The text chunks of a PNG (its pixels are no text)."""
    out, at = b"", 8
    while at + 8 <= len(data):
        n = int.from_bytes(data[at:at + 4], "big")
        kind = data[at + 4:at + 8]
        if kind in (b"tEXt", b"iTXt", b"zTXt"):
            out += data[at + 8:at + 8 + n] + b"\n"
        at += 12 + n
    return out


def pdf_text(path):
    data = open(path, "rb").read()
    for tool in (["pdftotext", path, "-"], ["pdfinfo", path]):
        data += b"\n" + subprocess.run(tool, capture_output=True).stdout
    return data


def read(path):
    data = open(path, "rb").read()
    if path.endswith(".pdf"):
        return pdf_text(path)
    if path.endswith(".png"):
        check(data.startswith(b"\x89PNG"), f"{path}: not a PNG")
        return png_texts(data) or b"(a PNG with no text)"
    return data


def check_import_code(tmp):
    """Imported as it comes: a neutral code, said on stderr."""
    db = store(tmp, "plain.db")
    r = run("--db", db, "--json", "import", ROSA)
    check(r.returncode == 0, f"import: {r.stderr}")
    if r.returncode != 0:
        return
    code = json.loads(r.stdout)["cases"][0]["code"]
    want = f"{datetime.datetime.now(datetime.timezone.utc).year}-001"
    check(code == want, f"the import's code is {code!r}, not {want!r}")
    check(f"the case gets '{want}'" in r.stderr.decode(),
          f"no note of the neutral code: {r.stderr.decode()}")
    listed = run("--db", db, "case", "list").stdout.decode()
    for form in ("Rosa_", "Braunsteigl-Mueller", "Mueller"):
        check(form not in listed, f"case list shows {form!r}")


def outputs(tmp, db, label):
    """Every anonymized output of case CODE: {what: bytes}."""
    out = {}

    def take(what, r, *files):
        check(r.returncode == 0, f"{what}: exit {r.returncode}: "
              f"{r.stderr.decode()[:300]}")
        if files:
            out[what] = b"".join(read(f) for f in files if os.path.exists(f))
            check(all(os.path.exists(f) for f in files),
                  f"{what}: {files} not written")
        else:
            out[what] = r.stdout

    for fmt in ("json", "graphml"):
        take(f"export {fmt}", run("--db", db, "export", CODE, "--format",
                                  fmt, "--anonymize"))
    for table in ("people", "ties"):
        take(f"export csv {table}",
             run("--db", db, "export", CODE, "--format", "csv", "--table",
                 table, "--anonymize"))
    base = os.path.join(tmp, "x.csv")
    take("export csv -o", run("--db", db, "export", CODE, "-o", base,
                              "--anonymize"),
         os.path.join(tmp, "x-people.csv"), os.path.join(tmp, "x-ties.csv"))
    for theme in THEMES:
        take(f"export dot {theme}",
             run("--db", db, "export", CODE, "--format", "dot", "--theme",
                 theme, "--anonymize"))
        for fmt in ("svg", "png", "pdf", "dot"):
            f = os.path.join(tmp, f"map-{theme}.{fmt}")
            take(f"render {theme} {fmt}",
                 run("--db", db, "render", CODE, "-o", f, "--theme", theme,
                     "--anonymize"), f)
        # A PNG's words are pixels: those of the SVG of the same render.
        out[f"render {theme} png"] += out[f"render {theme} svg"]
    # The meeting sheet, in both languages (kring sheet --anonymize).
    for lang in ("en", "nl"):
        f = os.path.join(tmp, f"sheet-{lang}.pdf")
        r = subprocess.run([KRING, "--db", db, "sheet", CODE, "-o", f,
                            "--anonymize", "--by", "Rosa Braunsteigl"],
                           capture_output=True,
                           env=dict(os.environ, LANGUAGE=lang, LC_ALL="C.UTF-8"))
        take(f"sheet {lang}", r, f)
    for how in ("--snapshot", "--diff"):
        f = os.path.join(tmp, f"moment{how}.svg")
        take(f"render {how}", run("--db", db, "render", CODE, how, label,
                                  "-o", f, "--theme", "team", "--anonymize"),
             f)
    for fmt in ("svg", "pdf"):
        folder = os.path.join(tmp, "all-" + fmt)
        r = run("--db", db, "render", "--all", "-o", folder, "--format", fmt,
                "--anonymize")
        names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        take(f"render --all {fmt}", r,
             *[os.path.join(folder, n) for n in names])
        out[f"render --all {fmt} file names"] = "\n".join(names).encode()
        check(names == [f"anon-1.{fmt}", f"anon-2.{fmt}"],
              f"render --all --anonymize wrote {names}")
    return out


def check_anonymized(tmp):
    db = store(tmp, "named.db")
    r = run("--db", db, "import", ROSA, "--code", CODE)
    check(r.returncode == 0, f"import --code: {r.stderr}")
    # A second case, for --all.
    run("--db", db, "case", "new", "2026-014", "--name", "Noah Jansen")
    case = json.loads(run("--db", db, "export", CODE).stdout)
    forms = forbidden(case) | {"Noah", "Jansen", "2026-014"}
    label = case["snapshots"][0]["label"]
    texts = outputs(tmp, db, label)
    check(len(texts) >= 17, f"only {len(texts)} outputs")
    for what, data in texts.items():
        check(len(data) > 0, f"{what} is empty")
        text = data.decode("utf-8", "replace")
        for form in forms:
            if holds(text, form):
                check(False, f"{what} holds '{form}'")
    # Not empty of meaning: the neutral code is there instead.
    for what in ("export json", "render team svg", "render team pdf"):
        check(b"anon" in texts.get(what, b""), f"{what} has no 'anon'")
    print(f"anon: {len(texts)} anonymized outputs scanned for "
          f"{len(forms)} forms of a name")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        check_import_code(tmp)
        check_anonymized(tmp)
    finish("anon", 40)


if __name__ == "__main__":
    main()
