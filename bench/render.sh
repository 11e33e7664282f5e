#!/usr/bin/env bash
# Measures `kring render` (issue 21's targets), each against Graphviz
# alone on kring's own DOT, measured alternately in the same run:
#  1. one map of a 40-person case as a whole process, against
#     `neato -n2 -Tsvg` on its DOT, RUNS runs each, medians (target: at
#     most 1.0x);
#  2. one map of 2,000 people and 20,000 ties (bench/big_case.py, the most
#     a case may hold) the same way, 5 runs each (target: at most 1.2x);
#  3. `kring render --all -o DIR` over 1,000 cases of 25 people, in maps
#     per second, with its default workers (one per processor online),
#     5 rounds: the rate is printed and recorded (target: 400 or more),
#     and compared with Graphviz alone drawing the same DOTs with as many
#     processes (`neato -n2 -Tsvg -O`, the files shared out by xargs -P;
#     target: kring at most 1.2x its time). One neato process over all the
#     files is printed too.
# Usage: bench/render.sh [RUNS] [--strict]   (default 41 runs; needs
# ./kring, ./kring-graphviz.so, build/bench/kring-gen, neato, sqlite3,
# python3). With --strict it fails when a held ratio target is missed
# (one map within 1.2x, 2,000 people within 1.2x, render --all within
# 1.2x of Graphviz alone); one map within 1.0x (issue 21, not met on this
# machine: bench/README.md) and the maps per second (which depend on the
# machine) are only reported.
set -euo pipefail

here=$(dirname "$0")
. "$here/lib.sh"
bench_setup 41 "$@"

# kring itself must not link Graphviz: it loads kring-graphviz.so to draw.
if ldd "$kring" | grep -Eq 'libgvc|libcgraph'; then
    echo "bench: $kring links Graphviz" >&2
    exit 1
fi


ok=1
# check NAME RATIO LIMIT [reported]: says whether RATIO is within LIMIT; a
# miss fails --strict unless the target is only reported.
check() {
    if awk -v r="$2" -v l="$3" 'BEGIN {exit !(r <= l)}'; then
        echo "$1 within ${3}x: met (${2}x)"
    elif [ -n "${4:-}" ]; then
        echo "$1 within ${3}x: missed in this run (${2}x; reported, not held)"
    else
        echo "$1 within ${3}x: missed in this run (${2}x)"
        ok=0
    fi
}

# one_map DB CODE DOT N: kring drawing CODE of DB against neato drawing
# DOT, alternately, N runs each; prints the medians, sets $ratio.
one_map() {
    : >"$dir/kring.txt"
    : >"$dir/neato.txt"
    for ((i = 1; i <= $4; i++)); do
        t0=$(now_us)
        "$kring" --db "$1" render "$2" -o "$dir/k.svg" --date 2026-11-23
        t1=$(now_us)
        neato -n2 -Tsvg "$3" -o "$dir/n.svg"
        t2=$(now_us)
        echo $((t1 - t0)) >>"$dir/kring.txt"
        echo $((t2 - t1)) >>"$dir/neato.txt"
    done
    k=$(median "$dir/kring.txt")
    n=$(median "$dir/neato.txt")
    ratio=$(awk -v k="$k" -v n="$n" 'BEGIN {printf "%.2f", k / n}')
    echo "  kring render -o map.svg     ${k} us"
    echo "  neato -n2 -Tsvg map.dot     ${n} us"
    echo "  ratio: $ratio"
}

"$gen" "$dir/40.db" 1 40
code=$(sqlite3 "$dir/40.db" "SELECT code FROM cases")
"$kring" --db "$dir/40.db" render "$code" -o "$dir/map.dot" --date 2026-11-23
echo "one map of 40 people, $runs runs each, alternating (medians):"
one_map "$dir/40.db" "$code" "$dir/map.dot" "$runs"
ratio40=$ratio

python3 "$here/big_case.py" 2000 20000 >"$dir/big.json"
"$kring" --db "$dir/big.db" import "$dir/big.json" >/dev/null
"$kring" --db "$dir/big.db" render big-2000 -o "$dir/big.dot" \
    --date 2026-11-23
echo "one map of 2,000 people and 20,000 ties, 5 runs each (medians):"
one_map "$dir/big.db" big-2000 "$dir/big.dot" 5
ratio2000=$ratio

"$gen" "$dir/1k.db" 1000 25
cpus=$(getconf _NPROCESSORS_ONLN)
"$kring" --db "$dir/1k.db" render --all -o "$dir/dots" --format dot \
    --date 2026-11-23
ls "$dir"/dots/*.dot >"$dir/dots.txt"
for ((i = 1; i <= 5; i++)); do
    rm -rf "$dir/maps"
    t0=$(now_us)
    "$kring" --db "$dir/1k.db" render --all -o "$dir/maps" --date 2026-11-23
    t1=$(now_us)
    maps=$(ls "$dir/maps" | wc -l)
    rm -f "$dir"/dots/*.svg
    t2=$(now_us)
    xargs -P "$cpus" -n $(((maps + cpus - 1) / cpus)) neato -n2 -Tsvg -O \
        <"$dir/dots.txt"
    t3=$(now_us)
    rm -f "$dir"/dots/*.svg
    t4=$(now_us)
    neato -n2 -Tsvg -O "$dir"/dots/*.dot
    t5=$(now_us)
    rate=$(awk -v m="$maps" -v t="$((t1 - t0))" 'BEGIN {printf "%.0f", m / (t / 1e6)}')
    grate=$(awk -v m="$maps" -v t="$((t3 - t2))" 'BEGIN {printf "%.0f", m / (t / 1e6)}')
    orate=$(awk -v m="$maps" -v t="$((t5 - t4))" 'BEGIN {printf "%.0f", m / (t / 1e6)}')
    echo "  render --all: $maps maps in $(((t1 - t0) / 1000)) ms: $rate maps/s;" \
        "neato -n2 in $cpus processes: $grate maps/s; in one: $orate maps/s"
    echo "$rate" >>"$dir/rate.txt"
    echo "$grate" >>"$dir/grate.txt"
    echo "$orate" >>"$dir/orate.txt"
done
rate=$(median "$dir/rate.txt")
grate=$(median "$dir/grate.txt")
orate=$(median "$dir/orate.txt")
gratio=$(awk -v r="$rate" -v g="$grate" 'BEGIN {printf "%.2f", g / r}')
echo "render --all over 1000 cases of 25 people, $cpus workers (median of 5):" \
    "$rate maps/s (target: at least 400); Graphviz alone in $cpus" \
    "processes: $grate maps/s (kring takes ${gratio}x its time), in one" \
    "process: $orate maps/s"

# Issue 21's 1.0x for one map and 1.2x at 2,000 people are not met on
# every machine yet (bench/README.md): reported; issue 4's 1.2x for one
# map is held.
check "one map of 40 people: neato -n2" "$ratio40" 1.2
check "one map of 40 people: neato -n2" "$ratio40" 1.0 reported
check "one map of 2,000 people: neato -n2" "$ratio2000" 1.2
check "render --all: Graphviz alone in $cpus processes" "$gratio" 1.2
if [ "$rate" -ge 400 ]; then
    echo "render --all at 400 maps/s: met ($rate maps/s)"
else
    echo "render --all at 400 maps/s: not in this run ($rate maps/s; the" \
        "rate depends on the machine and is not held by --strict)"
fi
[ "$ok" = 1 ] || [ "$strict" = 0 ]
