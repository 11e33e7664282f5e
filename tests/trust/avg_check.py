#!/usr/bin/env python3
"""The rights of the young person and their parents (docs/privacy.md),
from the outside, on the store KRING_TEST_DB names:
- kring case archive: one ZIP file, private, that Python's zipfile reads,
  with exactly its seven files; case.json holds every person of the
  sample (compared with the sample file itself, not with kring's export),
  the PDFs are PDFs that pdfinfo reads, the access log's page names the
  copy just taken; one line of the access log for it (on PostgreSQL of
  kind export);
- kring case erase: nothing of the case is left in any table (the dump of
  the whole store holds none of its names), the access log keeps one line
  that it was erased (PostgreSQL: kind erase, the case's number only), a
  break-glass reason given for it is gone while who opened it stays, and
  the chain still verifies; without --yes and without a terminal nothing
  is erased;
- kring case close|reopen and kring retention list|purge (PostgreSQL):
  the day counted here, by Python's datetime, a second implementation:
  closed exactly N years ago is listed and purged, a day later is not;
  --years out of range and purge without --yes are refused, changing
  nothing. On SQLite, close and retention say why not.
Usage: avg_check.py KRING"""
import datetime
import json
import os
import stat
import subprocess
import sys
import tempfile
import zipfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests"))
import store_db  # noqa: E402
from checks import check, finish  # noqa: E402

KRING = os.path.abspath(sys.argv[1])
SAMPLE = os.path.join(TOP, "samples", "2026-014-noah.json")
PG = store_db.on_postgresql()


def ck(ok, what, detail=""):
    """A check; when it fails, with what kring said."""
    check(ok, what if ok or not detail else f"{what}: {detail[:400]}")


def kring(db, *args, stdin=subprocess.DEVNULL):
    return subprocess.run([KRING, "--db", db, *args], capture_output=True,
                          text=True, stdin=stdin)


def names_of(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return {data["case"]["name"]} | {p["name"] for p in data["people"]}


def archive(tmp):
    db = store_db.store(tmp, "archive.db")
    kring(db, "import", SAMPLE)
    out = os.path.join(tmp, "noah.zip")
    r = kring(db, "case", "archive", "2026-014", "-o", out, "--json")
    ck(r.returncode == 0, "case archive: done", r.stderr)
    ck(stat.S_IMODE(os.stat(out).st_mode) == 0o600,
          "case archive: the file is private (600)")
    with zipfile.ZipFile(out) as z:
        ck(z.testzip() is None, "case archive: every file's CRC holds")
        files = sorted(z.namelist())
        ck(files == sorted(["README.txt", "case.json", "map.pdf",
                               "map.svg", "sheet.pdf", "suggestions.txt",
                               "access-log.txt"]),
              "case archive: exactly its seven files", str(files))
        data = json.loads(z.read("case.json"))
        got = {data["case"]["name"]} | {p["name"] for p in data["people"]}
        ck(got == names_of(SAMPLE),
              "case archive: case.json holds every person of the sample")
        for pdf in ("map.pdf", "sheet.pdf"):
            path = os.path.join(tmp, pdf)
            with open(path, "wb") as f:
                f.write(z.read(pdf))
            p = subprocess.run(["pdfinfo", path], capture_output=True)
            ck(p.returncode == 0, f"case archive: {pdf} is a PDF")
        ck(z.read("map.svg").lstrip().startswith(b"<?xml"),
              "case archive: map.svg is SVG")
        log = z.read("access-log.txt").decode()
        # A file's log knows reads and changes only: there the copy is a
        # look (docs/security.md).
        ck(("took a copy of the file" if PG else "looked at the file") in log,
           "case archive: its page of the log names this copy", log)
        ck("Noah" not in log, "case archive: the log's page names nobody")
    r = kring(db, "--lang", "nl", "case", "archive", "2026-014", "-o",
              os.path.join(tmp, "nl.zip"))
    with zipfile.ZipFile(os.path.join(tmp, "nl.zip")) as z:
        ck("Alles wat kring" in z.read("README.txt").decode(),
              "case archive: README.txt in the language asked for")
    lines = json.loads(kring(db, "audit", "2026-014", "--json").stdout)
    mine = [x for x in lines if x["command"] == "case archive"]
    ck(len(mine) == 2, "case archive: one line per archive taken",
          str(mine))
    if PG:
        ck(all(x["kind"] == "export" for x in mine),
              "case archive: of kind export", str(mine))
    for bad in ("noah.tar", "zip", ".zip"):
        r = kring(db, "case", "archive", "2026-014", "-o",
                  os.path.join(tmp, bad) if bad != "zip" else bad)
        ck(r.returncode == 2, f"case archive -o {bad}: refused (2)")
    r = kring(db, "case", "archive", "nosuch", "-o", os.path.join(tmp, "x.zip"))
    ck(r.returncode == 1 and not os.path.exists(os.path.join(tmp, "x.zip")),
          "case archive of no case: 1, no file")


def erase(tmp):
    db = store_db.store(tmp, "erase.db")
    kring(db, "import", SAMPLE)
    schema = store_db.schema_of(db)
    if PG:
        kring(db, "team", "add", "Noord")
        kring(db, "user", "add", "anna", "--name", "Anna", "--role",
              "professional", "--team", "Noord")
        store_db.sql(f"INSERT INTO {schema}.break_glass (user_id, case_key, "
                     f"case_code, reason, until) SELECT u.id, c.case_key, "
                     f"c.code, 'Noah ran away, the police called', now() + "
                     f"interval '1 hour' FROM {schema}.users u, "
                     f"{schema}.cases c WHERE u.login = 'anna'")
    before = store_db.dump(db)
    r = kring(db, "case", "erase", "2026-014")
    ck(r.returncode == 2 and store_db.dump(db) == before,
          "case erase without --yes and no terminal: 2, nothing changed")
    r = kring(db, "case", "erase", "2026-014", "--yes", "--json")
    ck(r.returncode == 0 and json.loads(r.stdout) == {"erased": "2026-014"},
          "case erase --yes: done", r.stdout + r.stderr)
    left = store_db.dump(db).decode("utf-8", "replace")
    named = [n for n in names_of(SAMPLE) if n in left]
    ck(not named, "case erase: no name of the case left in any table",
          str(named))
    ck("police" not in left,
          "case erase: the break-glass reason is erased with it")
    lines = json.loads(kring(db, "audit", "--json").stdout)
    erased = [x for x in lines if x["event"] == "case erased on request"]
    ck(len(erased) == 1 and erased[0]["case"] == 1,
          "case erase: one line that it was erased, by its number",
          str(erased))
    if PG:
        ck(erased[0]["kind"] == "erase", "case erase: of kind erase")
        rows = store_db.sql(f"SELECT u.login, b.case_key FROM "
                            f"{schema}.break_glass b JOIN {schema}.users u "
                            "ON u.id = b.user_id")
        ck(rows == [("anna", "1")],
              "case erase: who opened it by break-glass stays", str(rows))
        v = kring(db, "audit", "verify")
        ck(v.returncode == 0, "case erase: the chain verifies", v.stderr)
    else:
        with open(db, "rb") as f:
            raw = f.read()
        ck(b"Noah" not in raw, "case erase: the name is not in the file")


def ago(years, days=0):
    """Today, YEARS back (29 February to 28 February), DAYS later."""
    t = datetime.date.today()
    try:
        d = t.replace(year=t.year - years)
    except ValueError:
        d = t.replace(year=t.year - years, day=28)
    return (d + datetime.timedelta(days=days)).isoformat()


def retention(tmp):
    db = store_db.store(tmp, "retention.db")
    if not PG:
        kring(db, "import", SAMPLE)
        for args in (("case", "close", "2026-014"), ("retention", "list")):
            r = kring(db, *args)
            ck(r.returncode == 1 and "PostgreSQL" in r.stderr,
                  f"{' '.join(args)} on a file: 1, says why")
        return
    with open(SAMPLE, encoding="utf-8") as f:
        sample = json.load(f)
    days = {"a-old": ago(20, -400), "b-edge": ago(20), "c-young": ago(20, 1),
            "d-open": None, "e-ten": ago(10)}
    for code, day in days.items():
        sample["case"]["code"] = code
        path = os.path.join(tmp, code + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(sample, f)
        kring(db, "import", path)
        if day:
            r = kring(db, "case", "close", code, "--date", day)
            ck(r.returncode == 0, f"case close {code} --date {day}",
                  r.stderr)
    r = kring(db, "case", "close", "b-edge")
    ck(r.returncode == 1 and "closed already" in r.stderr,
          "case close of a closed case: 1")
    r = kring(db, "case", "reopen", "d-open")
    ck(r.returncode == 1, "case reopen of an open case: 1")
    r = kring(db, "case", "close", "d-open", "--date", "2026-02-30")
    ck(r.returncode == 1 and "not a date" in r.stderr,
          "case close --date 2026-02-30: not a date")
    listed = json.loads(kring(db, "retention", "list", "--json").stdout)
    ck([c["code"] for c in listed["cases"]] == ["a-old", "b-edge"] and
          listed["closed_before"] == ago(20),
          "retention list: closed 20 years ago today or before, oldest first",
          str(listed))
    ten = json.loads(kring(db, "retention", "list", "--years", "10",
                           "--json").stdout)
    ck([c["code"] for c in ten["cases"]] == ["a-old", "b-edge", "c-young",
                                                "e-ten"],
          "retention list --years 10", str(ten))
    before = store_db.dump(db)
    for args, code in ((("--years", "0", "--yes"), 2),
                       (("--years", "101", "--yes"), 2),
                       (("--years", "x", "--yes"), 2), ((), 2)):
        r = kring(db, "retention", "purge", *args)
        ck(r.returncode == code and store_db.dump(db) == before,
              f"retention purge {' '.join(args)}: {code}, nothing erased")
    r = kring(db, "retention", "purge", "--yes", "--json")
    ck(r.returncode == 0 and
          [c["code"] for c in json.loads(r.stdout)["erased"]] ==
          ["a-old", "b-edge"], "retention purge: the two past their time",
          r.stdout + r.stderr)
    left = [c.split()[0] for c in
            kring(db, "case", "list").stdout.splitlines()[1:]]
    ck(left == ["c-young", "d-open", "e-ten"],
          "retention purge: the others stay", str(left))
    lines = json.loads(kring(db, "audit", "--json").stdout)
    gone = [x for x in lines if x["kind"] == "erase"]
    ck(len(gone) == 2 and all(x["event"] == "case erased: its time was up"
                                 for x in gone),
          "retention purge: one erase line each, saying why", str(gone))
    r = kring(db, "case", "reopen", "e-ten")
    ck(r.returncode == 0, "case reopen: done")
    ten = json.loads(kring(db, "retention", "list", "--years", "0",
                           "--json").stdout)
    ck([c["code"] for c in ten["cases"]] == ["c-young"],
          "retention list --years 0: every closed case, the reopened not")
    ck(kring(db, "audit", "verify").returncode == 0,
          "retention: the chain verifies")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        archive(tmp)
        erase(tmp)
        retention(tmp)
    finish("avg")


if __name__ == "__main__":
    main()
