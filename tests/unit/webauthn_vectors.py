#!/usr/bin/env python3
"""Makes tests/unit/webauthn_vectors.h: passkey registrations and
assertions as a phone's browser sends them, made by a second
implementation (Python's `cryptography` for the keys and signatures, and
the CBOR written out below from RFC 8949), for test_webauthn.c to check
kring-auth.so's reading of them against.

Usage: python3 tests/unit/webauthn_vectors.py > tests/unit/webauthn_vectors.h
(ECDSA signatures are random: each run makes other, equally valid bytes.)
tests/server/phone_passkey.py uses its functions as a phone's authenticator.
"""
import base64
import hashlib
import json
import struct

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

RP = "kring.example"
ORIGIN = "https://kring.example"


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | extra]) + struct.pack(fmt, n)
    raise ValueError(n)


def cbor(v):
    if isinstance(v, bool):
        return bytes([0xF5 if v else 0xF4])
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        return head(3, len(v.encode())) + v.encode()
    if isinstance(v, dict):
        return head(5, len(v)) + b"".join(cbor(k) + cbor(x) for k, x in v.items())
    raise TypeError(v)


def cose(key):
    """The COSE_Key (RFC 9053) of a public KEY."""
    if isinstance(key, ec.EllipticCurvePublicKey):
        n = key.public_numbers()
        size = key.curve.key_size // 8 + (1 if key.curve.key_size % 8 else 0)
        alg, crv = {256: (-7, 1), 384: (-35, 2)}[key.curve.key_size]
        return cbor({1: 2, 3: alg, -1: crv, -2: n.x.to_bytes(size, "big"),
                     -3: n.y.to_bytes(size, "big")})
    if isinstance(key, ed25519.Ed25519PublicKey):
        raw = key.public_bytes(serialization.Encoding.Raw,
                               serialization.PublicFormat.Raw)
        return cbor({1: 1, 3: -8, -1: 6, -2: raw})
    n = key.public_numbers()
    return cbor({1: 3, 3: -257, -1: n.n.to_bytes(256, "big"),
                 -2: n.e.to_bytes(3, "big")})


def sign(priv, data):
    if isinstance(priv, ec.EllipticCurvePrivateKey):
        return priv.sign(data, ec.ECDSA(hashes.SHA256()))
    if isinstance(priv, ed25519.Ed25519PrivateKey):
        return priv.sign(data)
    return priv.sign(data, padding.PKCS1v15(), hashes.SHA256())


def client(kind, challenge, origin=ORIGIN, cross=None):
    d = {"type": kind, "challenge": challenge, "origin": origin}
    if cross is not None:
        d["crossOrigin"] = cross
    return json.dumps(d, separators=(",", ":")).encode()


def auth_data(flags, count, cred=None, rp=RP):
    a = hashlib.sha256(rp.encode()).digest() + bytes([flags]) + struct.pack(">I", count)
    if cred is not None:
        cid, key = cred
        a += bytes(16) + struct.pack(">H", len(cid)) + cid + key
    return a


def registration(name, priv, cid, flags=0x45, key=None, tail=b"", **kw):
    key = key or cose(priv.public_key())
    att = cbor({"fmt": "none", "attStmt": {}, "authData": auth_data(flags, 0, (cid, key)) + tail})
    return {"name": name, "client_data": b64(client("webauthn.create", "Q0hBTExFTkdFLTE", **kw)),
            "attestation": b64(att), "id": b64(cid), "key": b64(key)}


def assertion(name, priv, count, flags=0x05, kind="webauthn.get", rp=RP, **kw):
    a = auth_data(flags, count, rp=rp)
    c = client(kind, "Q0hBTExFTkdFLTI", **kw)
    return {"name": name, "client_data": b64(c), "auth_data": b64(a),
            "signature": b64(sign(priv, a + hashlib.sha256(c).digest()))}


def main():
    p256 = ec.generate_private_key(ec.SECP256R1())
    other = ec.generate_private_key(ec.SECP256R1())
    ed = ed25519.Ed25519PrivateKey.generate()
    rs = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p384 = ec.generate_private_key(ec.SECP384R1())
    rn = rs.public_key().public_numbers()
    short = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    regs = [
        registration("es256", p256, b"\x01" * 16 + b"phone"),
        registration("eddsa", ed, b"\x02" * 32),
        registration("rs256", rs, b"\x03" * 64),
        registration("p384", p384, b"\x04" * 16),
        registration("no_uv", p256, b"\x05" * 16, flags=0x41),
        registration("cross", p256, b"\x06" * 16, cross=True),
        registration("other_origin", p256, b"\x07" * 16, origin="https://evil.example"),
        # e = 1 signs anything; a 1024-bit modulus padded to 256 bytes.
        registration("rs_e1", rs, b"\x08" * 16, key=cbor(
            {1: 3, 3: -257, -1: rn.n.to_bytes(256, "big"), -2: b"\x01"})),
        registration("rs_short", rs, b"\x09" * 16, key=cbor(
            {1: 3, 3: -257, -1: short.public_key().public_numbers().n.to_bytes(256, "big"),
             -2: (65537).to_bytes(3, "big")})),
        # Bytes after the key, without the extensions' flag.
        registration("trailing", p256, b"\x0a" * 16, tail=b"\x00\x00"),
    ]
    asserts = [
        assertion("es256_zero", p256, 0),
        assertion("es256_count7", p256, 7),
        assertion("eddsa", ed, 3),
        assertion("rs256", rs, 1),
        assertion("es256_other_key", other, 8),
        assertion("es256_no_uv", p256, 9, flags=0x01),
        assertion("es256_other_rp", p256, 10, rp="evil.example"),
        assertion("es256_create", p256, 11, kind="webauthn.create"),
    ]
    print("/* Made by tests/unit/webauthn_vectors.py (Python's cryptography);")
    print(" * do not edit. Registrations' challenge Q0hBTExFTkdFLTE, assertions'")
    print(" * Q0hBTExFTkdFLTI; host name %s, origin %s. */" % (RP, ORIGIN))
    # 100 nested arrays, each declaring as many items as bytes are left.
    nested = b"".join(bytes([0x99]) + (300 - 3 * i - 3).to_bytes(2, "big") for i in range(100))
    print('static const char nested_heads[] = "%s";' % b64(nested))
    print("struct reg_vector {\n    const char *name, *client_data, *attestation, *id, *key;\n};")
    print("struct assert_vector {\n    const char *name, *client_data, *auth_data, *signature;\n};")
    print("static const struct reg_vector regs[] = {")
    for r in regs:
        print('    {"%(name)s",\n     "%(client_data)s",\n     "%(attestation)s",\n     "%(id)s",\n     "%(key)s"},' % r)
    print("};")
    print("static const struct assert_vector asserts[] = {")
    for a in asserts:
        print('    {"%(name)s",\n     "%(client_data)s",\n     "%(auth_data)s",\n     "%(signature)s"},' % a)
    print("};")


if __name__ == "__main__":
    main()
