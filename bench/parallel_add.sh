#!/usr/bin/env bash
# Many writers at once: WRITERS `kring person add` processes started
# together on one database, as when a colleague's import runs while
# others work. Counts how many succeed, checks that every person is
# stored, and times the whole burst.
# Usage: bench/parallel_add.sh [--strict] [WRITERS]   (default 200; needs ./kring)
# Target (issue 17): every writer succeeds, the burst within 30 s.
set -euo pipefail

strict=0
if [[ ${1:-} == --strict ]]; then
    strict=1
    shift
fi
writers=${1:-200}
kring=${KRING:-./kring}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db=$dir/bench.db

"$kring" --db "$db" import samples/2026-014-noah.json >/dev/null
before=$("$kring" --db "$db" --json case show 2026-014 | grep -c '"id"')

. "$(dirname "$0")/lib.sh"

t0=$(now_us)
for ((i = 1; i <= writers; i++)); do
    (
        if "$kring" --db "$db" person add 2026-014 "Buurman $i" \
            --role neighbour --ring 3 >/dev/null 2>"$dir/err.$i"; then
            rm -f "$dir/err.$i"
        fi
    ) &
done
wait
t1=$(now_us)

failed=$(find "$dir" -name 'err.*' | wc -l)
after=$("$kring" --db "$db" --json case show 2026-014 | grep -c '"id"')
secs=$(awk -v t=$((t1 - t0)) 'BEGIN {printf "%.1f", t / 1e6}')
echo "parallel person add: $writers writers at once"
echo "  succeeded: $((writers - failed)), failed: $failed"
echo "  people stored: $((after - before)) of $((writers - failed))"
echo "  all done in ${secs} s (target: every writer, within 30 s)"
if ((failed > 0)); then
    echo "  first failure: $(cat "$(find "$dir" -name 'err.*' | head -1)")"
fi
if ((after - before != writers - failed)); then
    echo "bench: a writer said it succeeded but its person is not there" >&2
    exit 1
fi
if ((strict)) && { ((failed > 0)) || awk -v s="$secs" 'BEGIN {exit !(s > 30)}'; }; then
    echo "bench: target missed" >&2
    exit 1
fi
