#!/usr/bin/env python3
"""Tries hard to break kring from the outside (docs/security.md):

- kills: kring is killed (SIGKILL) at random moments while it imports a
  large case over an older version of it and while people are added one
  by one; after each kill SQLite's integrity check passes and each case is
  wholly one version or the other (or wholly absent), each person whole;
  a map killed while it is drawn leaves no file behind;
- two writers at once lose no write; backups taken while kring writes are
  each sound;
- a read-only database, and a database in a read-only folder, tested as an
  unprivileged user (root passes every permission check): a clear error,
  nothing changed; a case is not shown where its read cannot be logged;
- every command with strange arguments (empty, "-", huge numbers, unknown
  flags, 100 KB): exit 0, 1 or 2, a message, no crash, no hang, and the
  database sound (and unchanged unless the command succeeded);
- a really full disk (a tmpfs in a mount namespace) before SQLite's -shm
  file exists: "the disk or the database is full", nothing stored;
- every output of every sample with --anonymize (export json, graphml,
  csv, dot; render svg, pdf, png, in every theme): no name in any form.

Usage: trust_check.py KRING [KILLS]   (KILLS: 400 unless given, or
$KRING_KILLS; the longer run of docs/security.md uses 5000;
$KRING_ARGS_SHARE, between 0 and 1, runs that share of the strange
arguments, a random one: make sanitize runs a quarter)
"""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from checks import big_case, check, clean_env, finish, run as run_kring  # noqa: E402,E501

KRING = os.path.abspath(sys.argv[1])
KILLS = int(sys.argv[2] if len(sys.argv) > 2 else
            os.environ.get("KRING_KILLS", "400"))
ARGS_SHARE = float(os.environ.get("KRING_ARGS_SHARE", "1"))
# The share's own seed, printed so that a failure can be run again
# ($KRING_ARGS_SEED).
ARGS_SEED = int(os.environ.get("KRING_ARGS_SEED", random.randrange(1 << 30)))
share_rnd = random.Random(ARGS_SEED)
SAMPLES = sorted(os.path.join("samples", f) for f in os.listdir("samples")
                 if f.endswith(".json"))
rnd = random.Random(7)


def run(*args, **kw):
    return run_kring(KRING, *args, **kw)


def sql(db, query):
    r = subprocess.run(["sqlite3", db, query], capture_output=True,
                       text=True)
    return r.stdout.strip()


def dump(db):
    return subprocess.run(["sqlite3", db, ".dump"],
                          capture_output=True).stdout


def data_dump(db):
    """The data, without the audit log's lines of reads: a command that
    read a case and then failed has still read it (docs/security.md).
    Read in this process (Python's sqlite3), not by a sqlite3 process per
    command: the argument sweep compares it some 4,000 times."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=rw", uri=True)
        try:
            lines = [line for line in con.iterdump()
                     if not (line.startswith('INSERT INTO "audit" VALUES(')
                             and ",'read'," in line)]
        finally:
            con.close()
    except sqlite3.Error as e:
        # Not a crash of the check: a difference it reports.
        return f"(unreadable: {e})"
    return "\n".join(lines)


def export(db, code):
    r = run("--db", db, "export", code)
    return r.stdout if r.returncode == 0 else None


# ---- kills ---------------------------------------------------------------

def start(*args):
    return subprocess.Popen([KRING, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=clean_env())


def check_kills(tmp):
    db = os.path.join(tmp, "kills.db")
    files, exports = [], []
    for v in (1, 2):
        f = os.path.join(tmp, f"big{v}.json")
        json.dump(big_case(v), open(f, "w"))
        files.append(f)
    # The exact exports of both versions, to compare with after a kill.
    for f in files:
        ref = os.path.join(tmp, "ref.db")
        if os.path.exists(ref):
            os.remove(ref)
        run("--db", ref, "import", f)
        exports.append(export(ref, "big"))
    run("--db", db, "case", "new", "small", "--name", "S")
    t0 = time.monotonic()
    run("--db", db, "import", files[0])
    import_time = time.monotonic() - t0
    added = []  # people added one by one to case "small"
    kills = {"import": 0, "person": 0}
    for k in range(KILLS):
        if k % 2 == 0:
            p = start("--db", db, "import", files[k // 2 % 2], "--replace")
            kind, limit = "import", import_time
        else:
            name = f"Lid {k}"
            p = start("--db", db, "person", "add", "small", name, "--role",
                      "coach", "--ring", str(1 + k % 3), "--age", "40",
                      "--notes", "n" * 300)
            added.append(name)
            kind, limit = "person", 0.01
        time.sleep(rnd.uniform(0, limit * 1.2))
        p.send_signal(signal.SIGKILL)
        p.wait()
        if p.returncode == -signal.SIGKILL:
            kills[kind] += 1
        ok = sql(db, "PRAGMA integrity_check")
        check(ok == "ok", f"kill {k} ({kind}): integrity_check: {ok}")
        if kind == "import":
            got = export(db, "big")
            check(got in exports, f"kill {k}: the big case is partial")
        else:
            case = json.loads(export(db, "small"))
            names = [q["name"] for q in case["people"]]
            check(all(n in added for n in names) and
                  all(q["age"] == 40 and q["notes"] == "n" * 300
                      for q in case["people"]),
                  f"kill {k}: a person is partial: {names[-3:]}")
    r = run("--db", db, "check")
    check(r.returncode == 0, f"after the kills: kring check: {r.stdout}")
    print(f"trust: {KILLS} runs killed at random moments: "
          f"{kills['import']} imports and {kills['person']} person adds "
          f"died of SIGKILL, the rest had ended; all sound")


def check_map_kills(tmp):
    """A map killed while it is drawn (Graphviz writes it into its file as
    it draws) leaves no file, whole or part: the map is written into an
    unnamed file that is named only when it is whole."""
    db = os.path.join(tmp, "maps.db")
    f = os.path.join(tmp, "maps.json")
    json.dump(big_case(1), open(f, "w"))
    run("--db", db, "import", f)
    out = os.path.join(tmp, "maps")
    os.mkdir(out)
    path = os.path.join(out, "big.svg")
    t0 = time.monotonic()
    run("--db", db, "render", "big", "-o", path)
    limit = time.monotonic() - t0
    whole = open(path, "rb").read()
    for k in range(8):
        os.remove(path)
        p = start("--db", db, "render", "big", "-o", path)
        time.sleep(rnd.uniform(limit * 0.3, limit * 0.95))
        p.send_signal(signal.SIGKILL)
        p.wait()
        left = os.listdir(out)
        check(left == [] or (left == ["big.svg"] and
                             open(path, "rb").read() == whole),
              f"map kill {k}: left behind {left}")
        if not left:
            run("--db", db, "render", "big", "-o", path)
    print(f"trust: 8 maps of 1,500 people killed while drawn; none left a "
          f"file behind")


def check_two_writers(tmp):
    db = os.path.join(tmp, "two.db")
    run("--db", db, "case", "new", "two", "--name", "T")
    n = 60
    failures = []

    def writer(tag):
        for i in range(n):
            r = run("--db", db, "person", "add", "two", f"{tag} {i}",
                    "--role", "friend", "--ring", "2")
            if r.returncode != 0:
                failures.append(r.stderr)

    threads = [threading.Thread(target=writer, args=(t,))
               for t in ("Een", "Twee")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    case = json.loads(export(db, "two"))
    check(not failures, f"two writers: {failures[:2]}")
    check(len(case["people"]) == 2 * n,
          f"two writers: {len(case['people'])} people, not {2 * n}")
    # The changes: the export above is in the log too, as a read.
    audit = json.loads(run("--db", db, "--json", "audit", "two",
                           "--changes").stdout)
    check(len(audit) == 2 * n + 1, "two writers: the audit log lost lines")
    reads = json.loads(run("--db", db, "--json", "audit", "two",
                           "--reads").stdout)
    check([e["command"] for e in reads] == ["export"],
          f"two writers: the reads logged: {reads}")


def check_live_backup(tmp):
    """Backups taken while another kring writes: each one sound, each case
    in it whole."""
    db = os.path.join(tmp, "live.db")
    run("--db", db, "case", "new", "live", "--name", "L")
    stop = threading.Event()

    def writer():
        i = 0
        while not stop.is_set():
            run("--db", db, "person", "add", "live", f"Iemand {i}", "--role",
                "friend", "--ring", "2", "--notes", "x" * 200)
            i += 1

    t = threading.Thread(target=writer)
    t.start()
    counts = []
    try:
        for k in range(10):
            copy = os.path.join(tmp, f"live-{k}.db")
            r = run("--db", db, "backup", copy)
            check(r.returncode == 0, f"live backup {k}: {r.stderr}")
            check(oct(os.stat(copy).st_mode & 0o777) == "0o600",
                  f"live backup {k} is not private")
            r = run("--db", copy, "check")
            check(r.returncode == 0, f"live backup {k}: {r.stdout}")
            counts.append(len(json.loads(export(copy, "live"))["people"]))
            time.sleep(0.05)
    finally:
        stop.set()
        t.join()
    check(counts == sorted(counts) and counts[-1] > counts[0],
          f"live backups did not follow the writes: {counts}")


def as_user():
    """Run as nobody when root (root bypasses permissions)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def check_read_only(tmp):
    # A folder nobody can enter, for the unprivileged user's files.
    base = os.path.join(tmp, "ro")
    os.mkdir(base)
    for what in ("file", "folder"):
        d = os.path.join(base, what)
        os.mkdir(d, 0o700)
        db = os.path.join(d, "k.db")
        run("--db", db, "import", SAMPLES[0])
        run("--db", db, "case", "list")  # the log checkpointed and gone
        if os.geteuid() == 0:
            for f in (d, db):
                os.chown(f, 65534, 65534)
        before = dump(db)
        if what == "file":
            os.chmod(db, 0o400)
        else:
            os.chmod(d, 0o500)
        env = clean_env()
        r = subprocess.run(as_user() + [KRING, "--db", db, "person", "add",
                                        "2026-014", "Ann", "--role",
                                        "friend", "--ring", "2"],
                           capture_output=True, env=env, text=True)
        os.chmod(d, 0o700)
        os.chmod(db, 0o600)
        check(r.returncode == 1 and r.stderr.startswith("kring: ") and
              ("read-only" in r.stderr or "cannot" in r.stderr),
              f"read-only {what}: exit {r.returncode}: {r.stderr}")
        check(dump(db) == before, f"read-only {what}: the database changed")
        if what == "file":
            # A read of a case must be logged: where it cannot be, nothing
            # is shown (docs/security.md). The log and the check still read.
            os.chmod(db, 0o400)
            for args, ok in ((["case", "show", "2026-014"], False),
                             (["case", "list"], False),
                             (["audit"], True), (["check"], True)):
                r = subprocess.run(as_user() + [KRING, "--db", db] + args,
                                   capture_output=True, env=env, text=True)
                if ok:
                    check(r.returncode == 0, f"read-only file: {args[0]} "
                          f"cannot read: {r.stderr}")
                else:
                    check(r.returncode == 1 and r.stdout == "" and
                          "cannot log this one" in r.stderr,
                          f"read-only file: {args} shown unlogged: exit "
                          f"{r.returncode}: {r.stderr}")
            os.chmod(db, 0o600)
            check(dump(db) == before, "read-only file: the database changed")
    os.chmod(base, 0o700)


# ---- strange arguments ---------------------------------------------------

STRANGE = ["", "-", "--", "--nope", "-x", "99999999999999999999",
           "-99999999999999999999", "1e309", "nan", "0", "-1", "%s%n%x",
           "ü" * 3, "\t", "a" * 100_000, "../../etc/passwd", "2026-014",
           "oma-ria"]

COMMANDS = [
    ["case", "new"], ["case", "list"], ["case", "show"], ["case", "rm"],
    ["person", "add"], ["person", "set"], ["person", "rm"],
    ["tie", "add"], ["tie", "rm"], ["import"], ["export"], ["score"],
    ["indicators"], ["weights"], ["render"], ["snapshot"], ["history"],
    ["diff"], ["choose"], ["interview"], ["audit"], ["backup"], ["check"],
]
# Options that take a value, tried with each strange value.
OPTIONS = ["--name", "--ring", "--role", "--age", "--top", "--weights",
           "--format", "-o", "--theme", "--status", "--date", "--from",
           "--map", "--code", "--csv-sep", "--snapshot", "--diff",
           "--hours-per-week", "--support", "--strength", "-f", "--db",
           "--lang"]


def sweep(words, shapes, db, out):
    """Runs command WORDS with each of SHAPES on its own database DB, files
    going to OUT: what held, as (ok, what) pairs, and the runs."""
    held = []
    runs = 0
    before = data_dump(db)
    for args in shapes:
        argv = ["--db", db, *words, *args]
        # Files the command may write go to a folder of the test's.
        try:
            # --db "" is the default store: in the job's own home.
            r = subprocess.run([KRING, *argv], capture_output=True,
                               env=clean_env({"HOME": out,
                                              "XDG_DATA_HOME": out}),
                               timeout=20, stdin=subprocess.DEVNULL, cwd=out)
        except subprocess.TimeoutExpired:
            held.append((False, f"hangs: kring {' '.join(argv)[:200]}"))
            continue
        runs += 1
        err = r.stderr.decode("utf-8", "replace")
        ok = r.returncode in (0, 1, 2) and (
            r.returncode == 0 or err.startswith("kring: ") or
            err.startswith("usage: "))
        held.append((ok, f"kring {' '.join(argv)[:200]}: exit "
                         f"{r.returncode}: {err[:200]}"))
        if r.returncode != 0:
            held.append((data_dump(db) == before,
                         f"kring {' '.join(argv)[:200]}: failed, yet the "
                         f"database changed"))
        else:
            before = data_dump(db)
    ok = sql(db, "PRAGMA integrity_check")
    held.append((ok == "ok", f"after {' '.join(words)}'s arguments: {ok}"))
    return held, runs


def check_arguments(tmp):
    """Every command with strange arguments, each command on its own copy
    of the sample's database (so that one that removes the case leaves the
    next commands something to work on), the commands side by side on the
    machine's processors."""
    db = os.path.join(tmp, "args.db")
    run("--db", db, "import", SAMPLES[0])
    jobs = []
    for i, words in enumerate(COMMANDS):
        shapes = []
        for v in STRANGE:
            shapes.append([v])
            shapes.append(["2026-014", v])
            shapes.append(["2026-014", "oma-ria", v])
        for o in OPTIONS:
            for v in rnd.sample(STRANGE, 6):
                shapes.append(["2026-014", "oma-ria", o, v])
        # Under the sanitizers each run costs ten times more: a share of
        # the shapes ($KRING_ARGS_SHARE), another one each run.
        if ARGS_SHARE < 1:
            shapes = share_rnd.sample(
                shapes, max(1, int(len(shapes) * ARGS_SHARE)))
        own = os.path.join(tmp, f"args-{i}.db")
        shutil.copyfile(db, own)
        os.chmod(own, 0o600)
        out = os.path.join(tmp, f"out-{i}")
        os.mkdir(out)
        jobs.append((words, shapes, own, out))
    runs = 0
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        for held, n in pool.map(lambda j: sweep(*j), jobs):
            runs += n
            for ok, what in held:
                check(ok, what)
    print(f"trust: {runs} runs with strange arguments" +
          (f" (a share of {ARGS_SHARE}, KRING_ARGS_SEED={ARGS_SEED})"
           if ARGS_SHARE < 1 else ""))


# ---- names in anonymized outputs -----------------------------------------

TITLES = {"oma", "opa", "tante", "oom", "juf", "meester", "meneer",
          "mevrouw", "buurman", "buurvrouw", "anneanne", "babaanne", "dede",
          "teyze", "dayı", "amca", "coach", "trainer", "dokter", "van", "de",
          "der", "el", "den", "het", "ten", "ter", "la", "le"}


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s)
                   if not unicodedata.combining(c))


def name_forms(case):
    """Every form a name could take: each word of it (not a title or a
    particle), as written, lowercase and without accents, and each id made
    of a name."""
    forms = set()
    names = [case["case"]["name"]] + [p["name"] for p in case["people"]]
    for n in names:
        for w in n.replace("-", " ").split():
            w = w.strip(".,()")
            if len(w) >= 3 and w.lower() not in TITLES:
                forms |= {w, w.lower(), fold(w), fold(w).lower()}
    for p in case["people"]:
        if p["id"] not in TITLES:
            forms.add(p["id"])
    return forms


def png_texts(data):
    """The text chunks of a PNG (its pixels are no text)."""
    out, at = b"", 8
    while at + 8 <= len(data):
        n = int.from_bytes(data[at:at + 4], "big")
        kind = data[at + 4:at + 8]
        if kind in (b"tEXt", b"iTXt", b"zTXt"):
            body = data[at + 8:at + 8 + n]
            if kind == b"zTXt":
                import zlib
                key, _, rest = body.partition(b"\0")
                body = key + b" " + zlib.decompress(rest[1:])
            out += body + b"\n"
        at += 12 + n
    return out


def check_anonymized(tmp):
    outputs = 0
    for sample in SAMPLES:
        case = json.load(open(sample, encoding="utf-8"))
        forms = name_forms(case)
        texts = {}
        for fmt in ("json", "graphml", "dot"):
            texts[fmt] = run("export", "-f", sample, "--format", fmt,
                             "--anonymize").stdout
        for table in ("people", "ties"):
            texts["csv " + table] = run(
                "export", "-f", sample, "--format", "csv", "--table", table,
                "--anonymize").stdout
        for theme in ("youth", "team", "print"):
            for fmt in ("svg", "pdf", "png"):
                f = os.path.join(tmp, f"anon.{fmt}")
                run("render", "-f", sample, "-o", f, "--theme", theme,
                    "--anonymize")
                data = open(f, "rb").read()
                if fmt == "png":
                    check(data.startswith(b"\x89PNG"), f"{sample}: no PNG")
                    data = png_texts(data) or b"(no text)"
                if fmt == "pdf":
                    data += subprocess.run(["pdftotext", f, "-"],
                                           capture_output=True).stdout
                texts[f"render {theme} {fmt}"] = data
        for what, data in texts.items():
            outputs += 1
            check(len(data) > 0, f"{sample}: {what} is empty")
            text = data.decode("utf-8", "replace")
            for form in forms:
                # Whole words only: "Lotte" is a name, "lotte" inside a
                # longer word of the map's is not.
                import re
                if re.search(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])",
                             text):
                    check(False, f"{sample}: {what} holds '{form}'")
    print(f"trust: {outputs} anonymized outputs scanned for names")


FULL_DISK = r"""
set -u
m=$1 kring=$2 sample=$3
mount -t tmpfs -o size=1m tmpfs "$m" || exit 77
"$kring" --db "$m/k.db" import "$sample" >/dev/null || exit 78
# The disk full, and no -wal or -shm yet (the last kring removed them).
dd if=/dev/zero of="$m/fill" bs=4k 2>/dev/null
ls "$m"
"$kring" --db "$m/k.db" person add 2026-014 "Full Disk" --role friend \
    --ring 2
echo "status $?"
# A map, which is written as Graphviz draws it, onto the full disk.
"$kring" render -f "$sample" -o "$m/map.svg" --date 2026-11-23
echo "map $?"
echo "map files $(ls "$m" | grep -c '^map\.svg')"
rm "$m/fill"
"$kring" --db "$m/k.db" case show 2026-014 | grep -c "Full Disk"
"$kring" --db "$m/k.db" person add 2026-014 "After" --role friend \
    --ring 2 >/dev/null
echo "after $?"
"$kring" --db "$m/k.db" check >/dev/null
echo "check $?"
"""


def check_full_disk(tmp):
    """A really full disk (a tmpfs of 1 MB in a mount namespace of its own)
    before SQLite has made its -shm file: the documented message, exit 1,
    nothing stored, and kring works again once there is room. A map drawn
    onto it: exit 1, the reason, and no file, whole or part."""
    m = os.path.join(tmp, "full")
    os.mkdir(m)
    sample = os.path.abspath("samples/2026-014-noah.json")
    try:
        r = subprocess.run(["unshare", "-rm", "sh", "-c", FULL_DISK, "sh", m,
                            KRING, sample], capture_output=True, text=True,
                           timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        print(f"trust: note: full disk not tried: {e}")
        return
    if r.returncode in (77, 78) or "status" not in r.stdout:
        print("trust: note: full disk not tried (no tmpfs in a mount "
              f"namespace here): {r.stderr.strip()[:200]}")
        return
    lines = r.stdout.split("\n")
    check("k.db-shm" not in lines and "k.db-wal" not in lines,
          f"full disk: a -shm or -wal was there before: {r.stdout}")
    check("status 1" in lines, f"full disk: {r.stdout}")
    check("kring: " + os.path.join(m, "k.db") + ": the disk or the database "
          "is full; nothing was changed\n" in r.stderr,
          f"full disk: the message is {r.stderr!r}")
    check("0" in lines, f"full disk: the person was stored: {r.stdout}")
    check("map 1" in lines and "map files 0" in lines,
          f"full disk: a map was half written or left: {r.stdout}")
    check("kring: " + os.path.join(m, "map.svg") + ": cannot write: No space "
          "left on device\n" in r.stderr,
          f"full disk: the map's message is {r.stderr!r}")
    check("after 0" in lines and "check 0" in lines,
          f"full disk: kring does not work again with room: {r.stdout} "
          f"{r.stderr}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)  # the unprivileged user must get in
        check_kills(tmp)
        check_map_kills(tmp)
        check_two_writers(tmp)
        check_live_backup(tmp)
        check_read_only(tmp)
        check_arguments(tmp)
        check_anonymized(tmp)
        check_full_disk(tmp)
    finish("trust", 40)


if __name__ == "__main__":
    main()
