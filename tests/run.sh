#!/bin/sh
# Runs the test binaries, prints each one's result and a total, and fails
# when a test fails. With --sanitize, also fails on any sanitizer report in
# the output (Criterion passes a test that leaks).
# The tests read kring's English words: whatever the machine's language.
export LC_ALL=C.UTF-8
unset LANGUAGE LANG LC_MESSAGES
sanitize=0
if [ "${1:-}" = "--sanitize" ]; then sanitize=1; shift; fi
passed=0 failed=0 bad=0
log=$(mktemp)
# The folders the tests make (t_tmpdir) go into one, removed at the end.
TMPDIR=$(mktemp -d)
export TMPDIR
trap 'rm -rf "$TMPDIR" "$log"' EXIT
for t in "$@"; do
    "$t" --jobs 2 >"$log" 2>&1
    rc=$?
    line=$(grep 'Synthesis:' "$log" | tail -n 1)
    p=$(echo "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
    f=$(echo "$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
    c=$(echo "$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ -z "$line" ] || [ "$rc" -ne 0 ]; then
        bad=1
        cat "$log"
    fi
    if [ "$sanitize" = 1 ] && grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log"; then
        echo "sanitizer report in $t:"
        grep -E -A20 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log" | head -60
        bad=1
    fi
    printf '%-32s %s\n' "$(basename "$t")" "${line#*Synthesis: }"
    [ -z "$c" ] || [ "$c" = 0 ] || bad=1
done
echo "tests: $passed passed, $failed failed"
[ "$bad" = 0 ] && [ "$failed" = 0 ]
