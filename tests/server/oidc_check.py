#!/usr/bin/env python3
"""kring server's login through the organisation's identity provider
(OpenID Connect, docs/server.md), from the outside, over HTTPS on
loopback. Two providers: a real one, the npm package oidc-provider
(certified; tests/web/oidc_provider.mjs), whose login pages a client of
its own here goes through, following every redirect as a browser would,
to reach kring's case list as the account bound; and one of this file
(FakeProvider), a second implementation of the provider's side that
checks what kring sends it (client secret basic, the PKCE verifier
against the challenge, the redirect URI) and answers with ID tokens made
wrong one way each: wrong issuer, audience, authorized party, nonce,
expired, issued in the future, a signature by another key, alg none,
HS256 keyed with the public key, a key the provider has not got. Each is
refused with the same page, one line on standard error and no session;
so are a replayed answer, a state from another browser, a changed state,
and accounts unknown, disabled or bound to another subject. The
configuration's checks too, and a provider over HTTPS whose certificate
must chain to oidc_ca_file. And once in Debian's chromium
(tests/web/oidc_browser.mjs), through oidc-provider's pages: the
session's Strict cookie is sent after the way back. PostgreSQL only.
Usage: oidc_check.py KRING"""
import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import store_db  # noqa: E402
from checks import check, finish  # noqa: E402
import serverlib  # noqa: E402
from serverlib import certificate, free_port, wait_port  # noqa: E402

KRING = os.path.abspath(sys.argv[1])
CLIENT, SECRET = "kring", "a secret: of the client+/="
REFUSED = "did not succeed"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Agent:
    """A browser of its own: cookies per host and port, HTTP and HTTPS,
    redirects followed across sites as a browser follows them."""

    def __init__(self):
        self.jar = {}  # (host, port) -> {name: value}
        self.ctx = ssl.create_default_context()
        self.ctx.check_hostname = False
        self.ctx.verify_mode = ssl.CERT_NONE

    def request(self, method, url, form=None, origin=None):
        u = urllib.parse.urlsplit(url)
        where = (u.hostname, u.port)
        cls = http.client.HTTPSConnection if u.scheme == "https" else \
            http.client.HTTPConnection
        kw = {"context": self.ctx} if u.scheme == "https" else {}
        c = cls(u.hostname, u.port, timeout=20, **kw)
        h = {}
        jar = self.jar.setdefault(where, {})
        if jar:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            h["Content-Type"] = "application/x-www-form-urlencoded"
            h["Origin"] = origin or f"{u.scheme}://{u.netloc}"
        path = u.path + ("?" + u.query if u.query else "")
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        text = r.read().decode("utf-8", "replace")
        cookies = []
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                cookies.append(v)
                name, _, rest = v.partition("=")
                if "Max-Age=0" in v or "expires=Thu, 01 Jan 1970" in v:
                    jar.pop(name, None)
                else:
                    jar[name] = rest.split(";")[0]
        c.close()
        heads = dict((k.lower(), v) for k, v in r.getheaders())
        heads["set-cookies"] = cookies
        return r.status, heads, text

    def follow(self, url, form=None, stop=None):
        """URL (POSTed FORM), then each redirect; the last answer and its
        URL. STOP: a prefix of a URL not to be followed, returned."""
        st, h, text = self.request("POST" if form else "GET", url, form)
        while 300 <= st < 400:
            url = urllib.parse.urljoin(url, h["location"])
            if stop and url.startswith(stop):
                return st, h, text, url
            st, h, text = self.request("GET", url)
        return st, h, text, url


# --- the provider of this file ------------------------------------------


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, capture_output=True,
                          check=True).stdout


class Key:
    """An RSA key made by openssl; signs RS256 with it."""

    def __init__(self, tmp, name):
        self.path = os.path.join(tmp, name + ".pem")
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt",
                "rsa_keygen_bits:2048", "-out", self.path)
        mod = openssl("rsa", "-in", self.path, "-noout", "-modulus").decode()
        self.n = bytes.fromhex(mod.strip().split("=", 1)[1])
        self.public = openssl("rsa", "-in", self.path, "-pubout")

    def jwk(self, kid):
        return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
                "n": b64url(self.n), "e": b64url((65537).to_bytes(3, "big"))}

    def sign(self, data):
        return openssl("dgst", "-sha256", "-sign", self.path, data=data)


class FakeProvider(http.server.ThreadingHTTPServer):
    """An OpenID Provider that checks what kring sends and answers with
    the ID token that MODE says."""

    def __init__(self, port, redirect, tmp, tls=None):
        self.issuer = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        self.redirect = redirect
        self.key, self.other = Key(tmp, "idp"), Key(tmp, "rogue")
        self.mode = "ok"
        self.rolled = False  # the keys rolled over: OTHER is "k2"
        self.claims = {}  # more claims, or claims changed
        self.codes = {}  # code -> what the authorization request said
        self.problems = []  # what kring sent wrong
        self.exchanged = 0
        super().__init__(("127.0.0.1", port), FakeHandler)
        if tls:  # TLS (CERT, KEY)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self.socket = ctx.wrap_socket(self.socket, server_side=True)

    def token(self, req):
        now = int(time.time())
        c = {"iss": self.issuer, "sub": "S-anna-1", "aud": CLIENT,
             "exp": now + 300, "iat": now, "nonce": req["nonce"],
             "preferred_username": "anna"}
        m = self.mode
        if m == "wrong_iss":
            c["iss"] = "http://127.0.0.1:1"
        elif m == "wrong_aud":
            c["aud"] = "someone-else"
        elif m == "wrong_azp":
            c["aud"], c["azp"] = [CLIENT, "other"], "other"
        elif m == "wrong_nonce":
            c["nonce"] = "0" * 64
        elif m == "expired":
            c["exp"], c["iat"] = now - 3600, now - 7200
        elif m == "future":
            c["iat"] = now + 3600
        c.update(self.claims)
        header = {"alg": "RS256", "typ": "JWT", "kid": "k1"}
        if m == "alg_none":
            header["alg"] = "none"
        elif m == "hs256":
            header["alg"] = "HS256"
        elif m == "unknown_kid":
            header["kid"] = "k9"
        elif m == "rolled":
            header["kid"] = "k2"
        data = (b64url(json.dumps(header).encode()) + "." +
                b64url(json.dumps(c).encode())).encode()
        if m == "alg_none":
            sig = b""
        elif m == "hs256":
            sig = hmac.new(self.key.public, data, hashlib.sha256).digest()
        elif m in ("bad_sig", "rolled"):
            sig = self.other.sign(data)
        else:
            sig = self.key.sign(data)
        return data.decode() + "." + b64url(sig)


class FakeHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def answer(self, status, body, headers=()):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        p = self.server
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query))
        if u.path == "/.well-known/openid-configuration":
            self.answer(200, {
                "issuer": p.issuer,
                "authorization_endpoint": p.issuer + "/authorize",
                "token_endpoint": p.issuer + "/token",
                "jwks_uri": p.issuer + "/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"]})
        elif u.path == "/jwks":
            self.answer(200, {"keys": [p.key.jwk("k1")] +
                              ([p.other.jwk("k2")] if p.rolled else [])})
        elif u.path == "/authorize":
            want = {"response_type": "code", "client_id": CLIENT,
                    "redirect_uri": p.redirect,
                    "code_challenge_method": "S256"}
            for k, v in want.items():
                if q.get(k) != v:
                    p.problems.append(f"authorize: {k}={q.get(k)!r}")
            if "openid" not in q.get("scope", "").split():
                p.problems.append("authorize: no openid scope")
            for k in ("state", "nonce", "code_challenge"):
                if len(q.get(k, "")) < 43:
                    p.problems.append(f"authorize: {k} too short")
            code = b64url(os.urandom(24))
            p.codes[code] = dict(q, used=False)
            back = {"code": code, "state": q.get("state", "")}
            if p.mode == "callback_iss":  # RFC 9207, another issuer
                back["iss"] = "http://127.0.0.1:1"
            elif p.mode == "callback_iss_ok":
                back["iss"] = p.issuer
            if p.mode == "error":  # an error that would make a log line
                back = {"error": "access_denied\nkring server: login of "
                        "account 1 from 192.0.2.1", "state": back["state"]}
            self.answer(303, None, [("Location", p.redirect + "?" +
                                     urllib.parse.urlencode(back))])
        else:
            self.answer(404, {"error": "not_found"})

    def do_POST(self):
        p = self.server
        n = int(self.headers.get("Content-Length", "0"))
        form = dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))
        auth = self.headers.get("Authorization", "")
        basic = (base64.b64encode(
            (urllib.parse.quote(CLIENT, safe="") + ":" +
             urllib.parse.quote(SECRET, safe="")).encode()).decode())
        req = p.codes.get(form.get("code", ""))
        why = None
        if self.path != "/token":
            why = "not the token endpoint"
        elif auth != "Basic " + basic:
            why = f"client authentication {auth!r}"
        elif form.get("grant_type") != "authorization_code":
            why = "grant_type"
        elif req is None or req["used"]:
            why = "an unknown or used code"
        elif form.get("redirect_uri") != p.redirect:
            why = "redirect_uri"
        elif b64url(hashlib.sha256(form.get("code_verifier", "").encode())
                    .digest()) != req["code_challenge"]:
            why = "the PKCE verifier does not match the challenge"
        if why:
            p.problems.append("token: " + why)
            self.answer(400, {"error": "invalid_grant"})
            return
        req["used"] = True
        p.exchanged += 1
        self.answer(200, {"access_token": "x", "token_type": "Bearer",
                          "expires_in": 60, "id_token": p.token(req)})


# --- the check -----------------------------------------------------------


class Server:
    """kring server on CONF, its standard error kept."""

    def __init__(self, conf, port, tmp, name):
        self.port = port
        self.log_path = os.path.join(tmp, name + ".err")
        self.log = open(self.log_path, "w")
        self.p = subprocess.Popen([KRING, "server", "--config", conf],
                                  stderr=self.log, stdout=subprocess.DEVNULL)
        wait_port(port)
        self.url = f"https://127.0.0.1:{port}"

    def lines(self, word):
        time.sleep(0.1)
        with open(self.log_path) as f:
            return [x for x in f if word in x]

    def stop(self):
        self.p.terminate()
        self.p.wait(30)
        self.log.close()
        # Built with the sanitizers, its reports are on standard error.
        bad = self.lines("Sanitizer") + self.lines("runtime error")
        check(not bad, f"the server's sanitizers: {bad[:3]}")


def sessions(schema):
    return int(store_db.sql(f"SELECT count(*) FROM {schema}.sessions")[0][0])


def check_config(conf):
    return subprocess.run([KRING, "server", "--config", conf,
                           "--check-config"], capture_output=True, text=True)


def with_fake(db, schema, base, tmp):
    kport, fport = free_port(), free_port()
    redirect = f"https://127.0.0.1:{kport}/oidc/callback"
    fake = FakeProvider(fport, redirect, tmp)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    secret = os.path.join(tmp, "fake.secret")
    with open(secret, "w") as f:
        f.write(SECRET + "\n")
    os.chmod(secret, 0o600)
    conf = os.path.join(tmp, "fake.conf")
    text = (base.replace("PORT", str(kport)) +
            f"oidc_issuer = {fake.issuer}\noidc_client_id = {CLIENT}\n"
            f"oidc_client_secret_file = {secret}\noidc_name = Voorbeeld ID\n")
    # The configuration's checks.
    for extra, said in (
            ("oidc_issuer = http://idp.example\n", "set twice"),
            (None, "https://"),
            ("local_login = maybe\n", "yes or no")):
        with open(conf, "w") as f:
            f.write(text + extra if extra else
                    text.replace(fake.issuer, "http://idp.example"))
        r = check_config(conf)
        check(r.returncode == 1 and said in r.stderr,
              f"--check-config says {said!r}: {r.stderr}")
    with open(conf, "w") as f:
        f.write(base.replace("PORT", str(kport)) + "local_login = no\n")
    r = check_config(conf)
    check(r.returncode == 1 and "local_login = no" in r.stderr,
          f"no way to log in is refused: {r.stderr}")
    with open(conf, "w") as f:
        f.write(text.replace(fake.issuer, fake.issuer + "/other"))
    r = check_config(conf)
    check(r.returncode == 1 and "identity provider" in r.stderr,
          f"a provider that is not there: {r.stderr}")
    with open(conf, "w") as f:
        f.write(text.replace(fake.issuer, fake.issuer + "/"))
    r = check_config(conf)
    check(r.returncode == 1 and "the issuer is" in r.stderr,
          f"an issuer not exactly the provider's: {r.stderr}")
    os.chmod(secret, 0o644)
    with open(conf, "w") as f:
        f.write(text)
    r = check_config(conf)
    check(r.returncode == 1 and "chmod 600" in r.stderr,
          f"a client secret others may read: {r.stderr}")
    os.chmod(secret, 0o600)
    r = check_config(conf)
    check(r.returncode == 0 and redirect in r.stdout and
          "passwords" in r.stdout, f"--check-config: {r.stdout}{r.stderr}")

    s = Server(conf, kport, tmp, "fake")
    try:
        # The login page offers the provider beside the password.
        a = Agent()
        st, _, page = a.request("GET", s.url + "/login")
        check(st == 200 and "Voorbeeld ID" in page and
              'name="password"' in page, f"the login page ({st})")

        def attempt(agent=None, mode="ok", claims=None):
            fake.mode, fake.claims = mode, dict(claims or {})
            agent = agent or Agent()
            st, h, page, url = agent.follow(s.url + "/oidc/login")
            return agent, st, h, page

        refusals = 0

        def said(why):
            last = s.lines("identity provider's login refused")[-1:]
            check(last and why in last[0], f"the line says {why!r}: {last}")

        def refused(what, why, agent=None, mode="ok", claims=None):
            nonlocal refusals
            before = sessions(schema)
            agent, st, h, page = attempt(agent, mode, claims)
            refusals += 1
            check(st == 403 and REFUSED in page and
                  not any("__Host-kring=" in c for c in h["set-cookies"]),
                  f"{what}: refused ({st}) {page[:200]}")
            check(sessions(schema) == before, f"{what}: no session")
            n = len(s.lines("identity provider's login refused"))
            check(n == refusals, f"{what}: one line each ({n} of {refusals})")
            said(why)
            return agent

        # An account that is not there, and a disabled one: refused,
        # nothing bound.
        nobody = "no enabled account"
        refused("an unknown account", nobody,
                claims={"sub": "S-x", "preferred_username": "nobody"})
        refused("a disabled account", nobody,
                claims={"sub": "S-dora", "preferred_username": "dora"})
        # Each forged ID token, before anna is bound.
        for mode, why in (
                ("wrong_iss", "issuer is 'http://127.0.0.1:1'"),
                ("wrong_aud", "not meant for this client"),
                ("wrong_azp", "authorized party"),
                ("wrong_nonce", "nonce is not this login's"),
                ("expired", "has expired"),
                ("future", "issued in the future"),
                ("bad_sig", "signature is not the provider's"),
                ("alg_none", "signed with 'none'"),
                ("hs256", "signed with 'HS256'"),
                ("unknown_kid", "names a key the provider has not got"),
                ("error", "the provider answered an error"),
                ("callback_iss", "the answer names another issuer")):
            refused(mode, why, mode=mode)
        bound = store_db.sql(f"SELECT count(*) FROM {schema}.users WHERE "
                             "oidc_subject IS NOT NULL")[0][0]
        check(bound == "0", f"no refused login bound a subject ({bound})")
        forged = s.lines("login of account")
        check(not forged, f"no line made up by an answer: {forged}")
        # The right one: anna, by her login claim the first time, bound.
        a, st, h, page = attempt()
        check(st == 200 and 'http-equiv="refresh"' in page and
              "__Host-kring" in a.jar[("127.0.0.1", kport)],
              f"logged in through the provider ({st}) {page[:200]}")
        cookie = [c for c in h["set-cookies"] if c.startswith("__Host-kring=")]
        check(cookie and "SameSite=Strict" in cookie[0] and
              "Secure" in cookie[0], f"the session's cookie: {cookie}")
        check("__Host-kring-oidc" not in a.jar[("127.0.0.1", kport)],
              "the login's cookie is gone")
        st, _, page = a.request("GET", s.url + "/")
        check(st == 200 and "N-1" in page and "Z-1" not in page,
              f"anna's list: N-1 only ({st})")
        who = store_db.sql(f"SELECT login FROM {schema}.users WHERE "
                           "oidc_subject = 'S-anna-1'")
        check(who == [("anna",)], f"anna bound to her subject: {who}")
        line = store_db.sql(f"SELECT count(*) FROM {schema}.audit WHERE "
                            "event = 'identity provider''s subject bound'")
        check(line == [("1",)], f"the binding's line in the access log: {line}")
        # From now on by her subject, whatever the login claim says (and
        # an answer that names the provider, RFC 9207, is taken).
        b, st, _, _ = attempt(mode="callback_iss_ok",
                              claims={"preferred_username": "someone"})
        st, _, page = b.request("GET", s.url + "/")
        check(st == 200 and "N-1" in page, f"anna by her subject ({st})")
        # Her login with another subject: not anna.
        refused("anna's login, another subject", nobody,
                claims={"sub": "S-mallory", "preferred_username": "anna"})
        # One address holds 16 logins under way at most: the 17th pushes
        # out its own oldest (not another address's), and the newest is
        # taken.
        fake.mode, fake.claims = "ok", {}
        first = Agent()
        st, h, _, back = first.follow(s.url + "/oidc/login",
                                      stop=s.url + "/oidc/callback")
        for _ in range(16):
            last = Agent()
            st, h, _, last_back = last.follow(s.url + "/oidc/login",
                                              stop=s.url + "/oidc/callback")
        st, h, page = first.request("GET", back)
        refusals += 1
        check(st == 403, f"the 17th login from one address pushed out its "
              f"first ({st})")
        said("no login under way")
        st, h, page = last.request("GET", last_back)
        check(st == 200, f"the newest login from that address is taken ({st})")
        # The provider rolls its keys over: a token by the new key names a
        # key kring has not got, which it fetches again (at most every 10
        # seconds since the last time: the unknown kid above).
        fake.rolled = True
        time.sleep(10.5)
        g, st, _, page = attempt(mode="rolled")
        check(st == 200 and 'http-equiv="refresh"' in page,
              f"a key rolled over is fetched ({st}) {s.lines('refused')[-1:]}")
        # The same answer brought back again: the login it belonged to was
        # taken once.
        c = Agent()
        fake.mode, fake.claims = "ok", {}
        st, h, _, back = c.follow(s.url + "/oidc/login",
                                  stop=s.url + "/oidc/callback")
        st, h, page = c.request("GET", back)
        check(st == 200, f"the first time ({st})")
        before = sessions(schema)
        st, h, page = c.request("GET", back)
        refusals += 1
        check(st == 403 and REFUSED in page and sessions(schema) == before,
              f"a replayed answer is refused ({st})")
        said("no login under way")
        # A state from another browser: the answer meant for D, brought
        # by E (which began a login of its own).
        d, e = Agent(), Agent()
        st, h, _, back = d.follow(s.url + "/oidc/login",
                                  stop=s.url + "/oidc/callback")
        e.follow(s.url + "/oidc/login", stop=s.url + "/oidc/callback")
        before = sessions(schema)
        st, h, page = e.request("GET", back)
        refusals += 1
        check(st == 403 and sessions(schema) == before,
              f"another browser's state is refused ({st})")
        said("the state is not the one")
        # No cookie at all, and a changed state.
        st, h, page = Agent().request("GET", back)
        refusals += 1
        check(st == 403, f"an answer without the login's cookie ({st})")
        said("no login under way")
        f = Agent()
        st, h, _, back = f.follow(s.url + "/oidc/login",
                                  stop=s.url + "/oidc/callback")
        st, h, page = f.request("GET", re.sub(r"state=([0-9a-f])",
                                              lambda m: "state=" + (
                                                  "1" if m.group(1) != "1"
                                                  else "2"), back))
        refusals += 1
        check(st == 403, f"a changed state ({st})")
        said("the state is not the one")
        # That was the 20th failure from this address within 15 minutes:
        # the next answer is not even looked at (429), as for passwords.
        st, h, page = Agent().request("GET", back)
        refusals += 1
        check(st == 429, f"the address's 21st try ({st})")
        said("too many failures from 127.0.0.1")
        n = len(s.lines("identity provider's login refused"))
        check(n == refusals, f"each refusal one line ({n} of {refusals})")
        check(fake.problems == [], f"what kring sent: {fake.problems}")
        check(fake.exchanged >= 16, f"codes exchanged: {fake.exchanged}")
    finally:
        s.stop()
        fake.shutdown()


def with_tls(base, tmp):
    """A provider over HTTPS: its certificate must chain to oidc_ca_file,
    else to a CA the system trusts; one that does not is refused."""
    mine, other = os.path.join(tmp, "idp-ca"), os.path.join(tmp, "other-ca")
    os.mkdir(mine)
    os.mkdir(other)
    cert, key = certificate(mine)
    wrong, _ = certificate(other)
    kport, fport = free_port(), free_port()
    fake = FakeProvider(fport, f"https://127.0.0.1:{kport}/oidc/callback",
                        tmp, tls=(cert, key))
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    secret = os.path.join(tmp, "tls.secret")
    with open(secret, "w") as f:
        f.write(SECRET)
    os.chmod(secret, 0o600)
    conf = os.path.join(tmp, "tls.conf")
    text = (base.replace("PORT", str(kport)) +
            f"oidc_issuer = {fake.issuer}\noidc_client_id = {CLIENT}\n"
            f"oidc_client_secret_file = {secret}\n")
    try:
        for ca, ok in ((cert, True), (wrong, False), (None, False)):
            with open(conf, "w") as f:
                f.write(text + (f"oidc_ca_file = {ca}\n" if ca else ""))
            r = check_config(conf)
            if ok:
                check(r.returncode == 0 and "ready" in r.stdout,
                      f"a provider over HTTPS of oidc_ca_file: {r.stderr}")
            else:
                check(r.returncode == 1 and "certificate" in r.stderr.lower(),
                      f"a provider's certificate not trusted ({ca}): "
                      f"{r.stderr}")
    finally:
        fake.shutdown()


def with_real(db, schema, base, tmp):
    node_modules = os.path.join(TOP, "tests", "web", "node_modules")
    if not os.path.isdir(os.path.join(node_modules, "oidc-provider")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund",
                        "--loglevel=error"], cwd=os.path.join(TOP, "tests",
                                                              "web"),
                       check=True, capture_output=True)
    kport, pport = free_port(), free_port()
    redirect = f"https://127.0.0.1:{kport}/oidc/callback"
    idp = subprocess.Popen(["node", os.path.join(TOP, "tests", "web",
                                                 "oidc_provider.mjs"),
                            str(pport), redirect, CLIENT, SECRET],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True)
    try:
        check(idp.stdout.readline().startswith("ready"), "oidc-provider runs")
        secret = os.path.join(tmp, "real.secret")
        with open(secret, "w") as f:
            f.write(SECRET)
        os.chmod(secret, 0o600)
        conf = os.path.join(tmp, "real.conf")
        with open(conf, "w") as f:
            f.write(base.replace("PORT", str(kport)) +
                    f"oidc_issuer = http://127.0.0.1:{pport}\n"
                    f"oidc_client_id = {CLIENT}\n"
                    f"oidc_client_secret_file = {secret}\n"
                    "local_login = no\n")
        r = check_config(conf)
        check(r.returncode == 0 and "passwords" not in r.stdout,
              f"--check-config with oidc-provider: {r.stdout}{r.stderr}")
        s = Server(conf, kport, tmp, "real")
        try:
            a = Agent()
            st, _, page = a.request("GET", s.url + "/login")
            check(st == 200 and "/oidc/login" in page and
                  'name="password"' not in page,
                  f"local_login = no: no password form ({st})")
            st, _, page = a.request("POST", s.url + "/login",
                                    {"login": "carla", "password": "x"})
            check(st == 403, f"local_login = no: no password login ({st})")
            # The provider's own pages: its login form, then its consent.
            st, h, page, url = a.follow(s.url + "/oidc/login")
            for _ in range(4):
                m = re.search(r'action="([^"]+)"', page)
                if st != 200 or m is None or "/interaction/" not in \
                        m.group(1):
                    break
                form = dict(re.findall(r'type="hidden" name="([^"]+)" '
                                       r'value="([^"]*)"', page))
                if 'name="login"' in page:
                    form.update({"login": "carla", "password": "any"})
                st, h, page, url = a.follow(urllib.parse.urljoin(
                    url, m.group(1)), form=form)
            check(st == 200 and url.startswith(s.url + "/oidc/callback"),
                  f"back at kring ({st}, {url}): {s.lines('refused')}")
            st, _, page = a.request("GET", s.url + "/")
            check(st == 200 and "N-1" in page,
                  f"carla's list through oidc-provider ({st}) {page[:200]}")
            who = store_db.sql(f"SELECT oidc_subject FROM {schema}.users "
                               "WHERE login = 'carla'")
            check(who == [("idp-carla",)], f"carla bound: {who}")
            # The same in a real browser, for emma.
            if shutil.which(os.environ.get("CHROMIUM", "chromium")):
                r = subprocess.run(
                    ["node", os.path.join(TOP, "tests", "web",
                                          "oidc_browser.mjs"), s.url,
                     f"http://127.0.0.1:{pport}", "emma", "N-1"],
                    capture_output=True, text=True, timeout=120)
                check(r.returncode == 0, f"chromium: {r.stdout}{r.stderr}")
                who = store_db.sql(f"SELECT oidc_subject FROM {schema}.users "
                                   "WHERE login = 'emma'")
                check(who == [("idp-emma",)], f"emma bound: {who}")
            else:
                print("oidc: no chromium; the browser's login skipped")
        finally:
            s.stop()
    finally:
        idp.terminate()
        idp.wait(10)


def main():
    if not store_db.on_postgresql():
        print("oidc: kring server is PostgreSQL's (KRING_TEST_DB="
              "postgresql); skipped on SQLite")
        return
    tmp = tempfile.mkdtemp()
    try:
        db = store_db.store(tmp, "oidc")
        schema = store_db.schema_of(db)
        for args in (["case", "new", "N-1", "--name", "Noa"],
                     ["case", "new", "Z-1", "--name", "Zita"],
                     ["team", "add", "Noord"], ["team", "add", "Zuid"],
                     ["case", "assign", "N-1", "--team", "Noord"],
                     ["case", "assign", "Z-1", "--team", "Zuid"],
                     ["user", "add", "anna", "--name", "Anna", "--role",
                      "professional", "--team", "Noord"],
                     ["user", "add", "carla", "--name", "Carla", "--role",
                      "professional", "--team", "Noord"],
                     ["user", "add", "emma", "--name", "Emma", "--role",
                      "professional", "--team", "Noord"],
                     ["user", "add", "dora", "--name", "Dora", "--role",
                      "professional", "--team", "Zuid"],
                     ["user", "disable", "dora"]):
            r = subprocess.run([KRING, "--db", db, *args],
                               capture_output=True, text=True)
            check(r.returncode == 0, f"{args}: {r.stderr}")
        # kring user oidc: a subject bound by hand, taken by one account
        # only, unbound again.
        def user_oidc(*args):
            return subprocess.run([KRING, "--db", db, "--json", "user",
                                   "oidc", *args], capture_output=True,
                                  text=True)
        r = user_oidc("anna", "S-hand")
        check(r.returncode == 0 and json.loads(r.stdout) ==
              {"oidc_subject": True}, f"user oidc: {r.stdout}{r.stderr}")
        r = user_oidc("carla", "S-hand")
        check(r.returncode != 0 and "another account" in r.stderr,
              f"a subject is one account's: {r.stderr}")
        r = user_oidc("nobody", "S-other")
        check(r.returncode != 0 and "nobody" in r.stderr,
              f"no such account: {r.stderr}")
        r = user_oidc("anna", "bad\x01")
        check(r.returncode != 0, f"a subject with a control character: "
              f"{r.stderr}")
        r = user_oidc("anna", "")
        check(r.returncode == 0 and json.loads(r.stdout) ==
              {"oidc_subject": None}, f"user oidc '': {r.stdout}{r.stderr}")
        n = store_db.sql(f"SELECT count(*) FROM {schema}.users WHERE "
                         "oidc_subject IS NOT NULL")
        check(n == [("0",)], f"no subject bound now: {n}")
        n = store_db.sql(f"SELECT count(*) FROM {schema}.audit WHERE event "
                         "LIKE 'identity provider''s subject %'")
        check(n == [("2",)], f"set and removed, two lines: {n}")
        role, served = serverlib.server_role(KRING, db, schema, store_db.sql)
        cert, key = certificate(tmp)
        base = (f"database = {served}\nlisten = 127.0.0.1\nport = PORT\n"
                f"tls_cert = {cert}\ntls_key = {key}\n"
                "public_url = https://127.0.0.1:PORT\n"
                "organisation = Jeugdhulp Voorbeeld\nlanguage = en\n")
        with_fake(db, schema, base, tmp)
        with_tls(base, tmp)
        with_real(db, schema, base, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("oidc")


main()
