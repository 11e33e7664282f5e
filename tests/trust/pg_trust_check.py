#!/usr/bin/env python3
"""Tries to break kring on PostgreSQL from the outside (issue 22;
docs/security.md), on the server PGHOST and the others name
(scripts/postgresql.sh gives one):

- kills: kring is killed (SIGKILL) at random moments while it imports a
  large case over an older version of it, while it adds people one by
  one, and while `db copy` copies 40 cases from SQLite into PostgreSQL and
  from PostgreSQL into SQLite; after each kill the big case is wholly one
  version or the other, each person whole, the copy's target holds all of
  the copied cases or none, and `kring check` passes on both stores;
- failover: a primary and a streaming standby made on this machine
  (initdb, pg_basebackup, synchronous commit to the standby), a writer
  adding people through a two-host address with
  target_session_attrs=read-write; the primary is killed (kill -9 of its
  postmaster) and the standby promoted; the writer goes on, on the new
  primary, and every person whose add kring reported as done is there.

Usage: pg_trust_check.py KRING [KILLS] [FAILOVERS]   (200 and 20 unless
given, or $KRING_PG_KILLS and $KRING_FAILOVERS)
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import big_case, check, finish, run as run_kring  # noqa: E402

KRING = os.path.abspath(sys.argv[1])
KILLS = int(sys.argv[2] if len(sys.argv) > 2 else
            os.environ.get("KRING_PG_KILLS", "200"))
FAILOVERS = int(sys.argv[3] if len(sys.argv) > 3 else
                os.environ.get("KRING_FAILOVERS", "20"))
GEN = os.environ.get("KRING_GEN", "build/bench/kring-gen")
rnd = random.Random(22)


def run(*args, **kw):
    return run_kring(KRING, *args, **kw)


def env():
    """The environment without KRING_DB, with the server's PG* kept."""
    e = dict(os.environ)
    e.pop("KRING_DB", None)
    e["LC_ALL"] = "C.UTF-8"
    return e


def start(*args):
    return subprocess.Popen([KRING, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env())


def addr(schema):
    db = os.environ.get("PGDATABASE", "postgres")
    return f"postgresql:///{db}?options=-c%20kring.schema%3D{schema}"


def psql(sql):
    return subprocess.run(["psql", "-XqtA", "-c", sql], capture_output=True,
                          text=True).stdout.strip()


def drop(*schemas):
    for s in schemas:
        psql(f"DROP SCHEMA IF EXISTS {s} CASCADE")


def export(db, code):
    r = run("--db", db, "export", code)
    return r.stdout if r.returncode == 0 else None


def kill_after(p, limit):
    time.sleep(rnd.uniform(0, limit * 1.2))
    p.send_signal(signal.SIGKILL)
    p.wait()
    return p.returncode == -signal.SIGKILL


def check_kills(tmp):
    db = addr("pgkills")
    drop("pgkills", "pgref")
    files, exports = [], []
    for v in (1, 2):
        f = os.path.join(tmp, f"big{v}.json")
        json.dump(big_case(v), open(f, "w"))
        files.append(f)
    for f in files:
        drop("pgref")
        run("--db", addr("pgref"), "import", f)
        exports.append(export(addr("pgref"), "big"))
    drop("pgref")
    run("--db", db, "case", "new", "small", "--name", "S")
    t0 = time.monotonic()
    run("--db", db, "import", files[0])
    import_time = time.monotonic() - t0
    # A SQLite file of 40 cases, for the copies.
    src = os.path.join(tmp, "copy-src.db")
    subprocess.run([GEN, src, "40", "25"], check=True)
    t0 = time.monotonic()
    run("db", "copy", src, addr("pgcopytime"))
    copy_time = time.monotonic() - t0
    drop("pgcopytime")
    kills = {"import": 0, "person": 0, "copy in": 0, "copy out": 0}
    added = []
    for k in range(KILLS):
        kind = ("import", "person", "copy in", "copy out")[k % 4]
        if kind == "import":
            p = start("--db", db, "import", files[k // 4 % 2], "--replace")
            limit = import_time
        elif kind == "person":
            name = f"Lid {k}"
            p = start("--db", db, "person", "add", "small", name, "--role",
                      "coach", "--ring", str(1 + k % 3), "--age", "40",
                      "--notes", "n" * 300)
            added.append(name)
            limit = 0.05
        elif kind == "copy in":
            drop("pgcopy")
            p = start("db", "copy", src, addr("pgcopy"))
            limit = copy_time
        else:
            out = os.path.join(tmp, "copy-out.db")
            for f in (out, out + "-wal", out + "-shm"):
                if os.path.exists(f):
                    os.remove(f)
            p = start("db", "copy", db, out)
            limit = copy_time
        if kill_after(p, limit):
            kills[kind] += 1
        if kind == "import":
            check(export(db, "big") in exports,
                  f"kill {k}: the big case is partial")
        elif kind == "person":
            case = json.loads(export(db, "small"))
            names = [q["name"] for q in case["people"]]
            check(all(n in added for n in names) and
                  all(q["age"] == 40 and q["notes"] == "n" * 300
                      for q in case["people"]),
                  f"kill {k}: a person is partial: {names[-3:]}")
        elif kind == "copy in":
            n = psql("SELECT count(*) FROM pgcopy.cases") or "0"
            check(n in ("0", "40"), f"kill {k}: a copy in left {n} cases")
            if n == "40":
                r = run("--db", addr("pgcopy"), "check")
                check(r.returncode == 0, f"kill {k}: {r.stdout}")
        else:
            out = os.path.join(tmp, "copy-out.db")
            r = run("--db", out, "case", "list", "--json")
            n = len(json.loads(r.stdout)["cases"]) if r.returncode == 0 else 0
            check(n in (0, 2), f"kill {k}: a copy out left {n} cases")
    r = run("--db", db, "check")
    check(r.returncode == 0, f"after the kills: kring check: {r.stdout}")
    drop("pgkills", "pgcopy")
    print(f"pg trust: {KILLS} runs killed at random moments: "
          f"{kills['import']} imports, {kills['person']} person adds, "
          f"{kills['copy in']} copies into PostgreSQL and {kills['copy out']} "
          f"out of it died of SIGKILL, the rest had ended; all whole")


# ---- failover --------------------------------------------------------------

def as_postgres():
    """A command prefix running as the user PostgreSQL's programs accept:
    initdb refuses root."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


def pgbin(name):
    for v in ("15", "16", "17"):
        p = f"/usr/lib/postgresql/{v}/bin/{name}"
        if os.path.exists(p):
            return p
    return name


def sh(args, **kw):
    return subprocess.run(as_postgres() + args, capture_output=True,
                          text=True, **kw)


def one_failover(base, n):
    """One primary and standby; a writer; the primary killed; returns
    (done, found, errors during the switch)."""
    run_dir = os.path.join(base, f"f{n}")
    os.mkdir(run_dir)
    sock = os.path.join(run_dir, "sock")
    os.mkdir(sock)
    if os.geteuid() == 0:
        shutil.chown(run_dir, "postgres")
        shutil.chown(sock, "postgres")
    primary, standby = (os.path.join(run_dir, d) for d in ("p", "s"))
    ports = (25432 + 2 * n, 25433 + 2 * n)
    r = sh([pgbin("initdb"), "-D", primary, "-A", "trust", "-U", "postgres",
            "--no-sync"])
    if r.returncode != 0:
        return None, r.stderr
    with open(os.path.join(primary, "postgresql.conf"), "a") as f:
        f.write(f"port = {ports[0]}\nunix_socket_directories = '{sock}'\n"
                "listen_addresses = ''\nwal_level = replica\n"
                "synchronous_standby_names = '*'\nfsync = on\n")
    sh([pgbin("pg_ctl"), "-D", primary, "-l",
        os.path.join(run_dir, "p.log"), "-w", "start"])
    r = sh([pgbin("pg_basebackup"), "-h", sock, "-p", str(ports[0]), "-U",
            "postgres", "-D", standby, "-R", "-X", "stream"])
    if r.returncode != 0:
        return None, r.stderr
    # The standby's copy of the primary's settings would make it, once
    # promoted, wait at every commit for a standby of its own.
    with open(os.path.join(standby, "postgresql.conf"), "a") as f:
        f.write(f"port = {ports[1]}\nsynchronous_standby_names = ''\n")
    sh([pgbin("pg_ctl"), "-D", standby, "-l",
        os.path.join(run_dir, "s.log"), "-w", "start"])
    url = (f"postgresql://postgres@/postgres?host={sock},{sock}"
           f"&port={ports[0]},{ports[1]}&target_session_attrs=read-write"
           f"&connect_timeout=2")
    if run("--db", url, "case", "new", "f", "--name", "F").returncode != 0:
        return None, "the case could not be made"
    done, errors = [], 0
    killed = promoted = False
    t0 = time.monotonic()
    i = 0
    while True:
        i += 1
        name = f"Persoon {i}"
        r = run("--db", url, "person", "add", "f", name, "--role", "friend",
                "--ring", "2")
        if r.returncode == 0:
            done.append(name)
        else:
            errors += 1
        now = time.monotonic() - t0
        if not killed and now > 0.5:
            pid = int(open(os.path.join(primary, "postmaster.pid")).readline())
            os.kill(pid, signal.SIGKILL)
            killed = True
        elif killed and not promoted:
            sh([pgbin("pg_ctl"), "-D", standby, "-w", "promote"])
            promoted = True
        elif promoted and now > 2.5:
            break
    r = run("--db", url, "--json", "case", "show", "f")
    names = {p["name"] for p in json.loads(r.stdout)["people"]} \
        if r.returncode == 0 else set()
    sh([pgbin("pg_ctl"), "-D", standby, "-m", "immediate", "stop"])
    subprocess.run(["pkill", "-9", "-f", primary], capture_output=True)
    after = [d for d in done if d in names]
    return (len(done), len(after), errors, i), None


def check_failover(tmp):
    if FAILOVERS == 0:
        return
    base = tempfile.mkdtemp(prefix="kring-failover-", dir=tmp)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        os.chmod(tmp, 0o755)
    totals = [0, 0, 0, 0]
    for n in range(FAILOVERS):
        got, why = one_failover(base, n)
        if got is None:
            check(False, f"failover {n}: the clusters could not be made: "
                  f"{why}")
            return
        done, found, errors, tried = got
        check(done == found, f"failover {n}: {done - found} of {done} adds "
              "reported done are not on the new primary")
        check(found > 0, f"failover {n}: nothing was written")
        for k, v in enumerate(got):
            totals[k] += v
    print(f"pg trust: {FAILOVERS} failovers (kill -9 of the primary, the "
          f"standby promoted): {totals[3]} adds tried, {totals[0]} reported "
          f"done, all {totals[1]} on the new primary (0 lost), {totals[2]} "
          f"refused while no primary answered")


def main():
    tmp = tempfile.mkdtemp(prefix="kring-pg-trust-")
    try:
        check_kills(tmp)
        check_failover(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("pg trust")


main()
