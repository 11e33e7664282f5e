#!/usr/bin/env python3
"""Who holds a case on kring server (docs/server.md), from the outside over
HTTPS: a team lead's form gives a case of their team to a member of it,
and nothing else (another team, a colleague of another team, a
professional's try: each refused, the case unchanged, read back in SQL as
the owner); the admin's boxes set an account's teams, and the cases it
sees follow at once (a team lead left without a team is refused); the
account's own page, and "log out everywhere" from it ending every session
of the account and no other's. PostgreSQL only; on SQLite it says why.
Usage: team_check.py KRING"""
import json
import os
import re
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests"))
sys.path.insert(0, os.path.join(TOP, "tests", "server"))
import store_db  # noqa: E402
from checks import check, finish  # noqa: E402
import serverlib  # noqa: E402
from serverlib import Browser, enrol, hidden, login, totp  # noqa: E402

KRING = os.path.abspath(sys.argv[1])
SAMPLE = os.path.join(TOP, "samples", "2026-014-noah.json")
PASSWORD = "a long pass phrase of the test"


def ck(ok, what, detail=""):
    check(ok, what if ok or not detail else f"{what}: {str(detail)[:400]}")


def holder(schema, code):
    """(team name, responsible login) of case CODE, as the owner reads them."""
    r = store_db.sql(f"SELECT t.name, u.login FROM {schema}.cases c LEFT "
                     f"JOIN {schema}.teams t ON t.id = c.team_id LEFT JOIN "
                     f"{schema}.users u ON u.id = c.responsible WHERE "
                     f"c.code = '{code}'")
    return r[0] if r else None


class People:
    """The accounts, each enrolled and logged in with a browser of its own
    (a TOTP code is taken once: each login waits for a step of its own)."""

    def __init__(self, port, codes):
        self.port = port
        self.secrets = {}
        self.browsers = {}
        self.last_step = {}
        for who, code in codes.items():
            self.secrets[who] = enrol(Browser(port), code, PASSWORD)
            # After it: the enrolment's code may be of a step that began
            # while it ran (argon2id takes its time), and is taken.
            self.last_step[who] = int(time.time() // 30)

    def log_in(self, who):
        # A code of one step either side is taken (a phone's clock a
        # little off), each step once: the next step not yet taken.
        now = int(time.time() // 30)
        step = max(self.last_step.get(who, now - 2) + 1, now - 1)
        if step > now + 1:
            time.sleep((step - 1) * 30 - time.time() + 0.5)
        self.last_step[who] = step
        code = totp(self.secrets[who], t=step * 30)
        b = Browser(self.port)
        st, _, _ = login(b, who, PASSWORD, code)
        ck(st in (302, 303), f"{who} logs in", st)
        self.browsers[who] = b
        return b


def csrf_of(b, path):
    return hidden(b.get(path)[2], "csrf")


def team_lead(p, schema):
    lead = p.log_in("lea")
    st, _, page = lead.get("/case/c-a")
    ck(st == 200 and "Who holds the case" in page and 'action="/case/c-a/'
       'assign"' in page, "the team lead sees the form on a case of their "
       "team", page[-3000:])
    form = page[page.find('action="/case/c-a/assign"'):]
    form = form[:form.find("</form>")]
    ck('value="anna"' in form and 'value="lea"' in form and
       'value="bob"' not in form and ">A<" in form and ">B<" not in form,
       "the form offers the lead's team and its members only", form)
    csrf = hidden(page, "csrf")
    st, h, _ = lead.post("/case/c-a/assign", {"csrf": csrf, "team": "A",
                                              "responsible": "lea"})
    ck(st in (302, 303) and holder(schema, "c-a") == ("A", "lea"),
       "the lead gives the case to a member of the team",
       (st, holder(schema, "c-a")))
    lines = store_db.sql(f"SELECT kind, \"user\", role FROM {schema}.audit "
                         "WHERE kind = 'assign' ORDER BY seq DESC LIMIT 1")
    ck(lines == [("assign", "lea", "team_lead")],
       "the assignment is a line of the access log, the lead's", lines)
    for form, what in (({"team": "B", "responsible": ""}, "to another team"),
                       ({"team": "A", "responsible": "bob"},
                        "to a colleague of another team"),
                       ({"team": "A", "responsible": "nosuch"},
                        "to an account that is not there")):
        before = holder(schema, "c-a")
        st, _, page = lead.post("/case/c-a/assign", dict(form, csrf=csrf))
        ck(st == 422 and holder(schema, "c-a") == before,
           f"the lead cannot give the case {what}", (st, page[:200]))
    st, _, page = lead.get("/case/c-b")
    ck(st == 404 and "Noah" not in page,
       "a case of another team stays out of the lead's reach")
    st, _, _ = lead.post("/case/c-b/assign", {"csrf": csrf, "team": "A",
                                              "responsible": "lea"})
    ck(st == 404 and holder(schema, "c-b") == ("B", "bob"),
       "nor can the lead take it into their team")


def professional(p, schema):
    anna = p.log_in("anna")
    st, _, page = anna.get("/case/c-a")
    ck(st == 200 and "Who holds the case" in page and
       "/assign" not in page, "a professional sees who holds the case, "
       "without the form")
    # The team lead gave c-a to Lea, of team A (team_lead() above).
    ck("Team: A. Responsible: Lea." in page,
       "by the names of its team and responsible professional",
       page[page.find("Who holds"):][:300])
    before = holder(schema, "c-a")
    st, _, _ = anna.post("/case/c-a/assign",
                         {"csrf": hidden(page, "csrf"), "team": "A",
                          "responsible": "anna"})
    ck(st == 422 and holder(schema, "c-a") == before,
       "a professional's assignment is refused by the database", st)


def admin(p, schema):
    adm = p.log_in("root-admin")
    bob = p.log_in("bob")
    ck("c-a" not in bob.get("/")[2], "bob does not see team A's case")
    page = adm.get("/")[2]
    ck('action="/admin/teams"' in page, "the admin's page has the teams' "
       "boxes")
    disables = re.findall(r'action="/admin/disable".*?name="login" '
                          r'value="([^"]+)"', page, re.S)
    ck("root-admin" not in disables and "anna" in disables,
       "the admin may disable others, not themselves", disables)
    csrf = hidden(page, "csrf")
    st, _, page = adm.post("/admin/teams", [("csrf", csrf), ("login", "bob"),
                                            ("team", "A"), ("team", "B")])
    rows = store_db.sql(f"SELECT t.name FROM {schema}.members m JOIN "
                        f"{schema}.teams t ON t.id = m.team_id JOIN "
                        f"{schema}.users u ON u.id = m.user_id WHERE "
                        "u.login = 'bob' ORDER BY 1")
    ck(rows == [("A",), ("B",)], "the admin puts bob in teams A and B",
       (st, rows))
    ck("c-a" in bob.get("/")[2], "bob sees team A's case at once")
    adm.post("/admin/teams", {"csrf": csrf, "login": "bob", "team": "B"})
    ck("c-a" not in bob.get("/")[2] and bob.get("/case/c-a")[0] == 404,
       "out of team A again, bob sees its case no more")
    before = store_db.sql(f"SELECT count(*) FROM {schema}.members")
    st, _, page = adm.post("/admin/teams", {"csrf": csrf, "login": "lea"})
    ck(st == 422 and "team lead" in page and
       store_db.sql(f"SELECT count(*) FROM {schema}.members") == before,
       "a team lead left without a team is refused", st)
    st, _, _ = bob.post("/admin/teams", {"csrf": hidden(bob.get("/")[2],
                                                        "csrf"),
                                         "login": "bob", "team": "A"})
    ck(st == 404, "a professional cannot set teams", st)


def everywhere(p, schema):
    anna1 = p.browsers["anna"]
    anna2 = p.log_in("anna")
    lead = p.browsers["lea"]
    st, _, page = anna2.get("/account")
    ck(st == 200 and "anna" in page and "professional" in page and
       'action="/logout-everywhere"' in page,
       "the account's page: login, role, log out everywhere", page[:300])
    st, _, _ = anna2.post("/logout-everywhere",
                          {"csrf": hidden(page, "csrf")})
    ck(st in (302, 303), "log out everywhere", st)
    ck(anna1.get("/")[0] in (302, 303) and anna2.get("/")[0] in (302, 303),
       "every session of the account ended")
    ck(lead.get("/")[0] == 200, "another account's session goes on")


def main():
    if not store_db.on_postgresql():
        print("team checks: kring server is PostgreSQL's: KRING_TEST_DB="
              "postgresql runs them")
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = store_db.store(tmp, "team")
        schema = store_db.schema_of(db)
        codes = {}
        serverlib.organisation(KRING, db, (
            ["team", "add", "A"], ["team", "add", "B"],
            ["import", SAMPLE, "--code", "c-a"],
            ["import", SAMPLE, "--code", "c-b"]), ck)
        for who, role, team in (("lea", "team_lead", "A"),
                                ("anna", "professional", "A"),
                                ("bob", "professional", "B"),
                                ("root-admin", "admin", None)):
            args = ["user", "add", who, "--name", who.title(), "--role", role]
            r = serverlib.kring(KRING, db, *args, *(["--team", team] if team
                                                      else []), "--json")
            ck(r.returncode == 0, f"user add {who}", r.stderr)
            codes[who] = json.loads(r.stdout)["enrolment"]
        listed = json.loads(serverlib.kring(KRING, db, "--json", "user",
                                            "list").stdout)
        ids = dict(store_db.sql(f"SELECT login, id::text FROM {schema}.users"))
        ck({u["login"]: str(u["id"]) for u in listed} == ids,
           "user list --json: each account's number, as the events name it",
           listed)
        serverlib.organisation(KRING, db, (
            ["case", "assign", "c-a", "--team", "A", "--responsible", "anna"],
            ["case", "assign", "c-b", "--team", "B", "--responsible", "bob"]),
            ck)
        role, served = serverlib.server_role(KRING, db, schema, store_db.sql)
        server, port = serverlib.start_server(KRING, tmp, served)
        try:
            p = People(port, codes)
            team_lead(p, schema)
            professional(p, schema)
            admin(p, schema)
            everywhere(p, schema)
        finally:
            serverlib.stop_server(server)
            store_db.sql(f"DROP OWNED BY {role}")
            store_db.sql(f"DROP ROLE IF EXISTS {role}")
    finish("team")


if __name__ == "__main__":
    main()
