"""Passkeys on the young person's phone (docs/youth-phone.md), for
phone_check.py: a phone whose authenticator is written here (Python's
cryptography; the CBOR of tests/unit/webauthn_vectors.py) opens an
invitation with a passkey instead of a PIN, and unlocks with it later.
Attacks: an answer for another origin, to a question the server never
asked, without the user verified, signed by another key, a replayed
answer (its counter gone back), a question of another session; 5
refused answers lock the invitation. A server reached by its IP address
offers no passkey (WebAuthn wants a host name)."""
import base64
import hashlib
import json
import os
import re
import struct
import sys

from cryptography.hazmat.primitives.asymmetric import ec

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests", "unit"))
import webauthn_vectors as wv  # noqa: E402
from serverlib import Browser, hidden  # noqa: E402


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def data_attr(page, name):
    m = re.search(r'data-%s="([^"]*)"' % name, page)
    return m.group(1) if m else None


class Authenticator:
    """A phone's platform authenticator: one P-256 key per credential, a
    counter that goes up at each use (as security keys keep one)."""

    def __init__(self, origin, rp="localhost"):
        self.origin, self.rp = origin, rp
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.cid = os.urandom(32)
        self.count = 0
        self.code = ""  # the invitation's short code, typed

    def create(self, challenge, origin=None, flags=0x45, rp=None):
        client = wv.client("webauthn.create", challenge, origin or self.origin)
        auth = wv.auth_data(flags, 0, (self.cid, wv.cose(self.key.public_key())),
                            rp=rp or self.rp)
        att = wv.cbor({"fmt": "none", "attStmt": {}, "authData": auth})
        return {"passkey": "1", "challenge": challenge, "code": self.code,
                "client_data": wv.b64(client), "attestation": wv.b64(att),
                "id": wv.b64(self.cid)}

    def get(self, challenge, key=None, flags=0x05, count=None):
        self.count += 1
        auth = wv.auth_data(flags, self.count if count is None else count,
                            rp=self.rp)
        client = wv.client("webauthn.get", challenge, self.origin)
        sig = wv.sign(key or self.key, auth + hashlib.sha256(client).digest())
        return {"challenge": challenge, "client_data": wv.b64(client),
                "auth_data": wv.b64(auth), "signature": wv.b64(sig),
                "id": wv.b64(self.cid)}


def passkeys(ck, p, schema, sql, start, stop):
    """P: the professionals' browsers of phone_check (on its server, reached
    as 127.0.0.1); START(host) another server of the same database, whose
    public address names HOST: (process, port)."""
    bob = p["bob"]  # c-a is closed by now: c-b, his
    page = Browser(p["port"]).get("/j/" + "0" * 32)[2]
    ck("data-passkey" not in page and 'name="pin"' in page,
       "reached by its IP address, the server offers no passkey: the PIN")
    server, port = start("localhost")
    try:
        origin = f"https://localhost:{port}"
        prof = Browser(port, origin=origin, host="localhost")
        prof.cookies = dict(bob.cookies)
        page = prof.get("/case/c-b")[2]
        st, _, page = prof.post("/case/c-b/invite", {"csrf": hidden(page, "csrf")})
        short = re.search(r'id="short-code">([A-Z0-9-]+)<', page)
        ck(st == 200 and short is not None, "an invitation on the server "
           "named localhost", st)
        code = short.group(1) if short else ""
        # By its short code: the QR's link is phone_check's.
        path = "/j"
        phone = Browser(port, origin=origin, host="localhost")
        page = phone.get(path)[2]
        challenge = data_attr(page, "challenge") or ""
        ck(data_attr(page, "passkey") == "create" and
           data_attr(page, "rp") == "localhost" and len(unb64(challenge)) == 56,
           "the invitation offers the phone's screen lock: its question (56 "
           "bytes: time, 16 random, HMAC) for host name localhost")
        ck("/static/passkey.js" in page and
           phone.get("/static/passkey.js")[0] == 200, "its script is served")
        a = Authenticator(origin)
        a.code = code

        def claim(form, what):
            st, h, body = phone.post(path, form)
            ck(st == 422 and "kring-phone" not in phone.cookies and
               "could not be linked" in body, what, st)
        claim(a.create(challenge, origin="https://evil.example"),
              "an answer for another origin: refused, nothing opened")
        claim(a.create(wv.b64(os.urandom(56))),
              "an answer to a question the server never asked: refused")
        claim(a.create(challenge, flags=0x41),
              "the user not verified on the phone: refused")
        claim(a.create(challenge, rp="kring.example"),
              "an answer for another host name: refused")
        st, h, _ = phone.post(path, a.create(challenge))
        ck(st in (302, 303) and "kring-phone" in phone.cookies,
           "the passkey opens the invitation: the phone's cookie", st)
        token_hash = hashlib.sha256(phone.cookies.get("kring-phone", "").encode()).hexdigest()
        kept = sql(f"SELECT pin_hash IS NULL, passkey_id, passkey_count FROM "
                   f"{schema}.youth_invitations i JOIN {schema}.youth_sessions s "
                   f"ON s.invitation = i.id WHERE s.token_hash = '{token_hash}'")
        ck(kept == [("t", wv.b64(a.cid), "0")],
           "kept: the passkey's id and key, no PIN", kept)
        st, _, page = phone.get("/y")
        ck(st == 200 and 'class="youth-view"' in page, "the map opens", st)

        def idle():
            sql(f"UPDATE {schema}.youth_sessions SET unlocked_until = now() - "
                f"interval '1 second' WHERE token_hash = '{token_hash}'")

        idle()
        st, _, page = phone.get("/y")
        ask = data_attr(page, "challenge") or ""
        ck(st == 200 and data_attr(page, "passkey") == "get" and
           data_attr(page, "id") == wv.b64(a.cid) and 'name="pin"' not in page
           and "Noah" not in page,
           "unused a while: the phone is asked to sign, no PIN, nothing of "
           "the case", st)
        right = a.get(ask)
        st, _, _ = phone.post("/y/passkey", right)
        ck(st in (302, 303) and phone.get("/y")[0] == 200,
           "signed by the phone's passkey: the map opens again", st)
        count = sql(f"SELECT passkey_count, tries FROM {schema}.youth_invitations "
                    f"WHERE passkey_id = '{wv.b64(a.cid)}'")
        ck(count == [("1", "0")], "its counter kept, the tries back to 0", count)
        idle()
        ask = data_attr(phone.get("/y")[2], "challenge") or ""
        other = Authenticator(origin)
        st, _, page = phone.post("/y/passkey", dict(a.get(ask, key=other.key)))
        ck(st == 403 and "4 more times" in page,
           "signed by another key: refused, 4 tries left", st)
        st, _, page = phone.post("/y/passkey", right)
        ck(st == 403 and "3 more times" in page,
           "the first answer replayed: its counter is not above the kept "
           "one (a copied passkey), refused", st)
        st, _, page = phone.post("/y/passkey", a.get(ask, flags=0x01))
        ck(st == 403 and "2 more times" in page,
           "the user not verified: refused", st)
        st, _, page = phone.post("/y/passkey", a.get(challenge))
        ck(st == 403 and "took too long" in page,
           "an answer to a question of the invitation, not of this session: "
           "asked again, not counted", st)
        stranger = Browser(port, origin=origin, host="localhost")
        ck(stranger.post("/y/passkey", a.get(ask))[0] == 404,
           "the answer without the phone's cookie: no such page")
        for _ in range(2):
            st, _, page = phone.post("/y/passkey", a.get(ask, key=other.key))
        locked = sql(f"SELECT locked IS NOT NULL, tries FROM "
                     f"{schema}.youth_invitations WHERE passkey_id = "
                     f"'{wv.b64(a.cid)}'")
        ck(st == 404 and locked == [("t", "5")] and
           "kring-phone" not in phone.cookies,
           "5 refused: locked, the cookie taken back", (st, locked))
        ck(sql(f"SELECT count(*) FROM {schema}.audit WHERE event = "
               "'invitation opened on the phone' AND role = 'young_person'")
           != [("0",)], "the opening is in the access log")
    finally:
        stop(server)
