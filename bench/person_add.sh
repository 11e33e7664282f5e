#!/usr/bin/env bash
# Measures `kring person add` as a whole process against the sqlite3 shell
# doing the same insert on the same database. Runs alternate, so that both
# see the same machine; the medians and their ratio are printed.
# Usage: bench/person_add.sh [RUNS]   (default 300; needs ./kring, sqlite3)
set -euo pipefail

runs=${1:-300}
kring=${KRING:-./kring}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/bench.db

# kring must not bring Graphviz, igraph or libxml2 into a command that
# draws nothing and reads no XML.
if ldd "$kring" | grep -Eq 'libgvc|libcgraph|libigraph|libxml2'; then
    echo "bench: $kring links Graphviz, igraph or libxml2 at start-up" >&2
    exit 1
fi

"$kring" --db "$db" import samples/2026-014-noah.json >/dev/null

. "$(dirname "$0")/lib.sh"

: >"$dir/kring.txt"
: >"$dir/sqlite.txt"
for ((i = 1; i <= runs; i++)); do
    t0=$(now_us)
    "$kring" --db "$db" person add 2026-014 "Buurman $i" --role neighbour \
        --ring 3 --contact weekly >/dev/null
    t1=$(now_us)
    sqlite3 "$db" "INSERT INTO people (case_code, seq, id, name, role, \
sector, ring, contact) VALUES ('2026-014', (SELECT max(seq) + 1 FROM people \
WHERE case_code = '2026-014'), 'buurvrouw-$i', 'Buurvrouw $i', 'neighbour', \
'neighbourhood', 3, 'weekly')"
    t2=$(now_us)
    echo $((t1 - t0)) >>"$dir/kring.txt"
    echo $((t2 - t1)) >>"$dir/sqlite.txt"
done

k=$(median "$dir/kring.txt")
s=$(median "$dir/sqlite.txt")
ratio=$(awk -v k="$k" -v s="$s" 'BEGIN {printf "%.2f", k / s}')
people=$(sqlite3 "$db" "SELECT count(*) FROM people")
echo "person add, $runs runs each, alternating ($people people in the case at the end)"
echo "  kring person add  median ${k} us"
echo "  sqlite3 INSERT    median ${s} us"
echo "  ratio kring/sqlite3: $ratio (target: at most 1.50)"
awk -v r="$ratio" 'BEGIN {exit !(r <= 1.5)}' || {
    echo "bench: kring is slower than 1.5x sqlite3" >&2
    exit 1
}
