# What the benchmark scripts share; sourced, never run.

# The wall clock in microseconds (bash 5's EPOCHREALTIME, no fork).
now_us() { echo "${EPOCHREALTIME/./}"; }

# The median of the numbers in file $1, one a line.
median() {
    sort -n "$1" | awk '{a[NR] = $1}
        END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

# The least of the numbers in file $1, one a line: a run's own cost with
# the least disturbance from the rest of the machine (noise only adds).
least() { sort -n "$1" | head -n 1; }

# What the scripts that take [RUNS] [--strict] share: sets runs (default
# $1; a number among the arguments), strict (1 with --strict), kring
# ($KRING or ./kring), gen ($KRING_GEN or the built generator) and dir, a
# new folder removed at the exit.
bench_setup() {
    local a
    runs=$1
    shift
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
}
