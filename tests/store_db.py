"""The store a check from the outside runs kring on: a SQLite file, or with
KRING_TEST_DB=postgresql a schema of its own on the server that PGHOST,
PGPORT, PGUSER and PGDATABASE name (as tests/helpers.c's t_db() gives the
C tests). The schemas a check made are dropped when it ends.

The check's own statements go through libpq (ctypes), on one connection:
a psql for each would cost a process (Debian's psql is a Perl wrapper)."""
import atexit
import ctypes
import ctypes.util
import os
import re
import subprocess
import sys
import time

_schemas = []
_START = int(time.time())
_pq = []  # [library, connection] once connected


def on_postgresql():
    return os.environ.get("KRING_TEST_DB") == "postgresql"


def sql(query):
    """The rows of QUERY (one statement), each a tuple of text or None;
    exits when the server refuses it."""
    if not _pq:
        lib = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
        lib.PQconnectdb.restype = ctypes.c_void_p
        lib.PQconnectdb.argtypes = [ctypes.c_char_p]
        lib.PQexec.restype = ctypes.c_void_p
        lib.PQexec.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        lib.PQerrorMessage.restype = ctypes.c_char_p
        lib.PQgetvalue.restype = ctypes.c_char_p
        for f in ("PQstatus", "PQerrorMessage", "PQfinish",
                  "PQresultStatus", "PQntuples", "PQnfields", "PQclear"):
            getattr(lib, f).argtypes = [ctypes.c_void_p]
        for f in ("PQgetvalue", "PQgetisnull"):
            getattr(lib, f).argtypes = [ctypes.c_void_p, ctypes.c_int,
                                        ctypes.c_int]
        conn = lib.PQconnectdb(b"")
        if lib.PQstatus(conn) != 0:
            sys.exit("store_db: cannot connect: " +
                     lib.PQerrorMessage(conn).decode())
        _pq.extend([lib, conn])
        sql("SET client_min_messages = warning")  # no NOTICE of a DROP
    lib, conn = _pq
    r = lib.PQexec(conn, query.encode())
    if lib.PQresultStatus(r) not in (1, 2):  # COMMAND_OK, TUPLES_OK
        lib.PQclear(r)
        sys.exit(f"store_db: {query[:80]}: " +
                 lib.PQerrorMessage(conn).decode())
    rows = [tuple(None if lib.PQgetisnull(r, i, j) else
                  lib.PQgetvalue(r, i, j).decode()
                  for j in range(lib.PQnfields(r)))
            for i in range(lib.PQntuples(r))]
    lib.PQclear(r)
    return rows


def _drop_all():
    for s in _schemas:
        sql(f"DROP SCHEMA IF EXISTS {s} CASCADE")
    if _pq:
        _pq[0].PQfinish(_pq[1])


def store(tmp, name):
    """A new, empty store named NAME in the folder TMP: the file TMP/NAME
    (one left there from before is removed), or on PostgreSQL the address
    of a new schema, made of the check's name, this process, the time it
    began and NAME."""
    if not on_postgresql():
        path = os.path.join(tmp, name)
        for f in (path, path + "-wal", path + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        return path
    if not _schemas:
        atexit.register(_drop_all)
    check = re.sub(r"[^a-z0-9]+", "",
                   os.path.basename(sys.argv[0]).split("_")[0].lower())
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower())
    schema = (f"t_{check}_{os.getpid()}_{_START:x}_{len(_schemas)}_"
              f"{slug}")[:63]
    _schemas.append(schema)
    return f"postgresql:///?options=-c%20kring.schema%3D{schema}"


def schema_of(db):
    """The schema of a store() address, or None for a file."""
    m = re.match(r"postgresql://.*kring\.schema%3D([a-z0-9_]+)", db)
    return m.group(1) if m else None


def dump(db):
    """Every row of every table of the store DB, as bytes: `sqlite3 .dump`
    of a file; of a schema, its tables by name, each one's rows in the
    order of their text."""
    schema = schema_of(db)
    if schema is None:
        return subprocess.run(["sqlite3", db, ".dump"],
                              capture_output=True).stdout
    out = []
    for (t,) in sql("SELECT tablename FROM pg_tables WHERE schemaname = "
                    f"'{schema}' ORDER BY 1"):
        out.append(f"[{t}]")
        out += [r[0] for r in sql(f'SELECT ROW(x.*)::text FROM {schema}."{t}"'
                                  " x ORDER BY 1")]
    return "\n".join(out).encode()

