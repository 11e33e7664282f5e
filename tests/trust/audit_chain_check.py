#!/usr/bin/env python3
"""The access log's chain on PostgreSQL (docs/security.md), checked by a
second implementation: every line's hash recomputed here with Python's
hashlib and json, from the line's columns as the database holds them (a
line's JSON: seq, at, user, user_id, role, behalf, command, kind, event,
case_key, person_key, other_key, address, outcome), each equal to the
hash the database sealed and the last equal to the head `kring audit
verify` prints. Lines with quotes, backslashes, control characters and
letters beyond ASCII are among them. Then tampering: a changed line, a
line put in between, a line removed and the tail cut, each found where it
is (the tail only by the noted head). On SQLite it says why not.
Usage: audit_chain_check.py KRING"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests"))
import store_db  # noqa: E402
from checks import check, finish  # noqa: E402

KRING = os.path.abspath(sys.argv[1])
COLUMNS = ("seq, at, \"user\", user_id, role, behalf, command, kind, event, "
           "case_key, person_key, other_key, address, outcome")
INTS = {0, 3, 9, 10, 11}  # the columns that are numbers


def kring(db, *args):
    return subprocess.run([KRING, "--db", db, *args], capture_output=True,
                          text=True)


def line_json(row):
    """The line as PostgreSQL's json_build_array(...)::text writes it."""
    parts = []
    for i, v in enumerate(row):
        if v is None:
            parts.append("null")
        elif i in INTS:
            parts.append(str(int(v)))
        else:
            parts.append(json.dumps(v, ensure_ascii=False))
    return "[" + ", ".join(parts) + "]"


def recompute(schema):
    """(lines, first chain number whose hash is not ours or whose
    predecessor is not the line before, our head in hex)."""
    rows = store_db.sql(f"SELECT chain, encode(prev, 'hex'), "
                        f"encode(hash, 'hex'), {COLUMNS} FROM {schema}.audit "
                        "WHERE chain IS NOT NULL ORDER BY chain")
    prev = bytes(32)
    broken = None
    for n, r in enumerate(rows, 1):
        h = hashlib.sha256(prev + line_json(r[3:]).encode()).digest()
        if broken is None and (int(r[0]) != n or r[1] != prev.hex() or
                               r[2] != h.hex()):
            broken = int(r[0])
        prev = bytes.fromhex(r[2])
    return len(rows), broken, prev.hex() if rows else ""


def verify(db):
    r = kring(db, "--json", "audit", "verify")
    return r.returncode, json.loads(r.stdout) if r.stdout else {}


def main():
    if not store_db.on_postgresql():
        print("audit_chain: the chain is PostgreSQL's (KRING_TEST_DB="
              "postgresql); skipped on SQLite")
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = store_db.store(tmp, "chain")
        schema = store_db.schema_of(db)
        for args in (["case", "new", "C-1", "--name", "Noa"],
                     ["person", "add", "C-1", "Oma Ria", "--role",
                      "grandparent", "--ring", "1"],
                     ["team", "add", "Wijkteam \"Noord\""],
                     ["user", "add", "anna", "--name", "Anna", "--role",
                      "professional", "--team", "Wijkteam \"Noord\""],
                     ["case", "assign", "C-1", "--responsible", "anna"],
                     ["case", "show", "C-1"], ["case", "list"]):
            r = kring(db, *args)
            check(r.returncode == 0, f"{args}: {r.stderr}")
        # Lines with what JSON must escape, as kring server may write them.
        store_db.sql(f"INSERT INTO {schema}.audit (\"user\", user_id, role, "
                     "address, command, kind, event) VALUES ('a\"b\\c', 7, "
                     "'professional', '::1', E'serve: /x\\ty\\u0001 é ✓', "
                     "'read', 'case read')")
        code, v = verify(db)
        n, broken, head = recompute(schema)
        check(code == 0 and v.get("unbroken") is True, f"verify: {v}")
        # 7 commands, the account's enrolment begun, the line put in.
        check(n == 9 and v.get("lines") == 9, f"9 lines: {n}, {v}")
        check(broken is None, f"our hashes are the database's (at {broken})")
        check(v.get("head") == head, f"the head: kring {v.get('head')}, "
              f"ours {head}")

        def tamper(sql):
            store_db.sql(f"ALTER TABLE {schema}.audit DISABLE TRIGGER USER")
            store_db.sql(sql)
            store_db.sql(f"ALTER TABLE {schema}.audit ENABLE TRIGGER USER")

        # A line changed: found at it, by kring and by us.
        was = store_db.sql(f"SELECT event FROM {schema}.audit WHERE chain = "
                           "6")[0][0]
        tamper(f"UPDATE {schema}.audit SET event = 'cases listed' WHERE "
               "chain = 6")
        code, v = verify(db)
        check(code == 1 and v.get("broken_at") == 6, f"changed: {v}")
        check(recompute(schema)[1] == 6, "changed: ours at 6")
        tamper(f"UPDATE {schema}.audit SET event = '{was}' WHERE chain = 6")
        code, v = verify(db)
        check(code == 0, f"put back: {v}")
        # A line put in between, sealed as if it were there: its number
        # repeats one, or leaves a gap.
        # (two steps each: the numbers are unique at every row)
        tamper(f"UPDATE {schema}.audit SET chain = chain + 1000 WHERE "
               "chain >= 4")
        tamper(f"UPDATE {schema}.audit SET chain = chain - 999 WHERE "
               "chain >= 1000")
        code, v = verify(db)
        check(code == 1 and v.get("broken_at") == 5, f"a gap: {v}")
        tamper(f"UPDATE {schema}.audit SET chain = chain + 1000 WHERE "
               "chain >= 5")
        tamper(f"UPDATE {schema}.audit SET chain = chain - 1001 WHERE "
               "chain >= 1000")
        # The tail cut: the chain is whole, the head noted is gone.
        tamper(f"DELETE FROM {schema}.audit WHERE chain = 9")
        code, v = verify(db)
        check(code == 0 and v.get("head") != head,
              f"the tail cut: only the noted head tells ({v})")
        # A line removed in the middle: found at the next.
        tamper(f"DELETE FROM {schema}.audit WHERE chain = 3")
        code, v = verify(db)
        check(code == 1 and v.get("broken_at") == 4, f"removed: {v}")
    finish("audit_chain")


main()
