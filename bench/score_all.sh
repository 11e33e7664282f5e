#!/usr/bin/env bash
# Measures `kring score --all` over 10,000 generated cases of 25 people
# against a bare scan of the same rows by the sqlite3 shell, alternating,
# with `score --all --json` and `indicators --all --json` beside them (the
# targets of issue 21: score --all at most 1.0x the scan, --json at most
# 1.3x; under 1 s reported where the machine allows); then the peak memory
# of `score --all`, `score --all --json` and `indicators --all` over 1,000
# and over 100,000 cases (the same peak for both, under 50 MB).
# Usage: bench/score_all.sh [RUNS] [--strict]   (default 5 runs each;
# needs ./kring, build/bench/kring-gen, sqlite3, python3). With --strict it
# fails when a ratio or the memory target is missed (make bench passes it).
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup 5 "$@"

# Peak resident memory of a command, in kB (its own, as a child).
peak_kb() {
    python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

t0=$(now_us)
"$gen" "$dir/10k.db" 10000 25
t1=$(now_us)
people=$(sqlite3 "$dir/10k.db" "SELECT count(*) FROM people")
ties=$(sqlite3 "$dir/10k.db" "SELECT count(*) FROM ties")
echo "generated 10000 cases, $people people, $ties ties in $(((t1 - t0) / 1000)) ms"

scan="SELECT * FROM cases; SELECT * FROM people; SELECT * FROM ties;"
for f in score json indicators sqlite; do : >"$dir/$f.txt"; done
# One round: the four commands one after the other, each time noted in us.
round() {
    local t0 t1 t2 t3 t4
    t0=$(now_us)
    "$kring" --db "$dir/10k.db" score --all >/dev/null
    t1=$(now_us)
    sqlite3 "$dir/10k.db" "$scan" >/dev/null
    t2=$(now_us)
    "$kring" --db "$dir/10k.db" score --all --json >/dev/null
    t3=$(now_us)
    "$kring" --db "$dir/10k.db" indicators --all --json >/dev/null
    t4=$(now_us)
    echo $((t1 - t0)) >>"$dir/score.txt"
    echo $((t2 - t1)) >>"$dir/sqlite.txt"
    echo $((t3 - t2)) >>"$dir/json.txt"
    echo $((t4 - t3)) >>"$dir/indicators.txt"
}
for ((i = 1; i <= runs; i++)); do round; done
# The ratios compare each command's best run with the scan's best: the
# scan is bimodal on a busy machine (CI's 651-685 against 931-946 ms in one
# run), so a median of five lands on either mode and the ratio with it;
# the least of each is the cost without that disturbance, on both sides.
sc=$(least "$dir/score.txt")
sq=$(least "$dir/sqlite.txt")
js=$(least "$dir/json.txt")
in=$(least "$dir/indicators.txt")
times() { awk -v k="$1" -v s="$sq" 'BEGIN {printf "%.2f", k / s}'; }
ratio=$(times "$sc")
json_ratio=$(times "$js")
ms() { median "$dir/$1.txt" | awk '{printf "%d", $1 / 1000}'; }
echo "10000 cases of 25 people, $runs runs each, alternating (best run; median):"
echo "  kring score --all              $((sc / 1000)) ms; $(ms score) ms  (${ratio}x the scan; target <= 1.0)"
echo "  kring score --all --json       $((js / 1000)) ms; $(ms json) ms  (${json_ratio}x the scan; target <= 1.3)"
echo "  kring indicators --all --json  $((in / 1000)) ms; $(ms indicators) ms  ($(times "$in")x the scan)"
echo "  sqlite3 scan of the same rows  $((sq / 1000)) ms; $(ms sqlite) ms"
# Every run, in ms, in the order measured.
each() { awk '{printf "%s%d", (NR > 1 ? " " : ""), $1 / 1000}' "$dir/$1.txt"; }
echo "  every run (ms): score $(each score); json $(each json);" \
    "indicators $(each indicators); scan $(each sqlite)"

# Memory: 1,000 cases against 100,000 (the 1,000 copied 100 times under
# new codes, which is quicker than generating them one by one).
"$gen" "$dir/1k.db" 1000 25
cp "$dir/1k.db" "$dir/100k.db"
sqlite3 "$dir/100k.db" "
PRAGMA foreign_keys = OFF;
BEGIN;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 99)
INSERT INTO cases (code, name, birth_year, notes, extra, file_extra, created)
  SELECT code || '.' || n, name, birth_year, notes, extra, file_extra, created
  FROM cases, k WHERE code NOT LIKE '%.%';
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 99)
INSERT INTO people (case_code, seq, id, name, role, sector, ring, age,
  contact, known_years, support, hours_per_week, travel_minutes, reachable,
  quality, status, formal, willing, concern, frightens, nominated,
  lives_with_child, adult, notes, extra)
  SELECT case_code || '.' || n, seq, id, name, role, sector, ring, age,
  contact, known_years, support, hours_per_week, travel_minutes, reachable,
  quality, status, formal, willing, concern, frightens, nominated,
  lives_with_child, adult, notes, extra
  FROM people, k WHERE case_code NOT LIKE '%.%';
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 99)
INSERT INTO ties (case_code, seq, a, b, strength, quality, extra)
  SELECT case_code || '.' || n, seq, a, b, strength, quality, extra
  FROM ties, k WHERE case_code NOT LIKE '%.%';
COMMIT;"
n100=$(sqlite3 "$dir/100k.db" "SELECT count(*) FROM cases")
# The same peak: within 10% and 2 MB of each other, whatever the cases.
same_peak() {
    awk -v a="$1" -v b="$2" 'BEGIN {d = a - b; if (d < 0) d = -d
        m = a > b ? a : b; exit !(d <= 2048 || d <= m / 10)}'
}
ok=1
echo "peak memory (maximum resident set):"
for cmd in "score --all" "score --all --json" "indicators --all"; do
    # shellcheck disable=SC2086 # the words of the command
    m1=$(peak_kb "$kring" --db "$dir/1k.db" $cmd)
    # shellcheck disable=SC2086
    m100=$(peak_kb "$kring" --db "$dir/100k.db" $cmd)
    printf '  %-20s 1000 cases %d MB (%d kB), %d cases %d MB (%d kB)\n' \
        "$cmd" $((m1 / 1024)) "$m1" "$n100" $((m100 / 1024)) "$m100"
    [ "$m100" -lt 51200 ] && [ "$m1" -lt 51200 ] ||
        { echo "target missed: $cmd peak memory at or above 50 MB"; ok=0; }
    same_peak "$m1" "$m100" ||
        { echo "target missed: $cmd peak memory grows with the cases"; ok=0; }
done

# The ratios and the memory are held in any run (--strict fails on them);
# the absolute time depends on the machine, so it is reported: where the
# scan itself takes longer than 1 s, no program that reads the rows can.
awk -v r="$ratio" 'BEGIN {exit !(r <= 1.0)}' ||
    { echo "target missed: score --all is ${ratio}x the sqlite3 scan (target <= 1.0)"; ok=0; }
awk -v r="$json_ratio" 'BEGIN {exit !(r <= 1.3)}' ||
    { echo "target missed: score --all --json is ${json_ratio}x the sqlite3 scan (target <= 1.3)"; ok=0; }
med=$(median "$dir/score.txt")
med=${med%.*}
if awk -v t="$med" 'BEGIN {exit !(t < 1000000)}'; then
    echo "score --all over 10000 cases in under 1 s: met ($((med / 1000)) ms, the median)"
else
    echo "score --all over 10000 cases in under 1 s: not on this machine" \
        "($((med / 1000)) ms, the median; the sqlite3 scan's best took $((sq / 1000)) ms)"
fi
[ "$ok" = 1 ] && echo "ratio and memory targets met"
[ "$ok" = 1 ] || [ "$strict" = 0 ]
