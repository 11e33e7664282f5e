#!/usr/bin/env bash
# Measures `kring case list` (text and --json) over 1,000 and 1,000,000
# cases: the time and the peak resident memory of each (issue 21: a list
# that streams keeps the same peak however many cases there are).
# Usage: bench/case_list.sh [RUNS] [--strict]   (default 3 runs each;
# needs ./kring, build/bench/kring-gen, sqlite3, python3). With --strict it
# fails when the peak at 1,000,000 cases is above 1.1x the peak at 1,000
# plus 2 MB (SQLite's page cache, which fills as the larger file is read).
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup 3 "$@"

# Peak resident memory (kB) and wall time (us) of a command, as a child,
# its output thrown away: "KB US".
peak_time() {
    python3 -c 'import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
t = time.monotonic() - t
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, int(t * 1e6))' "$@"
}

# 1,000 generated cases of 4 people; the 1,000,000 are those copied 999
# times under new codes (quicker than generating them one by one), the
# copies without people or ties: copying four million people through the
# schema's checks and triggers takes minutes, and a list's memory does not
# depend on them (each case's line counts its people in the database).
t0=$(now_us)
"$gen" "$dir/1k.db" 1000 4
cp "$dir/1k.db" "$dir/1m.db"
sqlite3 "$dir/1m.db" "
PRAGMA journal_mode = MEMORY;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -400000;
BEGIN;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 999)
INSERT INTO cases (code, name, birth_year, notes, extra, file_extra, created,
  case_key)
  SELECT code || '.' || n, name, birth_year, notes, extra, file_extra, created,
  case_key + 1000 * n FROM cases, k WHERE code NOT LIKE '%.%';
COMMIT;
PRAGMA journal_mode = WAL;" >/dev/null
n1m=$(sqlite3 "$dir/1m.db" "SELECT count(*) FROM cases")
t1=$(now_us)
echo "made 1000 and $n1m cases in $(((t1 - t0) / 1000)) ms"

# The four measures alternate, run after run; medians.
for f in t1k j1k t1m j1m; do : >"$dir/$f.kb"; : >"$dir/$f.us"; done
one() {
    local r
    r=$(peak_time "$kring" --db "$dir/$2.db" case list $3)
    echo "${r% *}" >>"$dir/$1.kb"
    echo "${r#* }" >>"$dir/$1.us"
}
for ((i = 1; i <= runs; i++)); do
    one t1k 1k ""
    one j1k 1k --json
    one t1m 1m ""
    one j1m 1m --json
done
echo "kring case list, $runs runs each, alternating (medians):"
for f in t1k j1k t1m j1m; do
    case $f in
    t1k) what="1000 cases         " ;;
    j1k) what="1000 cases, --json " ;;
    t1m) what="$n1m cases      " ;;
    j1m) what="$n1m cases, --json" ;;
    esac
    kb=$(median "$dir/$f.kb")
    us=$(median "$dir/$f.us")
    echo "  $what  $((us / 1000)) ms  peak $kb kB"
done

# The peak may not grow with the cases: at most 1.1x the peak at 1,000
# plus 2 MB, text and JSON alike.
ok=1
for p in t j; do
    small=$(median "$dir/${p}1k.kb")
    large=$(median "$dir/${p}1m.kb")
    awk -v s="$small" -v l="$large" 'BEGIN {exit !(l <= 1.1 * s + 2048)}' ||
        { echo "target missed: case list$([ $p = j ] && echo " --json") peaks at" \
            "$large kB over $n1m cases, $small kB over 1000"; ok=0; }
done
[ "$ok" = 1 ] && echo "memory target met: the same peak at 1000 and $n1m cases"
[ "$ok" = 1 ] || [ "$strict" = 0 ]
