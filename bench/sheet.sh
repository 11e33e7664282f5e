#!/usr/bin/env bash
# Measures `kring sheet` (issue 20): the meeting sheet of a generated case
# of 40 people as a whole process (target: under 300 ms), against
# `kring render --format pdf` of the same case (the print map alone), run
# alternately, medians; the ratio is reported.
# Usage: bench/sheet.sh [RUNS] [--strict]   (default 21 runs; needs ./kring,
# ./kring-graphviz.so, build/bench/kring-gen, sqlite3). With --strict it
# fails when the median is 300 ms or more.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup 21 "$@"

"$gen" "$dir/40.db" 1 40
code=$(sqlite3 "$dir/40.db" "SELECT code FROM cases")
: >"$dir/sheet.txt"
: >"$dir/render.txt"
for ((i = 1; i <= runs; i++)); do
    t0=$(now_us)
    "$kring" --db "$dir/40.db" sheet "$code" -o "$dir/s.pdf" --date 2026-12-05 \
        --by "Bench"
    t1=$(now_us)
    "$kring" --db "$dir/40.db" render "$code" -o "$dir/m.pdf" --theme print \
        --date 2026-12-05
    t2=$(now_us)
    echo $((t1 - t0)) >>"$dir/sheet.txt"
    echo $((t2 - t1)) >>"$dir/render.txt"
done
s=$(median "$dir/sheet.txt")
r=$(median "$dir/render.txt")
ratio=$(awk -v s="$s" -v r="$r" 'BEGIN {printf "%.2f", s / r}')
pages=$({ pdfinfo "$dir/s.pdf" 2>/dev/null || true; } | awk '/^Pages:/ {print $2}')
echo "the meeting sheet of 40 people ($pages pages), $runs runs each, alternating (medians):"
echo "  kring sheet -o sheet.pdf               $((s / 1000)) ms (target: under 300)"
echo "  kring render -o map.pdf --theme print  $((r / 1000)) ms"
echo "  ratio: $ratio"
if [ "$strict" = 1 ] && [ "$s" -ge 300000 ]; then
    echo "bench: kring sheet took $((s / 1000)) ms, not under 300 ms" >&2
    exit 1
fi
