#!/bin/sh
# Runs each libFuzzer harness for SECONDS (or RUNS inputs, if given) on a
# copy of its seed corpus in tests/fuzz/corpus/NAME. A crash fails the run,
# and so does an input that takes more than 5 s or 512 MB (a hang, or a
# file that makes kring use more than docs/limits.md promises);
# its input is kept in build-fuzz/crashes/ (add it to the corpus and to a
# regression test when fixed). Prints the executions of each harness.
# Usage: tests/fuzz/run.sh DIR SECONDS RUNS NAME...
set -eu
dir=$1 seconds=$2 runs=$3
shift 3
work=$(dirname "$dir")
mkdir -p "$work/crashes"
status=0
for name in "$@"; do
    corpus=$work/corpus/$name
    mkdir -p "$corpus"
    cp tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
    if [ -n "$runs" ]; then
        limit="-runs=$runs"
    else
        limit="-max_total_time=$seconds"
    fi
    log=$work/fuzz-$name.log
    if ASAN_OPTIONS=detect_leaks=1 "$dir/fuzz_$name" "$limit" -max_len=65536 \
        -timeout=5 -rss_limit_mb=512 \
        -artifact_prefix="$work/crashes/$name-" -print_final_stats=1 \
        "$corpus" >"$log" 2>&1; then
        execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
        echo "fuzz $name: $execs executions, no crash"
    else
        echo "fuzz $name: FAILED (see $log)" >&2
        grep -E -A15 'ERROR|runtime error|deadly signal|timeout|out-of-memory' \
            "$log" | head -40 >&2
        status=1
    fi
done
exit $status
