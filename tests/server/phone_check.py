#!/usr/bin/env python3
"""The young person's own phone on kring server (docs/youth-phone.md), from
the outside over HTTPS, as a professional and as phones:
- the professional invites from the case page: the QR code, read from a
  picture of it (rsvg-convert, then zbarimg), holds the link; the short
  code is shown;
- a phone opens the link, chooses a PIN (a weak one and two that differ
  refused), gets its own cookie; the link, and its short code, open
  nothing again; another invitation opens by its short code;
- the young person's view: their case only, nobody who frightens them,
  no notes, no name in the title or an address, no link out of /y; every
  action (right, missing, closer, asking a mentor, who looked, the map as
  PNG and PDF) works and reaches the professional's case page; asking
  someone who frightens them is refused;
- each phone request is one line of the access log, "young person";
- attacks: the phone's cookie on every professional route (no such page,
  nothing of any case); another origin's form and a missing token
  (refused, nothing stored); PostgreSQL alone, as kring server's role
  acting as the young person, sees one case, nobody who frightens them,
  and refuses every change but theirs; guessing short codes (the
  address's limit holds, counted); guessing the PIN (5 wrong: locked, the
  session gone, the professional sees it); a revoked invitation and a
  closed case end the session at the next request; "log out on this
  phone"; another team's professional cannot invite;
- passkeys instead of a PIN, and their attacks (phone_passkey.py).
PostgreSQL only; on SQLite it says why. Usage: phone_check.py KRING"""
import hashlib
import json
import os
import re
import shutil
import subprocess
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
import phone_passkey  # noqa: E402

KRING = os.path.abspath(sys.argv[1])
SAMPLE = os.path.join(TOP, "samples", "2026-014-noah.json")
PASSWORD = "a long pass phrase of the test"
PIN = "258036"


def ck(ok, what, detail=""):
    check(ok, what if ok or not detail else f"{what}: {str(detail)[:500]}")


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def qr_link(svg, tmp):
    """The text of the QR code drawn by SVG, read from a picture of it."""
    src, png = os.path.join(tmp, "qr.svg"), os.path.join(tmp, "qr.png")
    with open(src, "w") as f:
        f.write(svg)
    subprocess.run(["rsvg-convert", "-w", "400", "-b", "white", "-o", png,
                    src], check=True)
    r = subprocess.run(["zbarimg", "--raw", "-q", png], capture_output=True,
                       text=True)
    return r.stdout.strip()


def invite(prof, code, tmp):
    """The professional's invitation to CODE: (link in the QR, short code)."""
    page = prof.get(f"/case/{code}")[2]
    st, _, page = prof.post(f"/case/{code}/invite",
                            {"csrf": hidden(page, "csrf")})
    m = re.search(r"<svg.*?</svg>", page, re.S)
    short = re.search(r'id="short-code">([A-Z0-9-]+)<', page)
    ck(st == 200 and m is not None and short is not None and
       "(20 minutes)" in page, "the invitation page: a QR code, a short "
       "code, the organisation's 20 minutes", page[:300])
    link = qr_link(m.group(0), tmp) if m else ""
    return link, short.group(1) if short else ""


def open_link(port, link, pin=PIN):
    phone = Browser(port)
    path = link[link.index("/j/"):]
    st, _, page = phone.get(path)
    st2, h, _ = phone.post(path, {"pin": pin, "pin2": pin})
    return phone, st, page, st2, h


def youth_lines(schema, since):
    return store_db.sql(f"SELECT \"user\", role, kind, event, command FROM "
                        f"{schema}.audit WHERE seq > {since} ORDER BY seq")


def last_seq(schema):
    return int(store_db.sql(f"SELECT coalesce(max(seq), 0) FROM "
                            f"{schema}.audit")[0][0])


def links_stay(page):
    """The addresses a page of the phone leads to, other than its own."""
    out = re.findall(r'(?:href|action|src)="([^"]*)"', page)
    return [u for u in out if not (u.startswith("/y") or
                                   u.startswith("/static/") or
                                   u.startswith("data:") or
                                   u.startswith("#"))]


def opening(p, tmp, schema, case):
    """Invites, opens by the QR's link; returns the phone."""
    link, short = invite(p["anna"], "c-a", tmp)
    ck(re.fullmatch(r"https://127\.0\.0\.1:\d+/j/[0-9a-f]{32}", link or ""),
       "the QR code holds the link: 128 random bits", link)
    ck(re.fullmatch(r"[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}", short),
       "the short code: 10 of 32 letters and digits", short)
    minutes = store_db.sql(f"SELECT round(extract(epoch FROM open_by - made) "
                           f"/ 60)::int FROM {schema}.youth_invitations "
                           "ORDER BY id DESC LIMIT 1")
    ck(minutes == [("20",)], "it may be opened for 20 minutes", minutes)
    page = p["anna"].get("/case/c-a")[2]
    ck("Invited; not opened yet" in page, "the case page: invited, "
       "not opened", page[page.find('id="phone"'):][:300])
    phone = Browser(p["port"])
    path = link[link.index("/j/"):]
    st, h, page = phone.get(path)
    ck(h.get("strict-transport-security") == "max-age=31536000" and
       "noindex" in h.get("x-robots-tag", ""),
       "a page of the phone carries HSTS and noindex", h)
    ck(st == 200 and 'name="pin"' in page and 'name="pin2"' in page and
       "Noah" not in page, "the link asks for a PIN, names nobody", st)
    for pin, pin2, what in (("123456", "123456", "a run"),
                            ("777777", "777777", "all the same"),
                            ("258036", "258037", "two that differ"),
                            ("25803", "25803", "5 digits")):
        st, _, _ = phone.post(path, {"pin": pin, "pin2": pin2})
        ck(st == 422 and "kring-phone" not in phone.cookies,
           f"a PIN refused: {what}", st)
    since = last_seq(schema)
    st, h, _ = phone.post(path, {"pin": PIN, "pin2": PIN})
    cookie = h.get("set-cookie", "")
    ck(st in (302, 303) and h.get("location", "").endswith("/y") and
       "kring-phone" in phone.cookies, "the link opens: to /y", (st, h))
    ck("HttpOnly" in cookie and "SameSite=Lax" in cookie and
       "Secure" in cookie and "Max-Age=15552000" in cookie,
       "the phone's cookie: HttpOnly, Lax, Secure, 180 days", cookie)
    lines = youth_lines(schema, since)
    ck(lines == [("young person", "young_person", "change",
                  "invitation opened on the phone", "serve: /j")],
       "the opening is one line of the access log", lines)
    token_hash = sha(phone.cookies["kring-phone"])
    ck(store_db.sql(f"SELECT count(*) FROM {schema}.youth_sessions WHERE "
                    f"token_hash = '{token_hash}'") == [("1",)] and
       not store_db.sql(f"SELECT 1 FROM {schema}.youth_sessions WHERE "
                        f"token_hash = '{phone.cookies['kring-phone']}'"),
       "the store keeps the cookie's hash, not the cookie")
    again, st, _, st2, _ = open_link(p["port"], link)
    ck(st2 == 404 and "kring-phone" not in again.cookies,
       "the used link opens nothing again", st2)
    st, _, _ = Browser(p["port"]).post("/j", {"code": short, "pin": PIN,
                                             "pin2": PIN})
    ck(st == 404, "nor does its short code", st)
    return phone, token_hash


def by_short_code(p, tmp):
    _, short = invite(p["anna"], "c-a", tmp)
    phone = Browser(p["port"])
    st, _, page = phone.get("/j")
    ck(st == 200 and 'name="code"' in page, "/j asks for the code", st)
    st, h, _ = phone.post("/j", {"code": " " + short.lower().replace("-", " "),
                                 "pin": "130782", "pin2": "130782"})
    ck(st in (302, 303) and "kring-phone" in phone.cookies,
       "the short code opens, typed in small letters with spaces", st)
    ck(phone.get("/y")[0] == 200, "and shows the map")
    return phone, sha(phone.cookies["kring-phone"])


def view(p, phone, schema, case):
    feared = [x for x in case["people"] if x.get("frightens")]
    since = last_seq(schema)
    st, _, page = phone.get("/y")
    ck(st == 200 and "This is your map" in page, "/y: the young person's "
       "view with its explanation", st)
    lines = youth_lines(schema, since)
    ck(len(lines) == 1 and lines[0][:3] == ("young person", "young_person",
                                           "read"),
       "one phone request, one line of the access log, the young "
       "person's", lines)
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    ck(all(x["name"] not in title for x in case["people"]) and
       case["case"]["name"] not in title, "the title names nobody", title)
    ck(all(x["name"] not in page for x in feared),
       "nobody who frightens them", [x["name"] for x in feared])
    notes = [x["notes"] for x in case["people"] if x.get("notes")]
    ck(all(n not in page for n in notes) and
       case["case"]["notes"][:40] not in page, "no professional's notes")
    ck("c-a" not in page and "c-b" not in page,
       "no case's code on the page")
    ck(links_stay(page) == [], "every link and form stays under /y",
       links_stay(page))
    # Ties between others: who knows whom, not how the professional
    # judged them (mixed, conflict): on the laptop's youth view they show.
    def ties(pg):
        out = {}
        for m in re.finditer(r'<g id="(t\d+&#45;\d+)" class="edge">(.*?)</g>',
                             pg, re.S):
            out[m.group(1)] = (re.findall(r'stroke="([^"]+)"', m.group(2)),
                               "stroke-dasharray" in m.group(2))
        return out
    phone_ties = ties(phone.get("/y?map=1")[2])
    laptop_ties = ties(p["anna"].get("/case/c-a/youth?map=1")[2])
    ck(len({str(v) for v in phone_ties.values()}) == 1 and
       not any(d for _, d in phone_ties.values()) and
       any(laptop_ties.get(k) != v for k, v in phone_ties.items()),
       "the phone's map draws every tie between others alike; the laptop's "
       "youth view shows mixed and conflict", (phone_ties, laptop_ties))
    for extra in ("/y?map=1", "/y?person=1", "/y/looked"):
        st, _, pg = phone.get(extra)
        ck(st == 200 and links_stay(pg) == [],
           f"{extra}: stays under /y", (st, links_stay(pg)))
    return page


def actions(p, phone, schema, case):
    page = phone.get("/y?map=1")[2]
    csrf = hidden(page, "csrf")
    people = re.findall(r'href="/y\?person=(\d+)"[^>]*>([^<]+)<', page)
    ck(len(people) >= 3, "the people are listed to tap", people)
    n0 = int(store_db.sql(f"SELECT count(*) FROM {schema}.suggestions WHERE "
                          "case_code = 'c-a'")[0][0])
    st, _, pg = phone.post("/y/suggest", {"csrf": csrf, "kind": "right"})
    ck(st in (302, 303), "this is right",
       (st, re.findall(r'class="error"[^>]*>([^<]*)<', pg)))
    st, _, _ = phone.post("/y/suggest", {"csrf": csrf, "kind": "missing",
                                         "name": "Ayla", "ring": "2"})
    ck(st in (302, 303), "someone is missing", st)
    shown = dict((b, a) for a, b in people)
    further = [x for x in case["people"] if x["name"] in shown and
               x["ring"] > 1 and x.get("status", "active") == "active"][0]
    name, number, pid = further["name"], shown[further["name"]], further["id"]
    st, _, pg = phone.post(f"/y/{number}/suggest",
                           {"csrf": csrf, "kind": "closer", "id": pid})
    ck(st in (302, 303), f"{name} is closer",
       (st, re.findall(r'class="error"[^>]*>([^<]*)<', pg)))
    rows = store_db.sql(f"SELECT kind, coalesce(person, ''), coalesce(name, "
                        f"''), status FROM {schema}.suggestions WHERE "
                        f"case_code = 'c-a' ORDER BY seq")
    ck(len(rows) == n0 + 3 and rows[-3:] == [
        ("right", "", "", "open"), ("missing", "", "Ayla", "open"),
        ("closer", pid, "", "open")], "the three suggestions stored", rows)
    # Asking a mentor: someone adult who may be asked.
    # An adult from their own life: not a parent, nobody whose job it is.
    adult = [x for x in case["people"] if x["name"] in shown and
             not x.get("formal") and x["role"] not in (
                 "parent", "stepparent", "foster_parent", "sibling") and
             (x.get("age") or 0) >= 18]
    who = adult[0]
    num = shown[who["name"]]
    st, _, pg = phone.post(f"/y/{num}/ask", {"csrf": csrf, "ask": "yes",
                                             "id": who["id"]})
    nominated = store_db.sql(f"SELECT nominated FROM {schema}.people WHERE "
                             f"case_code = 'c-a' AND id = '{who['id']}'")
    ck(st in (302, 303) and nominated == [("t",)],
       f"asking {who['name']} as mentor: their nomination",
       (st, nominated, re.findall(r'class="error"[^>]*>([^<]*)<', pg)))
    anna = p["anna"].get("/case/c-a")[2]
    ck("Ayla" in anna and "Opened on the phone" in anna,
       "the professional's case page: the suggestions, the last opening",
       anna[anna.find('id="phone"'):][:300])
    st, h, body = phone.get("/y/map.png", raw=True)
    ck(st == 200 and body[:8] == b"\x89PNG\r\n\x1a\n" and
       "attachment" in h.get("content-disposition", ""),
       "the map to keep as PNG", st)
    st, h, body = phone.get("/y/map.pdf", raw=True)
    ck(st == 200 and body[:5] == b"%PDF-", "and as PDF", st)
    st, _, page = phone.get("/y/looked")
    ck(st == 200 and "You, on your phone" in page and
       "A professional of the team" in page,
       "who looked: the young person and the professional, by role", st)
    ck("anna" not in page and "Anna" not in page, "by role, not by name")
    return csrf


def feared_refused(p, phone, schema, csrf):
    """Asking or suggesting about someone who frightens them, by a number
    guessed: refused, nothing stored."""
    before = store_db.sql(f"SELECT count(*) FROM {schema}.suggestions")
    rows = store_db.sql(f"SELECT id FROM {schema}.people WHERE case_code = "
                        f"'c-a' AND frightens")
    refused = 0
    for num in range(1, 20):
        for path, form in ((f"/y/{num}/ask", {"ask": "yes"}),
                           (f"/y/{num}/suggest", {"kind": "further"})):
            for fid in [r[0] for r in rows]:
                st, _, _ = phone.post(path, dict(form, csrf=csrf, id=fid))
                refused += st == 404
    nominated = store_db.sql(f"SELECT count(*) FROM {schema}.people WHERE "
                             f"case_code = 'c-a' AND frightens AND nominated")
    ck(refused > 0 and nominated == [("0",)] and before ==
       store_db.sql(f"SELECT count(*) FROM {schema}.suggestions"),
       f"nobody who frightens them is asked or suggested about "
       f"({refused} tries refused)", nominated)


def professional_routes(p, phone, schema):
    """The phone's cookie on every professional route: no such page."""
    routes = ["/", "/account", "/api/cases", "/api/weights", "/log.csv",
              "/case/c-a", "/case/c-a/team", "/case/c-a/youth",
              "/case/c-a/intake", "/case/c-a/person/1", "/case/c-a/map.svg",
              "/case/c-a/map.pdf", "/case/c-a/sheet.pdf",
              "/api/cases/c-a", "/api/cases/c-a/score",
              "/api/cases/c-a/history", "/case/c-b", "/case/c-b/youth",
              "/admin/user", "/login", "/enrol", "/account"]
    posts = ["/case", "/case/c-a", "/case/c-a/person", "/case/c-a/invite",
             "/case/c-a/invite/revoke", "/case/c-a/youth/suggest",
             "/case/c-a/choose", "/case/c-a/outcome", "/case/c-a/assign",
             "/break-glass",
             "/admin/user", "/logout", "/logout-everywhere",
             "/y/nosuch", "/j/x/y"]
    names = [x[0] for x in store_db.sql(f"SELECT name FROM {schema}.people")]
    before = store_db.sql(f"SELECT count(*), sum(length(name)) FROM "
                          f"{schema}.people")
    bad = []
    for r in routes:
        st, h, page = phone.get(r)
        if r in ("/login", "/enrol"):
            # The door is anyone's: it shows no case.
            if st != 200 or any(n in page for n in names):
                bad.append((r, st))
        elif st != 404 or any(n in page for n in names):
            bad.append((r, st))
    csrf = hidden(phone.get("/y")[2], "csrf")
    for r in posts:
        st, _, page = phone.post(r, {"csrf": csrf, "name": "Indringer",
                                     "code": "c-x", "kind": "right"})
        if st not in (403, 404) or any(n in page for n in names):
            bad.append(("POST " + r, st))
    ck(bad == [] and before == store_db.sql(
        f"SELECT count(*), sum(length(name)) FROM {schema}.people"),
       f"the phone's cookie on {len(routes) + len(posts)} professional "
       "routes: no such page, nothing shown, nothing changed", bad)


def csrf_attacks(phone, schema, port):
    csrf = hidden(phone.get("/y")[2], "csrf")
    before = store_db.sql(f"SELECT count(*) FROM {schema}.suggestions")
    evil = Browser(port, origin="https://evil.example")
    evil.cookies = dict(phone.cookies)
    st1, _, _ = evil.post("/y/suggest", {"csrf": csrf, "kind": "right"})
    st2, _, _ = phone.post("/y/suggest", {"kind": "right"})
    st3, _, _ = phone.post("/y/suggest", {"csrf": "0" * 96, "kind": "right"})
    st4, _, _ = evil.post("/y/logout", {"csrf": csrf})
    ck((st1, st2, st3, st4) == (403, 403, 403, 403) and before ==
       store_db.sql(f"SELECT count(*) FROM {schema}.suggestions") and
       phone.get("/y")[0] == 200,
       "another origin's form, none or a wrong token: refused, nothing "
       "stored, the session goes on", (st1, st2, st3, st4))


def database_alone(schema, role, token_hash, case):
    """kring server's role acting as the young person, in SQL, on a
    connection of its own (psql)."""
    def run(q):
        return subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-qAt", "-c",
                               f"SET ROLE {role}; SET search_path = "
                               f"{schema}; SELECT set_config('kring.youth',"
                               f" '{token_hash}', false) IS NULL; {q}"],
                              capture_output=True, text=True)

    def as_youth(q):
        lines = run(q).stdout.split("\n")
        # The first line is set_config()'s.
        return [tuple(x.split("|")) for x in lines[1:] if x]

    ck(as_youth("SELECT code FROM cases") == [("c-a",)],
       "PostgreSQL: one case, their own")
    feared = store_db.sql(f"SELECT count(*) FROM {schema}.people WHERE "
                          "case_code = 'c-a' AND frightens")[0][0]
    seen = as_youth("SELECT count(*) FROM people")[0][0]
    all_ = store_db.sql(f"SELECT count(*) FROM {schema}.people WHERE "
                        "case_code = 'c-a'")[0][0]
    ck(int(feared) > 0 and int(seen) == int(all_) - int(feared) and
       as_youth("SELECT count(*) FROM people WHERE frightens") == [("0",)],
       "nobody who frightens them", (feared, seen, all_))
    ck(as_youth("SELECT count(*) FROM snapshots") == [("0",)] and
       as_youth("SELECT count(*) FROM youth_invitations") == [("0",)],
       "no history, no invitations")
    for q in ("UPDATE people SET name = 'X' WHERE case_code = 'c-a'",
              "UPDATE cases SET notes = 'X' WHERE code = 'c-a'",
              "DELETE FROM ties WHERE case_code = 'c-a'",
              "INSERT INTO people (case_code, seq, id, name, role, sector, "
              "ring, person_key) VALUES ('c-a', 99, 'x', 'X', 'friend', "
              "'friends', 1, 999)",
              "UPDATE suggestions SET status = 'accepted'",
              "UPDATE youth_invitations SET revoked = NULL"):
        r = run(q)
        changed = re.search(r"(UPDATE|DELETE|INSERT 0) [1-9]", r.stdout)
        ck(r.returncode != 0 or not changed,
           f"PostgreSQL refuses the young person's {q.split()[0]} "
           f"({q[:40]}...)", r.stdout + r.stderr)
    ck(store_db.sql(f"SELECT count(*) FROM {schema}.people WHERE name = "
                    "'X'") == [("0",)], "nothing changed")


def guessing(p, schema, tmp):
    """Short codes from one address: the address's limit holds."""
    statuses = []
    for i in range(25):
        st, _, _ = Browser(p["port"]).post("/j", {
            "code": "ABCDE-" + "FGHJK"[i % 5] * 5, "pin": PIN,
            "pin2": PIN})
        statuses.append(st)
    # Two failures from this address came before: the used link and its
    # short code (opening()).
    limited = statuses.count(429)
    ck(statuses == [404] * 18 + [429] * 7,
       f"25 guessed short codes after 2 failures: 18 answered no such "
       f"invitation, then the address waits ({limited} refused with 429)",
       statuses)
    _, short = invite(p["anna"], "c-a", tmp)
    st, _, _ = Browser(p["port"]).post("/j", {"code": short, "pin": PIN,
                                             "pin2": PIN})
    ck(st == 429, "even the right code waits, from that address", st)
    # The one left for later tries is revoked: nothing is left open.
    p["anna"].post("/case/c-a/invite/revoke", {"csrf": hidden(
        p["anna"].get("/case/c-a")[2], "csrf")})


def pin_tries(p, schema, tmp, phone, token_hash):
    """The session idle: the PIN again; 5 wrong, locked."""
    def idle():
        store_db.sql(f"UPDATE {schema}.youth_sessions SET unlocked_until = "
                     f"now() - interval '1 second' WHERE token_hash = "
                     f"'{token_hash}'")

    idle()
    st, _, page = phone.get("/y")
    ck(st == 200 and 'action="/y/pin"' in page and "Noah" not in page,
       "unused a while: the PIN first, nothing of the case", st)
    st, _, page = phone.post("/y/pin", {"pin": "000001"})
    pin = "130782"
    ck(st == 403 and "4 more times" in page, "a wrong PIN: 4 tries left", st)
    st, h, _ = phone.post("/y/pin", {"pin": pin})
    ck(st in (302, 303) and phone.get("/y")[0] == 200,
       "the right PIN opens again", st)
    idle()
    left = []
    for i in range(5):
        st, _, page = phone.post("/y/pin", {"pin": "00000%d" % i})
        m = re.search(r"try (\d+) more", page)
        left.append(int(m.group(1)) if m else st)
    tries = store_db.sql(f"SELECT tries, locked IS NOT NULL FROM "
                         f"{schema}.youth_invitations i JOIN "
                         f"{schema}.youth_sessions s ON s.invitation = i.id "
                         f"WHERE s.token_hash = '{token_hash}'")
    ck(left == [4, 3, 2, 1, 404] and tries == [("5", "t")],
       "5 wrong PINs: counted, then locked", (left, tries))
    ck("kring-phone" not in phone.cookies,
       "the phone's cookie is taken back")
    st, _, _ = phone.post("/y/pin", {"pin": pin})
    ck(st == 404, "the right PIN then opens nothing", st)
    page = p["anna"].get("/case/c-a")[2]
    ck("Locked on" in page, "the professional sees it locked",
       page[page.find('id="phone"'):][:300])
    ck(store_db.sql(f"SELECT count(*) FROM {schema}.audit WHERE event = "
                    "'invitation locked: PIN wrong too often'") == [("1",)],
       "the lock is a line of the access log")


def ending(p, schema, tmp):
    # Revoked: the next request is refused.
    link, _ = invite(p["anna"], "c-a", tmp)
    phone, *_ = open_link(p["port"], link)
    ck(phone.get("/y")[0] == 200, "a new phone opens")
    page = p["anna"].get("/case/c-a")[2]
    st, _, _ = p["anna"].post("/case/c-a/invite/revoke",
                              {"csrf": hidden(page, "csrf")})
    st, _, page = phone.get("/y")
    ck(st == 404 and "closed on this phone" in page and
       "kring-phone" not in phone.cookies,
       "revoked: the phone's next request is refused", st)
    # Log out on this phone.
    link, _ = invite(p["anna"], "c-a", tmp)
    phone, *_ = open_link(p["port"], link)
    cookie = dict(phone.cookies)
    csrf = hidden(phone.get("/y")[2], "csrf")
    st, _, page = phone.post("/y/logout", {"csrf": csrf})
    ck(st == 200 and "logged out" in page and
       "kring-phone" not in phone.cookies, "log out on this phone", st)
    old = Browser(p["port"])
    old.cookies = cookie
    ck(old.get("/y")[0] == 404, "the old cookie opens nothing")
    # Another team's professional.
    bob = p["bob"]
    before = store_db.sql(f"SELECT count(*) FROM {schema}.youth_invitations")
    st, _, _ = bob.post("/case/c-a/invite", {"csrf": hidden(
        bob.get("/")[2], "csrf")})
    ck(st == 404 and before == store_db.sql(
        f"SELECT count(*) FROM {schema}.youth_invitations"),
       "another team's professional cannot invite", st)
    # The case closed: the session ends.
    link, _ = invite(p["anna"], "c-a", tmp)
    phone, *_ = open_link(p["port"], link)
    r = serverlib.kring(KRING, p["db"], "case", "close", "c-a")
    ck(r.returncode == 0, "case close", r.stderr)
    ck(phone.get("/y")[0] == 404, "the case closed: the session ends")


def log_in(port, who, secret, enrolled):
    """WHO logs in with a TOTP code of a step after ENROLLED's (a code is
    taken once), one step ahead at most."""
    b = Browser(port)
    now = int(time.time() // 30)
    step = max(enrolled + 1, now - 1)
    if step > now + 1:
        time.sleep((step - 1) * 30 - time.time() + 0.5)
    st, _, _ = login(b, who, PASSWORD, totp(secret, t=step * 30))
    ck(st in (302, 303), f"{who} logs in", st)
    return b


def main():
    if not store_db.on_postgresql():
        print("phone checks: kring server is PostgreSQL's: KRING_TEST_DB="
              "postgresql runs them")
        return
    for tool in ("zbarimg", "rsvg-convert"):
        ck(shutil.which(tool) is not None, f"{tool} is installed "
           "(scripts/deps.sh test)")
    with tempfile.TemporaryDirectory() as tmp:
        db = store_db.store(tmp, "phone")
        schema = store_db.schema_of(db)
        with open(SAMPLE) as f:
            case = json.load(f)
        # Someone who frightens Noah, with a note the professional wrote.
        feared = case["people"][1]
        serverlib.organisation(KRING, db, (
            ["team", "add", "A"], ["team", "add", "B"],
            ["import", SAMPLE, "--code", "c-a"],
            ["import", SAMPLE, "--code", "c-b"],
            ["person", "set", "c-a", feared["id"], "--frightens"]), ck)
        feared["frightens"] = True
        codes = {}
        for who, team in (("anna", "A"), ("bob", "B")):
            r = serverlib.kring(KRING, db, "user", "add", who, "--name",
                                who.title(), "--role", "professional",
                                "--team", team, "--json")
            ck(r.returncode == 0, f"user add {who}", r.stderr)
            codes[who] = json.loads(r.stdout)["enrolment"]
        serverlib.organisation(KRING, db, (
            ["case", "assign", "c-a", "--team", "A", "--responsible", "anna"],
            ["case", "assign", "c-b", "--team", "B", "--responsible", "bob"]),
            ck)
        role, served = serverlib.server_role(KRING, db, schema, store_db.sql)
        err = open(os.path.join(tmp, "server.err"), "w")
        # The phone's times as the organisation sets them (docs/server.md).
        server, port = serverlib.start_server(
            KRING, tmp, served, more="phone_invite_minutes = 20\n"
            "phone_idle_minutes = 30\nphone_days = 180\n", stderr=err)
        try:
            p = {"port": port, "db": db}
            for who in ("anna", "bob"):
                secret = enrol(Browser(port), codes[who], PASSWORD)
                # After it: its code may be of a step begun meanwhile.
                enrolled = int(time.time() // 30)
                p[who] = log_in(port, who, secret, enrolled)
            phone, token_hash = opening(p, tmp, schema, case)
            view(p, phone, schema, case)
            csrf = actions(p, phone, schema, case)
            feared_refused(p, phone, schema, csrf)
            professional_routes(p, phone, schema)
            csrf_attacks(phone, schema, port)
            database_alone(schema, role, token_hash, case)
            phone, token_hash = by_short_code(p, tmp)
            pin_tries(p, schema, tmp, phone, token_hash)
            ending(p, schema, tmp)
            guessing(p, schema, tmp)

            def start(host):
                return serverlib.start_server(
                    KRING, tmp, served, more="phone_idle_minutes = 30\n",
                    stderr=err, host=host)
            phone_passkey.passkeys(ck, p, schema, store_db.sql, start,
                                   serverlib.stop_server)
        finally:
            serverlib.stop_server(server)
            said = open(os.path.join(tmp, "server.err")).read()
            ck("Sanitizer" not in said and "runtime error" not in said,
               "the server's stderr has no sanitizer's report", said[-3000:])
            store_db.sql(f"DROP OWNED BY {role}")
            store_db.sql(f"DROP ROLE IF EXISTS {role}")
    finish("phone")


if __name__ == "__main__":
    main()
