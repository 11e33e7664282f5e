#!/usr/bin/env bash
# Measures `kring render` (issue 4's targets):
#  1. one map of a 40-person case as a whole process, against
#     `neato -n2 -Tsvg` drawing kring's own DOT of that case, alternating,
#     medians (target: at most 1.2x);
#  2. `kring render --all -o DIR` over 1,000 cases of 25 people, in maps
#     per second (target: 200 or more on one core), against Graphviz
#     alone drawing the same DOTs in one process (`neato -n2 -Tsvg -O`),
#     alternating: on a machine where Graphviz alone cannot draw much
#     more than 200 a second, the target is kring within 1.2x of it.
# Usage: bench/render.sh [RUNS] [--strict]   (default 41 runs; needs
# ./kring, ./kring-graphviz.so, build/bench/kring-gen, neato, sqlite3). With
# --strict it fails when the maps-per-second target is missed; the ratio
# to neato, whose margin is a few milliseconds on a noisy machine, is
# reported (bench/README.md).
set -euo pipefail

runs=41
strict=0
for a in "$@"; do
    case "$a" in
    --strict) strict=1 ;;
    *) runs=$a ;;
    esac
done
kring=${KRING:-./kring}
gen=${KRING_GEN:-build/bench/kring-gen}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# kring itself must not link Graphviz: it loads kring-graphviz.so to draw.
if ldd "$kring" | grep -Eq 'libgvc|libcgraph'; then
    echo "bench: $kring links Graphviz" >&2
    exit 1
fi

. "$(dirname "$0")/lib.sh"

"$gen" "$dir/40.db" 1 40
code=$(sqlite3 "$dir/40.db" "SELECT code FROM cases")
"$kring" --db "$dir/40.db" render "$code" -o "$dir/map.dot" --date 2026-11-23
: >"$dir/kring.txt"
: >"$dir/neato.txt"
for ((i = 1; i <= runs; i++)); do
    t0=$(now_us)
    "$kring" --db "$dir/40.db" render "$code" -o "$dir/k.svg" --date 2026-11-23
    t1=$(now_us)
    neato -n2 -Tsvg "$dir/map.dot" -o "$dir/n.svg"
    t2=$(now_us)
    echo $((t1 - t0)) >>"$dir/kring.txt"
    echo $((t2 - t1)) >>"$dir/neato.txt"
done
k=$(median "$dir/kring.txt")
n=$(median "$dir/neato.txt")
ratio=$(awk -v k="$k" -v n="$n" 'BEGIN {printf "%.2f", k / n}')
echo "one map of 40 people, $runs runs each, alternating (medians):"
echo "  kring render -o map.svg     ${k} us"
echo "  neato -n2 -Tsvg map.dot     ${n} us"
echo "  ratio: $ratio (target: at most 1.20)"

"$gen" "$dir/1k.db" 1000 25
# The reference: Graphviz alone, one process drawing kring's DOT of every
# case (`neato -n2 -Tsvg -O`), alternating with kring.
"$kring" --db "$dir/1k.db" render --all -o "$dir/dots" --format dot \
    --date 2026-11-23
for ((i = 1; i <= 5; i++)); do
    rm -rf "$dir/maps"
    t0=$(now_us)
    "$kring" --db "$dir/1k.db" render --all -o "$dir/maps"
    t1=$(now_us)
    maps=$(ls "$dir/maps" | wc -l)
    rm -f "$dir"/dots/*.svg
    t2=$(now_us)
    neato -n2 -Tsvg -O "$dir"/dots/*.dot
    t3=$(now_us)
    rate=$(awk -v m="$maps" -v t="$((t1 - t0))" 'BEGIN {printf "%.0f", m / (t / 1e6)}')
    grate=$(awk -v m="$maps" -v t="$((t3 - t2))" 'BEGIN {printf "%.0f", m / (t / 1e6)}')
    echo "  render --all: $maps maps in $(((t1 - t0) / 1000)) ms: $rate maps/s;" \
        "neato -n2 alone: $grate maps/s"
    echo "$rate" >>"$dir/rate.txt"
    echo "$grate" >>"$dir/grate.txt"
done
rate=$(median "$dir/rate.txt")
grate=$(median "$dir/grate.txt")
gratio=$(awk -v r="$rate" -v g="$grate" 'BEGIN {printf "%.2f", g / r}')
echo "render --all over 1000 cases of 25 people (median of 5): $rate maps/s" \
    "(target: at least 200); Graphviz alone on the same DOT: $grate maps/s" \
    "(kring takes ${gratio}x its time)"

ok=1
if awk -v r="$ratio" 'BEGIN {exit !(r <= 1.2)}'; then
    echo "one map within 1.2x neato -n2: met (${ratio}x)"
else
    echo "one map within 1.2x neato -n2: missed in this run (${ratio}x)"
fi
# 200 maps a second is the target where Graphviz itself allows it: on a
# machine too slow for that (kring within 1.2x of Graphviz alone, as
# score_all.sh does with its scan), the ratio is the target.
if [ "$rate" -ge 200 ]; then
    :
elif awk -v r="$gratio" 'BEGIN {exit !(r <= 1.2)}'; then
    echo "render --all at 200 maps/s: not on this machine ($rate maps/s;" \
        "Graphviz alone: $grate maps/s, kring ${gratio}x its time)"
else
    echo "target missed: render --all at $rate maps/s, ${gratio}x Graphviz alone"
    ok=0
fi
[ "$ok" = 1 ] && echo "maps per second: met (or within 1.2x of Graphviz alone)"
[ "$ok" = 1 ] || [ "$strict" = 0 ]
