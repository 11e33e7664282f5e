#!/usr/bin/env python3
"""The access log is complete (issue 23, NEN 7513; docs/security.md): every
address of kring server that reads or changes a case, and every command
that does so on the organisation's PostgreSQL database, is done once, and
each must add exactly one line of the access log about that case (a few
add none, by design: said where they are listed), with every field as it
should be: the account's login, number and role and the address on the
server, the OS user on the command line; the kind, the event, the command;
the case's number (never its code), the person's where there is one; the
outcome, `refused` for a look at another team's case. The young person's
phone too: the invitation, its opening and revocation, each address of the
phone that reads or changes the case, named "young person". Then `kring audit
verify` passes, and a line changed in SQL by the tables' owner (with the
trigger that keeps the log switched off for it) is found, by its number.
PostgreSQL only; on SQLite it says why.
Usage: log_check.py KRING"""
import html
import json
import os
import re
import shutil
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests"))
sys.path.insert(0, os.path.join(TOP, "tests", "server"))
import store_db  # noqa: E402
from checks import check, finish  # noqa: E402
import serverlib  # noqa: E402
from serverlib import Browser, enrol, hidden, login, totp  # noqa: E402

KRING = os.path.abspath(sys.argv[1])
COLUMNS = ('seq, "user", user_id, role, behalf, command, kind, event, '
           'case_key, person_key, other_key, address, outcome')
NAMES = [c.strip().strip('"') for c in COLUMNS.split(",")]
OS_USER = None  # the command line's user: the owner's OS account


def kring(db, *args, stdin=None):
    import subprocess
    return subprocess.run([KRING, "--db", db, *args], capture_output=True,
                          text=True, input=stdin)


class Log:
    """The access log of SCHEMA, read as the owner: the lines since the last
    look."""

    def __init__(self, schema):
        self.schema = schema
        self.seen = self.top()

    def top(self):
        return int(store_db.sql(f"SELECT coalesce(max(seq), 0) FROM "
                                f"{self.schema}.audit")[0][0])

    def new(self):
        rows = store_db.sql(f"SELECT {COLUMNS} FROM {self.schema}.audit WHERE "
                            f"seq > {self.seen} ORDER BY seq")
        self.seen = self.top()
        return [dict(zip(NAMES, r)) for r in rows]

    def key(self, code):
        r = store_db.sql(f"SELECT case_key FROM {self.schema}.cases WHERE "
                         f"code = '{code}'")
        return r[0][0] if r else None

    def person(self, code, pid):
        r = store_db.sql(f"SELECT person_key FROM {self.schema}.people WHERE "
                         f"case_code = '{code}' AND id = '{pid}'")
        return r[0][0] if r else None


def expect(what, lines, want):
    """LINES (the new ones) must be exactly the lines WANT, each a dict of
    the fields it must have (None: the field empty); every field not named
    is checked by the caller's defaults."""
    ok = len(lines) == len(want) and all(
        all(line.get(k) == v for k, v in w.items())
        for line, w in zip(lines, want))
    check(ok, f"{what}: {len(lines)} lines, {len(want)} wanted\n  got "
          + "\n      ".join(str({k: v for k, v in x.items() if v is not None})
                            for x in lines)
          + "\n  want " + "\n       ".join(str(w) for w in want))
    return ok


def forms(page):
    """Every form of PAGE: (action, {hidden input: value})."""
    out = []
    for m in re.finditer(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>',
                         page, re.S):
        fields = {n: html.unescape(v) for n, v in re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
            m.group(2))}
        out.append((html.unescape(m.group(1)), fields))
    return out


def form(page, action):
    for a, f in forms(page):
        if a == action:
            return dict(f)
    return None


def server_part(db, schema, log, tmp):
    """Every address of kring server that reads or changes a case, as a
    professional of the case's team (and one of another team, refused)."""
    role, served = serverlib.server_role(KRING, db, schema, store_db.sql)
    codes = {}
    for who, r in (("anna", "professional"), ("bart", "team_lead")):
        res = kring(db, "--json", "user", "add", who, "--name", who.title(),
                    "--role", r, "--team", "Noord")
        check(res.returncode == 0, f"user add {who}: {res.stderr}")
        codes[who] = json.loads(res.stdout)["enrolment"]
    log.new()
    err = open(os.path.join(tmp, "server.err"), "w")
    server, port = serverlib.start_server(KRING, tmp, served, stderr=err)
    try:
        b = Browser(port)
        secret = enrol(b, codes["anna"], "a long enough sentence", check)
        st, _, _ = login(b, "anna", "a long enough sentence",
                         totp(secret, step=1))
        check(st == 303, f"anna logged in ({st})")
        anna = store_db.sql(f"SELECT id FROM {schema}.users WHERE login = "
                            "'anna'")[0][0]
        log.new()  # the enrolment and login are no case's
        n1 = log.key("N-1")
        served_line = {"user": "anna", "user_id": anna, "role": "professional",
                       "address": "127.0.0.1", "behalf": None,
                       "outcome": "done"}

        def read(cmd, key=n1, event="case read", kind="read"):
            return dict(served_line, command=cmd, kind=kind, event=event,
                        case_key=key, person_key=None, other_key=None)

        def change(cmd, event, person=None, other=None, key=n1,
                   kind="change"):
            return dict(served_line, command=cmd, kind=kind, event=event,
                        case_key=key, person_key=person, other_key=other)

        # Every address that shows a case: one read each.
        pages = [("/", [read("serve: /", None, "cases listed")]),
                 ("/api/cases", [read("serve: /api/cases", None,
                                      "cases listed")]),
                 ("/api/weights", []),  # no case: nothing to log
                 ("/static/kring.css", [])]
        for path, cmd, *kind in (
                ("/case/N-1", "serve: /case/N"),
                ("/case/N-1/intake", "serve: /case/N/intake"),
                ("/case/N-1/person/1", "serve: /case/N/person/P"),
                ("/case/N-1/youth", "serve: /case/N/youth"),
                ("/case/N-1/youth?person=1", "serve: /case/N/youth"),
                ("/case/N-1/youth?map=1", "serve: /case/N/youth"),
                ("/case/N-1/team", "serve: /case/N/team"),
                ("/case/N-1/map.svg", "serve: /case/N/map.svg"),
                ("/case/N-1/map.svg?theme=team", "serve: /case/N/map.svg"),
                ("/case/N-1/map.pdf", "serve: /case/N/map.pdf", "print"),
                ("/case/N-1/sheet.pdf", "serve: /case/N/sheet.pdf", "print"),
                ("/api/cases/N-1", "serve: /api/cases/N"),
                ("/api/cases/N-1/score", "serve: /api/cases/N/score"),
                ("/api/cases/N-1/indicators",
                 "serve: /api/cases/N/indicators"),
                ("/api/cases/N-1/history", "serve: /api/cases/N/history")):
            pages.append((path, [read(cmd, kind=(kind or ["read"])[0])]))
        for path, want in pages:
            st, _, _ = b.get(path)
            check(st == 200, f"GET {path}: {st}")
            expect(f"GET {path}", log.new(), want)
        # Every form that changes a case: one change each.
        st, _, page = b.get("/case/N-1")
        csrf = hidden(page, "csrf")
        log.new()
        oma, opa = log.person("N-1", "oma-ria"), log.person("N-1", "opa-kees")

        def post(path, fields, want, status=303, what=None):
            fields = dict(fields, csrf=csrf)
            st, _, page = b.post(path, fields)
            check(st == status, f"POST {what or path}: {st} {page[:200]}")
            expect(f"POST {what or path}", log.new(), want)

        st, _, _ = b.post("/case", {"code": "N-2", "name": "Nina",
                                    "csrf": csrf})
        check(st == 303, f"POST /case: {st}")
        expect("POST /case", log.new(),
               [change("case new", "case stored", key=log.key("N-2"))])
        post("/case/N-1/person", {"name": "Buurvrouw Els", "role": "neighbour",
                                  "ring": "2"},
             [change("person add", "person added", "3")])
        page = b.get("/case/N-1/person/1")[2]
        log.new()
        pf = form(page, "/case/N-1/person/1")
        post("/case/N-1/person/1", dict(pf, ring="2"),
             [change("person set", "person changed", oma)])
        page = b.get("/case/N-1")[2]
        log.new()
        post("/case/N-1/tie", {"a": "oma-ria", "b": "buurvrouw-els"},
             [change("tie add", "tie added", oma, "3")])
        page = b.get("/case/N-1")[2]
        log.new()
        f = [x for a, x in forms(page) if a == "/case/N-1/tie/change" and
             x.get("b") == "buurvrouw-els"]
        post("/case/N-1/tie/change", dict(f[0], strength="strong"),
             [change("tie set", "tie changed", oma, "3")])
        page = b.get("/case/N-1")[2]
        log.new()
        f = [x for a, x in forms(page) if a == "/case/N-1/tie/remove" and
             x.get("b") == "buurvrouw-els"]
        post("/case/N-1/tie/remove", f[0],
             [change("tie rm", "tie removed", oma, "3")])
        # The young person's view: a wish, and suggestions.
        page = b.get("/case/N-1/youth?person=2")[2]
        log.new()
        post("/case/N-1/youth/2/ask", dict(form(page, "/case/N-1/youth/2/ask")
                                           or {}, ask="yes"),
             [change("person set", "person changed", opa)])
        post("/case/N-1/youth/suggest", {"kind": "right"},
             [change("serve: youth suggestion", "suggestion made")])
        page = b.get("/case/N-1/youth?person=1")[2]
        log.new()
        post("/case/N-1/youth/1/suggest",
             dict(form(page, "/case/N-1/youth/1/suggest") or {},
                  kind="closer"),
             [change("serve: youth suggestion", "suggestion made", oma)])
        page = b.get("/case/N-1")[2]
        log.new()
        post("/case/N-1/suggestion/1/decline",
             form(page, "/case/N-1/suggestion/1/decline") or {},
             [change("serve: suggestion decline (the young person's "
                     "suggestion 1)", "suggestion declined")])
        accepted = "serve: suggestion accept (the young person's suggestion 2)"
        post("/case/N-1/suggestion/2/accept",
             form(page, "/case/N-1/suggestion/2/accept") or {},
             # Two changes, by design (docs/security.md): the person
             # moved, and the suggestion's answer.
             [change(accepted, "person changed", oma),
              change(accepted, "suggestion accepted")])
        post("/case/N-1/choose", {"person": "opa-kees"},
             [change("choose", "choice recorded", opa)])
        # An evaluation's outcome, from the team view: one change; one
        # refused (a mark of 11) changes nothing and says why.
        post("/case/N-1/outcome", {"date": "2026-12-01", "placement":
                                   "averted", "goals": "partly",
                                   "satisfaction": "8", "ended": ""},
             [change("outcome", "outcome recorded")])
        st, _, page = b.post("/case/N-1/outcome", {"satisfaction": "11",
                                                   "csrf": csrf})
        check(st == 422 and "satisfaction must be" in page,
              f"POST /case/N-1/outcome, a mark of 11: {st}")
        log.new()
        page = b.get("/case/N-1/team")[2]
        check("2026-12-01" in page and 'id="evaluations"' in page,
              "the team view lists the outcome recorded")
        log.new()
        page = b.get("/case/N-1/person/3")[2]
        log.new()
        post("/case/N-1/person/3/remove",
             form(page, "/case/N-1/person/3/remove") or {},
             [change("person rm", "person removed", "3")])
        # A stale edit is refused, and logs nothing: nothing was changed
        # and nothing shown but the person as the page had them.
        post("/case/N-1/person/1", dict(pf, name="Oma Ria", version="0" * 16),
             [read("serve: /case/N/person/P")], status=409,
             what="/case/N-1/person/1 (stale)")
        # Another team's case: one refused line by any address.
        z1 = log.key("Z-1")
        refused = dict(served_line, command="serve: /case/N", kind="read",
                       event="case refused", case_key=z1, outcome="refused")
        st, _, _ = b.get("/case/Z-1")
        check(st == 404, f"GET /case/Z-1: {st}")
        expect("GET /case/Z-1 (another team's)", log.new(), [refused])
        post("/case/Z-1/person", {"name": "X", "role": "friend", "ring": "1"},
             [dict(refused, command="serve: /case/N/person")], status=404,
             what="/case/Z-1/person (another team's)")
        # Break-glass: one line of its own kind, then the case is a read.
        post("/break-glass", {"code": "Z-1", "minutes": "60",
                              "reason": "Crisis at night: the mentor called"},
             [change("serve: /break-glass", "case opened by break-glass",
                     key=z1, kind="break_glass")])
        st, _, _ = b.get("/case/Z-1")
        expect("GET /case/Z-1 after break-glass", log.new(),
               [read("serve: /case/N", z1)])
        phone(b, port, schema, log, csrf, n1, change)
    finally:
        serverlib.stop_server(server)
        said = open(os.path.join(tmp, "server.err")).read()
        check("Sanitizer" not in said and "runtime error" not in said,
              f"the server's stderr: {said[-3000:]}")


def phone(b, port, schema, log, csrf, n1, change):
    """The young person's phone (docs/youth-phone.md): the professional's
    invitation and its revocation, the phone's opening, and every address
    of the phone that reads or changes the case: a line each, "young
    person", role young_person."""
    st, _, page = b.post("/case/N-1/invite", {"csrf": csrf})
    inv = store_db.sql(f"SELECT max(id) FROM {schema}.youth_invitations")[0][0]
    check(st == 200, f"POST /case/N-1/invite: {st}")
    expect("POST /case/N-1/invite", log.new(),
           [change("serve: /case/N/invite", "invitation to the phone made",
                   other=inv)])
    # The phone opens it by its short code.
    short = re.search(r'id="short-code">([A-Z0-9-]+)<', page).group(1)
    p = Browser(port)
    st, _, _ = p.post("/j", {"code": short, "pin": "258036",
                             "pin2": "258036"})
    check(st == 303, f"the phone opens the invitation: {st}")
    young = {"user": "young person", "user_id": None, "role": "young_person",
             "address": "127.0.0.1", "behalf": None, "outcome": "done",
             "case_key": n1}
    expect("POST /j", log.new(),
           [dict(young, command="serve: /j", kind="change",
                 event="invitation opened on the phone", other_key=inv)])
    for path, kind in (("/y", "read"), ("/y?map=1", "read"),
                       ("/y?person=1", "read"), ("/y/map.png", "export"),
                       ("/y/map.pdf", "export")):
        st, _, _ = p.get(path)
        check(st == 200, f"GET {path}: {st}")
        cmd = "serve: " + path.split("?")[0]
        expect(f"GET {path}", log.new(),
               [dict(young, command=cmd, kind=kind, event="case read",
                     person_key=None)])
    # Who looked reads the access log about the case, not the case: no
    # line (docs/security.md).
    st, _, _ = p.get("/y/looked")
    check(st == 200, f"GET /y/looked: {st}")
    expect("GET /y/looked", log.new(), [])
    pcsrf = hidden(p.get("/y")[2], "csrf")
    log.new()
    st, _, _ = p.post("/y/suggest", {"csrf": pcsrf, "kind": "right"})
    check(st == 303, f"POST /y/suggest: {st}")
    expect("POST /y/suggest", log.new(),
           [dict(young, command="serve: youth suggestion", kind="change",
                 event="suggestion made")])
    st, _, _ = b.post("/case/N-1/invite/revoke", {"csrf": csrf})
    check(st == 303, f"POST /case/N-1/invite/revoke: {st}")
    expect("POST /case/N-1/invite/revoke", log.new(),
           [change("serve: /case/N/invite/revoke",
                   "invitations to the phone revoked")])
    st, _, _ = p.get("/y")
    check(st == 404, f"the phone after revoking: {st}")
    expect("GET /y after revoking", log.new(), [])


def cli_part(db, log, tmp):
    """Every command that reads or changes a case, once, as the owner."""
    n1 = log.key("N-1")
    line = {"user": OS_USER, "user_id": None, "role": None, "behalf": None,
            "address": None, "outcome": "done", "other_key": None}

    def cmd(args, want, stdin=None):
        r = kring(db, *args, stdin=stdin)
        check(r.returncode == 0,
              f"kring {' '.join(args)}: {r.stdout[-300:]}{r.stderr}")
        expect("kring " + " ".join(args), log.new(), want)

    def read(command, key=n1, kind="read"):
        return dict(line, command=command, kind=kind, event="case read",
                    case_key=key, person_key=None)

    def change(command, event, person=None, other=None, key=n1,
               kind="change"):
        return dict(line, command=command, kind=kind, event=event,
                    case_key=key, person_key=person, other_key=other)

    oma = log.person("N-1", "oma-ria")
    cmd(["case", "show", "N-1"], [read("case show")])
    cmd(["case", "list"], [dict(read("case list", None),
                                event="cases listed")])
    cmd(["score", "N-1"], [read("score")])
    cmd(["indicators", "N-1"], [read("indicators")])
    keys = [k for (k,) in store_db.sql(f"SELECT case_key FROM "
                                       f"{log.schema}.cases ORDER BY 1")]
    for c in ("score", "indicators"):
        cmd([c, "--all"], [read(c, k) for k in keys])
    # A copy taken out of kring is an export; the sheet is printed.
    cmd(["render", "--all", "-o", os.path.join(tmp, "all")],
        [read("render", k, "export") for k in keys])
    for f in ("json", "graphml", "csv", "dot"):
        cmd(["export", "N-1", "--format", f, "-o",
             os.path.join(tmp, f"n1.{f}")], [read("export", kind="export")])
    cmd(["export", "N-1", "--anonymize"], [read("export", kind="export")])
    for f in ("svg", "png", "pdf", "dot"):
        cmd(["render", "N-1", "--format", f, "-o",
             os.path.join(tmp, f"map.{f}")], [read("render", kind="export")])
    cmd(["sheet", "N-1", "-o", os.path.join(tmp, "sheet.pdf")],
        [read("sheet", kind="print")])
    cmd(["snapshot", "N-1", "v1"], [change("snapshot", "snapshot taken")])
    cmd(["history", "N-1"], [read("history")])
    cmd(["diff", "N-1", "v1"], [read("diff")])
    cmd(["suggestions", "N-1"], [read("suggestions")])
    cmd(["person", "add", "N-1", "Meester Jan", "--role", "teacher",
         "--ring", "3"], [change("person add", "person added", "4")])
    cmd(["person", "set", "N-1", "meester-jan", "--ring", "2"],
        [change("person set", "person changed", "4")])
    cmd(["tie", "add", "N-1", "oma-ria", "meester-jan"],
        [change("tie add", "tie added", oma, "4")])
    cmd(["tie", "rm", "N-1", "oma-ria", "meester-jan"],
        [change("tie rm", "tie removed", oma, "4")])
    cmd(["person", "rm", "N-1", "meester-jan"],
        [change("person rm", "person removed", "4")])
    # Choosing someone not yet nominated is two changes, by design
    # (docs/security.md): the nomination, and the choice.
    cmd(["person", "add", "N-1", "Tante Mies", "--role", "aunt_uncle",
         "--ring", "2"], [change("person add", "person added", "5")])
    cmd(["choose", "N-1", "tante-mies"],
        [change("choose", "person changed", "5"),
         change("choose", "choice recorded", "5")])
    cmd(["choose", "N-1", "tante-mies", "--status", "accepted"],
        [change("choose", "choice recorded", "5")])
    cmd(["case", "assign", "N-1", "--team", "Zuid"],
        [change("case assign", "case assigned", kind="assign")])
    cmd(["import", os.path.join(tmp, "n1.json"), "--replace"],
        [change("import", "case replaced")])
    r = kring(db, "case", "new", "T-1", "--name", "Tim")
    t1 = log.key("T-1")
    check(r.returncode == 0 and t1 is not None, f"case new: {r.stderr}")
    expect("kring case new", log.new(),
           [change("case new", "case stored", key=t1)])
    # case rm shows the case before it asks (without --yes, on a terminal):
    # the read, then the removal.
    cmd(["case", "rm", "T-1", "--yes"], [read("case rm", t1),
                                         change("case rm", "case removed",
                                                key=t1)])
    # The rights of the young person (docs/privacy.md): everything as
    # one archive is one export; closing and reopening are changes; an
    # erasure is one line of its own kind, after the look that showed
    # the case before it asked; retention lists, then erases each.
    cmd(["case", "archive", "N-1", "-o", os.path.join(tmp, "n1.zip")],
        [read("case archive", kind="export")])
    cmd(["case", "close", "N-1", "--date", "2001-02-03"],
        [change("case close", "case closed")])
    cmd(["case", "reopen", "N-1"], [change("case reopen", "case reopened")])
    for code in ("T-2", "T-3"):
        kring(db, "case", "new", code, "--name", "Tom")
    t2, t3 = log.key("T-2"), log.key("T-3")
    log.new()
    cmd(["case", "erase", "T-2", "--yes"],
        [read("case erase", t2),
         change("case erase", "case erased on request", key=t2,
                kind="erase")])
    kring(db, "case", "close", "T-3", "--date", "2001-02-03")
    log.new()
    cmd(["retention", "list"], [dict(read("retention list", None),
                                     event="cases listed")])
    cmd(["retention", "purge", "--yes"],
        [dict(read("retention purge", None), event="cases listed"),
         change("retention purge", "case erased: its time was up",
                key=t3, kind="erase")])
    anna = store_db.sql(f"SELECT id FROM {log.schema}.users WHERE login = "
                        "'anna'")[0][0]
    cmd(["user", "teams", "anna", "--team", "Noord"],
        [dict(change("user teams", "account's teams changed", key=None,
                     other=anna))])
    # What reads the log, or checks the store, is no look at a case.
    cmd(["audit", "N-1"], [])
    cmd(["audit", "N-1", "--for-client"], [])
    # The client's overview says what each kind was.
    r = kring(db, "--json", "audit", "N-1", "--for-client")
    kinds = {x["kind"] for x in json.loads(r.stdout)["lines"]}
    r = kring(db, "audit", "N-1", "--for-client")
    check({"read", "export", "print"} <= kinds and
          "took a copy of the file" in r.stdout and
          "printed the file" in r.stdout,
          f"the client's overview of exports and prints: {kinds}")
    # An export and a print are reads: --reads shows them, --changes not.
    for flag, want in (("--reads", True), ("--changes", False)):
        r = kring(db, "--json", "audit", "N-1", flag)
        kinds = {x["kind"] for x in json.loads(r.stdout)}
        check(("export" in kinds and "print" in kinds) == want,
              f"audit {flag}: {kinds}")
    # kring check reads every case to test it and shows none.
    r = kring(db, "check")
    check("checked: cases 3" in r.stdout, f"kring check: {r.stdout}")
    expect("kring check", log.new(), [])


def tamper(db, schema, log):
    """audit verify: unbroken, then one line changed in SQL and found."""
    r = kring(db, "--json", "audit", "verify")
    v = json.loads(r.stdout or "{}")
    check(r.returncode == 0 and v.get("unbroken") is True,
          f"audit verify: {r.stdout}{r.stderr}")
    n = v.get("lines", 0)
    check(n == log.top() or n >= 40, f"verify counts the lines: {n}")
    # The owner, with the trigger that keeps the log off for a moment.
    middle = n // 2
    store_db.sql(f"ALTER TABLE {schema}.audit DISABLE TRIGGER audit_kept")
    store_db.sql(f"UPDATE {schema}.audit SET \"user\" = 'someone' WHERE "
                 f"chain = {middle}")
    store_db.sql(f"ALTER TABLE {schema}.audit ENABLE TRIGGER audit_kept")
    r = kring(db, "audit", "verify")
    check(r.returncode == 1 and f"line {middle}" in r.stderr + r.stdout,
          f"a changed line is found, by its number {middle}: "
          f"{r.returncode} {r.stdout}{r.stderr}")
    r = kring(db, "--json", "audit", "verify")
    v = json.loads(r.stdout or "{}")
    check(r.returncode == 1 and v.get("broken_at") == middle,
          f"--json names it: {r.stdout}")


def main():
    global OS_USER
    if not store_db.on_postgresql():
        print("log: the access log's completeness is PostgreSQL's "
              "(KRING_TEST_DB=postgresql); skipped on SQLite")
        return
    import pwd
    OS_USER = pwd.getpwuid(os.geteuid()).pw_name
    tmp = tempfile.mkdtemp()
    try:
        db = store_db.store(tmp, "log")
        schema = store_db.schema_of(db)
        serverlib.organisation(KRING, db, (
            ["case", "new", "N-1", "--name", "Noa"],
            ["case", "new", "Z-1", "--name", "Zita"],
            ["person", "add", "N-1", "Oma Ria", "--role", "grandparent",
             "--ring", "1"],
            ["person", "add", "N-1", "Opa Kees", "--role", "grandparent",
             "--ring", "2"],
            ["tie", "add", "N-1", "oma-ria", "opa-kees"],
            ["team", "add", "Noord"], ["team", "add", "Zuid"],
            ["case", "assign", "N-1", "--team", "Noord"],
            ["case", "assign", "Z-1", "--team", "Zuid"]), check)
        log = Log(schema)
        server_part(db, schema, log, tmp)
        cli_part(db, log, tmp)
        tamper(db, schema, log)
    finally:
        if os.environ.get("KRING_KEEP"):
            print("log: kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    finish("log")


main()
