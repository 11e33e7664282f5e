#!/usr/bin/env bash
# One case as a whole process, and kring's bare start (issue 21, point 1):
# `kring score -f` of a generated 40-person case file against the peer
# (bench/peer.py: Python 3 and networkx reading the same file, the same
# measures and ranking, the map drawn by neato), and `kring --version`
# against `true` (/bin/true, a process that does nothing).
# Usage: bench/one_case.sh [RUNS] [--strict]   (default 21 runs of the
# peer; the short processes run 20 times as many). Needs ./kring,
# build/bench/kring-gen, python3 with networkx, neato. With --strict it
# fails when kring is less than 50x faster than the peer; the start's
# target (within 1.2x of true) is reported, not held (bench/README.md).
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup 21 "$@"
peer="$(dirname "$0")/peer.py"

"$gen" "$dir/one.db" 1 40 >/dev/null
"$kring" --db "$dir/one.db" export g-000001 >"$dir/case.json"

# The peer must do the same work: its ranking, scores and betweenness
# equal kring's, or it is not a peer.
"$kring" score -f "$dir/case.json" --json >"$dir/kring.json"
python3 "$peer" "$dir/case.json" "$dir/peer.svg" >"$dir/peer.json"
python3 - "$dir/kring.json" "$dir/peer.json" <<'EOF'
import json, sys
k = json.load(open(sys.argv[1]))["candidates"]
p = json.load(open(sys.argv[2]))["candidates"]
same = len(k) == len(p) and all(
    a["id"] == b["id"] and a["rank"] == b["rank"]
    and abs(a["score"] - b["score"]) < 1e-9
    and abs(a["metrics"]["betweenness"] - b["betweenness"]) < 1e-9
    for a, b in zip(k, p))
if not same:
    sys.exit("the peer's ranking differs from kring's: not a peer")
print(f"the peer ranks the same {len(k)} candidates as kring, scores to 1e-9")
EOF

# Each of a pair of commands COUNT times in a row, the pair alternating
# ROUNDS times; the time of one run each round, in us, to $1.txt and $3.txt.
pair() {
    local a=$1 b=$3 count=$5 rounds=$6 i j t0 t1 t2
    for ((i = 1; i <= rounds; i++)); do
        t0=$(now_us)
        for ((j = 0; j < count; j++)); do eval "$2" >/dev/null; done
        t1=$(now_us)
        for ((j = 0; j < count; j++)); do eval "$4" >/dev/null; done
        t2=$(now_us)
        echo $(((t1 - t0) / count)) >>"$dir/$a.txt"
        echo $(((t2 - t1) / count)) >>"$dir/$b.txt"
    done
}
pair kring "\"$kring\" score -f \"$dir/case.json\"" \
    peer "python3 \"$peer\" \"$dir/case.json\" \"$dir/peer.svg\"" 1 "$runs"
pair version "\"$kring\" --version" true "/bin/true" 20 "$runs"
k=$(median "$dir/kring.txt")
p=$(median "$dir/peer.txt")
v=$(median "$dir/version.txt")
t=$(median "$dir/true.txt")
faster=$(awk -v k="$k" -v p="$p" 'BEGIN {printf "%.1f", p / k}')
start=$(awk -v v="$v" -v t="$t" 'BEGIN {printf "%.2f", v / t}')
echo "one 40-person case, $runs rounds alternating (medians):"
echo "  kring score -f          $(awk -v k="$k" 'BEGIN {printf "%.2f", k / 1000}') ms"
echo "  the peer (networkx)     $((p / 1000)) ms  (${faster}x kring)"
echo "  kring --version         $(awk -v k="$v" 'BEGIN {printf "%.2f", k / 1000}') ms"
echo "  /bin/true               $(awk -v k="$t" 'BEGIN {printf "%.2f", k / 1000}') ms  (kring ${start}x)"
ok=1
awk -v r="$faster" 'BEGIN {exit !(r >= 50)}' ||
    { echo "target missed: kring score -f is only ${faster}x faster than the peer (target >= 50x)"; ok=0; }
# Reported, not held: what is left of it is the exec and the two shared
# libraries kring links (jansson, libm), whose cost is the machine's
# (bench/README.md).
awk -v r="$start" 'BEGIN {exit !(r <= 1.2)}' ||
    echo "not met on this machine: kring --version takes ${start}x /bin/true (target <= 1.2x; reported, not held)"
[ "$ok" = 1 ] && echo "one-case targets met"
[ "$ok" = 1 ] || [ "$strict" = 0 ]
