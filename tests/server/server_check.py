#!/usr/bin/env python3
"""kring server, from the outside, over HTTPS on loopback (docs/server.md):
its configuration checked; an account enrolled with the code `kring user
add` printed; a login with password and TOTP (codes made here, by
Python's hmac, a second implementation of RFC 6238); the cases it may see
and no other, by every address of a case (pages, maps, sheet, /api/,
forms), each refusal a line of the access log; and the attacks of the
issue that need no browser: a replayed code, password guessing against
the account's lock and the address's limit (the tries counted), a session
fixed in advance, a change without the form's token or from another
site, a session after logout and logout everywhere, TLS 1.1 and 1.0
(refused), and a slow client. PostgreSQL only; on SQLite it says why.
With KRING_OWN_CHECKS=0, KRING is the build with kring's own check of need
to know left out (make's build/nocheck/kring): every address of another
team's case must still give nothing of it, and change nothing, by
PostgreSQL's row-level security alone.
Usage: server_check.py KRING"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import store_db  # noqa: E402
from checks import check, finish  # noqa: E402
sys.path.insert(0, os.path.join(TOP, "tests", "server"))
import serverlib  # noqa: E402
from serverlib import Browser, free_port, hidden, login, totp, wait_port  # noqa: E402,F401

KRING = os.path.abspath(sys.argv[1])
OWN_CHECKS = os.environ.get("KRING_OWN_CHECKS") != "0"


def kring(db, *args, env=None):
    return serverlib.kring(KRING, db, *args, env=env)


def enrol(b, code, password):
    """Enrols with CODE, choosing PASSWORD: the TOTP secret it was given."""
    return serverlib.enrol(b, code, password, check)


NGINX = """worker_processes 1;
pid nginx.pid;
error_log error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path body;
    proxy_temp_path proxy;
    fastcgi_temp_path fastcgi;
    uwsgi_temp_path uwsgi;
    scgi_temp_path scgi;
    server {{
        listen 127.0.0.1:{nport} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        location / {{
            proxy_pass http://127.0.0.1:{kport};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
        }}
    }}
}}
"""


def behind_nginx(db, schema, served, cert, key, tmp):
    """The setup of docs/deploy.md behind nginx: nginx speaks HTTPS on its
    port and hands every request to kring server on loopback, plain HTTP
    (behind_proxy = yes); an account enrols, logs in and makes a change,
    and the access log names the client's address, not one it made up."""
    kport, nport = free_port(), free_port()
    conf = os.path.join(tmp, "proxied.conf")
    base = (f"database = {served}\nlisten = 127.0.0.1\nport = {kport}\n"
            f"public_url = https://127.0.0.1:{nport}\nbehind_proxy = yes\n"
            "language = en\n")
    with open(conf, "w") as f:
        f.write(base.replace("127.0.0.1\nport", "0.0.0.0\nport"))
    r = subprocess.run([KRING, "server", "--config", conf, "--check-config"],
                       capture_output=True, text=True)
    check(r.returncode == 1 and "proxy" in r.stderr,
          f"a proxied server listens on loopback only: {r.stderr}")
    with open(conf, "w") as f:
        f.write(base)
    ngdir = os.path.join(tmp, "nginx")
    os.mkdir(ngdir)
    with open(os.path.join(ngdir, "nginx.conf"), "w") as f:
        f.write(NGINX.format(nport=nport, kport=kport, cert=cert, key=key))
    r = kring(db, "--json", "user", "add", "carla", "--name", "Carla",
              "--role", "professional", "--team", "Noord")
    code = json.loads(r.stdout)["enrolment"]
    server = subprocess.Popen([KRING, "server", "--config", conf],
                              stderr=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL)
    ng = subprocess.Popen(["nginx", "-p", ngdir, "-c", "nginx.conf", "-g",
                           "daemon off;" + (" user root;" if os.getuid() == 0
                                            else "")],
                          stderr=subprocess.DEVNULL)
    try:
        wait_port(kport)
        wait_port(nport)
        b = Browser(nport)
        st, h, _ = b.get("/login")
        check(st == 200 and "max-age" in h.get("strict-transport-security",
                                               ""),
              f"kring server through nginx ({st})")
        secret = enrol(b, code, "behind the proxy we go")
        st, _, _ = login(b, "carla", "behind the proxy we go",
                         totp(secret, step=1))
        st, _, page = b.get("/")
        check(st == 200 and "N-1" in page and "Z-1" not in page,
              f"carla's list through nginx ({st})")
        csrf = hidden(b.get("/case/N-1")[2], "csrf")
        st, _, _ = b.request("POST", "/case/N-1/person",
                             {"name": "Buurman Kees", "role": "neighbour",
                              "ring": "3", "csrf": csrf},
                             headers={"X-Forwarded-For": "203.0.113.9"})
        check(st == 303, f"a change through nginx ({st})")
        line = store_db.sql(f"SELECT \"user\", address FROM {schema}.audit "
                            "WHERE event = 'person added' AND \"user\" = "
                            "'carla'")
        check(line == [("carla", "127.0.0.1")],
              f"the address nginx saw, not the one sent: {line}")
    finally:
        ng.terminate()
        ng.wait(10)
        server.terminate()
        server.wait(10)


def main():
    if not store_db.on_postgresql():
        print("server: kring server is PostgreSQL's (KRING_TEST_DB="
              "postgresql); skipped on SQLite")
        return
    tmp = tempfile.mkdtemp()
    server = None
    try:
        db = store_db.store(tmp, "server")
        schema = store_db.schema_of(db)
        # The organisation: two teams, a case each, anna in Noord.
        serverlib.organisation(KRING, db, (
            ["case", "new", "N-1", "--name", "Noa"],
            ["case", "new", "Z-1", "--name", "Zita"],
            ["person", "add", "Z-1", "Oma Ria", "--role", "grandparent",
             "--ring", "1"],
            ["team", "add", "Noord"], ["team", "add", "Zuid"],
            ["case", "assign", "N-1", "--team", "Noord"],
            ["case", "assign", "Z-1", "--team", "Zuid"]), check)
        r = kring(db, "--json", "user", "add", "anna", "--name", "Anna",
                  "--role", "professional", "--team", "Noord")
        check(r.returncode == 0, f"user add: {r.stderr}")
        code = json.loads(r.stdout)["enrolment"]
        r = kring(db, "--json", "user", "add", "piet", "--name", "Piet",
                  "--role", "privacy_officer")
        piet_code = json.loads(r.stdout)["enrolment"]
        _, served = serverlib.server_role(KRING, db, schema, store_db.sql)
        # A certificate of this run, and the configuration.
        cert, key = serverlib.certificate(tmp)
        port = free_port()
        conf = os.path.join(tmp, "server.conf")
        base = serverlib.server_conf(served, port, cert, key)
        with open(conf, "w") as f:
            f.write(base)
        os.chmod(key, 0o644)
        r = subprocess.run([KRING, "server", "--config", conf,
                            "--check-config"], capture_output=True, text=True)
        check(r.returncode == 1 and "chmod 600" in r.stderr,
              f"a key others may read is refused: {r.stderr}")
        os.chmod(key, 0o600)
        for bad, said in (("prot = 8443\n", "unknown setting 'prot'"),
                          (None, "'port' must be a whole"),
                          ("listen = 0.0.0.0\ntls_cert =\n", "set twice")):
            with open(conf, "w") as f:
                f.write(base + bad if bad else
                        base.replace(f"port = {port}", "port = 99999"))
            r = subprocess.run([KRING, "server", "--config", conf,
                                "--check-config"], capture_output=True,
                               text=True)
            check(r.returncode == 1 and said in r.stderr,
                  f"--check-config says {said!r}: {r.stderr}")
        # The example in dist/ is read whole: only its files are missing.
        r = subprocess.run([KRING, "server", "--config",
                            os.path.join(TOP, "dist", "server.conf"),
                            "--check-config"], capture_output=True, text=True)
        check(r.returncode == 1 and r.stderr.startswith(
            "kring: /etc/kring/tls/fullchain.pem: cannot open"),
            f"dist/server.conf: {r.stderr}")
        with open(conf, "w") as f:
            f.write(base.replace(served, db))
        r = subprocess.run([KRING, "server", "--config", conf,
                            "--check-config"], capture_output=True, text=True)
        check(r.returncode == 1 and "row-level security" in r.stderr,
              f"the tables' owner is refused: {r.stderr}")
        with open(conf, "w") as f:
            f.write(base)
        r = subprocess.run([KRING, "server", "--config", conf,
                            "--check-config"], capture_output=True, text=True)
        check(r.returncode == 0 and "is ready" in r.stdout,
              f"--check-config: {r.stdout}{r.stderr}")
        log = open(os.path.join(tmp, "server.err"), "w")
        server = subprocess.Popen([KRING, "server", "--config", conf],
                                  stderr=log, stdout=subprocess.DEVNULL)
        wait_port(port)
        b = Browser(port)
        st, h, _ = b.get("/")
        check(st == 303 and h.get("location", "").endswith("/login"),
              f"no session: to /login ({st})")
        check("max-age=31536000" in h.get("strict-transport-security", ""),
              "HSTS")
        secret = enrol(b, code, "a long enough sentence")
        st, _, page = b.post("/enrol", {"form": "x", "enrolment": code})
        check(st == 403, f"an enrolment code is spent ({st})")
        failed = 1  # tries from this address that failed
        # A session cookie set before login is not the one after it.
        b.cookies["__Host-kring"] = "f" * 64
        # The step the enrolment took is spent: the next one's code (kept,
        # for the replay below: a new step may begin meanwhile).
        first = totp(secret, step=1)
        st, h, page = login(b, "anna", "a long enough sentence", first)
        check(st == 303 and b.cookies.get("__Host-kring") not in
              (None, "f" * 64), f"logged in, a new session ({st}): {page}")
        cookie = h.get("set-cookie", "")
        check("HttpOnly" in cookie and "SameSite=Strict" in cookie and
              "Secure" in cookie, f"the cookie's flags: {cookie}")
        st, _, page = b.get("/")
        check(st == 200 and "N-1" in page and "Z-1" not in page,
              f"anna's list: N-1 only ({st})")
        st, _, page = b.get("/case/N-1")
        check(st == 200, f"her case ({st})")
        # Every address of another team's case: not there.
        refused = 0
        before = store_db.dump(db)
        for path in ("/case/Z-1", "/case/Z-1/youth", "/case/Z-1/team",
                     "/case/Z-1/intake", "/case/Z-1/person/1",
                     "/case/Z-1/map.svg", "/case/Z-1/map.pdf",
                     "/case/Z-1/sheet.pdf", "/api/cases/Z-1",
                     "/api/cases/Z-1/score", "/api/cases/Z-1/indicators",
                     "/api/cases/Z-1/history"):
            st, _, page = b.get(path)
            check(st == 404 and "Oma" not in page and "Zita" not in page,
                  f"{path}: {st}")
            refused += 1
        csrf = hidden(b.get("/case/N-1")[2], "csrf")
        for path, form in (("/case/Z-1/person", {"name": "X", "role": "friend",
                                                 "ring": "1"}),
                           ("/case/Z-1/person/1", {"name": "X"}),
                           ("/case/Z-1/person/1/remove", {}),
                           ("/case/Z-1/tie", {"a": "1", "b": "2"}),
                           ("/case/Z-1/choose", {"person": "1"}),
                           ("/case/Z-1/youth/suggest", {"kind": "right"})):
            form["csrf"] = csrf
            st, _, page = b.post(path, form)
            check(400 <= st < 500 and "Oma" not in page,
                  f"POST {path}: {st}")
            refused += 1
        after = store_db.dump(db)
        # Only the access log and the sessions' last use may have changed:
        # the cases are as they were.
        strip = re.compile(rb"\[(audit|sessions|credentials)\].*?(?=\n\[|$)",
                           re.S)
        check(strip.sub(b"", before) == strip.sub(b"", after),
              "another team's case unchanged")
        n = store_db.sql(f"SELECT count(*) FROM {schema}.audit WHERE outcome "
                         "= 'refused'")[0][0]
        check(int(n) == (refused if OWN_CHECKS else 0),
              f"each refusal of kring's logged: {n} of {refused}")
        # Changes: with the form's token, from this site only.
        st, _, _ = b.post("/case/N-1/person", {"name": "Buurvrouw Els",
                                               "role": "neighbour",
                                               "ring": "2"})
        check(st == 403, f"no token, no change ({st})")
        st, _, _ = b.post("/case/N-1/person", {"name": "Buurvrouw Els",
                                               "role": "neighbour",
                                               "ring": "2", "csrf": csrf},
                          origin=False)
        check(st == 403, f"no Origin, no change ({st})")
        evil = Browser(port, origin="https://evil.example")
        evil.cookies = dict(b.cookies)
        st, _, _ = evil.post("/case/N-1/person", {"name": "X", "role": "friend",
                                                  "ring": "1", "csrf": csrf})
        check(st == 403, f"another site's form ({st})")
        st, _, _ = b.post("/case/N-1/person", {"name": "Buurvrouw Els",
                                               "role": "neighbour",
                                               "ring": "2", "csrf": csrf})
        check(st == 303, f"a change with the token ({st})")
        line = store_db.sql(f"SELECT \"user\", role, address FROM {schema}."
                            "audit WHERE event = 'person added' AND role IS "
                            "NOT NULL")
        check(line == [("anna", "professional", "127.0.0.1")],
              f"the change's line names anna: {line}")
        # A change to a person named by their number in the address is one
        # line, the change's: finding the person is no read of its own.
        page = b.get("/case/N-1/person/1")[2]
        seq = store_db.sql(f"SELECT max(seq) FROM {schema}.audit")[0][0]
        st, _, _ = b.post("/case/N-1/person/1", {
            "csrf": hidden(page, "csrf"), "id": hidden(page, "id"),
            "version": hidden(page, "version"), "ring": "3"})
        lines = store_db.sql(f"SELECT kind, event FROM {schema}.audit WHERE "
                             f"seq > {seq} ORDER BY seq")
        check(st == 303 and lines == [("change", "person changed")],
              f"a person changed by number: one line ({st}): {lines}")
        # Break-glass: with a reason, the case opens; the reason is the
        # privacy officer's to read.
        st, _, page = b.post("/break-glass", {"code": "Z-1", "reason": "kort",
                                              "minutes": "60", "csrf": csrf})
        check(st == 422 and "reason of 10" in page,
              f"break-glass without a reason ({st})")
        st, h, _ = b.post("/break-glass", {
            "code": "Z-1", "minutes": "60", "csrf": csrf,
            "reason": "Crisis at night: the mentor called about Zita"})
        check(st == 303 and h.get("location", "").endswith("/case/Z-1"),
              f"break-glass opens Z-1 ({st})")
        st, _, page = b.get("/case/Z-1")
        check(st == 200 and "Oma Ria" in page, f"Z-1 after break-glass ({st})")
        n = store_db.sql(f"SELECT command FROM {schema}.audit WHERE kind = "
                         "'break_glass' AND \"user\" = 'anna'")
        check(n == [("serve: /break-glass",)],
              f"the break-glass line, naming its address: {n}")
        # The privacy officer: the log, no case.
        p = Browser(port)
        psecret = enrol(p, piet_code, "privacy first, always")
        st, _, page = login(p, "piet", "privacy first, always",
                            totp(psecret, step=1))
        st, _, page = p.get("/")
        check(st == 200 and ("case refused" in page or not OWN_CHECKS) and
              "person added" in page and "N-1" not in page,
              f"the privacy officer's log ({st})")
        check("the mentor called about Zita" in page and "Oma" not in page,
              "the privacy officer reads the break-glass's reason")
        st, _, page = p.get("/?user=anna")
        rows = re.findall(r"<tr><td>[0-9T:Z-]+</td><td>([^<]*)</td>", page)
        check(st == 200 and rows and set(rows) == {"anna"},
              f"the log of one account: {set(rows)}")
        st, h, text = p.get("/log.csv?user=anna")
        lines = text.splitlines()
        check(st == 200 and h.get("content-type", "").startswith("text/csv")
              and lines[0].startswith("seq,at,user,role,address") and
              (any('"refused"' in x and '"127.0.0.1"' in x
                   for x in lines[1:]) or not OWN_CHECKS)
              and all('"anna"' in x for x in lines[1:]),
              f"the log as CSV ({st}, {len(lines)} lines)")
        st, _, _ = b.get("/log.csv")
        check(st == 404, f"the CSV is the privacy officer's only ({st})")
        st, _, _ = p.get("/case/N-1")
        check(st == 404, f"no case for the privacy officer ({st})")
        # The admin: an account and a team added on the page, the new
        # account's code shown once, enrolled with, and disabled again.
        r = kring(db, "--json", "user", "add", "boss", "--name", "Boss",
                  "--role", "admin")
        a = Browser(port)
        asecret = enrol(a, json.loads(r.stdout)["enrolment"],
                        "administrators administer")
        st, _, page = login(a, "boss", "administrators administer",
                            totp(asecret, step=1))
        st, _, page = a.get("/")
        check(st == 200 and "anna" in page and "N-1" not in page,
              f"the admin's accounts, no case ({st})")
        acsrf = hidden(page, "csrf")
        st, _, page = a.post("/admin/team", {"csrf": acsrf, "name": "Oost"})
        check(st == 200 and "added team" in page, f"a team added ({st})")
        n = store_db.sql(f"SELECT command FROM {schema}.audit WHERE event = "
                         "'team added' AND \"user\" = 'boss'")
        check(n == [("serve: /admin/team",)], f"the team's line: {n}")
        st, _, page = a.post("/admin/user", {"csrf": acsrf, "login": "dirk",
                                             "name": "Dirk", "role":
                                             "professional", "team": "Oost"})
        m = re.search(r"code ([0-9a-f]{4}(?:-[0-9a-f]{4}){7})", page)
        check(st == 200 and m is not None, f"an account added ({st})")
        d = Browser(port)
        dsecret = enrol(d, m.group(1), "a kite flies over the dunes")
        st, _, _ = login(d, "dirk", "a kite flies over the dunes",
                         totp(dsecret, step=1))
        st, _, page = d.get("/")
        check(st == 200 and "N-1" not in page and "Z-1" not in page,
              f"dirk's team has no case yet ({st})")
        st, _, page = b.post("/admin/team", {"csrf": csrf, "name": "X"})
        check(st == 404, f"a professional is no admin ({st})")
        st, _, page = a.post("/admin/disable", {"csrf": acsrf,
                                                "login": "dirk"})
        check(st == 200 and "disabled account" in page, f"disabled ({st})")
        st, _, _ = d.get("/")
        check(st == 303, f"dirk's session ends at once ({st})")
        # Eight wrong logins at once: checked one after the other, the
        # fifth locks the account and the rest find it locked.
        import concurrent.futures
        def wrong(i):
            return login(Browser(port), "piet", f"wrong {i}", "000000")[0]
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(wrong, range(8)))
        failed += 8
        row = store_db.sql(f"SELECT failures, locked_until > now() FROM "
                           f"{schema}.credentials c JOIN {schema}.users u ON "
                           "u.id = c.user_id WHERE login = 'piet'")
        check(codes == [403] * 8 and row == [("5", "t")],
              f"8 at once: 5 counted, then locked: {codes} {row}")
        # A code seen before is refused, and so is guessing.
        b2 = Browser(port)
        st, _, page = login(b2, "anna", "a long enough sentence", first)
        check(st == 403, f"a replayed code ({st})")
        failed += 1
        for i in range(5):
            st, _, page = login(b2, "anna", f"guess {i}", "000000")
            failed += 1
        st, _, page = login(b2, "anna", "a long enough sentence",
                            totp(secret, step=-1))
        check(st == 403 and "locked" in page,
              f"locked after 5 failures, even the right password ({st})")
        locked = store_db.sql(f"SELECT locked_until > now() FROM {schema}."
                              "credentials c JOIN " + schema + ".users u ON "
                              "u.id = c.user_id WHERE login = 'anna'")
        check(locked == [("t",)], f"the lock is in the database: {locked}")
        failed += 1  # the try while locked
        while True:
            st, _, page = login(b2, f"nobody{failed}", "x", "000000")
            if st == 429 or failed > 40:
                break
            failed += 1
        check(st == 429 and failed == 20,
              f"the address stopped after 20 failures: {failed}")
        # Logout: the session is gone, on the server too.
        old = dict(b.cookies)
        st, h, _ = b.post("/logout", {"csrf": csrf})
        check(st == 303, f"logout ({st})")
        b.cookies = old
        st, _, _ = b.get("/")
        check(st == 303, f"the session after logout ({st})")
        # TLS before 1.2 is refused; 1.2 and 1.3 are spoken.
        for v, ok in (("-tls1", False), ("-tls1_1", False), ("-tls1_2", True),
                      ("-tls1_3", True)):
            r = subprocess.run(["openssl", "s_client", "-connect",
                                f"127.0.0.1:{port}", v, "-brief"],
                               input="", capture_output=True, text=True,
                               timeout=10)
            said = r.stdout + r.stderr
            check(("Protocol version" in said) == ok,
                  f"openssl s_client {v}: {'taken' if ok else 'refused'}")
        # A slow client: the connection is closed, others are answered.
        slow = socket.create_connection(("127.0.0.1", port))
        slow.send(b"\x16\x03\x01")
        st, _, _ = Browser(port).get("/login")
        check(st == 200, f"answered beside a slow client ({st})")
        slow.close()
        behind_nginx(db, schema, served, cert, key, tmp)
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
            # Under the sanitizers: no report from the server.
            said = open(os.path.join(tmp, "server.err")).read()
            check("Sanitizer" not in said and "runtime error" not in said,
                  f"the server's stderr: {said[-3000:]}")
        if os.environ.get("KRING_KEEP"):
            print("server: kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    finish("server" if OWN_CHECKS else "server (kring's own checks off)")


main()
