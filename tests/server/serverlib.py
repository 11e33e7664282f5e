"""What the checks of kring server share (server_check.py, log_check.py,
bench/server_load.py): TOTP codes made here (Python's hmac, a second
implementation of RFC 6238), a browser of its own over HTTPS, enrolment
and login as a person does them, and a kring server started on loopback
with a certificate of the run, connected as a role that does not own
kring's tables (docs/server.md)."""
import base64
import hashlib
import hmac
import http.client
import os
import re
import socket
import ssl
import struct
import subprocess
import time
import urllib.parse

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def totp(secret, t=None, step=0):
    """RFC 6238's code of SECRET (base32) at T (now), STEP steps later."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if t is None else t) // 30) + step
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 15
    n = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7fffffff) % 1000000
    return "%06d" % n


def kring(kring_bin, db, *args, env=None):
    return subprocess.run([kring_bin, "--db", db, *args], capture_output=True,
                          text=True, env=env)


def organisation(kring_bin, db, steps, check):
    """Runs each command of STEPS (lists of kring's arguments) on DB, as
    the owner, telling CHECK how each went: the teams and cases a check
    starts from."""
    for args in steps:
        r = kring(kring_bin, db, *args)
        check(r.returncode == 0, f"{args}: {r.stderr}")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port):
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)


class Browser:
    """A browser of its own: its cookies, HTTPS to the server. With KEEP, one
    connection kept open between requests (as a browser keeps it); with
    HOST, the server reached under that name (on 127.0.0.1 still)."""

    def __init__(self, port, origin=None, keep=False, host=None):
        self.port = port
        # The name it reaches the server under (Host), on 127.0.0.1.
        self.host = host
        self.cookies = {}
        self.origin = origin or f"https://127.0.0.1:{port}"
        self.ctx = ssl.create_default_context()
        self.ctx.check_hostname = False
        self.ctx.verify_mode = ssl.CERT_NONE
        self.keep = keep
        self.conn = None

    def _connection(self):
        if self.keep and self.conn is not None:
            return self.conn
        c = http.client.HTTPSConnection("127.0.0.1", self.port,
                                        context=self.ctx, timeout=60)
        if self.keep:
            self.conn = c
        return c

    def request(self, method, path, form=None, origin=True, headers=None,
                raw=False):
        h = dict(headers or {})
        if self.host is not None:
            h.setdefault("Host", f"{self.host}:{self.port}")
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in
                                    self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST" and origin:
            h["Origin"] = self.origin
        for attempt in (0, 1):
            c = self._connection()
            try:
                c.request(method, path, body=body, headers=h)
                r = c.getresponse()
                data = r.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError,
                    BrokenPipeError, http.client.CannotSendRequest):
                # A kept connection the server closed meanwhile: once more
                # on a new one.
                c.close()
                self.conn = None
                if attempt or not self.keep:
                    raise
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";")[0]
                if "Max-Age=0" in v:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        if not self.keep:
            c.close()
        text = data if raw else data.decode("utf-8", "replace")
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), text

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, form, **kw):
        return self.request("POST", path, form, **kw)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def hidden(page, name):
    m = re.search(r'name="%s" value="([^"]*)"' % name, page)
    return m.group(1) if m else None


def enrol(b, code, password, check=None):
    """Enrols with CODE, choosing PASSWORD: the TOTP secret it was given.
    CHECK(ok, what), when given, is told how each step went."""
    check = check or (lambda ok, what: None)
    st, _, page = b.get("/enrol")
    st, _, page = b.post("/enrol", {"form": hidden(page, "form"),
                                    "enrolment": code})
    check(st == 200 and "<svg" in page, f"the enrolment's QR code ({st})")
    secret = hidden(page, "secret")
    st, _, page = b.post("/enrol/finish", {
        "form": hidden(page, "form"), "enrolment": hidden(page, "enrolment"),
        "secret": secret, "password": password, "password2": password,
        "code": totp(secret)})
    check(st == 200 and "enrolled" in page, f"enrolled ({st}): {page[:300]}")
    return secret


def login(b, user, password, code):
    st, _, page = b.get("/login")
    return b.post("/login", {"form": hidden(page, "form"), "login": user,
                             "password": password, "code": code})


def certificate(tmp):
    """A certificate of this run for 127.0.0.1 and localhost, and its key
    (mode 600)."""
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    os.chmod(key, 0o600)
    return cert, key


def server_role(kring_bin, db, schema, sql):
    """The role kring server connects as for the schema (made if need be,
    granted by `kring db grant`), and the database address as that role.
    SQL runs a statement as the owner (store_db.sql)."""
    role = f"{schema}_srv"[:63]
    sql(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
        f"'{role}') THEN CREATE ROLE {role}; END IF; END $$")
    r = kring(kring_bin, db, "db", "grant", role)
    if r.returncode != 0:
        raise RuntimeError(f"db grant: {r.stderr}")
    served = db.replace("kring.schema%3D", f"role%3D{role}%20-c%20"
                        "kring.schema%3D")
    return role, served


def server_conf(served, port, cert, key, more="", host="127.0.0.1"):
    return (f"database = {served}\nlisten = 127.0.0.1\nport = {port}\n"
            f"tls_cert = {cert}\ntls_key = {key}\n"
            f"public_url = https://{host}:{port}\n"
            "organisation = Jeugdhulp Voorbeeld\nlanguage = en\n" + more)


def start_server(kring_bin, tmp, served, more="", stderr=None,
                 host="127.0.0.1"):
    """kring server on a free loopback port over HTTPS, its configuration
    in TMP: (process, port). The caller ends it (stop_server). HOST: the
    name in its public_url (localhost: a host name, as passkeys need)."""
    cert, key = certificate(tmp)
    port = free_port()
    conf = os.path.join(tmp, "server.conf")
    with open(conf, "w") as f:
        f.write(server_conf(served, port, cert, key, more, host))
    server = subprocess.Popen([kring_bin, "server", "--config", conf],
                              stderr=stderr or subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL)
    wait_port(port)
    return server, port


def stop_server(server):
    server.terminate()
    server.wait(10)
